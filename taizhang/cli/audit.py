"""``taizhang audit …``: keys, checkpoints, witnesses, verification, proofs and exports from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer

from taizhang.audit import keys, verifier
from taizhang.audit.errors import AuditError, CheckpointRefused, SigningKeyMissing
from taizhang.audit.export import export as write_export
from taizhang.audit.proofs import check_consistency_proof, check_inclusion_proof
from taizhang.audit.service import AuditService, refusing
from taizhang.audit.stores import audit_service, log_reader
from taizhang.audit.witnessing import fetch_latest, fetch_mirror, push
from taizhang.bootstrap import build_app
from taizhang.cli import prints
from taizhang.cli.options import DataOption, load_settings
from taizhang.cli.running import refusals_exit, refuse
from taizhang.settings import Settings

group = typer.Typer(help="审计：签名检查点、县级见证、核验、证明、导出 / tamper evidence of the record.",
                    no_args_is_help=True)

KeyOption = Annotated[
    str | None, typer.Option("--public-key", help="the township's published key: a vkey, or a file with it or a PEM")
]
WitnessOption = Annotated[
    list[str] | None,
    typer.Option("--witness", help="a witness's vkey (or file): accept only checkpoints it co-signed; repeatable"),
]


def _with_service(data: Path | None, work: Callable[[AuditService, Settings], None], signing: bool = False) -> None:
    """Only signing needs the whole application (clock, township); reading the log needs just the store,
    so that a record altered until the application no longer starts can still be verified."""
    settings = load_settings(data)
    app = build_app(settings) if signing else log_reader(settings)
    try:
        with refusals_exit():
            work(audit_service(app, settings), settings)
    finally:
        app.close()


def _key(text: str, name_for_pem: str | None = None) -> verifier.VerifierKey:
    with refusing():
        return verifier.read_key(text, name_for_pem)


def _configured_witness(settings: Settings, given: str | None = None) -> verifier.VerifierKey:
    text = given or settings.witness_key
    if not text:
        raise AuditError("请用 --witness 给出见证者公钥（或设置 TAIZHANG_WITNESS_KEY）",
                         "name the witness's key with --witness (or set TAIZHANG_WITNESS_KEY)")
    return _key(text)


def _send_to_witness(service: AuditService, settings: Settings) -> None:
    """After signing: the configured witness co-signs (a refusal is said on stderr and exits 1)."""
    if not (settings.witness_url and settings.witness_key):
        return
    try:
        cosigned = push(service, settings.witness_url, _key(settings.witness_key))
    except AuditError as refusal:
        typer.echo(refusal.message, err=True)
        raise typer.Exit(1) from None
    typer.echo(f"见证者 {'、'.join(cosigned.witness_names)} 已联署 {cosigned.tree_size} 条事件的检查点 / co-signed")


@group.command()
def keygen(data: DataOption = None) -> None:
    """Create the Ed25519 key that signs checkpoints (once; an existing key is kept)."""
    folder = keys.key_folder(load_settings(data).data_dir)
    with refusals_exit():
        path = keys.generate(folder)
    typer.echo(f"私钥 private key: {path} (0600)\n公钥 public key:  {folder / keys.PUBLIC_KEY_FILE}")


@group.command()
def checkpoint(
    data: DataOption = None, show_all: Annotated[bool, typer.Option("--all", help="print every checkpoint")] = False
) -> None:
    """Sign a checkpoint of the record as it stands now, have the witness co-sign it, and print it."""

    def work(service: AuditService, settings: Settings) -> None:
        if show_all:
            for made in service.checkpoints():
                typer.echo(made.printable() + "\n")
            return
        typer.echo(service.checkpoint().printable())
        _send_to_witness(service, settings)

    _with_service(data, work, signing=not show_all)


@group.command()
def verify(
    export: Annotated[Path | None, typer.Option("--export", help="check this export folder, not the store")] = None,
    public_key: KeyOption = None,
    witness: WitnessOption = None,
    checkpoint: Annotated[
        list[Path] | None, typer.Option("--checkpoint", help="a co-signed checkpoint from a witness itself; repeatable")
    ] = None,
    reference: Annotated[
        Path | None, typer.Option("--reference", help="an earlier export: names the event if the ledger was altered")
    ] = None,
    mirror: Annotated[
        Path | None,
        typer.Option("--mirror", help="a witness's leaf hashes (`taizhang witness mirror`): names the event"),
    ] = None,
    data: DataOption = None,
) -> None:
    """Check the store (or an export) against every signed checkpoint; name the first event that differs."""
    notes = checkpoint or []
    outcome: list[bool] = []

    def show(report: verifier.Report) -> None:
        typer.echo(report.summary())
        outcome.append(report.ok)

    if export is not None:
        with refusals_exit(), refusing():
            origin = verifier.exported_keys(export)[0].name
            township = _key(public_key, origin) if public_key else None
            witnesses = [_key(text) for text in witness or []]
            show(verifier.verify_export(export, township, witnesses, notes, reference, mirror))
        raise typer.Exit(0 if outcome[0] else 1)

    def work(service: AuditService, settings: Settings) -> None:
        witnesses = [_key(text) for text in witness or []]
        asked, mirrored = _asked_of_witness(service, settings, witnesses)
        extra = [path.read_bytes() for path in notes] + asked
        earlier = None
        if reference is not None:
            lines = verifier.read_lines(reference / verifier.LEAVES)
            earlier = (verifier.LedgerEntry.from_json(line, n) for n, line in enumerate(lines, start=1))
        if mirror is not None:
            mirrored = verifier.read_mirror(mirror)
        township = _key(public_key, service.origin()) if public_key else None
        with refusing():
            show(service.verify(township, witnesses, extra, earlier, mirrored))

    _with_service(data, work)
    raise typer.Exit(0 if outcome and outcome[0] else 1)


def _asked_of_witness(
    service: AuditService, settings: Settings, witnesses: list[verifier.VerifierKey]
) -> tuple[list[bytes], Iterator[bytes] | None]:
    """The configured witness's own latest co-signed checkpoint, when it is one of those named, and its
    mirror of the leaf hashes up to it (believed only if they hash to that checkpoint's root)."""
    if not (settings.witness_url and settings.witness_key) or _key(settings.witness_key) not in witnesses:
        return [], None
    try:
        note = fetch_latest(settings.witness_url, service.origin())
        if note is None:
            return [], None
        with refusing():
            size = verifier.CheckpointNote.parse(note).tree_size
        leaves = fetch_mirror(settings.witness_url, service.origin(), size)
    except AuditError as unreachable:
        typer.echo(f"未能询问见证者 / could not ask the witness: {unreachable.message}", err=True)
        return [], None
    typer.echo(f"已向见证者 {settings.witness_url} 取得其最新联署的检查点 / asked the witness for its latest view")
    if leaves is None:
        typer.echo(f"见证者没有 {size} 条事件的叶哈希镜像 / the witness holds no mirror of {size} leaves", err=True)
        return [note], None
    typer.echo(f"及其 {len(leaves) // verifier.HASH_SIZE} 个叶哈希的镜像 / and its mirror of {size} leaf hashes")
    return [note], (leaves[i:i + verifier.HASH_SIZE] for i in range(0, len(leaves), verifier.HASH_SIZE))


@group.command()
def prove(position: int, data: DataOption = None) -> None:
    """Print the inclusion proof of the event at POSITION against the latest checkpoint (JSON)."""
    _with_service(data, lambda service, _: typer.echo(service.prove(position).to_json()))


@group.command()
def consistency(older: int, newer: int, data: DataOption = None) -> None:
    """Prove that the checkpoint of OLDER events is a prefix of the checkpoint of NEWER events (JSON)."""
    _with_service(data, lambda service, _: typer.echo(service.consistency(older, newer).to_json()))


@group.command("check-proof")
def check_proof(
    proof: Path,
    public_key: Annotated[str, typer.Option("--public-key", help="the township's key: vkey, or a file (vkey or PEM)")],
    witness: WitnessOption = None,
) -> None:
    """Check a proof printed by `prove` or `consistency`, with only the public key."""
    record = json.loads(proof.read_text(encoding="utf-8"))
    with refusals_exit(), refusing():
        origin = str(record.get("checkpoint") or record.get("older") or "").split("\n", 1)[0]
        township = _key(public_key, origin)
        witnesses = [_key(text) for text in witness or []]
        check = check_consistency_proof if "older" in record else check_inclusion_proof
        good = check(record, township, witnesses)
    typer.echo("证明有效 / proof holds" if good else "证明无效 / proof does NOT hold")
    raise typer.Exit(0 if good else 1)


@group.command()
def export(folder: Path, data: DataOption = None) -> None:
    """Sign the log as it stands, then write events, leaf ledger, co-signed checkpoints and keys to FOLDER."""

    def work(service: AuditService, settings: Settings) -> None:
        service.checkpoint()
        _send_to_witness(service, settings)
        typer.echo(f"已导出 {write_export(service, folder)} 条事件到 {folder} / exported")

    _with_service(data, work, signing=True)


@group.command("public-key")
def public_key_command(
    data: DataOption = None, pem: Annotated[bool, typer.Option("--pem", help="the PEM file instead")] = False
) -> None:
    """Print the township's key as the witness and the inspector take it (a C2SP vkey)."""
    folder = keys.key_folder(load_settings(data).data_dir)
    if not (folder / keys.PUBLIC_KEY_FILE).exists():
        missing = SigningKeyMissing(f"没有公钥 {folder}", "no public key: run `taizhang audit keygen`")
        raise refuse(missing)
    if pem:
        typer.echo((folder / keys.PUBLIC_KEY_FILE).read_text().strip())
        return
    _with_service(data, lambda service, _: typer.echo(service.township_key().text()), signing=True)


@group.command("witness-request")
def witness_request(
    out: Path,
    old_size: Annotated[int | None, typer.Option("--old-size", help="the size the witness last co-signed")] = None,
    leaves_from: Annotated[
        int | None, typer.Option("--leaves-from", help="where the witness's mirror ends (default: --old-size)")
    ] = None,
    witness: Annotated[str | None, typer.Option("--witness", help="the witness's vkey (or file)")] = None,
    data: DataOption = None,
) -> None:
    """Write the latest checkpoint and one consistency proof to OUT (C2SP tlog-witness, unchanged), and the
    leaf hashes it adds to OUT.leaves for the witness's mirror, for a witness with no network (by file)."""

    def work(service: AuditService, settings: Settings) -> None:
        old = old_size
        if old is None:
            old = service.store.cosigned_size(_configured_witness(settings, witness).text())
        checkpoint, body = service.witness_request(old)
        out.write_bytes(body)
        start = old if leaves_from is None else leaves_from
        leaves = out.with_name(out.name + ".leaves")
        if start < checkpoint.tree_size:
            leaves.write_bytes(service.witness_leaves(start, checkpoint.tree_size))
        else:
            leaves.unlink(missing_ok=True)  # nothing new for the mirror: no stale leaves beside the request
        typer.echo(f"已写出 {checkpoint.tree_size} 条事件的检查点（自见证者的 {old} 条起）到 {out}，"
                   f"叶哈希（自第 {start} 条起）到 {leaves.name} / request written")

    _with_service(data, work)


@group.command("add-cosignature")
def add_cosignature(
    answer: Path,
    witness: Annotated[str | None, typer.Option("--witness", help="the witness's vkey (or file)")] = None,
    data: DataOption = None,
) -> None:
    """Keep the witness's cosignature from ANSWER (the co-signed checkpoint `taizhang witness cosign` wrote)."""

    def work(service: AuditService, settings: Settings) -> None:
        if not answer.is_file():
            raise CheckpointRefused(f"读不到 {answer}", f"cannot read {answer}")
        cosigned = service.accept_cosigned(answer.read_bytes(), _configured_witness(settings, witness))
        typer.echo(f"已保存 {'、'.join(cosigned.witness_names)} 对 {cosigned.tree_size} 条事件的检查点的联署 / kept")

    _with_service(data, work)


group.command("check-print")(prints.check_print)
