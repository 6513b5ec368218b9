"""``taizhang audit …``: keys, checkpoints, verification, proofs and exports from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from taizhang.audit import keys, offline
from taizhang.audit.errors import SigningKeyMissing
from taizhang.audit.export import export as write_export
from taizhang.audit.service import AuditService
from taizhang.audit.stores import audit_service, log_reader
from taizhang.bootstrap import build_app
from taizhang.cli.options import DataOption, load_settings
from taizhang.cli.running import refusals_exit, refuse

group = typer.Typer(help="审计：签名检查点、核验、证明、导出 / tamper evidence of the record.", no_args_is_help=True)

KeyOption = Annotated[Path | None, typer.Option("--public-key", help="the township's published public key (PEM)")]


def _with_service(data: Path | None, work: Callable[[AuditService], None], signing: bool = False) -> None:
    """Only signing needs the whole application (clock, township); reading the log needs just the store,
    so that a record altered until the application no longer starts can still be verified."""
    settings = load_settings(data)
    app = build_app(settings) if signing else log_reader(settings)
    try:
        with refusals_exit():
            work(audit_service(app, settings))
    finally:
        app.close()


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
    """Sign a checkpoint of the record as it stands now and print it."""

    def work(service: AuditService) -> None:
        if show_all:
            for made in service.signed_checkpoints():
                typer.echo(made.printable() + "\n")
            return
        typer.echo(service.checkpoint().printable())

    _with_service(data, work, signing=not show_all)


@group.command()
def verify(
    export: Annotated[
        Path | None, typer.Option("--export", help="verify this export folder instead of the store")
    ] = None,
    public_key: KeyOption = None,
    data: DataOption = None,
) -> None:
    """Check the store (or an export) against every signed checkpoint; name the first event that differs."""
    pem = public_key.read_bytes() if public_key else None
    if export is not None:
        with refusals_exit():
            report = offline.verify_export(export, pem)
        typer.echo(report.summary())
        raise typer.Exit(0 if report.ok else 1)
    outcome: list[bool] = []

    def work(service: AuditService) -> None:
        report = service.verify(pem)
        typer.echo(report.summary())
        outcome.append(report.ok)

    _with_service(data, work)
    raise typer.Exit(0 if outcome and outcome[0] else 1)


@group.command()
def prove(position: int, data: DataOption = None) -> None:
    """Print the inclusion proof of the event at POSITION against the latest checkpoint (JSON)."""
    _with_service(data, lambda service: typer.echo(service.prove(position).to_json()))


@group.command()
def consistency(older: int, newer: int, data: DataOption = None) -> None:
    """Prove that the checkpoint of OLDER events is a prefix of the checkpoint of NEWER events (JSON)."""
    _with_service(data, lambda service: typer.echo(service.consistency(older, newer).to_json()))


@group.command("check-proof")
def check_proof(proof: Path, public_key: Annotated[Path, typer.Option("--public-key")]) -> None:
    """Check a proof printed by `prove` or `consistency`, with only the public key."""
    record = json.loads(proof.read_text(encoding="utf-8"))
    pem = public_key.read_bytes()
    with refusals_exit():
        good = (
            offline.check_consistency_proof(record, pem)
            if "older" in record
            else offline.check_inclusion_proof(record, pem)
        )
    typer.echo("证明有效 / proof holds" if good else "证明无效 / proof does NOT hold")
    raise typer.Exit(0 if good else 1)


@group.command()
def export(folder: Path, data: DataOption = None) -> None:
    """Write events, leaf ledger, signed checkpoints and the public key to FOLDER."""
    _with_service(data, lambda service: typer.echo(f"已导出 {write_export(service, folder)} 条事件到 {folder}"))


@group.command("public-key")
def public_key_command(data: DataOption = None) -> None:
    """Print the public key that checks this township's checkpoints."""
    folder = keys.key_folder(load_settings(data).data_dir)
    path = folder / keys.PUBLIC_KEY_FILE
    if not path.exists():
        missing = SigningKeyMissing(f"没有公钥 {path}", f"no public key at {path}: run `taizhang audit keygen`")
        raise refuse(missing)
    typer.echo(path.read_text().strip())
