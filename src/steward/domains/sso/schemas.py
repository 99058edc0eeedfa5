"""OpenID Connect provider configuration I/O."""

from __future__ import annotations

import ipaddress
import re
from datetime import datetime
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, field_validator

from steward.core.roles import Role
from steward.core.schemas import Strict, at_most

_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_endpoint(url: str) -> str:
    """An https URL, or http on a loopback host (a provider on the same machine, in tests and development);
    ValueError saying why not."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - a port out of range raises here
    except ValueError:
        raise ValueError(f"{url!r} is not a URL") from None
    if not host or parts.username or parts.password or parts.fragment:
        raise ValueError("must be an absolute URL with a host, and no user, password or fragment")
    if parts.scheme == "https" or (parts.scheme == "http" and is_loopback(host)):
        return url
    raise ValueError("must use https (plain http only on a loopback address such as 127.0.0.1)")


class RoleMapping(Strict):
    """A value of the role claim (a group name) and the Steward role it gives."""

    value: str = Field(min_length=1, max_length=200)
    role: Role


class OidcConfigUpdate(Strict):
    """The whole configuration; client_secret may be left out to keep the stored one."""

    issuer: str = Field(min_length=8, max_length=500)
    client_id: str = Field(min_length=1, max_length=500)
    client_secret: str | None = Field(default=None, min_length=1, max_length=1000)
    allowed_domains: Annotated[list[str], at_most(50)] = Field(default_factory=list, max_length=50)
    role_claim: str = Field(default="groups", min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.:/-]+$")
    role_map: Annotated[list[RoleMapping], at_most(100)] = Field(default_factory=list, max_length=100)
    jit: bool = True
    default_role: Role = Role.viewer
    enabled: bool = True

    @field_validator("issuer")
    @classmethod
    def _issuer(cls, value: str) -> str:
        return check_endpoint(value)  # kept as written: the ID token's iss must match it exactly

    @field_validator("allowed_domains")
    @classmethod
    def _domains(cls, value: list[str]) -> list[str]:
        return _clean_domains(value)


def _clean_domains(value: list[str]) -> list[str]:
    out: list[str] = []
    for raw in value:
        domain = raw.strip().lower().lstrip("@")
        if not _DOMAIN.match(domain):
            raise ValueError(f"{raw[:100]!r} is not a domain name such as example.com")
        if domain not in out:
            out.append(domain)
    return out


class OidcConfigRead(BaseModel):
    issuer: str
    client_id: str
    client_secret: str  # masked: only the last characters
    allowed_domains: list[str]
    role_claim: str
    role_map: list[RoleMapping]
    jit: bool
    default_role: Role
    enabled: bool
    redirect_path: str = "/login/sso/callback"
    updated_at: datetime


class SamlConfigUpdate(Strict):
    """The whole SAML configuration: the IdP metadata XML (from the identity provider) and the user rules."""

    idp_metadata: str = Field(min_length=20, max_length=256 * 1024)
    allowed_domains: Annotated[list[str], at_most(50)] = Field(default_factory=list, max_length=50)
    role_attribute: str = Field(
        default="groups", min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_.:/-]+$"
    )
    role_map: Annotated[list[RoleMapping], at_most(100)] = Field(default_factory=list, max_length=100)
    jit: bool = True
    default_role: Role = Role.viewer
    enabled: bool = True

    @field_validator("allowed_domains")
    @classmethod
    def _domains(cls, value: list[str]) -> list[str]:
        return _clean_domains(value)


class SamlConfigRead(BaseModel):
    idp_entity_id: str
    idp_metadata: str
    allowed_domains: list[str]
    role_attribute: str
    role_map: list[RoleMapping]
    jit: bool
    default_role: Role
    enabled: bool
    updated_at: datetime
