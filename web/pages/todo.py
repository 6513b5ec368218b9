"""我的待办: the first page after sign-in — what this person must do now, each line linking to where it is done.

The lists come from ``taizhang.todo`` (the read models, by the policy table); an administrator of a record
still being set up sees what set-up lacks first; an inspector, the latest checkpoint and whether it holds.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from domain.errors import DomainError
from taizhang.access.caller import Caller
from taizhang.access.policy import allows
from taizhang.audit.stores import audit_service, audit_store
from taizhang.setup_status import setup_steps
from taizhang.todo import Desk, Task, TaskList, my_tasks
from web.render import now, render
from web.session import require_caller, workspace_of
from web.workspace import Workspace

router = APIRouter()


def checkpoint_list(workspace: Workspace) -> TaskList:
    """The latest signed checkpoint, whether its signatures hold, and the way to check the whole log against it."""
    settings = workspace.context.settings
    if settings.store == "memory":
        return TaskList("checkpoint", "检查点", 0, [])
    if not audit_store(settings).checkpoints():
        return TaskList("checkpoint", "检查点", 1, [Task("本台账还没有签名检查点", "/audit/checkpoints")])
    try:
        checked = audit_service(workspace.app, settings).signed_checkpoints()
    except DomainError as error:
        return TaskList("checkpoint", "检查点", 1, [Task(f"检查点无法核验：{error.zh}", "/audit/checkpoints")])
    if not checked:
        return TaskList("checkpoint", "检查点", 1, [Task("还没有签名检查点", "/audit/checkpoints")])
    latest = checked[-1]
    witnessed = f"，见证 {len(latest.cosigned)} 方" if latest.cosigned else "，尚无见证"
    text = f"最新检查点覆盖 {latest.tree_size} 条事件，签名有效{witnessed}；核验全部记录是否与之一致"
    return TaskList("checkpoint", "检查点", 1, [Task(text, "/audit/checkpoints?verify=1")])


def lists_for(workspace: Workspace, caller: Caller, request: Request) -> tuple[list[TaskList], list[object]]:
    today = now(request).date()
    desk = Desk(workspace.reads, workspace.app.working_calendar, today, lambda: checkpoint_list(workspace))
    lists = my_tasks(caller, desk)
    setup = setup_steps(workspace.app, today) if allows("villages.register", caller.role) else []
    return lists, [step for step in setup if not step.done]


@router.get("/")
async def todo_page(request: Request) -> Response:
    caller = require_caller(request)
    workspace = workspace_of(request)
    lists, unfinished = await run_in_threadpool(lists_for, workspace, caller, request)
    return render(request, "todo.html", lists=lists, unfinished=unfinished, today=now(request).date(),
                  total=sum(found.count for found in lists if found.key != "checkpoint"))
