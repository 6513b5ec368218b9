"""Password hashes (argon2) and API key hashes, kept beside the event log and never in it."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from pwdlib import PasswordHash
from zxcvbn import zxcvbn

from domain.errors import InvalidInput, NotFound
from taizhang.store.side import SideTables

API_KEY_PREFIX = "tzk"
_KEY_ID = re.compile(r"^[0-9a-f]{12}$")
MIN_PASSWORD = 8
MAX_PASSWORD = 128


MIN_SCORE = 2  # zxcvbn's 0–4: 2 is "safe from throttled online guessing" (about 10^6 guesses or more)
# Words zxcvbn's own lists (English passwords, words and names) lack: the commonest passwords of Chinese
# users and the product's own words. Given to zxcvbn as words to look for, as it looks for its own.
LOCAL_WORDS = (
    "woaini", "wodemima", "mima", "5201314", "1314", "520", "woaini1314", "dearbook", "xiazhili", "qq",
    "taizhang", "zhili", "laji", "huanbao", "zhengfu", "cunwei", "zhenfu", "dangwei", "admin", "test",
)


class WeakPassword(InvalidInput):
    code = "weak_password"
    title = "密码太弱"


def check_password_strength(password: str, *personal: str) -> None:
    """Refuse a password that is too short or too long, or that is easy to guess (NIST SP 800-63B §5.1.1.2).

    Guessability is zxcvbn's estimate, which knows the common passwords, words, names, keyboard
    patterns, dates and repeats; ``personal`` (a username, a display name) counts as known words too.
    """
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise WeakPassword(
            f"密码长度须为 {MIN_PASSWORD}–{MAX_PASSWORD} 位", f"a password is {MIN_PASSWORD}-{MAX_PASSWORD} characters"
        )
    if password.isdigit() or password.isalpha():
        raise WeakPassword("密码不能只有数字或只有字母", "a password needs more than only digits or only letters")
    known = [*LOCAL_WORDS, *(variant for word in personal if word for variant in _variants(word))]
    if zxcvbn(password, user_inputs=known)["score"] < MIN_SCORE:
        raise WeakPassword(
            "密码太常见或太容易猜到（如 password1、姓名加数字、键盘连续键）："
            "请用更长、无规律的密码，例如几个不相关的词加数字",
            "the password is common or easy to guess (like password1, a name with digits, keyboard runs): "
            "use a longer one without a pattern, e.g. a few unrelated words and digits",
        )


def _variants(word: str) -> list[str]:
    """A username as one guesses from it: itself, joined up (wang.fang → wangfang) and in parts."""
    parts = [part for part in re.split(r"[._\-\s]+", word.lower()) if part]
    return [word.lower(), "".join(parts), *parts]


@dataclass(frozen=True)
class IssuedKey:
    """An API key as shown once to whoever asked for it; only its hash is kept."""

    key_id: str
    secret: str
    username: str
    label: str


_STORE_HASH = (
    "INSERT INTO taizhang_credentials (username, password_hash, changed_at) VALUES (?, ?, ?) "
    "ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, changed_at = excluded.changed_at"
)


class Credentials:
    def __init__(self, tables: SideTables, hasher: PasswordHash | None = None) -> None:
        self.tables = tables
        self.hasher = hasher or PasswordHash.recommended()
        # Verifying against a real hash when the user is unknown keeps both paths equally slow.
        self._decoy = self.hasher.hash(secrets.token_urlsafe(16))

    # --- passwords --------------------------------------------------------------------------

    def set_password(self, username: str, password: str, now: datetime) -> None:
        check_password_strength(password, username)
        self._store_hash(username, self.hasher.hash(password), now)

    def set_published_password(self, accounts: list[tuple[str, datetime]], password: str) -> None:
        """One password for many accounts (a demo's, printed for all to read): hashed once, as separate
        salts would protect nothing that is already public."""
        check_password_strength(password)
        digest = self.hasher.hash(password)
        self.tables.execute_many(_STORE_HASH, [(username, digest, at.isoformat()) for username, at in accounts])

    def _store_hash(self, username: str, digest: str, now: datetime) -> None:
        self.tables.execute(_STORE_HASH, (username, digest, now.isoformat()))

    def verify_password(self, username: str, password: str) -> bool:
        rows = self.tables.query("SELECT password_hash FROM taizhang_credentials WHERE username = ?", (username,))
        if not rows:
            return self.verify_decoy(password)
        return self.hasher.verify(password, rows[0][0])

    def verify_decoy(self, password: str) -> bool:
        """As slow as a real check, and always false."""
        self.hasher.verify(password, self._decoy)
        return False

    # --- API keys for machine clients -------------------------------------------------------

    def issue_api_key(self, username: str, label: str, now: datetime) -> IssuedKey:
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        self.tables.execute(
            "INSERT INTO taizhang_api_keys (key_id, username, key_hash, label, created_at) VALUES (?, ?, ?, ?, ?)",
            (key_id, username, _digest(secret), label, now.isoformat()),
        )
        return IssuedKey(key_id, f"{API_KEY_PREFIX}_{key_id}_{secret}", username, label)

    def username_for_api_key(self, presented: str) -> str | None:
        """The owner of a live key, or None; keys are high-entropy, so a plain SHA-256 suffices."""
        parts = presented.split("_", 2)
        if len(parts) != 3 or parts[0] != API_KEY_PREFIX or not _KEY_ID.match(parts[1]):
            return None
        rows = self.tables.query(
            "SELECT username, key_hash FROM taizhang_api_keys WHERE key_id = ? AND revoked_at IS NULL", (parts[1],)
        )
        if rows and hmac.compare_digest(rows[0][1], _digest(parts[2])):
            return str(rows[0][0])
        return None

    def revoke_api_key(self, username: str, key_id: str, now: datetime) -> None:
        changed = self.tables.execute(
            "UPDATE taizhang_api_keys SET revoked_at = ? WHERE key_id = ? AND username = ? AND revoked_at IS NULL",
            (now.isoformat(), key_id, username),
        )
        if not changed:
            raise NotFound(f"{username} 没有有效的密钥 {key_id}", f"{username} has no live API key {key_id}")

    def api_keys(self, username: str) -> list[tuple[str, str, str, str | None]]:
        return [
            (str(r[0]), str(r[1]), str(r[2]), r[3])
            for r in self.tables.query(
                "SELECT key_id, label, created_at, revoked_at FROM taizhang_api_keys WHERE username = ? "
                "ORDER BY created_at",
                (username,),
            )
        ]


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
