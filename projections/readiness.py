"""Whether the read models may answer yet: caught up with the log as it stood when the server started.

A server that starts on a store whose read models are behind would otherwise answer from half-projected
tables, every figure short and nothing saying so. Until they reach the head of the log as of start-up,
reads are refused with a refusal that says to retry; from then on each answer says its position.
"""

from __future__ import annotations

import threading

from projections.runner import Projector, ReadModelsBehind


class Readiness:
    def __init__(self, projector: Projector, target: int) -> None:
        self.projector = projector
        self.target = target  # the log's head when the server started
        self._ready = target == 0
        self._lock = threading.Lock()

    def ready(self) -> bool:
        """True once the read models have reached the start-up head (then for good: later lag is said per answer)."""
        if self._ready:
            return True
        reached = self.projector.position()
        with self._lock:
            self._ready = self._ready or reached >= self.target
        return self._ready

    def check(self) -> None:
        """Refuse a read while the read models still catch up with the record the server started on."""
        if self.ready():
            return
        reached = self.projector.position()
        raise ReadModelsBehind(
            f"服务器刚启动，读模型正在追赶台账（已到位置 {reached}，共 {self.target}），请稍后重试",
            f"the server has just started and its read models are catching up ({reached} of {self.target}); "
            "retry shortly",
            position=self.target, reached=reached, retry_after_seconds=1,
        )
