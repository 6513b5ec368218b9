"""Personal keys for crypto-shredding: each reporter's identity is sealed under a key of their own.

Destroying the key makes every copy of the sealed identity (in the event store, in backups) unreadable,
without rewriting a single event. The port is ``PersonalKeyStore``; ``SQLiteKeyStore`` keeps keys in
their own file (secure_delete on, so a destroyed key's bytes are overwritten), ``MemoryKeyStore`` is for tests.
"""

from __future__ import annotations

import base64
import os
import sqlite3
import threading
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from domain.assessment.errors import IdentityKeyDestroyed
from domain.assessment.reports import SealedIdentity

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_NONCE = 12


class PersonalKeyStore(Protocol):
    def create_key(self) -> str: ...

    def key(self, key_id: str) -> bytes | None: ...

    def destroy(self, key_id: str) -> bool: ...


class MemoryKeyStore:
    def __init__(self) -> None:
        self._keys: dict[str, bytes] = {}

    def create_key(self) -> str:
        key_id = str(uuid.uuid4())
        self._keys[key_id] = _aesgcm().generate_key(bit_length=256)
        return key_id

    def key(self, key_id: str) -> bytes | None:
        return self._keys.get(key_id)

    def destroy(self, key_id: str) -> bool:
        return self._keys.pop(key_id, None) is not None


class SQLiteKeyStore:
    """Keys in a file of their own, apart from the event store, so they can be destroyed for real."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA secure_delete = ON")
        self._db.execute("PRAGMA journal_mode = DELETE")
        self._db.execute("PRAGMA synchronous = FULL")
        self._db.execute("CREATE TABLE IF NOT EXISTS personal_keys (key_id TEXT PRIMARY KEY, key BLOB NOT NULL)")

    def create_key(self) -> str:
        key_id = str(uuid.uuid4())
        with self._lock:
            key = _aesgcm().generate_key(bit_length=256)
            self._db.execute("INSERT INTO personal_keys VALUES (?, ?)", (key_id, key))
        return key_id

    def key(self, key_id: str) -> bytes | None:
        with self._lock:
            row = self._db.execute("SELECT key FROM personal_keys WHERE key_id = ?", (key_id,)).fetchone()
        return bytes(row[0]) if row else None

    def destroy(self, key_id: str) -> bool:
        with self._lock:
            deleted = self._db.execute("DELETE FROM personal_keys WHERE key_id = ?", (key_id,)).rowcount
        return deleted > 0

    def close(self) -> None:
        self._db.close()


def seal(store: PersonalKeyStore, plaintext: str) -> SealedIdentity:
    key_id = store.create_key()
    key = store.key(key_id)
    assert key is not None
    nonce = os.urandom(_NONCE)
    sealed = nonce + _aesgcm()(key).encrypt(nonce, plaintext.encode("utf-8"), key_id.encode())
    return SealedIdentity(key_id, base64.b64encode(sealed).decode("ascii"))


def unseal(store: PersonalKeyStore, identity: SealedIdentity) -> str:
    key = store.key(identity.key_id)
    if key is None:
        raise IdentityKeyDestroyed(
            "举报人的个人密钥已销毁，身份信息已无法读取", "the reporter's key was destroyed: the identity is unreadable"
        )
    raw = base64.b64decode(identity.ciphertext)
    return _aesgcm()(key).decrypt(raw[:_NONCE], raw[_NONCE:], identity.key_id.encode()).decode("utf-8")


class LazySQLiteKeyStore:
    """Opens the key file on first use, so a store that never receives a named report creates no file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._store: SQLiteKeyStore | None = None

    def _open(self) -> SQLiteKeyStore:
        if self._store is None:
            self._store = SQLiteKeyStore(self.path)
        return self._store

    def create_key(self) -> str:
        return self._open().create_key()

    def key(self, key_id: str) -> bytes | None:
        return self._open().key(key_id)

    def destroy(self, key_id: str) -> bool:
        return self._open().destroy(key_id)


def _aesgcm() -> type[AESGCM]:
    """AES-GCM, loaded when an identity is first sealed or read (the command line rarely needs it)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM
