"""Measure the accountability cases read model: its rebuild against the raw read+decode rate, and its queries as
history grows.

    python -m bench.cases_bench --sizes 10000,100000 [--store sqlite|postgres] [--cases-per-1000 20]

One deterministic history per size (the problems of ``tests.support.history``) with accountability cases among
them: every 1 000 events, ``--cases-per-1000`` cases are opened and each open case takes its next step (约谈,
commitment, follow-up, then closing; one in four is escalated to 通报批评 and one in eight on to the county), so
cases grow with the history as a township's do. In a fresh process: the raw rate of reading and decoding every
event (the limit: a rebuild of one model still reads the whole log), then a side-by-side rebuild of the cases
model alone. Then p50/p95 of the desk's questions (``query_set``), the sizes taking turns call by call.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import platform
import resource
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import date, timedelta
from typing import Any

from bench.harness import Figure
from bench.projections_bench import latencies, raw_read_rate, simulated_store
from domain.acts import Act
from domain.cases.case import AccountabilityCase, CaseStage
from projections.cases import CaseQueries, cases_of_year
from projections.rebuild import rebuild
from projections.runner import Projector
from taizhang.bootstrap import build_app, build_read_store
from taizhang.settings import Settings
from tests.support.history import HistoryMaker

REBUILD_TARGET = 0.5  # of the read+decode rate, as for the read models together (bench.projections_bench)
GROWTH_TARGET = 1 / 1.5  # small p95 / large p95
PAGE = 50  # cases on one page of the list, as the ledger's page
RESPONDENTS = [{"person_id": "00000000-0000-0000-0000-0000000000a1", "name": "潘晓", "role": "village_secretary"},
               {"person_id": "00000000-0000-0000-0000-0000000000a2", "name": "朱伟", "role": "village_contact_cadre"}]


class CaseMaker:
    """Opens cases among the history's days and carries each a step further each time it is called."""

    def __init__(self, maker: HistoryMaker) -> None:
        self.maker = maker
        self.open: list[AccountabilityCase] = []
        self.opened = 0

    def act(self, actor: str) -> Act:
        return self.maker.act(actor)

    def add(self, count: int) -> None:
        moved: list[AccountabilityCase] = []
        for case in self.open:
            self._step(case)
            moved.append(case)
        for _ in range(count):
            self.opened += 1
            village = self.maker.villages[self.opened % len(self.maker.villages)]
            day = self.maker.now.date()
            case = AccountabilityCase.open(f"overdue:{day.isoformat()}:{village.id}:{self.opened}", "overdue",
                                           village.id, day, "该村有 3 个问题超过整改期限 10 个工作日以上仍未整改",
                                           [f"p{self.opened}"], RESPONDENTS, self.act("sun.guohua"))
            moved.append(case)
        self.open = [c for c in moved if c.stage not in (CaseStage.CLOSED, CaseStage.ESCALATED)]
        self.maker._save(*moved)

    def _step(self, case: AccountabilityCase) -> None:
        n = int(case.trigger_key.rsplit(":", 1)[1])
        today: date = self.maker.now.date()
        if case.stage == CaseStage.OPENED:
            case.hold_interview(today, ["潘晓", "朱伟"], "约谈村干部，指出逾期问题", [], self.act("sun.guohua"))
        elif case.stage == CaseStage.INTERVIEWED:
            case.commit("十个工作日内全部整改到位", today + timedelta(days=14), self.act("sun.guohua"))
        elif case.stage == CaseStage.COMMITTED:
            case.check_follow_up(n % 4 != 0, "回访核查现场", self.act("sun.guohua"))
        elif case.stage == CaseStage.FOLLOWED_UP and case.follow_up_met:
            case.close("承诺兑现，结案", self.act("li.ming"))
        elif case.stage == CaseStage.FOLLOWED_UP:
            case.escalate("notice_criticism", "承诺未兑现", self.act("sun.guohua"))
            if n % 8 == 0:
                case.escalate("county", "通报后仍未整改", self.act("sun.guohua"))


def make_history(maker: HistoryMaker, cases: CaseMaker, size: int, per_1000: int) -> None:
    while maker.events < size:
        maker.make(1000)
        cases.add(per_1000)


def read_and_rebuild(settings: Settings, batch: int) -> dict[str, float]:
    """In a fresh process: the raw read+decode rate, then a side-by-side rebuild of the cases model alone."""
    app = build_app(settings)
    projector = Projector(app, build_read_store(settings), batch_size=batch)
    try:
        raw = raw_read_rate(projector)
        started = time.perf_counter()
        rebuild(projector, "cases")
        elapsed = time.perf_counter() - started
        events = projector.head()
    finally:
        projector.store.close()
        app.close()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"raw": raw, "rate": events / elapsed, "seconds": elapsed, "peak_mb": peak_kb / 1024}


def query_set(projector: Projector, maker: HistoryMaker) -> dict[str, Callable[[], Any]]:
    """What the inspector's desk asks: the newest page of cases now and as of a past moment, the open cases by
    village (the red and black list), and the cases the last year's year-end counts."""
    queries, store = CaseQueries(projector.store), projector.store
    past = maker.now - timedelta(days=10)
    year = maker.now.year

    def year_end_cases() -> Any:
        with store.reading() as tx:
            return cases_of_year(tx, projector.head(), year)

    return {
        "cases_page_now": lambda: queries.page(limit=PAGE),
        "cases_page_as_of_10_days_ago": lambda: queries.page(past, limit=PAGE),
        "open_cases_by_village": queries.open_by_village,
        "cases_of_the_year": year_end_cases,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated event counts")
    parser.add_argument("--store", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--cases-per-1000", type=int, default=20,
                        help="cases opened per 1 000 events (20: the smallest history still fills a page of 50)")
    args = parser.parse_args()
    results, query_sets = [], []
    with ExitStack() as stack:
        for size in sorted(int(s) for s in args.sizes.split(",")):
            settings, projector = simulated_store(stack, args.store, args.batch)
            app = projector.app
            maker = HistoryMaker(app, args.seed)
            cases = CaseMaker(maker)
            started = time.perf_counter()
            make_history(maker, cases, size, args.cases_per_1000)
            generated = time.perf_counter() - started
            projector.catch_up()
            with multiprocessing.get_context("spawn").Pool(1) as pool:
                child = pool.apply(read_and_rebuild, (settings, args.batch))
            steps = sum(len(c.steps) for c in CaseQueries(projector.store).cases()[0])
            with projector.store.reading() as tx:
                of_the_year = len(cases_of_year(tx, projector.head(), maker.now.year))
            result: dict[str, Any] = {
                "events": projector.head(), "cases": cases.opened, "case_steps": steps,
                "cases_in_the_year": of_the_year,
                "generate_s": round(generated, 1),
                "read_decode_events_per_s": round(child["raw"]), "cases_rebuild_events_per_s": round(child["rate"]),
                "ratio": round(child["rate"] / child["raw"], 2), "cases_rebuild_s": round(child["seconds"], 2),
                "rebuild_peak_rss_mb": round(child["peak_mb"]),
            }
            print(json.dumps(result), flush=True)
            results.append(result)
            query_sets.append(query_set(projector, maker))
        # As the server does once caught up (TAIZHANG_GC_FREEZE, issue 21): the generators' millions of objects
        # leave the collector's walks, which would otherwise bill the largest history for the bench's own heap.
        gc.freeze()
        for result, measured in zip(results, latencies(query_sets, args.repeat), strict=True):
            result.update(measured)
    for line in verdicts(args.store, results):
        print(line, flush=True)
    print(json.dumps({"store": args.store, "machine": platform.platform(), "python": platform.python_version(),
                      "results": results}, indent=2))


def verdicts(store: str, results: list[dict[str, Any]]) -> list[str]:
    lines = [
        Figure("cases", store, f"cases rebuild vs read+decode, {r['events']} ev", r["cases_rebuild_events_per_s"],
               r["read_decode_events_per_s"], REBUILD_TARGET, unit="ev/s").line()
        for r in results
    ]
    if len(results) > 1:
        small, large = results[0], results[-1]
        lines += [
            Figure("cases", store, f"{name}: p95 {small['events']} / {large['events']} ev",
                   small[name]["p95_ms"], large[name]["p95_ms"], GROWTH_TARGET, unit="ms").line()
            for name, timed in small.items() if isinstance(timed, dict) and name != YEAR_QUERY
        ]
        # A year's cases are the answer itself: the smallest history is a month, the largest years, so the answer
        # is many times longer. What must not grow with the record is the time per case answered.
        per_case = [1000 * r[YEAR_QUERY]["p95_ms"] / max(r["cases_in_the_year"], 1) for r in (small, large)]
        lines.append(Figure("cases", store, f"{YEAR_QUERY} per case ({small['cases_in_the_year']} / "
                            f"{large['cases_in_the_year']} cases): p95 {small['events']} / {large['events']} ev",
                            round(per_case[0], 1), round(per_case[1], 1), GROWTH_TARGET, unit="µs").line())
    return lines


YEAR_QUERY = "cases_of_the_year"


if __name__ == "__main__":
    main()
