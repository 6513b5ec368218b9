"""Walking the web workspace as a signed-in person would: every page and download reachable by its links."""

from __future__ import annotations

import io
import re
import zipfile
from collections import deque
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from fastapi.testclient import TestClient

SKIPPED = ("/web/logout", "/web/static/", "/web/login")
_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{64}|ref=[^&]+")


def text_of(content: bytes, content_type: str) -> str:
    """What a person would read in an answer: a page's text, or the text inside a workbook or a document."""
    if content_type.startswith(("application/vnd.openxmlformats", "application/zip")):
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            return "\n".join(package.read(n).decode("utf-8", "replace") for n in package.namelist()
                             if n.endswith(".xml"))
    return content.decode("utf-8", "replace")


def kind_of(address: str) -> str:
    """The page an address is an instance of: its ids, digests and figure references made alike."""
    return _ID.sub("{id}", address)


def walk(browser: TestClient, start: list[str], limit: int = 120, per_kind: int | None = None,
         keep: Callable[[str], bool] = lambda _: True) -> dict[str, tuple[str, str]]:
    """Every page reachable from ``start`` by the links on the pages, up to ``limit`` (and ``per_kind`` pages of
    one kind): address → (content type, what it says)."""
    seen: dict[str, tuple[str, str]] = {}
    kinds: dict[str, int] = {}
    queue = deque(start)
    while queue and len(seen) < limit:
        address = queue.popleft()
        if address in seen or address.startswith(SKIPPED) or not keep(address):
            continue
        kind = kind_of(address)
        if per_kind is not None and kinds.get(kind, 0) >= per_kind:
            continue
        kinds[kind] = kinds.get(kind, 0) + 1
        answer = browser.get(address)
        assert answer.status_code < 500, (address, answer.status_code)
        content_type = answer.headers.get("content-type", "")
        seen[address] = (content_type, text_of(answer.content, content_type))
        if content_type.startswith("text/html"):
            for link in re.findall(r'href="([^"#]+)"', seen[address][1]):
                target = urljoin(str(answer.url), link.replace("&amp;", "&"))
                parts = urlsplit(target)
                if parts.path.startswith("/web/"):
                    queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


class VisibleText(HTMLParser):
    """The text of a page a person sees: text nodes outside scripts and styles, and the titles, alternative
    texts and placeholders shown on hover or in empty fields."""

    SHOWN_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "desc"):  # a chart's <desc> is its data, never drawn
            self._hidden += 1
        self.parts += [value for name, value in attrs if name in self.SHOWN_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "desc") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.parts
