"""A PostgreSQL server of the test's own, whose databases live on a tiny tmpfs that can really fill up.

A full tablespace must never be staged on the shared test server: unmounting a tmpfs from under a
running server crashed it. So this one is started from the installed server binaries (as the
``postgres`` OS user, which the server insists on), listens only on a unix socket in its own folder,
keeps its data folder and write-ahead log on the ordinary disk and puts one tablespace on a tmpfs
mounted here. It is stopped before the tmpfs is unmounted, and everything is removed even when the
test fails.
"""

from __future__ import annotations

import errno
import os
import pwd
import random
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from taizhang.settings import Settings

OS_USER = "postgres"
TABLESPACE = "tiny"
CHUNK = 64 * 1024


def server_binaries() -> Path | None:
    """The newest installed server's bin folder (Debian's layout), if it has what a server needs."""
    versions = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if p.parent.name.isdigit()]
    for folder in sorted(versions, key=lambda p: int(p.parent.name), reverse=True):
        if all((folder / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


def missing_facility() -> str | None:
    """What this machine lacks to run a throwaway server on a tmpfs, or None."""
    if os.geteuid() != 0:
        return "mounting a tmpfs for PostgreSQL's tablespace needs root"
    if server_binaries() is None:
        return "no PostgreSQL server binaries (initdb, pg_ctl, postgres) under /usr/lib/postgresql/*/bin"
    try:
        pwd.getpwnam(OS_USER)
    except KeyError:
        return f"no '{OS_USER}' OS user to run a throwaway PostgreSQL server as"
    if shutil.which("mount") is None or shutil.which("runuser") is None:
        return "no mount or runuser command"
    return None


class MissingFacility(Exception):
    """The machine turned out not to allow what the throwaway server needs."""


@dataclass
class TinyDisk:
    """The tmpfs under the tablespace; a filler file written by root takes whatever space is left."""

    mount: Path

    @property
    def filler(self) -> Path:
        return self.mount / "filler"

    def fill(self) -> None:
        """Write until the tmpfs refuses: in 64 KiB pieces, then a memory page at a time for the rest."""
        with self.filler.open("ab", buffering=0) as out:
            for piece in (b"\0" * CHUNK, b"\0" * 4096):
                try:
                    while out.write(piece):
                        pass
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)

    def free_bytes(self) -> int:
        stats = os.statvfs(self.mount)
        return stats.f_bavail * stats.f_frsize


@dataclass
class ThrowawayServer:
    socket_dir: Path
    port: int
    disk: TinyDisk
    databases: list[str] = field(default_factory=list)

    def dsn(self, dbname: str) -> str:
        return f"postgresql://{OS_USER}@/{dbname}?host={self.socket_dir}&port={self.port}"

    def new_database(self) -> Settings:
        """A fresh database whose every table and index lives on the tiny tmpfs."""
        name = f"taizhang_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}" TABLESPACE {TABLESPACE}')
        self.databases.append(name)
        return Settings(store="postgres", postgres_dsn=self.dsn(name), postgres_dbname=name, postgres_schema="public")


    def drop_databases(self) -> None:
        """Give the tmpfs back for the next test (FORCE: a closed pool may still hold a session)."""
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as db:
            while self.databases:
                db.execute(f'DROP DATABASE "{self.databases.pop()}" WITH (FORCE)')


def as_postgres(*command: str | Path) -> None:
    subprocess.run(["runuser", "-u", OS_USER, "--", *map(str, command)], check=True, capture_output=True, timeout=60)


@contextmanager
def throwaway_postgres_on_tmpfs(tmpfs_size: str = "24m") -> Iterator[ThrowawayServer]:
    """Start the server, mount the tmpfs, make the tablespace; on the way out stop, unmount, remove."""
    binaries = server_binaries()
    assert binaries is not None, missing_facility()
    owner = pwd.getpwnam(OS_USER)
    # Not under pytest's tmp_path: its folders are private to root, and the server runs as postgres.
    root = Path(tempfile.mkdtemp(prefix="taizhang-pgfull-"))
    data, tiny = root / "data", root / "tiny"
    port = random.randint(20_000, 60_000)  # only names the socket file; nothing listens on TCP
    with ExitStack() as cleanup:
        cleanup.callback(shutil.rmtree, root, ignore_errors=True)
        os.chown(root, owner.pw_uid, owner.pw_gid)
        as_postgres(binaries / "initdb", "-D", data, "-U", OS_USER, "--auth=trust", "-E", "UTF8",
                    "--locale=C.UTF-8", "--no-sync")
        tiny.mkdir()
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={tmpfs_size},mode=0700", "tmpfs", str(tiny)],
                                 capture_output=True, text=True, check=False)
        if mounted.returncode != 0:  # root, yet not allowed to mount (a container without CAP_SYS_ADMIN)
            raise MissingFacility(f"mounting a tmpfs failed: {mounted.stderr.strip()}")
        # Registered before the server's stop, so it runs after it: never unmount under a running server.
        cleanup.callback(_unmount, tiny)
        os.chown(tiny, owner.pw_uid, owner.pw_gid)
        (tiny / "tablespace").mkdir()
        os.chown(tiny / "tablespace", owner.pw_uid, owner.pw_gid)
        options = (f"-k {root} -c listen_addresses='' -p {port} -c shared_buffers=16MB -c max_connections=40 "
                   "-c autovacuum=off")
        cleanup.callback(_stop, binaries, data)
        as_postgres(binaries / "pg_ctl", "-D", data, "-l", root / "server.log", "-w", "-o", options, "start")
        server = ThrowawayServer(root, port, TinyDisk(tiny))
        with psycopg.connect(server.dsn("postgres"), autocommit=True) as db:
            db.execute(f"CREATE TABLESPACE {TABLESPACE} LOCATION '{tiny / 'tablespace'}'")
        yield server


def _stop(binaries: Path, data: Path) -> None:
    if (data / "postmaster.pid").exists():
        as_postgres(binaries / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")


def _unmount(where: Path) -> None:
    if subprocess.run(["umount", str(where)], capture_output=True, check=False).returncode != 0:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)
