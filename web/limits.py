"""Every form the workspace takes: a session before its body is read (sign-in aside), and a body limit.

A form posted without a valid session is sent to the sign-in page before a byte of it is read; a body
larger than its limit is refused by its Content-Length or as soon as it passes the limit
(``taizhang.bodies``). Forms that carry photos and videos may be as large as one evidence file and the
form around it; every other form, sign-in included, is small.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from starlette._utils import get_route_path
from starlette.datastructures import Headers
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from taizhang.access.refusals import NotSignedIn
from taizhang.bodies import KIB, MULTIPART_OVERHEAD, declared_length, limited, too_large
from web.session import SESSION_COOKIE
from web.workspace import Workspace

FORM_LIMIT = 64 * KIB
# The forms with a file field: evidence (a problem's, a rectification's, a patrol's photos, a public report's,
# a work record's),
# a photo of a printout's code, an Excel roster or ledger, a rule version's document, a 约谈's signed record.
# The photos of one form together stay within one evidence file's limit.
UPLOADS = re.compile(
    r"^/(problems(/[^/]+/rectification)?|verify|setup/roster|patrols(/[^/]+/correct)?|reports|imports/ledger"
    r"|rules(/preview)?|cases/[^/]+/interview|work)$"
)
PUBLIC_FORMS = frozenset({"/login"})
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class FormLimits:
    def __init__(self, app: ASGIApp, workspace: Workspace) -> None:
        self.app = app
        self.workspace = workspace

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        path = get_route_path(scope)
        headers = Headers(scope=scope)
        if path not in PUBLIC_FORMS and not self.signed_in(headers):
            root = scope.get("root_path", "")
            await RedirectResponse(f"{root}/login?next={quote(path, safe='')}", status_code=303)(scope, receive, send)
            return
        limit = self.workspace.context.settings.evidence_max_bytes + MULTIPART_OVERHEAD if UPLOADS.match(path) \
            else FORM_LIMIT
        length = declared_length(headers)
        if length is not None and length > limit:
            receive = refusing(limit)  # the page answers 413 when it first reads the form
        await self.app(scope, limited(receive, limit), send)

    def signed_in(self, headers: Headers) -> bool:
        token = next((value for name, value in _cookies(headers) if name == SESSION_COOKIE), None)
        if not token:
            return False
        try:
            return self.workspace.context.identify(f"Bearer {token}", None) is not None
        except NotSignedIn:
            return False


def refusing(limit: int) -> Receive:
    async def receive() -> dict[str, object]:
        raise too_large(limit)

    return receive


def _cookies(headers: Headers) -> list[tuple[str, str]]:
    pairs = []
    for header in headers.getlist("cookie"):
        for part in header.split(";"):
            name, _, value = part.strip().partition("=")
            pairs.append((name, value))
    return pairs
