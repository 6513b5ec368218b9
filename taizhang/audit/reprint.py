"""Sealing a printout with the checkpoint that covers it, and checking a printout's code against the record.

A document is named by its kind and parameters (``pay-sheet/cleaner_bonus/2024-03``, ``rankings/2024-03``,
``year-end/2024``, ``bulletin/2024/1``, ``summary/2024-01-01/2024-12-31``). Checking regenerates it from the
record as it stood at the printed position, compares the digests, and checks the record up to the covering
checkpoint against the signed (and co-signed) checkpoints.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from domain.assessment.paysheet import SheetKind
from domain.assessment.values import Month
from domain.errors import DomainError
from projections.db import ReadStore
from taizhang.application import Taizhang
from taizhang.audit import keys
from taizhang.audit.checkpoint import Checkpoint
from taizhang.audit.printed import Payload, Seal
from taizhang.audit.service import AuditService, read_events, refusing
from taizhang.audit.verifier import Report, VerifierKey, verify_record
from taizhang.audit.witnessing import push
from taizhang.settings import Settings
from taizhang.summary.figures import summary_facts
from taizhang.summary.render import render_docx
from taizhang.summary.template import township_template

log = logging.getLogger(__name__)
WITNESS_WAIT_SECONDS = 3.0  # a printout does not wait longer for the county; it is checked against it later


def pay_sheet_document(kind: SheetKind, month: Month) -> str:
    return f"pay-sheet/{kind.value}/{month}"


def rankings_document(month: Month) -> str:
    return f"rankings/{month}"


def year_end_document(year: int) -> str:
    return f"year-end/{year}"


def bulletin_document(year: int, quarter: int) -> str:
    return f"bulletin/{year}/{quarter}"


def red_black_document(year: int, quarter: int, file_format: str) -> str:
    return f"red-black/{year}/{quarter}/{file_format}"


def summary_document(first: date, last: date) -> str:
    return f"summary/{first.isoformat()}/{last.isoformat()}"


def print_seal(app: Taizhang, settings: Settings, document: str, position: int) -> Seal:
    """The seal for a document computed at ``position``: a checkpoint covers it (signed now if none does yet)."""
    mark = app.store_mark()
    origin = settings.audit_origin or f"taizhang/{mark.township_code if mark else 'township'}"
    if settings.store == "memory":
        return Seal(origin, document, position)
    from taizhang.audit.stores import audit_service

    service = audit_service(app, settings)
    latest = service.store.latest()
    if (latest is None or latest[0].last_position < position) and (service.key_folder / keys.PRIVATE_KEY_FILE).exists():
        service.checkpoint()
        if settings.witness_url and settings.witness_key:
            try:
                witness = VerifierKey.parse(settings.witness_key)
                push(service, settings.witness_url, witness, timeout=WITNESS_WAIT_SECONDS)
            except DomainError as unanswered:
                log.warning("printout sealed before the witness co-signed: %s", unanswered.message)
    seal = Seal(service.origin() if latest or service.store.latest() else origin, document, position)
    cover = covering(service.checkpoints(), position)
    if cover is not None:
        seal.checkpoint_size, seal.checkpoint_root = cover.tree_size, cover.root_hash
        seal.witnesses = cover.witness_names
    return seal


def covering(checkpoints: list[Checkpoint], position: int) -> Checkpoint | None:
    """The first checkpoint whose tree reaches ``position``, the first co-signed one if any is."""
    reaching = [c for c in checkpoints if c.last_position >= position]
    return next((c for c in reaching if c.cosignatures), reaching[0] if reaching else None)


def regenerate(app: Taizhang, store: ReadStore, data_dir: Path, payload: Payload) -> str:
    """The digest of the document the record gives at the payload's position (a refusal if it gives none)."""
    kind, *parameters = payload.document.split("/")
    seal = Seal(payload.origin, payload.document, payload.position, measure_only=True)
    try:
        if kind == "pay-sheet" and len(parameters) == 2:
            app.export_pay_sheet(SheetKind(parameters[0]), Month.parse(parameters[1]), seal, payload.position)
        elif kind == "rankings" and len(parameters) == 1:
            app.export_rankings(Month.parse(parameters[0]), payload.position, seal)
        elif kind == "year-end" and len(parameters) == 1:
            app.export_year_end(int(parameters[0]), payload.position, seal)
        elif kind == "bulletin" and len(parameters) == 2:
            bulletin = app.bulletin(int(parameters[0]), int(parameters[1]))
            if bulletin is None or bulletin.as_of_position > payload.position:
                raise DomainError("该季度通报在这个位置尚未发布", "that bulletin was not published at that position")
            app.export_bulletin(int(parameters[0]), int(parameters[1]), seal)
        elif kind == "red-black" and len(parameters) == 3 and parameters[2] in ("docx", "xlsx"):
            bulletin = app.bulletin(int(parameters[0]), int(parameters[1]))
            if bulletin is None or bulletin.as_of_position > payload.position:
                raise DomainError("该季度通报在这个位置尚未发布", "that bulletin was not published at that position")
            export = app.export_red_black_docx if parameters[2] == "docx" else app.export_red_black_xlsx
            export(int(parameters[0]), int(parameters[1]), seal)
        elif kind == "summary" and len(parameters) == 2:
            first, last = date.fromisoformat(parameters[0]), date.fromisoformat(parameters[1])
            facts = summary_facts(store, app.township().name, first, last, payload.position, with_events=False)
            render_docx(facts, township_template(data_dir), seal)
        else:
            raise DomainError(f"不认识的文件类型 {payload.document}", f"unknown kind of document {payload.document}")
    except ValueError:
        raise DomainError(f"文件名称不对 {payload.document}", f"not a document name: {payload.document}") from None
    assert seal.digest is not None  # every writer stamps, and so measures
    return seal.digest


@dataclass
class PrintCheck:
    payload: Payload
    regenerated: str | None = None
    refusal: str | None = None
    covering: Checkpoint | None = None
    paper_checkpoint: str = "none"  # "none" on the paper, "held" by the record, "unknown" to it, "differs"
    record: Report | None = None
    witnesses: list[str] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        return self.regenerated == self.payload.digest

    @property
    def verdict(self) -> str:
        if not self.matches or self.paper_checkpoint in ("unknown", "differs"):
            return "not_matching"
        if self.record is not None and not self.record.ok:
            return "record_altered"
        return "witnessed" if self.covering is not None and self.covering.cosignatures else "not_witnessed"

    def lines(self) -> list[str]:
        p = self.payload
        head = {
            "witnessed": "相符 / MATCHES: 台账在该位置重新生成的文件与此摘要相同，覆盖它的检查点经县级见证",
            "not_witnessed": "相符但未经见证 / MATCHES, NOT WITNESSED: 台账重新生成的文件相同，检查点尚无见证",
            "record_altered": "台账已被改动 / RECORD ALTERED: 文件相符，但台账与签名检查点不再一致",
            "not_matching": "不相符 / DOES NOT MATCH: 这份文件不是台账在该位置生成的文件",
        }[self.verdict]
        lines = [head, f"文件 document {p.document}，乡镇日志 {p.origin}，台账位置 position {p.position}"]
        if self.refusal:
            lines.append(f"无法重新生成 / cannot regenerate: {self.refusal}")
        elif not self.matches:
            lines.append(f"纸上摘要 printed {p.digest}\n台账生成 record   {self.regenerated}")
        if self.paper_checkpoint in ("unknown", "differs"):
            how = "与台账中的不同" if self.paper_checkpoint == "differs" else "台账中没有"
            lines.append(f"纸上的检查点（{p.checkpoint_size} 条）{how} / the checkpoint printed "
                         f"({p.checkpoint_size} events) is not the record's")
        if self.covering is not None:
            by = "、".join(self.covering.witness_names) or "无 none"
            lines.append(f"覆盖它的检查点 covering checkpoint: {self.covering.tree_size} 条事件 events，"
                         f"见证 witnesses: {by}")
        else:
            lines.append("尚无检查点覆盖该位置 / no checkpoint covers that position yet")
        if self.record is not None and not self.record.ok:
            lines.append(self.record.summary())
        return lines


def check_print(
    app: Taizhang, service: AuditService | None, store: ReadStore, settings: Settings, payload: Payload,
    witnesses: list[VerifierKey] | None = None,
) -> PrintCheck:
    """Regenerate the document at the payload's position and check the record up to the checkpoint covering it."""
    found = PrintCheck(payload)
    mark = app.store_mark()
    origin = service.origin() if service is not None else f"taizhang/{mark.township_code if mark else ''}"
    if payload.origin != origin:
        found.refusal = f"这是另一个日志（{payload.origin}）的文件，本台账是 {origin} / another log's document"
        return found
    head = app.recorder.max_notification_id() or 0
    if payload.position > head:
        found.refusal = f"位置 {payload.position} 超出台账（共 {head}）/ position beyond the record"
        return found
    try:
        found.regenerated = regenerate(app, store, settings.data_dir, payload)
    except DomainError as refusal:
        found.refusal = refusal.message
    if service is None:
        return found
    checkpoints = service.checkpoints()
    found.covering = covering(checkpoints, payload.position)
    if payload.checkpoint_size is not None:
        same_size = [c for c in checkpoints if c.tree_size == payload.checkpoint_size]
        if not same_size:
            found.paper_checkpoint = "unknown"
        elif same_size[0].root_hash != payload.checkpoint_root:
            found.paper_checkpoint = "differs"
        else:
            found.paper_checkpoint = "held"
    if found.covering is not None:
        found.record = verify_up_to(service, found.covering, witnesses or [])
    return found


def verify_up_to(service: AuditService, cover: Checkpoint, witnesses: list[VerifierKey]) -> Report:
    """The record's first events, up to the covering checkpoint, against every checkpoint that far."""
    signed = [c for c in service.signed_checkpoints(witnesses=witnesses) if c.tree_size <= cover.tree_size]
    with refusing():
        return verify_record(read_events(service.app, upto=cover.last_position), signed,
                             service.store.ledger(0, cover.tree_size), witnesses)
