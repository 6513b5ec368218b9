"""One place that says where the record lives and how the server runs (``TAIZHANG_`` variables)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SECRET = "development-only-secret-change-me"
"""Published here, so it signs nothing but a simulation's tokens (``taizhang.server_secret``)."""
MIN_SECRET = 32


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TAIZHANG_", env_file=None, extra="ignore")

    environment: Literal["development", "production"] = "development"
    store: Literal["sqlite", "postgres", "memory"] = "sqlite"
    data_dir: Path = Path("data")
    sqlite_path: Path | None = Field(None, description="defaults to <data_dir>/taizhang.sqlite")
    sqlite_lock_timeout_seconds: int = 10

    postgres_dsn: str | None = Field(None, description="postgresql://user:password@host:port/dbname")
    postgres_host: str = "127.0.0.1"
    postgres_port: int = 5432
    postgres_user: str = "postgres"
    postgres_password: str = ""
    postgres_dbname: str = "taizhang"
    postgres_schema: str = "public"
    postgres_pool_size: int = 5

    secret_key: str | None = Field(
        None, description="signs tokens; defaults to <data_dir>/secret-key (taizhang init), for a simulation to the "
        "development secret",
    )
    host: str = "127.0.0.1"
    port: int = 8000
    timezone: str = "Asia/Shanghai"
    access_token_minutes: int = Field(30, ge=1, le=24 * 60)
    login_failures_allowed: int = Field(5, ge=1, description="failed sign-ins per username and client per window")
    login_window_seconds: int = Field(60, ge=1)
    login_failures_per_account: int = Field(20, ge=1, description="failed sign-ins per username from all clients")
    login_failures_per_address: int = Field(50, ge=1, description="failed sign-ins per client over all usernames")
    trusted_proxies: str = Field(
        "", description="addresses of the reverse proxies whose X-Forwarded-For is believed (comma-separated); "
        "empty: none, the connection's own address counts",
    )
    run_projections: bool = Field(
        True,
        description=(
            "keep the read models caught up inside the API process (off when `taizhang projections run` does "
            "it)"
        ),
    )
    gc_freeze: bool = Field(
        True,
        description=(
            "after start-up and the read models' catch-up, move every object then alive out of the garbage "
            "collector's view (gc.freeze), so its full collections, pausing answers, walk only what requests made"
        ),
    )
    retry_keys_hours: int = Field(
        24, ge=1, le=24 * 90, description="how long an Idempotency-Key and its answer are kept"
    )
    retry_reservation_seconds: float = Field(
        30, gt=0, le=3600, description="after this, a retry takes over a key whose command never recorded (a crash)"
    )
    api_docs: bool = Field(True, description="serve /docs and /redoc (their assets ship with the server)")
    read_wait_seconds: float = Field(5.0, ge=0, le=30, description="longest a query waits for wait_for_position")
    evidence_dir: Path | None = Field(None, description="defaults to <data_dir>/evidence")
    evidence_max_bytes: int = Field(100 * 1024 * 1024, ge=1, description="largest evidence file accepted")
    # Checkpoints and the county witness (docs/AUDIT.md).
    audit_origin: str | None = Field(None, description="the log's name on its checkpoints; taizhang/<code> if unset")
    checkpoint_every_events: int = Field(100, ge=0, description="the server signs once this many events came (0: off)")
    checkpoint_every_hours: float = Field(24, ge=0, description="and at least this often while the log grows (0: off)")
    witness_url: str | None = Field(None, description="the county witness each new checkpoint is sent to")
    witness_key: str | None = Field(None, description="the witness's public key (vkey), to check its cosignatures")
    body_max_bytes: int = Field(1024 * 1024, ge=1024, description="largest request body other than an upload")

    @model_validator(mode="after")
    def refuse_unsafe_production(self) -> Settings:
        if self.secret_key is not None and self.secret_key != DEVELOPMENT_SECRET and len(self.secret_key) < MIN_SECRET:
            raise ValueError(f"TAIZHANG_SECRET_KEY must be a random value of at least {MIN_SECRET} characters")
        if self.environment == "production":
            if self.secret_key == DEVELOPMENT_SECRET:
                raise ValueError("TAIZHANG_SECRET_KEY may not be the development secret in production")
            if self.store == "memory":
                raise ValueError("the in-memory store keeps nothing: use sqlite or postgres in production")
        return self

    @property
    def evidence_root(self) -> Path:
        return self.evidence_dir or self.data_dir / "evidence"

    @property
    def sqlite_file(self) -> Path:
        return self.sqlite_path or self.data_dir / "taizhang.sqlite"
