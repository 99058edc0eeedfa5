"""One validated Settings object read from STEWARD_* environment variables."""

from __future__ import annotations

import ipaddress
import os
import secrets
import time
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import platformdirs
from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEV_SECRET = "dev-insecure-secret-change-me"
SECRET_FILE = "secret_key"


class Settings(BaseSettings):
    """Process-wide configuration; validated once at start."""

    model_config = SettingsConfigDict(env_prefix="STEWARD_", extra="ignore")

    env: Literal["dev", "test", "prod"] = "dev"
    data_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_data_dir("steward")))
    database_url: str | None = None
    redis_url: str | None = None
    secret_key: str = DEV_SECRET
    session_max_age_seconds: int = 14 * 24 * 3600
    max_body_bytes: int = 16 * 1024 * 1024
    max_json_bytes: int = 4 * 1024 * 1024  # parsed on the event loop: kept small (see web/limits.py)
    bulk_max_items: int = 5000
    # Background jobs inside `steward serve`: retrain churn models older than this many days (0: never)
    # and rescore accounts daily with the current model.
    scheduler: bool = True
    churn_retrain_days: int = Field(7, ge=0, le=365)
    # Health scores of accounts whose inputs changed: "thread" rescores them on a background thread a
    # moment after the commit (many edits in a burst cost one pass), "inline" right after the commit in
    # the same request (deterministic: the tests use it), "off" leaves them to the daily job.
    rescore: Literal["thread", "inline", "off"] = "thread"
    # Survey comments: "queue" reads them in the background a moment after the answer commits (a thread of
    # `steward serve`, or `steward worker` in production mode), "inline" in the request (the tests use it).
    comment_reading: Literal["queue", "inline"] = "queue"
    # Webhooks to private, loopback or link-local addresses are refused (they could reach internal
    # services); allow them for a receiver on the same network or in tests.
    webhooks_allow_private: bool = False
    # Where rule e-mails go out: smtp://[user:password@]host[:port], smtp+starttls://... or smtps://...
    # Without it, e-mails wait in the outbox (GET /api/v1/emails shows them) until one is set.
    smtp_url: str | None = None
    mail_from: str = "Steward <steward@localhost>"
    # Where customers reach this server: the start of links in e-mails (surveys) and of the survey links and
    # widget snippet staff copy. Unset: links shown on a page use the address the page was asked at.
    public_url: str | None = None
    # Reverse proxies whose X-Forwarded-For (and -Proto) `steward serve` believes, comma-separated IPs or
    # CIDRs; empty: none, so every client is its direct peer and no header can choose its own address.
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = ()

    # Raw product events older than this many days are deleted once the daily job has archived them to
    # Parquet under data_dir/events (the archive and the daily rollups keep them); unset keeps them all.
    events_raw_days: int | None = Field(None, ge=7, le=3650)

    @field_validator("smtp_url")
    @classmethod
    def _smtp_scheme(cls, url: str | None) -> str | None:
        if url and not url.startswith(("smtp://", "smtp+starttls://", "smtps://")):
            raise ValueError("STEWARD_SMTP_URL must start with smtp://, smtp+starttls:// or smtps://")
        return url or None

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxy_networks(cls, value: object) -> tuple[str, ...]:
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)):
            raise ValueError("expected comma-separated IP addresses or CIDR networks")
        try:
            return tuple(str(ipaddress.ip_network(str(i).strip())) for i in items if str(i).strip())
        except ValueError as exc:
            raise ValueError(f"expected comma-separated IP addresses or CIDR networks: {exc}") from None

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.env == "prod" and (self.secret_key == DEV_SECRET or len(self.secret_key) < 32):
            raise ValueError(
                "STEWARD_SECRET_KEY must be a random value of at least 32 characters when STEWARD_ENV=prod"
            )
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'steward.db'}"

    def link_base(self, request_base: str | None = None) -> str:
        """The start of links customers follow: the configured public URL, else the address the request came
        to; e-mails sent by a job (no request) without one fall back to the default `steward serve` port."""
        return (self.public_url or request_base or "http://localhost:8000").rstrip("/")

    def emailed_link_base(self, request_base: str) -> str | None:
        """The start of a link e-mailed on an anonymous visitor's request (a portal sign-in link): the
        configured public URL, or the request's own address only when it is this machine. Otherwise None:
        the Host header is the visitor's to write, and a link to their host would hand them the token."""
        if self.public_url:
            return self.public_url.rstrip("/")
        host = urlsplit(request_base).hostname or ""
        return request_base.rstrip("/") if host in ("localhost", "127.0.0.1", "::1") else None

    @property
    def secure_cookies(self) -> bool:
        return self.env == "prod"


class SettingsError(ValueError):
    """A STEWARD_* variable holds a value Steward cannot use; the message names it, one line per problem."""


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    try:
        settings = Settings()
    except ValidationError as exc:
        raise SettingsError("; ".join(_explain(e) for e in exc.errors())) from None
    if "secret_key" not in settings.model_fields_set:  # none configured: this installation's own
        try:
            secret = own_secret(settings.data_dir)
        except OSError as exc:
            raise SettingsError(
                f"STEWARD_DATA_DIR: cannot keep the secret key in {settings.data_dir} ({exc.strerror}); "
                "make it writable or set STEWARD_SECRET_KEY"
            ) from None
        settings = settings.model_copy(update={"secret_key": secret})
    return settings


def own_secret(data_dir: Path) -> str:
    """A random secret made on first start and kept in the data directory (mode 0600), so that no link is
    signed with a secret published in this source code; processes sharing the directory share it."""
    path = data_dir / SECRET_FILE
    for _ in range(50):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            secret = path.read_text(encoding="ascii").strip()
            if secret:
                return secret
            time.sleep(0.02)  # another process is writing it this moment
            continue
        except FileNotFoundError:
            data_dir.mkdir(parents=True, exist_ok=True)
            continue
        secret = secrets.token_urlsafe(48)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secret)
        return secret
    raise SettingsError(f"{path} is empty: delete it, or set STEWARD_SECRET_KEY")


def _explain(error: Any) -> str:
    field = str(error["loc"][0]) if error.get("loc") else ""
    name = f"STEWARD_{field.upper()}" if field else "settings"
    message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
    if message.startswith("STEWARD_") or not field:  # the check named its variables itself
        return message
    # Secrets and URLs (which may carry a password) are never echoed.
    got = "" if "secret" in field or "url" in field else f" (got {error.get('input')!r})"
    return f"{name}: {message[0].lower()}{message[1:]}{got}"
