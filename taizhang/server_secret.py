"""The server's secret (signs sign-in tokens, CSRF tokens and retry-key fingerprints), and when it may be used.

A real record is served only with a secret nobody else can read: ``TAIZHANG_SECRET_KEY``, or the
random key ``taizhang init`` writes beside the store (``<data>/secret-key``, owner-only). The
development secret, printed in this source for all to read, signs tokens only for a simulation
(a store marked so, or the in-memory store that keeps nothing): anyone could forge an
administrator's token with it.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from domain.errors import DomainError
from domain.store_mark import StoreMark
from taizhang.settings import DEVELOPMENT_SECRET, MIN_SECRET, Settings

SECRET_FILE = "secret-key"


class UnsafeSecret(DomainError):
    code = "unsafe_secret"
    title = "服务器密钥不安全"


def secret_path(settings: Settings) -> Path:
    return settings.data_dir / SECRET_FILE


def create_secret(settings: Settings) -> Path | None:
    """Write a random secret beside the store, readable by its owner only; an existing one is kept (None)."""
    path = secret_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return None
    with os.fdopen(descriptor, "w") as out:
        out.write(secrets.token_urlsafe(48) + "\n")
        out.flush()
        os.fsync(out.fileno())
    return path


def server_secret(settings: Settings, mark: StoreMark | None) -> str:
    """The secret to serve ``settings``' store with, or ``UnsafeSecret`` saying what the operator must do."""
    simulation = settings.store == "memory" or (mark is not None and mark.is_simulation)
    given = settings.secret_key
    if given is not None and given != DEVELOPMENT_SECRET:
        return given  # its length is checked by Settings
    path = secret_path(settings)
    if given is None and path.exists():
        return read_secret(path)
    if simulation:
        return DEVELOPMENT_SECRET
    what = "正式台账" if mark is not None else "未标明为模拟数据的数据库"
    raise UnsafeSecret(
        f"{what}不能使用公开的开发用密钥：请设置 TAIZHANG_SECRET_KEY（至少 {MIN_SECRET} 个随机字符），"
        f"或运行 taizhang secret-key 在 {path} 生成仅本人可读的密钥",
        f"a store that is not marked simulation may not use the published development secret: set "
        f"TAIZHANG_SECRET_KEY (at least {MIN_SECRET} random characters) or run `taizhang secret-key` to create "
        f"{path}, readable by its owner only",
    )


def read_secret(path: Path) -> str:
    """The secret in ``path``; refused when others may read it, or when it is too short to be one."""
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise UnsafeSecret(
            f"密钥文件 {path} 可被他人读取，请执行 chmod 600 {path}",
            f"the secret file {path} is readable by others: chmod 600 it",
        )
    secret = path.read_text(encoding="utf-8").strip()
    if len(secret) < MIN_SECRET or secret == DEVELOPMENT_SECRET:
        raise UnsafeSecret(
            f"密钥文件 {path} 的内容不是随机密钥（至少 {MIN_SECRET} 个字符）",
            f"the secret file {path} does not hold a random secret of at least {MIN_SECRET} characters",
        )
    return secret
