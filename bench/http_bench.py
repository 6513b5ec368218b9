"""Commands and queries over HTTP on loopback against a real ``taizhang serve``, beside the in-process command rate.

    python -m bench.http_bench [--requests 400] [--seconds 30] [--concurrency 4] [--workers 1] [--no-projections]

A fresh SQLite store is initialised with ``taizhang init`` (an administrator account), one village is
registered over HTTP, and ``taizhang serve`` runs as its own process on a free 127.0.0.1 port. A
load generator (``--concurrency`` threads, each with its own keep-alive http.client connection, bounded by
``--requests`` and ``--seconds``) sends POST /problems with a bearer token, then a mix of the read
endpoints. The in-process figure is ``Taizhang.register_problem`` on its own SQLite store in this
process, measured in blocks alternating with the HTTP command phases; the target is HTTP commands
≥ 0.5 × that rate. Beside the rates, the JSON gives the CPU time per request of the server processes
and per command in process: the rates follow the disk's fsync time, the CPU costs much less so.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
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
from bench.servers import LOOPBACK, initialise, sign_in, start_worker

TARGET = 0.5
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

    def post(self, path: str, json: Any, headers: dict[str, str]) -> Answer:  # noqa: A002 - as httpx names it
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="commands sent (and as many queries)")
    parser.add_argument("--seconds", type=float, default=30, help="bound on each load phase")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2, help="alternations of in-process and HTTP command phases")
    parser.add_argument("--no-projections", action="store_true", help="serve with TAIZHANG_RUN_PROJECTIONS=false")
    parser.add_argument("--workers", type=int, default=1, help="taizhang serve processes on the one store")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        with fresh_store("sqlite", folder, "served") as served, fresh_store("sqlite", folder, "inproc") as inproc:
            initialise(served, ADMIN, PASSWORD)
            # Only the first worker projects (if any does); the others leave it to that one.
            workers = [
                start_worker(served, folder, f"api-{i}", run_projections=i == 0 and not args.no_projections)
                for i in range(args.workers)
            ]
            try:
                figures, extra = run([w.url for w in workers], inproc, args, [w.process.pid for w in workers])
                extra["server_rss_mb"] = [resident_mb(w.process.pid) for w in workers]
            finally:
                for worker in workers:
                    worker.stop()
    report("http", figures, extra)


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


def run(
    urls: list[str], inproc_settings: Any, args: argparse.Namespace, pids: list[int]
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
    per_round = max(args.requests // args.rounds, 1)
    command_cpu = inproc_cpu = 0.0
    for _ in range(args.rounds):
        started = time.process_time()
        for _ in range(min(per_round, 200)):
            inproc.time(commands.register)
        inproc_cpu += time.process_time() - started
        before = server_cpu_seconds(pids)
        http_parts.append(load(urls, {"register": register}, per_round, args.seconds, args.concurrency))
        time.sleep(0.5)  # the server projects the last commands' events
        command_cpu += server_cpu_seconds(pids) - before
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
    figure = Figure("http", "sqlite", f"POST /problems x{args.concurrency} on {len(urls)} worker(s) vs in-process",
                    http.rate, inproc.rate, TARGET, unit="req/s")
    extra = {
        "commands": http.summary(),
        "queries": reads.summary(),
        "in_process": inproc.summary_ms(),
        "server_cpu_ms_per_command": round(1000 * command_cpu / max(http.sent, 1), 2),
        "in_process_cpu_ms_per_command": round(1000 * inproc_cpu / max(len(inproc.seconds), 1), 2),
        "server_cpu_ms_per_query": round(1000 * query_cpu / max(reads.sent, 1), 2),
        "concurrency": args.concurrency,
        "workers": len(urls),
        "projections_in_server": not args.no_projections,
    }
    print(figure.line(), flush=True)
    return [figure], extra


if __name__ == "__main__":
    main()
