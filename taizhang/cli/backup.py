"""``taizhang backup DIR`` and ``taizhang restore DIR --data TARGET``: the embedded record copied while it serves,
and restored only into an empty folder, verified before it is declared usable."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from taizhang.backup.restore import restore as restore_backup
from taizhang.backup.take import back_up
from taizhang.cli.options import DataOption, load_settings
from taizhang.cli.running import refusals_exit

FolderArgument = Annotated[Path, typer.Argument(help="the backup's folder", file_okay=True, dir_okay=True)]


def backup(folder: FolderArgument, data: DataOption = None) -> None:
    """Copy the record (event store with its read models, personal keys, evidence, signing key, template) to FOLDER.

    Safe while the server serves and records: the copy is the record as of one moment. FOLDER must be
    new or empty. On PostgreSQL it says how to back up with pg_dump instead.
    """
    settings = load_settings(data)
    with refusals_exit():
        manifest = back_up(settings, folder)
    evidence = sum(1 for f in manifest.files if f.path.startswith("evidence/") and "." not in f.path.rsplit("/", 1)[-1])
    size = sum(f.size for f in manifest.files)
    typer.echo(
        f"已备份到 {folder}：事件 {manifest.events} 条（至位置 {manifest.position}，最后一条记录于 "
        f"{manifest.recorded_at or '—'}），证据文件 {evidence} 个，签名检查点 {manifest.checkpoints} 个，"
        f"共 {len(manifest.files)} 个文件 {size} 字节\n"
        f"backed up to {folder}: {manifest.events} events up to position {manifest.position}, {evidence} evidence "
        f"files, {manifest.checkpoints} checkpoints; {len(manifest.files)} files, {size} bytes (manifest.json)"
    )


def restore(
    folder: FolderArgument,
    data: DataOption = None,
    public_key: Annotated[
        Path | None,
        typer.Option("--public-key", exists=True, dir_okay=False,
                     help="the township's published key (a vkey file, or its PEM public key)"),
    ] = None,
) -> None:
    """Restore the backup in FOLDER into the empty (or new) folder --data, verified before it is used.

    The backup's files are checked against its manifest, the restored log against the manifest and
    against every signed checkpoint (as `taizhang audit verify`); on any difference nothing is restored.
    """
    settings = load_settings(data)
    with refusals_exit():
        restored = restore_backup(folder, settings.data_dir, settings, str(public_key) if public_key else None)
    manifest, report = restored.manifest, restored.report
    typer.echo(
        f"已恢复到 {settings.data_dir}：事件 {manifest.events} 条（至位置 {manifest.position}），与备份清单一致\n"
        f"restored into {settings.data_dir}: {manifest.events} events up to position {manifest.position}, as the "
        "manifest describes"
    )
    if report is None:
        typer.echo(
            "注意：台账中没有签名检查点，只核对了备份清单的摘要和日志根哈希"
            "（请运行 taizhang audit keygen 与 checkpoint）\n"
            "note: the record holds no signed checkpoint; it was checked against the manifest's digests and log root "
            "only (run `taizhang audit keygen` and `checkpoint`)"
        )
    else:
        typer.echo(report.summary())
    typer.echo("读模型在服务启动时（或 taizhang projections run）追上 / the read models catch up when served")
