"""Secrets kept at rest (a sync source's database password): Fernet with a key derived from the app secret."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from steward.core.errors import Invalid


def _fernet(secret: str, purpose: str) -> Fernet:
    # One derived key per purpose, so a token made for one use never opens another.
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def seal(text: str, *, secret: str, purpose: str) -> str:
    return _fernet(secret, purpose).encrypt(text.encode()).decode()


def unseal(token: str, *, secret: str, purpose: str) -> str:
    try:
        return _fernet(secret, purpose).decrypt(token.encode()).decode()
    except InvalidToken:
        raise Invalid(
            "a stored secret cannot be decrypted: the app's secret key changed since it was saved; "
            "save the source's URL again",
            ("secret",),
        ) from None
