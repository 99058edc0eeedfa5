"""A real OpenID provider for the single sign-on tests, on a free loopback port on a thread: discovery,
JWKS, authorize (signs in whoever the test names, no form) and token endpoints; ID tokens signed with its
own RSA keys by joserfc. PKCE (S256), the client secret, the redirect URI and single-use codes are enforced
like a real provider; `tamper` changes the next ID token (wrong audience, expired, another key...)."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

CLIENT_ID = "steward-test"
CLIENT_SECRET = "op-client-secret-0123456789"


def new_key() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(8), "use": "sig", "alg": "RS256"})


@dataclass
class Provider:
    issuer: str = ""
    keys: list[RSAKey] = field(default_factory=lambda: [new_key()])
    user: dict[str, Any] = field(default_factory=dict)  # the claims of whoever signs in next
    tamper: dict[str, Any] = field(default_factory=dict)  # claim overrides for the next ID token
    signing_key: RSAKey | None = None  # sign the next ID token with this key instead (a forger)
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    jwks_fetches: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def rotate(self) -> None:
        """A new signing key; the old one is no longer published (rotation without overlap)."""
        self.keys = [new_key()]

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        }

    def jwks(self) -> dict[str, Any]:
        self.jwks_fetches += 1
        return KeySet(list(self.keys)).as_dict(private=False)

    def authorize(self, q: dict[str, str]) -> tuple[int, str]:
        """(status, Location or error): checks the request like a provider, then 'signs in' self.user."""
        if q.get("client_id") != CLIENT_ID or q.get("response_type") != "code":
            return 400, "unknown client or response type"
        if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
            return 400, "PKCE with S256 is required"
        if "openid" not in q.get("scope", "").split():
            return 400, "the openid scope is required"
        code = secrets.token_urlsafe(24)
        with self.lock:
            self.codes[code] = {**q, "user": dict(self.user), "at": time.time()}
        sep = "&" if "?" in q["redirect_uri"] else "?"
        return 302, q["redirect_uri"] + sep + urlencode({"code": code, "state": q.get("state", "")})

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if authorization != expected:
            return 401, {"error": "invalid_client"}
        with self.lock:
            grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if grant is None or form.get("grant_type") != "authorization_code":
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri differs"}
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["code_challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE verifier does not match"}
        now = int(time.time())
        claims = {
            "iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300, "nonce": grant.get("nonce"),
            **grant["user"],
        }  # fmt: skip
        claims.update(self.tamper)
        key = self.signing_key or self.keys[0]
        header = {"alg": "RS256", "kid": key.kid}
        id_token = jwt.encode(header, {k: v for k, v in claims.items() if v is not None}, key)
        return 200, {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "id_token": id_token}


def _handler(op: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path == "/.well-known/openid-configuration":
                return self._json(200, op.discovery())
            if parts.path == "/jwks":
                return self._json(200, op.jwks())
            if parts.path == "/authorize":
                q = {k: v[0] for k, v in parse_qs(parts.query).items()}
                status, where = op.authorize(q)
                if status != 302:
                    return self._json(status, {"error": where})
                self.send_response(302)
                self.send_header("Location", where)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            return self._json(404, {"error": "not found"})

        def do_POST(self) -> None:
            if urlsplit(self.path).path != "/token":
                return self._json(404, {"error": "not found"})
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            status, body = op.token(form, self.headers.get("Authorization", ""))
            return self._json(status, body)

    return Handler


@contextmanager
def running_provider() -> Iterator[Provider]:
    op = Provider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(op))
    op.issuer = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield op
    finally:
        server.shutdown()
        server.server_close()
