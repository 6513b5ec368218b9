"""Bearer tokens (short-lived JWT signed with the settings' secret) and the sign-in rate limit."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from taizhang.access.refusals import NotSignedIn, TooManyAttempts
from taizhang.clock import Clock

ALGORITHM = "HS256"
AUDIENCE = "taizhang"


@dataclass(frozen=True)
class SignedIn:
    """Who a token names, and the account's sign-in generation it was issued in."""

    username: str
    generation: int


class TokenIssuer:
    """Expiry is judged by the application's clock, so a simulated township's tokens age with it.

    A token carries the account's sign-in generation (``gen``); the server compares it with the account's
    on every request, so a password change, a reset or a sign-out ends every token issued before it.
    """

    def __init__(self, secret: str, lifetime: timedelta, clock: Clock, remembered: int = 1024) -> None:
        self.secret = secret
        self.lifetime = lifetime
        self.clock = clock
        # Tokens whose signature has been checked, with their subject and expiry: a client presents the
        # same token on every request, and checking the signature again was a tenth of a request's time.
        self._checked: dict[str, tuple[SignedIn, int]] = {}
        self._remembered = remembered

    def issue(self, username: str, now: datetime, generation: int) -> str:
        claims = {"sub": username, "aud": AUDIENCE, "iat": now, "exp": now + self.lifetime, "gen": generation}
        return jwt.encode(claims, self.secret, algorithm=ALGORITHM)

    def signed_in(self, token: str) -> SignedIn:
        """Who the token names, or NotSignedIn for a forged, expired or malformed token."""
        checked = self._checked.get(token)
        signed, expires = checked if checked is not None else self._check(token)
        if self.clock.now().timestamp() >= expires:
            raise NotSignedIn("登录已过期，请重新登录", "the token has expired; sign in again")
        return signed

    def _check(self, token: str) -> tuple[SignedIn, int]:
        try:
            claims = jwt.decode(
                token,
                self.secret,
                algorithms=[ALGORITHM],
                audience=AUDIENCE,
                options={"require": ["sub", "exp", "iat", "gen"], "verify_exp": False, "verify_iat": False},
            )
        except jwt.PyJWTError:
            raise NotSignedIn("登录凭证无效，请重新登录", "the token is not valid; sign in again") from None
        subject, expires, generation = claims["sub"], claims["exp"], claims["gen"]
        if not isinstance(subject, str) or not subject or not isinstance(expires, int) or type(generation) is not int:
            raise NotSignedIn("登录凭证无效，请重新登录", "the token is not valid; sign in again")
        if len(self._checked) >= self._remembered:
            self._checked.clear()
        signed = SignedIn(subject, generation)
        self._checked[token] = (signed, expires)
        return signed, expires


class LoginLimiter:
    """Failed sign-ins within ``window`` seconds, limited three ways at once.

    Per username and address (``allowed``); per account from every address together (``per_account``),
    so that rotating addresses does not buy more guesses at one password; and per address over every
    username (``per_address``), against one client spraying many accounts. The address is the
    connection's, or the forwarded one only from a configured proxy (``TAIZHANG_TRUSTED_PROXIES``).
    The price of the per-account limit: whoever guesses wrong often enough keeps the account's owner
    out for the rest of the window too. Kept in memory: it protects one server process.
    """

    MAX_KEYS = 10_000  # beyond this, keys whose failures have all expired are dropped

    def __init__(self, allowed: int, window: float, monotonic: Callable[[], float] = time.monotonic,
                 per_account: int | None = None, per_address: int | None = None) -> None:
        self.allowed = allowed
        self.window = window
        self.monotonic = monotonic
        self.per_account = per_account if per_account is not None else allowed * 4
        self.per_address = per_address if per_address is not None else allowed * 10
        self._failures: dict[tuple[str, ...], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _limits(self, username: str, client: str) -> list[tuple[tuple[str, ...], int]]:
        return [(("pair", username, client), self.allowed), (("account", username), self.per_account),
                (("address", client), self.per_address)]

    def check(self, username: str, client: str) -> None:
        with self._lock:
            for key, allowed in self._limits(username, client):
                failures = self._recent(key)
                if len(failures) >= allowed:
                    wait = int(self.window - (self.monotonic() - failures[-allowed])) + 1
                    raise TooManyAttempts(
                        f"登录失败次数过多，请 {wait} 秒后再试",
                        f"too many failed sign-ins; try again in {wait} seconds",
                        retry_after_seconds=wait,
                    )

    def failed(self, username: str, client: str) -> None:
        with self._lock:
            if len(self._failures) > self.MAX_KEYS:
                self._prune()
            now = self.monotonic()
            for key, _ in self._limits(username, client):
                self._recent(key).append(now)

    def succeeded(self, username: str, client: str) -> None:
        with self._lock:
            self._failures.pop(("pair", username, client), None)

    def _recent(self, key: tuple[str, ...]) -> deque[float]:
        failures = self._failures[key]
        horizon = self.monotonic() - self.window
        while failures and failures[0] <= horizon:
            failures.popleft()
        return failures

    def _prune(self) -> None:
        for key in list(self._failures):
            if not self._recent(key):
                del self._failures[key]
