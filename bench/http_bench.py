"""Commands and queries over HTTP on loopback against a real ``taizhang serve``, beside the in-process command rate.

    python -m bench.http_bench [--requests 400] [--seconds 30] [--concurrency 4] [--workers 1]
                               [--projections separate,in-server | --no-projections] [--store sqlite|postgres]
                               [--floor]

Each layout of the read models (``--projections``: in a process of their own, the recommended
production layout and the headline; in the server process, as a single-process install runs) gets its
own fresh store. A fresh SQLite store is initialised with ``taizhang init`` (an administrator account), one village is
registered over HTTP, and ``taizhang serve`` runs as its own process on a free 127.0.0.1 port. A
load generator (``--concurrency`` threads, each with its own keep-alive http.client connection, bounded by
``--requests`` and ``--seconds``) sends POST /problems with a bearer token, then a mix of the read
endpoints. The in-process figure is ``Taizhang.register_problem`` on its own SQLite store in this
process, measured in blocks alternating with the HTTP command phases; the target is HTTP commands
≥ 0.5 × that rate. Beside the rates, the JSON gives the CPU time per request of the server processes
(and per command of the projection process, measured until it has caught up) and per command in
process: the rates follow the disk's fsync time, the CPU costs much less so. The load generator
runs on the same machine and takes its share of the cores. With ``--floor`` (SQLite) the command phases
also load ``bench.http_floor`` — the same server stack answering each POST with one durable SQLite
insert and nothing of the product — and the commands are compared with that floor too (≥ 0.7).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from bench.command_bench import Commands, township
from bench.harness import Figure, Timings, fresh_store, report
from tests.support.servers import (
    LOOPBACK,
    Process,
    free_port,
    initialise,
    sign_in,
    start,
    start_projections,
    start_worker,
)

TARGET = 0.5
FLOOR_TARGET = 0.7
ROOT = Path(__file__).resolve().parent.parent
ADMIN, PASSWORD = "bench-admin", "bench-pass-2023"

Request = Callable[["Client", int], "Answer"]
"""Send request number ``n`` on a client; the answer's status and time are recorded."""


@dataclass
class Answer:
    status: int
    body: bytes
    method: str

    def json(self) -> Any:
        return json.loads(self.body)


class Client:
    """One keep-alive HTTP/1.1 connection from the standard library: far less client CPU per request
    than a full-featured client, so on two shared cores the server, not the load generator, is measured."""

    def __init__(self, url: str, timeout: float = 30) -> None:
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname or LOOPBACK, parts.port, timeout=timeout)

    def send(self, method: str, path: str, headers: dict[str, str], body: Any = None) -> Answer:
        payload = json.dumps(body).encode() if body is not None else None
        sent_headers = {**headers, "Content-Type": "application/json"} if payload is not None else headers
        self.connection.request(method, path, body=payload, headers=sent_headers)
        response = self.connection.getresponse()
        return Answer(response.status, response.read(), method)

    def get(self, path: str, headers: dict[str, str]) -> Answer:
        return self.send("GET", path, headers)

    def post(self, path: str, json: Any, headers: dict[str, str]) -> Answer:
        return self.send("POST", path, headers, json)

    def close(self) -> None:
        self.connection.close()


@dataclass
class LoadResult:
    latencies: dict[str, Timings] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    answers: list[Any] = field(default_factory=list)
    elapsed: float = 0.0
    sent: int = 0

    @property
    def rate(self) -> float:
        return self.sent / self.elapsed if self.elapsed else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "sent": self.sent,
            "seconds": round(self.elapsed, 2),
            "rate_per_s": round(self.rate, 1),
            "errors": dict(self.errors),
            "latency_ms": {name: {**t.summary_ms(), "p99_ms": round(t.percentile(99) * 1000, 2)}
                           for name, t in self.latencies.items()},
        }


def load(urls: list[str], requests: dict[str, Request], total: int, seconds: float, concurrency: int) -> LoadResult:
    """Send ``total`` requests (at most ``seconds`` long) round-robin over ``requests`` from ``concurrency`` threads.

    Thread ``i`` keeps one connection to worker ``i mod len(urls)``, as a proxy with keep-alive would.
    """
    result = LoadResult(latencies={name: Timings() for name in requests})
    names = list(requests)
    counter = iter(range(total))
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client_loop(url: str) -> None:
        client = Client(url)
        try:
            while time.monotonic() < deadline:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                name = names[n % len(names)]
                started = time.perf_counter()
                try:
                    answer: Answer | None = requests[name](client, n)
                    ok = answer is not None and answer.status < 400
                except (OSError, http.client.HTTPException):
                    answer, ok = None, False
                    client.close()
                    client = Client(url)
                took = time.perf_counter() - started
                with lock:
                    result.latencies[name].seconds.append(took)
                    result.sent += 1
                    if not ok:
                        key = f"{name}:{answer.status if answer is not None else 'transport'}"
                        result.errors[key] = result.errors.get(key, 0) + 1
                    elif answer is not None and answer.method == "POST":
                        result.answers.append(answer.json()["id"])
        finally:
            client.close()

    threads = [
        threading.Thread(target=client_loop, args=(urls[i % len(urls)],), name=f"load-{i}") for i in range(concurrency)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    result.elapsed = time.perf_counter() - started
    return result


def start_floor(folder: Path) -> tuple[Process, str]:
    """``bench.http_floor``: the server stack and one durable SQLite insert per command, nothing of the product."""
    port = free_port()
    args = [sys.executable, "-m", "bench.http_floor", "--port", str(port), "--db", str(folder / "floor.sqlite")]
    floor = Process("floor", start("floor", args, {**os.environ, "PYTHONPATH": str(ROOT)}, folder),
                    folder / "floor.log")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://{LOOPBACK}:{port}/", timeout=2).status_code == 200:
                return floor, f"http://{LOOPBACK}:{port}"
        except httpx.TransportError:
            time.sleep(0.1)
    floor.stop()
    raise RuntimeError(f"the floor server did not answer:\n{floor.log_tail()}")


def merged(parts: list[LoadResult]) -> LoadResult:
    whole = LoadResult()
    for part in parts:
        whole.sent += part.sent
        whole.elapsed += part.elapsed
        whole.answers += part.answers
        for name, timings in part.latencies.items():
            whole.latencies.setdefault(name, Timings()).seconds += timings.seconds
        for key, count in part.errors.items():
            whole.errors[key] = whole.errors.get(key, 0) + count
    return whole


LAYOUTS = {
    "separate": "projections in their own process (taizhang projections run beside the server)",
    "in-server": "projections in the server process",
    "none": "no projections at all",
}
"""How the read models are kept: the recommended production layout (docs/DEPLOYMENT.md) runs them in a
process of their own, a single-process install keeps them in the server. The first one asked is the headline."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="commands sent (and as many queries)")
    parser.add_argument("--seconds", type=float, default=30, help="bound on each load phase")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2, help="alternations of in-process and HTTP command phases")
    parser.add_argument("--projections", default="separate,in-server",
                        help=f"layouts to run, comma-separated, the first is the headline: {', '.join(LAYOUTS)}")
    parser.add_argument("--no-projections", action="store_true", help="the same as --projections none")
    parser.add_argument("--workers", type=int, default=1, help="taizhang serve processes on the one store")
    parser.add_argument("--store", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--floor", action="store_true",
                        help="also time the floor (bench.http_floor: the server stack and one SQLite insert)")
    args = parser.parse_args()
    layouts = ["none"] if args.no_projections else [x.strip() for x in args.projections.split(",") if x.strip()]
    unknown = [x for x in layouts if x not in LAYOUTS]
    if unknown:
        parser.error(f"unknown layout {', '.join(unknown)}; choose from {', '.join(LAYOUTS)}")
    figures: list[Figure] = []
    details: dict[str, Any] = {}
    for layout in layouts:
        got, details[layout] = run_layout(layout, args)
        figures += got
    report("http", figures, {"headline": layouts[0], "layouts": details,
                             "concurrency": args.concurrency, "workers": args.workers})


def run_layout(layout: str, args: argparse.Namespace) -> tuple[list[Figure], dict[str, Any]]:
    """One layout on stores of its own: ``taizhang init``, the servers (and the projection process), the load."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        with fresh_store(args.store, folder, "served") as served, fresh_store(args.store, folder, "inproc") as inproc:
            initialise(served, ADMIN, PASSWORD)
            started: list[Process] = []
            try:
                # In the server layout only the first worker projects; the others leave it to that one.
                workers = [
                    start_worker(served, folder, f"api-{i}", run_projections=layout == "in-server" and i == 0)
                    for i in range(args.workers)
                ]
                started += workers
                projector = start_projections(served, folder) if layout == "separate" else None
                if projector is not None:
                    started.append(projector)
                floor_url = None
                if args.floor and args.store == "sqlite":
                    floor, floor_url = start_floor(folder)
                    started.append(floor)
                figures, extra = run([w.url for w in workers], inproc, args, layout,
                                     [w.process.pid for w in workers], [projector.process.pid] if projector else [],
                                     floor_url)
                extra["server_rss_mb"] = [resident_mb(w.process.pid) for w in workers]
                if projector is not None:
                    extra["projection_rss_mb"] = resident_mb(projector.process.pid)
            finally:
                for process in reversed(started):
                    process.stop()
    return figures, extra


def resident_mb(pid: int) -> float | None:
    """The server process's resident memory (Linux), for sizing a machine that runs many workers."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def server_cpu_seconds(pids: list[int]) -> float:
    """User + system CPU the server processes have used (Linux): a cost per request that the shared
    machine's load moves far less than it moves the rates."""
    total = 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def settled(pids: list[int], quiet: float = 0.3, bound: float = 15.0) -> float:
    """The processes' CPU once they have gone quiet (the read models caught up with the last commands)."""
    deadline = time.monotonic() + bound
    used = server_cpu_seconds(pids)
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = server_cpu_seconds(pids)
        if now - used < 0.005:
            return now
        used = now
    return used


def run(
    urls: list[str], inproc_settings: Any, args: argparse.Namespace, layout: str, pids: list[int],
    projection_pids: list[int], floor_url: str | None = None,
) -> tuple[list[Figure], dict[str, Any]]:
    url = urls[0]
    headers = sign_in(url, ADMIN, PASSWORD)
    village = httpx.post(f"{url}/villages", json={"name": "基准村", "code": "b01"}, headers=headers, timeout=30)
    village.raise_for_status()
    village_id = village.json()["id"]
    body = {"source": "township_patrol", "category": "plastic_litter", "village_id": village_id,
            "place": "村口桥下", "description": "堆放生活垃圾两袋"}

    def register(client: Client, n: int) -> Answer:
        return client.post("/problems", json=body, headers=headers)

    app, inproc_village = township(inproc_settings)
    commands = Commands(app, inproc_village)
    for _ in range(5):  # warm both paths, untimed
        commands.register()
        load(urls, {"register": register}, len(urls), args.seconds, len(urls))
    inproc = Timings()
    http_parts: list[LoadResult] = []
    floor_parts: list[LoadResult] = []
    per_round = max(args.requests // args.rounds, 1)
    command_cpu = projection_cpu = inproc_cpu = 0.0
    everything = pids + projection_pids
    for _ in range(args.rounds):
        started = time.process_time()
        for _ in range(min(per_round, 200)):
            inproc.time(commands.register)
        inproc_cpu += time.process_time() - started
        settled(everything)
        server_before, projection_before = server_cpu_seconds(pids), server_cpu_seconds(projection_pids)
        http_parts.append(load(urls, {"register": register}, per_round, args.seconds, args.concurrency))
        settled(everything)  # the last commands' events projected, in the server or beside it
        command_cpu += server_cpu_seconds(pids) - server_before
        projection_cpu += server_cpu_seconds(projection_pids) - projection_before
        if floor_url is not None:
            floor_parts.append(load([floor_url], {"register": register}, per_round, args.seconds, args.concurrency))
    app.close()
    http = merged(http_parts)
    problems = http.answers or [None]

    queries: dict[str, Request] = {
        "GET /problems/{id}": lambda c, n: c.get(f"/problems/{problems[n % len(problems)]}", headers=headers),
        "GET /villages": lambda c, n: c.get("/villages", headers=headers),
        "GET /villages/{id}": lambda c, n: c.get(f"/villages/{village_id}", headers=headers),
        "GET /township": lambda c, n: c.get("/township", headers=headers),
    }
    before = server_cpu_seconds(pids)
    reads = load(urls, queries, args.requests, args.seconds, args.concurrency)
    query_cpu = server_cpu_seconds(pids) - before
    figure = Figure("http", args.store,
                    f"POST /problems x{args.concurrency} on {len(urls)} worker(s), projections {layout}, vs in-process",
                    http.rate, inproc.rate, TARGET, unit="req/s")
    sent = max(http.sent, 1)
    extra = {
        "layout": LAYOUTS[layout],
        "figure": figure.as_json(),
        "commands": http.summary(),
        "queries": reads.summary(),
        "in_process": inproc.summary_ms(),
        "server_cpu_ms_per_command": round(1000 * command_cpu / sent, 2),
        "projection_cpu_ms_per_command": round(1000 * projection_cpu / sent, 2) if projection_pids else None,
        "in_process_cpu_ms_per_command": round(1000 * inproc_cpu / max(len(inproc.seconds), 1), 2),
        "server_cpu_ms_per_query": round(1000 * query_cpu / max(reads.sent, 1), 2),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
    print(figure.line(), flush=True)
    figures = [figure]
    if floor_parts:
        floor = merged(floor_parts)
        extra["floor"] = floor.summary()
        figures.append(Figure(
            "http", args.store, f"POST /problems x{args.concurrency}, projections {layout}, vs the floor", http.rate,
            floor.rate, FLOOR_TARGET, unit="req/s",
            miss="FastAPI's routing, validation and dependencies, the access rules and the aggregate's command "
                 "beside one bare insert; next: bench.http_bench --profile of the server"))
        print(figures[-1].line(), flush=True)
    return figures, extra


if __name__ == "__main__":
    main()
