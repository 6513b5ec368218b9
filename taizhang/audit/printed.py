"""Printouts you can check: a QR code and its text form on every printed bulletin, pay sheet, ranking and summary.

The code names the township's log, the document, the log position it was computed at, the SHA-256 of
what the document shows, and the checkpoint covering that position (size and root), so that anyone
allowed can ask the record to regenerate the document there (``taizhang audit check-print``,
``/web/verify``). The digest is of the content as laid out (each cell's or paragraph's text), not of
the file's bytes, which carry the code itself and the moment the file was saved.

Writers make one call: ``stamp_sheet`` or ``stamp_document`` with the ``Seal`` their caller gives;
with a measuring seal they only record the digest, which is how a document is regenerated to check.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

FORMAT = "TZ1"
_PAYLOAD = re.compile(
    r"TZ1 (?P<origin>\S+) (?P<document>[a-z-]+(?:/[0-9A-Za-z_-]+)+) (?P<position>[1-9][0-9]{0,18}) "
    r"(?P<digest>[0-9a-f]{64}) (?:(?P<size>[1-9][0-9]{0,18}):(?P<root>[A-Za-z0-9_-]{43})|-)"
)


@dataclass(frozen=True)
class Payload:
    """What the QR code and the text under it say."""

    origin: str
    document: str  # kind/parameters, e.g. pay-sheet/cleaner_bonus/2024-03, bulletin/2024/1
    position: int
    digest: str
    checkpoint_size: int | None = None
    checkpoint_root: bytes | None = None

    def text(self) -> str:
        covered = "-"
        if self.checkpoint_size is not None and self.checkpoint_root is not None:
            covered = f"{self.checkpoint_size}:{base64.urlsafe_b64encode(self.checkpoint_root).decode().rstrip('=')}"
        return f"{FORMAT} {self.origin} {self.document} {self.position} {self.digest} {covered}"

    @classmethod
    def parse(cls, text: str) -> Payload:
        found = _PAYLOAD.search(" ".join(text.split()))
        if found is None:
            raise ValueError("not a taizhang verification code (TZ1 …)")
        size, root = found["size"], found["root"]
        return cls(found["origin"], found["document"], int(found["position"]), found["digest"],
                   int(size) if size else None, base64.urlsafe_b64decode(root + "=") if root else None)


@dataclass
class Seal:
    """What a writer stamps on its document; the writer fills in ``digest`` from what it laid out."""

    origin: str
    document: str
    position: int
    checkpoint_size: int | None = None
    checkpoint_root: bytes | None = None
    witnesses: list[str] = field(default_factory=list)
    measure_only: bool = False  # regenerating to check: record the digest, stamp nothing
    digest: str | None = None

    def payload(self) -> Payload:
        assert self.digest is not None, "the writer fills in the digest before the payload is made"
        return Payload(self.origin, self.document, self.position, self.digest, self.checkpoint_size,
                       self.checkpoint_root)

    def lines(self) -> list[str]:
        """The text form printed under the code, in the township's words."""
        payload = self.payload()
        if self.checkpoint_size is None:
            covered = "尚无检查点覆盖（以后核验时查找）"
        else:
            by = "、".join(self.witnesses) or "尚无见证"
            covered = f"检查点覆盖 {self.checkpoint_size} 条事件，见证：{by}"
        return [
            f"核验码：{payload.text()}",
            f"乡镇日志 {self.origin}　台账位置 {self.position}　文件摘要 SHA-256 {payload.digest}",
            covered,
            "核验：登录工作台，打开“核验打印件”，拍下此码上传（或输入核验码）",
        ]


def content_digest(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def qr_png(text: str, scale: int = 4) -> bytes:
    import segno  # imported when a document is stamped: the command line starts without it

    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def read_codes(image: bytes) -> list[str]:
    """Every QR code's text in a photo or scan (PNG, JPEG …); [] when none is found."""
    import zxingcpp
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        picture = ImageOps.exif_transpose(Image.open(io.BytesIO(image)))
    except (UnidentifiedImageError, OSError):
        return []
    # QR codes only: asked for every format, the decoder now and then also reads a one-dimensional barcode
    # ("2600") out of a QR code's modules, and a printout would then seem to carry two codes.
    qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    return [found.text for found in zxingcpp.read_barcodes(picture.convert("L"), formats=qr_only)]


def sheet_content(sheet: Worksheet) -> list[str]:
    """Each row of the sheet as its cells' text, tab-separated (what the printed table shows)."""
    return ["\t".join("" if cell.value is None else str(cell.value) for cell in row) for row in sheet.iter_rows()]


def stamp_sheet(sheet: Worksheet, seal: Seal | None) -> None:
    """Below the table: the text form in merged rows, then the QR code anchored under it."""
    if seal is None:
        return
    seal.digest = content_digest(sheet_content(sheet))
    if seal.measure_only:
        return
    from openpyxl.drawing.image import Image
    from openpyxl.styles import Alignment, Font

    width = max(sheet.max_column, 1)
    row = sheet.max_row + 2
    for offset, line in enumerate(seal.lines()):
        sheet.merge_cells(start_row=row + offset, start_column=1, end_row=row + offset, end_column=width)
        cell = sheet.cell(row + offset, 1, line)
        cell.font = Font(name="宋体", size=8)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    code = Image(io.BytesIO(qr_png(seal.payload().text())))
    code.width = code.height = 110  # about 3 cm: a phone reads it from a wall
    sheet.add_image(code, f"A{row + len(seal.lines())}")


def document_content(document: Any) -> list[str]:
    """Each paragraph's text, and each table cell's, in order (what the printed page shows)."""
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return parts


def stamp_document(document: Any, seal: Seal | None) -> None:
    """At the end of a Word document: the QR code and its text form, small."""
    if seal is None:
        return
    seal.digest = content_digest(document_content(document))
    if seal.measure_only:
        return
    from docx.shared import Cm, Pt

    document.add_picture(io.BytesIO(qr_png(seal.payload().text())), width=Cm(3))
    for line in seal.lines():
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line)
        run.font.size = Pt(8)
