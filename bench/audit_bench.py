"""Audit verification throughput against plain SHA-256 of the same bytes; memory stays bounded.

    .venv/bin/python bench/audit_bench.py [--events N] [--export-events N] [--store-events N]

1. hashing: RFC 9162 leaf + tree hashing (RootAccumulator) vs hashlib.sha256 over the same leaf bytes;
2. offline verification of an export folder (parse, canonical check, leaf, tree, checkpoint) in events/s;
3. optionally, a SQLite store of N real events: first checkpoint and full store verification.
Peak memory (max RSS) is printed after each part.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from taizhang.audit import keys, verifier
from taizhang.audit.checkpoint import sign_note, township_vkey
from taizhang.audit.merkle import RootAccumulator, leaf_hash
from taizhang.audit.verifier import AuditedEvent

BLOCK = 20_000


def sample_event(position: int) -> AuditedEvent:
    """An event shaped like the store's: a UUID, a topic, ~400 bytes of JSON state with Chinese text."""
    state = {
        "timestamp": {"_type_": "datetime_iso", "_data_": "2023-03-01T08:00:00+00:00"},
        "originator_topic": "domain.problem:Problem",
        "actor": "clerk-07",
        "occurred_at": {"_type_": "datetime_iso", "_data_": "2023-03-01T07:30:00+00:00"},
        "place": f"东沟村{position % 97}组 村口",
        "description": "路边堆放生活垃圾，塑料袋较多，需清运" + str(position),
        "evidence": [{"sha256": hashlib.sha256(str(position).encode()).hexdigest(), "name": "photo.jpg"}],
    }
    return AuditedEvent(
        position, str(uuid.UUID(int=position * 7919)), position % 9 + 1, "domain.problem:Problem.Registered",
        json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode(),
    )


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_hashing(events: int, trials: int = 5) -> dict[str, float]:
    """Alternate the two measurements ``trials`` times and keep each one's best: the machine is shared."""
    leaves = [sample_event(i + 1).leaf() for i in range(BLOCK)]
    passes, rest = divmod(events, BLOCK)
    chunks = [leaves] * passes + ([leaves[:rest]] if rest else [])
    sha256 = hashlib.sha256

    def plain() -> float:
        started = time.perf_counter()
        for chunk in chunks:
            for leaf in chunk:
                sha256(leaf).digest()
        return time.perf_counter() - started

    def merkle() -> float:
        tree = RootAccumulator()
        started = time.perf_counter()
        for chunk in chunks:
            for leaf in chunk:
                tree.add_leaf(leaf)
        tree.root()
        return time.perf_counter() - started

    timings = [(plain(), merkle()) for _ in range(trials)]
    best_plain = min(t[0] for t in timings)
    best_merkle = min(t[1] for t in timings)
    ratios = sorted(p / m for p, m in timings)
    return {
        "events": events, "leaf_bytes_mean": round(sum(map(len, leaves)) / len(leaves)),
        "plain_sha256_per_s": events / best_plain, "merkle_per_s": events / best_merkle,
        "ratio_of_best": best_plain / best_merkle, "ratio_median": ratios[len(ratios) // 2],
    }


def events_stream(count: int) -> Iterator[AuditedEvent]:
    return (sample_event(i + 1) for i in range(count))


def write_export(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    key_dir = folder / "keys"
    keys.generate(key_dir)
    signer = keys.load_private(key_dir)
    tree = RootAccumulator()
    with open(folder / verifier.EVENTS, "wb") as file:
        for event in events_stream(count):
            file.write(event.export_line())
            tree.add_leaf_hash(leaf_hash(event.leaf()))
    (folder / verifier.CHECKPOINTS).mkdir()
    note = sign_note("taizhang/bench", tree.size, tree.root(), signer)
    (folder / verifier.CHECKPOINTS / f"{tree.size}.txt").write_bytes(note.text())
    (folder / verifier.TOWNSHIP_KEY).write_text(township_vkey("taizhang/bench", signer.public_key()).text() + "\n")


def bench_export(count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_export(folder, count)
        started = time.perf_counter()
        report = verifier.verify_export(folder)
        verify = time.perf_counter() - started
        started = time.perf_counter()
        with open(folder / verifier.EVENTS, "rb") as file:
            for line in file:
                hashlib.sha256(line).digest()
        plain = time.perf_counter() - started
        assert report.ok and report.events_checked == count
    return {
        "events": count,
        "plain_sha256_lines_per_s": count / plain,
        "verify_per_s": count / verify,
        "ratio": plain / verify,
    }


def bench_store(count: int) -> dict[str, float]:
    from domain.organisation import Village
    from taizhang.audit.stores import audit_service
    from taizhang.bootstrap import build_app
    from taizhang.clock import SimulatedClock
    from taizhang.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(store="sqlite", data_dir=Path(tmp))
        app = build_app(settings, SimulatedClock(datetime(2023, 3, 1, tzinfo=UTC)))
        app.init_store("simulation", "示例镇", "demo", "admin")
        township = app.township()
        written, started = 2, time.perf_counter()
        while written < count:
            size = min(5000, count - written)
            act = app.act("bench")
            app.save(*[Village.register(township.id, f"村{written + i}", f"v{written + i}", act) for i in range(size)])
            written += size
        fill = time.perf_counter() - started
        keys.generate(Path(tmp) / "keys")
        audit = audit_service(app, settings, Path(tmp) / "keys")
        started = time.perf_counter()
        checkpoint = audit.checkpoint()
        first_checkpoint = time.perf_counter() - started
        started = time.perf_counter()
        report = audit.verify()
        verify = time.perf_counter() - started
        assert report.ok and checkpoint.tree_size == count
        app.close()
    return {
        "events": count, "fill_per_s": count / fill, "first_checkpoint_per_s": count / first_checkpoint,
        "store_verify_per_s": count / verify,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--export-events", type=int, default=200_000)
    parser.add_argument("--store-events", type=int, default=0)
    args = parser.parse_args()
    for name, run, count in [
        ("hashing", bench_hashing, args.events),
        ("export verification", bench_export, args.export_events),
        ("store checkpoint + verification (SQLite)", bench_store, args.store_events),
    ]:
        if count:
            result = run(count)
            shown = {k: (round(v, 2) if isinstance(v, float) else v) for k, v in result.items()}
            print(f"{name}: {json.dumps(shown)}  max RSS {max_rss_mb():.0f} MB", flush=True)


if __name__ == "__main__":
    main()
