"""``taizhang audit check-print``: is this printout what the record gives, and is the record witnessed?"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from taizhang.audit.errors import AuditError
from taizhang.audit.printed import Payload, read_codes
from taizhang.audit.reprint import check_print as check
from taizhang.audit.stores import audit_service
from taizhang.audit.verifier import Refused, read_key
from taizhang.cli.options import DataOption, load_settings
from taizhang.cli.running import answering, refuse


def check_print(
    code: Annotated[str | None, typer.Argument(help="the verification code as printed (TZ1 …)")] = None,
    image: Annotated[Path | None, typer.Option("--image", help="a photo or scan of the printout's QR code")] = None,
    witness: Annotated[
        list[str] | None, typer.Option("--witness", help="a witness's vkey (or file) whose cosignature is required")
    ] = None,
    data: DataOption = None,
) -> None:
    """Regenerate the printed document from the record at its position; compare digests; say who witnessed it."""
    settings = load_settings(data)
    try:
        given = code if code is not None else _code_in(image)
        try:
            payload = Payload.parse(given)
        except ValueError:
            raise Refused("这不是台账打印件的核验码（应以 TZ1 开头）",
                          "not a taizhang verification code (it starts TZ1)") from None
        witnesses = [read_key(text) for text in witness or []]
    except Refused as bad:
        raise refuse(AuditError(bad.zh, bad.en)) from None
    with answering(data, settings) as (projector, _):
        service = audit_service(projector.app, settings) if settings.store != "memory" else None
        found = check(projector.app, service, projector.store, settings, payload, witnesses)
    typer.echo("\n".join(found.lines()))
    required = bool(witnesses) and found.verdict != "witnessed"
    raise typer.Exit(0 if found.verdict in ("witnessed", "not_witnessed") and not required else 1)


def _code_in(image: Path | None) -> str:
    if image is None:
        raise Refused("请给出核验码，或用 --image 给出它的照片", "give the code, or a photo of it with --image")
    try:
        codes = [text for text in read_codes(image.read_bytes()) if text.startswith("TZ1 ")]
    except OSError as error:
        raise Refused(f"读不到 {image}：{error.strerror}", f"cannot read {image}: {error.strerror}") from None
    if not codes:
        raise Refused(f"在 {image} 中没有找到核验码", f"no verification code found in {image}")
    return codes[0]
