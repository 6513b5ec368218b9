"""A patrol's findings read from a phone's form: each ticked deduction item with its count, photos and note.

The form lists the items of the rule version in force on the patrol's day; an item is ticked (``item``),
with ``count-<code>``, ``photo-<code>`` (the camera, or files) and ``note-<code>``. Everything but the
photos is checked first, so a refused form keeps no file; then the photos are stored as ``POST /evidence``
stores them and the findings checked by the same document as ``POST /patrols`` (``FindingIn``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.datastructures import FormData, UploadFile

from domain.acts import Evidence
from domain.assessment.patrol import Finding, RecordedFinding
from domain.assessment.rules import RuleVersion
from domain.errors import InvalidInput
from taizhang.access.caller import Caller
from taizhang.documents.assessment import FindingIn
from web.forms import chunks, text, validated
from web.workspace import Workspace


def _count(form: FormData, item: str, name: str) -> int:
    given = text(form, f"count-{item}") or "1"
    if not given.isdigit() or not 1 <= int(given) <= 100:
        raise InvalidInput(f"扣分项“{name}”的处数“{given}”应为 1–100 的整数", f"count {given!r} of {item!r}")
    return int(given)


def _photos(form: FormData, item: str) -> list[UploadFile]:
    return [f for f in form.getlist(f"photo-{item}") if isinstance(f, UploadFile) and f.filename]


def findings_from(
    workspace: Workspace, caller: Caller, form: FormData, rules: RuleVersion,
    kept: dict[str, list[dict[str, str]]] | None = None,
) -> list[Finding]:
    """The ticked items as findings; ``kept``: the photos a corrected finding already has (new ones are added)."""
    kept = kept or {}
    ticked = [str(x) for x in form.getlist("item")]
    names = {i.code: i.name for i in rules.deduction_items}
    for item in ticked:
        if item not in names:
            raise InvalidInput(f"扣分项“{item}”不在 {rules.version_id} 版规则中", f"no item {item!r} in the rules")
    counts = {item: _count(form, item, names[item]) for item in ticked}
    for item in ticked:
        if not _photos(form, item) and not kept.get(item):
            raise InvalidInput(f"扣分项“{names[item]}”没有照片：每项扣分都要拍照", f"item {item!r} needs a photo")
    context = workspace.context
    findings = []
    for item in ticked:
        evidence = list(kept.get(item, []))
        for upload in _photos(form, item):
            stored = context.evidence.put(chunks(upload.file), upload.content_type or "")
            context.uploads.note(stored.sha256, caller.username, workspace.app.clock.now())
            evidence.append({"sha256": stored.sha256, "name": Path(upload.filename or "").name[:200],
                             "media_type": stored.media_type})
        body = validated(FindingIn, item=item, count=counts[item], evidence=evidence, note=text(form, f"note-{item}"))
        findings.append(Finding(body.item, body.count, tuple(Evidence(e.sha256, e.name, e.media_type)
                                                             for e in body.evidence), body.note))
    return findings


def kept_photos(findings: list[RecordedFinding]) -> dict[str, list[dict[str, str]]]:
    """A recorded patrol's photos by item, kept when its findings are corrected."""
    return {f.item: [dict(e) for e in f.evidence] for f in findings}


def typed(form: Any, rules: RuleVersion, recorded: list[RecordedFinding] | None = None) -> dict[str, dict[str, Any]]:
    """Each item as the form should show it: ticked, count and note, from what was typed or what is recorded."""
    shown: dict[str, dict[str, Any]] = {}
    if form:
        ticked = set(form.getlist("item"))
        for i in rules.deduction_items:
            shown[i.code] = {"ticked": i.code in ticked, "count": text(form, f"count-{i.code}") or "1",
                             "note": text(form, f"note-{i.code}")}
        return shown
    found = {f.item: f for f in recorded or []}
    for i in rules.deduction_items:
        f = found.get(i.code)
        shown[i.code] = {"ticked": f is not None, "count": str(f.count) if f else "1", "note": f.note if f else ""}
    return shown
