"""OpenID Connect relying party: discovery, the authorization URL with PKCE (S256), the code exchange
(Authlib) and the ID token's checks with joserfc: signature against the provider's JWKS (an unknown key id
refetches the JWKS once, for key rotation), issuer, audience, expiry, issue time and nonce."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.httpx_client import OAuth2Client
from joserfc import jws, jwt
from joserfc.errors import ExpiredTokenError, InvalidClaimError, JoseError, MissingClaimError
from joserfc.jwk import KeySet

from steward.domains.sso.schemas import check_endpoint

TIMEOUT = 10.0
CACHE_SECONDS = 3600
LEEWAY = 60  # seconds of clock skew allowed on exp and iat
MAX_DOCUMENT = 512 * 1024
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]
SCOPE = "openid email profile"


class OidcError(Exception):
    """The provider could not be used, or its answer failed a check; the message says which."""

    def __init__(self, msg: str) -> None:
        super().__init__(msg)
        self.msg = msg


@dataclass(frozen=True)
class Discovery:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    auth_methods: tuple[str, ...]


_cache: dict[str, tuple[float, Any]] = {}
_lock = threading.Lock()


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def _get_json(url: str) -> dict[str, Any]:
    try:
        r = httpx.get(url, timeout=TIMEOUT, follow_redirects=False, headers={"Accept": "application/json"})
    except httpx.HTTPError as exc:
        raise OidcError(f"{url} could not be reached ({type(exc).__name__})") from None
    if r.status_code != 200:
        raise OidcError(f"{url} answered {r.status_code}")
    if len(r.content) > MAX_DOCUMENT:
        raise OidcError(f"{url} sent more than {MAX_DOCUMENT} bytes")
    try:
        body = r.json()
    except ValueError:
        raise OidcError(f"{url} did not answer JSON") from None
    if not isinstance(body, dict):
        raise OidcError(f"{url} did not answer a JSON object")
    return body


def _cached(key: str, load: Any, refresh: bool = False) -> Any:
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
    if hit is not None and not refresh and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    value = load()
    with _lock:
        _cache[key] = (now, value)
    return value


def discover(issuer: str) -> Discovery:
    """The provider's metadata (OpenID Connect Discovery 1.0): its issuer must be the configured one."""

    def load() -> Discovery:
        doc = _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
        if doc.get("issuer") != issuer:
            raise OidcError(
                f"the discovery document names issuer {str(doc.get('issuer'))[:200]!r}, not {issuer!r}"
            )
        urls = {}
        for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            value = doc.get(name)
            try:
                urls[name] = check_endpoint(value) if isinstance(value, str) else ""
            except ValueError as exc:
                raise OidcError(f"the provider's {name} {exc}") from None
            if not urls[name]:
                raise OidcError(f"the discovery document has no {name}")
        methods = doc.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
        return Discovery(issuer=issuer, auth_methods=tuple(str(m) for m in methods), **urls)

    result: Discovery = _cached(f"discovery:{issuer}", load)
    return result


def _jwks(uri: str, refresh: bool = False) -> KeySet:
    def load() -> KeySet:
        doc = _get_json(uri)
        try:
            return KeySet.import_key_set(doc)  # type: ignore[arg-type]
        except (JoseError, ValueError, TypeError, KeyError) as exc:
            raise OidcError(f"the provider's JWKS could not be read ({type(exc).__name__})") from None

    result: KeySet = _cached(f"jwks:{uri}", load, refresh)
    return result


def _client(d: Discovery, client_id: str, secret: str | None, redirect_uri: str) -> OAuth2Client:
    basic = "client_secret_basic" in d.auth_methods or "client_secret_post" not in d.auth_methods
    return OAuth2Client(
        client_id=client_id, client_secret=secret, redirect_uri=redirect_uri, scope=SCOPE,
        code_challenge_method="S256", timeout=TIMEOUT,
        token_endpoint_auth_method="client_secret_basic" if basic else "client_secret_post",
    )  # fmt: skip


def authorization_url(
    d: Discovery, *, client_id: str, redirect_uri: str, state: str, nonce: str, verifier: str
) -> str:
    with _client(d, client_id, None, redirect_uri) as client:
        url, _ = client.create_authorization_url(
            d.authorization_endpoint, state=state, nonce=nonce, code_verifier=verifier
        )
    return str(url)


def exchange_code(
    d: Discovery, *, client_id: str, secret: str, redirect_uri: str, code: str, verifier: str
) -> str:
    """The ID token the token endpoint gives for this code (sent with the PKCE verifier)."""
    try:
        with _client(d, client_id, secret, redirect_uri) as client:
            token = client.fetch_token(
                d.token_endpoint, grant_type="authorization_code", code=code, code_verifier=verifier
            )
    except AuthlibBaseError as exc:
        raise OidcError(f"the token endpoint refused the code ({exc.error})") from None
    except (httpx.HTTPError, ValueError) as exc:
        raise OidcError(f"the token endpoint could not be used ({type(exc).__name__})") from None
    id_token = token.get("id_token") if isinstance(token, dict) else None
    if not isinstance(id_token, str):
        raise OidcError("the token endpoint sent no ID token")
    return id_token


def _kid(id_token: str) -> str | None:
    try:
        header = jws.extract_compact(id_token.encode()).headers()
    except (JoseError, ValueError, TypeError):
        raise OidcError("the ID token is not a signed JWT") from None
    kid = header.get("kid")
    return kid if isinstance(kid, str) else None


def verify_id_token(d: Discovery, *, id_token: str, client_id: str, nonce: str) -> dict[str, Any]:
    """The ID token's claims once every check passed; OidcError naming the first that failed."""
    kid = _kid(id_token)
    keys = _jwks(d.jwks_uri)
    if kid is not None and not _has_kid(keys, kid):
        keys = _jwks(d.jwks_uri, refresh=True)  # the provider rotated its keys since we fetched them
        if not _has_kid(keys, kid):
            raise OidcError(
                f"the ID token is signed with key {kid[:64]!r}, which the provider does not publish"
            )
    try:
        token = jwt.decode(id_token, keys, algorithms=ALGORITHMS)
    except (JoseError, ValueError, TypeError) as exc:
        raise OidcError(f"the ID token's signature is not valid ({type(exc).__name__})") from None
    registry = jwt.JWTClaimsRegistry(
        leeway=LEEWAY,
        iss={"essential": True, "value": d.issuer},
        aud={"essential": True, "value": client_id},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(token.claims)
    except ExpiredTokenError:
        raise OidcError("the ID token has expired") from None
    except MissingClaimError as exc:
        raise OidcError(f"the ID token lacks a claim ({exc.description})") from None
    except InvalidClaimError as exc:
        raise OidcError(f"the ID token's {exc.claim} claim is wrong ({_named(exc.claim)})") from None
    except JoseError as exc:
        raise OidcError(f"the ID token failed a check ({exc.description})") from None
    aud = token.claims.get("aud")
    if isinstance(aud, list) and len(aud) > 1 and token.claims.get("azp") != client_id:
        raise OidcError("the ID token has several audiences and another authorized party")
    return dict(token.claims)


def _named(claim: str) -> str:
    return {
        "aud": "issued for another client",
        "iss": "issued by another provider",
        "nonce": "nonce does not match this sign-in",
        "iat": "issued in the future",
    }.get(claim, "invalid value")


def _has_kid(keys: KeySet, kid: str) -> bool:
    try:
        keys.get_by_kid(kid)
    except (ValueError, KeyError, JoseError):
        return False
    return True
