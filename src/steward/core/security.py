"""Password hashing (argon2) and high-entropy tokens stored as SHA-256 digests."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token(prefix: str, nbytes: int = 24) -> str:
    """A random secret such as 'stw_k3J...'; only its digest is ever stored."""
    return f"{prefix}_{secrets.token_urlsafe(nbytes)}"


def token_digest(token: str) -> str:
    # Tokens carry >= 192 bits of entropy, so a fast digest is safe and allows an indexed lookup.
    return hashlib.sha256(token.encode()).hexdigest()


def constant_time_equals(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def signature(secret: str, message: str) -> str:
    """URL-safe HMAC-SHA256 of `message` under `secret`, for links that must not be forged."""
    digest = hmac.new(secret.encode(), message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def signed(secret: str, purpose: str, *parts: str) -> str:
    """'part1.part2...signature'; the purpose is signed too, so a token made for one use fails another."""
    body = ".".join(parts)
    return f"{body}.{signature(secret, f'{purpose}|{body}')}"


def unsigned(secret: str, purpose: str, token: str, count: int) -> list[str] | None:
    """The parts of a token made by `signed` for this purpose, or None when it is malformed or forged."""
    parts = token.split(".")
    if len(parts) != count + 1 or len(token) > 500:
        return None
    body = ".".join(parts[:-1])
    return parts[:-1] if constant_time_equals(signature(secret, f"{purpose}|{body}"), parts[-1]) else None
