"""Everything a request handler needs, API or web: built once by ``create_api``, kept on ``app.state``."""

from __future__ import annotations

from dataclasses import dataclass

from projections.db import ReadStore
from projections.readiness import Readiness
from projections.runner import Projector
from taizhang.access.caller import Caller
from taizhang.access.current_callers import CurrentCallers
from taizhang.access.evidence import check_citations
from taizhang.access.refusals import NotSignedIn
from taizhang.access.sign_in import LoginLimiter, TokenIssuer
from taizhang.accounts import AccountDesk
from taizhang.application import Taizhang
from taizhang.settings import Settings
from taizhang.store.evidence import EvidenceStore
from taizhang.store.idempotency import IdempotencyStore
from taizhang.store.uploads import Uploads

BEARER = "bearer "


@dataclass
class ServerContext:
    settings: Settings
    secret: str  # signs tokens, CSRF tokens and retry-key fingerprints (taizhang.server_secret)
    application: Taizhang
    desk: AccountDesk
    tokens: TokenIssuer
    limiter: LoginLimiter
    idempotency: IdempotencyStore
    projector: Projector
    evidence: EvidenceStore
    callers: CurrentCallers
    readiness: Readiness
    uploads: Uploads

    @property
    def read_store(self) -> ReadStore:
        return self.projector.store

    def check_citations(self, caller: Caller, cited: set[str]) -> None:
        """Refuse citing evidence the caller neither uploaded nor may read, or that is not stored."""
        check_citations(caller, cited, self.evidence, self.uploads, self.read_store)

    def identify(self, authorization: str | None, api_key: str | None) -> Caller | None:
        """The caller named by a bearer token or an API key; None when neither is presented."""
        if api_key:
            owner = self.desk.credentials.username_for_api_key(api_key)
            caller = self.callers.active(owner) if owner is not None else None
            if caller is None:
                raise NotSignedIn("API 密钥无效或已吊销", "the API key is not valid or has been revoked")
            return caller
        if authorization and authorization.lower().startswith(BEARER):
            signed = self.tokens.signed_in(authorization[len(BEARER):].strip())
            caller = self.callers.active(signed.username)
            if caller is None:
                raise NotSignedIn("账号不存在或已停用", "the account does not exist or is disabled")
            if caller.sign_in_generation != signed.generation:
                raise NotSignedIn("登录已失效（密码已更改或已退出登录），请重新登录",
                                  "this sign-in has ended (the password was changed, or the account signed out)")
            return caller
        return None
