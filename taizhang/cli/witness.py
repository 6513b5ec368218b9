"""``taizhang witness …``: the county's side — its key, the townships it watches, co-signing by HTTP or by file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from taizhang.audit.verifier import CheckpointNote, Refused
from taizhang.audit.witnessing import MIRROR_TYPE, Answer, stated_size
from taizhang.cli.running import refusals_exit
from taizhang.witness.cosigner import Witness, init_folder, parse_request

group = typer.Typer(
    help="县级见证：联署乡镇的检查点，拒绝改写过的记录并留存证据 / the county witness of townships' records.",
    no_args_is_help=True,
)

READ_LEAVES = 32_000

FolderOption = Annotated[
    Path, typer.Option("--folder", envvar="TAIZHANG_WITNESS_DIR", help="the witness's own folder (key and store)")
]


def _witness(folder: Path) -> Witness:
    with refusals_exit():
        return Witness(folder)


@group.command()
def init(name: Annotated[str, typer.Option("--name", help="the witness's name, e.g. jiwei.example-county/witness")],
         folder: FolderOption = Path("witness")) -> None:
    """Create the witness: its Ed25519 key (0600), its public key to hand to townships, its store."""
    with refusals_exit():
        vkey = init_folder(folder, name)
    typer.echo(f"见证者公钥（交给各乡镇和核查人员）/ the witness's key:\n{vkey.text()}")


@group.command("public-key")
def public_key(folder: FolderOption = Path("witness")) -> None:
    """Print the witness's key (a C2SP vkey), as townships set it in TAIZHANG_WITNESS_KEY."""
    typer.echo(_witness(folder).vkey.text())


@group.command("add-log")
def add_log(township_key: Annotated[str, typer.Argument(help="the township's key (`taizhang audit public-key`)")],
            folder: FolderOption = Path("witness")) -> None:
    """Watch a township's log: its checkpoints are co-signed only if signed by this key."""
    witness = _witness(folder)
    with refusals_exit():
        key = witness.add_log(township_key)
    typer.echo(f"已登记日志 {key.name} / registered")


@group.command()
def logs(folder: FolderOption = Path("witness")) -> None:
    """The townships' logs this witness watches, with the last checkpoint it co-signed of each."""
    for state in _witness(folder).store.logs():
        typer.echo(f"{state.origin}\t{state.tree_size} 条事件 events\t{state.cosigned_at or '尚未联署 none yet'}\t"
                   f"镜像 mirror {state.mirror_size}")


@group.command()
def serve(
    folder: FolderOption = Path("witness"),
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8100,
) -> None:
    """Answer C2SP tlog-witness requests over HTTP: POST /add-checkpoint, GET /checkpoint/<origin>."""
    import uvicorn

    from taizhang.witness.server import create_witness_app

    app = create_witness_app(folder)
    typer.echo(f"见证者 / witness: http://{host}:{port}/add-checkpoint")
    uvicorn.run(app, host=host, port=port, log_level="info")


@group.command()
def cosign(
    request: Annotated[Path, typer.Argument(help="the file `taizhang audit witness-request` wrote")],
    out: Annotated[Path, typer.Option("--out", help="where the co-signed checkpoint goes, for the township")],
    leaves: Annotated[
        Path | None, typer.Option("--leaves", help="the leaf hashes beside the request (default: REQUEST.leaves)")
    ] = None,
    folder: FolderOption = Path("witness"),
) -> None:
    """Co-sign a township's checkpoint brought by file, once its leaves extend the mirror to the checkpoint's
    root; a refusal of the checkpoint keeps both signed checkpoints as evidence."""
    witness = _witness(folder)
    leaves = leaves or request.with_name(request.name + ".leaves")
    answer = Answer(200, "text/plain", b"")
    if leaves.is_file():
        try:
            origin = CheckpointNote.parse(parse_request(request.read_bytes())[2]).origin
        except (ValueError, Refused) as error:
            typer.echo(f"请求格式不对 / malformed request: {error}", err=True)
            raise typer.Exit(1) from None
        answer = witness.add_leaves(origin, leaves.read_bytes())
    if answer.status == 200:
        answer = witness.add_checkpoint(request.read_bytes())
    at_mirror = stated_size(answer, MIRROR_TYPE)
    if at_mirror is not None:
        typer.echo(f"见证者的镜像有 {at_mirror} 个叶哈希：请乡镇用 --leaves-from {at_mirror} 重新生成请求 / "
                   "send the leaf hashes from there", err=True)
        raise typer.Exit(1)
    if answer.status == 409 and answer.body.strip().isdigit():
        typer.echo(f"见证者已联署到 {answer.body.decode().strip()} 条事件：请乡镇用 --old-size "
                   f"{answer.body.decode().strip()} 重新生成请求 / ask again from that size", err=True)
        raise typer.Exit(1)
    if answer.status != 200:
        typer.echo(f"拒绝联署 / refused ({answer.status}): {answer.body.decode('utf-8').strip()}", err=True)
        raise typer.Exit(1)
    note = parse_request(request.read_bytes())[2]  # the checkpoint as submitted
    out.write_bytes(note + answer.body)
    typer.echo(f"已联署，写出到 {out} / co-signed")


@group.command()
def show(origin: Annotated[str, typer.Argument(help="the township's log, e.g. taizhang/dfz")],
         folder: FolderOption = Path("witness")) -> None:
    """Print the last checkpoint co-signed for a log (an inspector passes it to `audit verify --checkpoint`)."""
    state = _witness(folder).store.log(origin)
    if state is None or state.note is None:
        typer.echo(f"没有 {origin} 的联署记录 / nothing co-signed for {origin}", err=True)
        raise typer.Exit(1)
    typer.echo(state.note, nl=False)


@group.command()
def mirror(origin: Annotated[str, typer.Argument(help="the township's log, e.g. taizhang/dfz")],
           out: Annotated[Path, typer.Option("--out", help="the file for the leaf hashes (32 raw bytes each)")],
           folder: FolderOption = Path("witness")) -> None:
    """Write the leaf hashes co-signed for a log, up to the checkpoint `show` prints (`audit verify --mirror`)."""
    witness = _witness(folder)
    state = witness.store.log(origin)
    if state is None or state.note is None or state.mirror_size < state.tree_size:
        held = state.mirror_size if state else 0
        typer.echo(f"没有 {origin} 到最新联署的完整镜像（有 {held} 个）/ no full mirror of {origin}", err=True)
        raise typer.Exit(1)
    with out.open("wb") as file:
        for start in range(0, state.tree_size, READ_LEAVES):
            file.write(witness.store.mirrored(origin, start, min(state.tree_size, start + READ_LEAVES)))
    typer.echo(f"已写出 {state.tree_size} 个叶哈希到 {out} / mirror written")


@group.command()
def evidence(
    folder: FolderOption = Path("witness"),
    out: Annotated[Path | None, typer.Option("--out", help="write each refusal's two checkpoints here")] = None,
) -> None:
    """Every refusal with its reason; with --out, the co-signed and the refused checkpoint of each, as files."""
    found = _witness(folder).store.evidence()
    for item in found:
        typer.echo(f"#{item.id} {item.received_at} {item.origin} {item.kind}: {item.zh} / {item.en}")
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{item.id}-cosigned.txt").write_text(item.cosigned_note, encoding="utf-8")
            (out / f"{item.id}-refused.txt").write_text(item.refused_note, encoding="utf-8")
            (out / f"{item.id}-proof.txt").write_text(f"old {item.old_size}\n{item.proof}", encoding="utf-8")
    if not found:
        typer.echo("没有拒绝记录 / no refusals")
