"""The county witness's mirror of leaf hashes: its size on disk per million events, and what co-signing costs.

    .venv/bin/python -m bench.witness_mirror_bench [--events N] [--every N]

A witness co-signs a log of N events (default a million) one checkpoint every ``--every`` events
(default 1,000: a busy township on the server's schedule), each with its leaves sent first, as the
township's server does; then a second witness, set up late, takes the whole list in one sending.
Printed: witness.sqlite's size per million events (and after VACUUM), milliseconds per co-signing,
leaves checked per second, and the time to read the mirror back (what `audit verify --witness` fetches).
"""

from __future__ import annotations

import argparse
import base64
import functools
import hashlib
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from taizhang.audit import proofs
from taizhang.audit.checkpoint import sign_note, township_vkey
from taizhang.audit.merkle import node_hash, split_point
from taizhang.audit.witnessing import fetch_mirror
from taizhang.witness.cosigner import Witness, init_folder
from taizhang.witness.server import create_witness_app

ORIGIN = "taizhang/bench"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--every", type=int, default=1_000)
    args = parser.parse_args()
    n, every = args.events, args.every
    leaves = [hashlib.sha256(i.to_bytes(8, "big")).digest() for i in range(n)]

    @functools.cache
    def subtree(start: int, stop: int) -> bytes:  # perfect subtrees recur from proof to proof: computed once
        if stop - start == 1:
            return leaves[start]
        k = split_point(stop - start)
        return node_hash(subtree(start, start + k), subtree(start + k, stop))

    proofs._subtree_root = lambda _hashes, start, stop: subtree(start, stop)  # type: ignore[assignment]
    key = Ed25519PrivateKey.generate()
    with tempfile.TemporaryDirectory() as tmp:
        witness = _witness(Path(tmp) / "w", key)
        spent = 0.0
        old = 0
        for new in [*range(every, n, every), n]:
            path = proofs.consistency_path(lambda a, b: leaves[a:b], old, new) if old else []
            note = sign_note(ORIGIN, new, subtree(0, new), key).text()
            request = "".join([f"old {old}\n", *(base64.b64encode(h).decode() + "\n" for h in path), "\n"])
            body = b"leaves %d\n" % old + b"".join(leaves[old:new])
            began = time.perf_counter()
            assert witness.add_leaves(ORIGIN, body).status == 200
            answer = witness.add_checkpoint(request.encode() + note)
            spent += time.perf_counter() - began
            assert answer.status == 200, answer.body
            old = new
        checkpoints = -(-n // every)
        _sizes(f"co-signed every {every} events", Path(tmp) / "w" / "witness.sqlite", n)
        print(f"  co-signing (leaves checked and stored, checkpoint co-signed): {spent / checkpoints * 1000:.1f} ms "
              f"a checkpoint of {every} events, {checkpoints} checkpoints")
        began = time.perf_counter()
        mirrored = witness.store.mirrored(ORIGIN, 0, n)
        print(f"  reading the whole mirror back: {time.perf_counter() - began:.2f} s, {len(mirrored):,} bytes")
        assert mirrored == b"".join(leaves)
        began = time.perf_counter()
        with _served(Path(tmp) / "w") as url:
            fetched = fetch_mirror(url, ORIGIN, n)
        print(f"  fetching it over HTTP on loopback (as `audit verify --witness` does): "
              f"{time.perf_counter() - began:.2f} s")
        assert fetched == mirrored

        late = _witness(Path(tmp) / "late", key)
        note = sign_note(ORIGIN, n, subtree(0, n), key).text()
        began = time.perf_counter()
        assert late.add_leaves(ORIGIN, b"leaves 0\n" + b"".join(leaves)).status == 200
        staged = time.perf_counter() - began
        assert late.add_checkpoint(b"old 0\n\n" + note).status == 200
        whole = time.perf_counter() - began
        print(f"\nthe whole list at once ({n:,} leaves): checked in {staged:.2f} s ({n / staged:,.0f} leaves/s), "
              f"co-signed and stored in {whole:.2f} s")
        _sizes("whole list at once", Path(tmp) / "late" / "witness.sqlite", n)


@contextmanager
def _served(folder: Path) -> Iterator[str]:
    server = uvicorn.Server(uvicorn.Config(create_witness_app(folder), host="127.0.0.1", port=0, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)


def _witness(folder: Path, township: Ed25519PrivateKey) -> Witness:
    init_folder(folder, "bench.example/w")
    witness = Witness(folder)
    witness.add_log(township_vkey(ORIGIN, township.public_key()).text())
    return witness


def _sizes(label: str, path: Path, n: int) -> None:
    size = path.stat().st_size
    with sqlite3.connect(path) as db:
        free = db.execute("PRAGMA freelist_count").fetchone()[0] * db.execute("PRAGMA page_size").fetchone()[0]
        db.execute("DELETE FROM staged")
    with sqlite3.connect(path, isolation_level=None) as db:
        db.execute("VACUUM")
    vacuumed = path.stat().st_size
    per_million = 1_000_000 / n
    print(f"{label}: witness.sqlite {size / 1e6 * per_million:.1f} MB per million events "
          f"({size / n:.1f} bytes an event; {free / 1e6:.1f} MB of it free pages); "
          f"after VACUUM {vacuumed / 1e6 * per_million:.1f} MB ({vacuumed / n:.1f} bytes an event)")


if __name__ == "__main__":
    main()
