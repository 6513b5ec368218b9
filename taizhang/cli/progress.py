"""Progress of long work (a demo load, a history moved in or out, a rebuild, an Excel import), in Chinese.

Shown on the terminal's error stream only when it is a terminal: piped or scripted, the output stays
exactly the command's answer.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

Advance = Callable[[int, int], None]
"""Called with (done, total) as the work goes on."""


@contextmanager
def progress_bar(description: str, shown: bool | None = None) -> Iterator[Advance]:
    """A bar labelled ``description`` (e.g. 载入演示数据), or nothing when not on a terminal."""
    if not (sys.stderr.isatty() if shown is None else shown):
        yield lambda done, total: None
        return
    columns = (TextColumn(description), BarColumn(), MofNCompleteColumn(), TextColumn("剩余"), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True)) as bar:
        task = bar.add_task(description, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)
