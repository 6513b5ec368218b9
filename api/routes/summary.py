"""The work summary (工作总结) for a period, as of any recorded moment: Markdown, JSON with provenance, or Word."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query
from fastapi.responses import Response

from api.deps import AppDep, CallerDep, ContextDep
from api.reading import LOG_HEAD, AsOfQuery, ReadStoreDep, aware
from api.routes import resource_router
from domain.errors import InvalidInput
from taizhang.audit.reprint import print_seal, summary_document
from taizhang.documents.base import Day
from taizhang.summary.figures import summary_facts
from taizhang.summary.render import render_docx, render_json, render_markdown
from taizhang.summary.template import township_template

router = resource_router("/summary", "summary")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "JSON (every figure with its provenance), Markdown (format=md) or Word (format=docx)",
        "content": {
            "text/markdown": {"schema": {"type": "string"}},
            DOCX: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


@router.get("", name="summary.get", response_model=dict[str, Any], responses=FORMATS)
def get_summary(
    store: ReadStoreDep,
    app: AppDep,
    context: ContextDep,
    caller: CallerDep,
    first: Annotated[Day, Query(alias="from", description="first day of the period (occurred time)")],
    last: Annotated[Day, Query(alias="to", description="last day of the period, included")],
    as_of: AsOfQuery = None,
    format: Annotated[Literal["json", "md", "docx"], Query(description="json, md or docx")] = "json",
) -> dict[str, Any] | Response:
    """The summary with every figure from the record as it stood at ``as_of`` (no placeholder left)."""
    if last < first:
        raise InvalidInput("期间的结束日早于开始日", "the period ends before it starts")
    template = township_template(context.settings.data_dir)
    facts = summary_facts(store, app.township().name, first, last, aware(as_of), with_events=format == "json")
    if format == "md":
        return Response(render_markdown(facts, template), media_type="text/markdown; charset=utf-8")
    if format == "docx":
        name = f"summary-{first.isoformat()}-{last.isoformat()}.docx"
        return Response(
            render_docx(facts, template, print_seal(app, context.settings, summary_document(first, last),
                                                    facts.position or 0)),
            media_type=DOCX,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    return render_json(facts, template, LOG_HEAD.get())
