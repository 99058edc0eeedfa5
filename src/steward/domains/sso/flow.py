"""The single sign-on round trip: begin (provider found, state stored, the browser sent to the provider)
and finish (state spent once, code exchanged, ID token verified, the user found or created)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from steward.domains.sso import oidc, service
from steward.domains.sso.service import Refused

# RFC 6749 section 4.1.2.1 and OpenID Connect Core section 3.1.2.6.
OAUTH_ERRORS = frozenset({
    "access_denied", "invalid_request", "unauthorized_client", "unsupported_response_type", "invalid_scope",
    "server_error", "temporarily_unavailable", "interaction_required", "login_required",
    "account_selection_required", "consent_required",
})  # fmt: skip


@dataclass(frozen=True)
class Finished:
    user_id: int
    workspace_id: int
    next_path: str
    issuer: str


def begin(*, session: Session, who: str, next_path: str, redirect_uri: str, key: str) -> tuple[str, str]:
    """(the provider's authorization URL, the state to bind to this browser)."""
    row = service.provider_for(session=session, who=who)
    try:
        d = oidc.discover(row.issuer)
    except oidc.OidcError as exc:
        raise Refused(
            f"The identity provider cannot be used right now: {exc.msg}.", row.workspace_id
        ) from None
    state, nonce, verifier = service.start_login(
        session=session, workspace_id=row.workspace_id, next_path=next_path, key=key
    )
    url = oidc.authorization_url(
        d, client_id=row.client_id, redirect_uri=redirect_uri, state=state, nonce=nonce, verifier=verifier
    )
    return url, state


def finish(*, session: Session, state: str, code: str, error: str, redirect_uri: str, key: str) -> Finished:
    login = service.pending_login(session=session, state=state)
    ws = login.workspace_id
    row = service.get_config_or_none(session=session, workspace_id=ws)
    if row is None or not row.enabled:
        raise Refused("Single sign-on is switched off for this workspace.", ws)
    if error or not code:
        service.use_login(session=session, row=login)
        # Only a standard error code is named: the query string is anyone's to write.
        why = f" ({error})" if error in OAUTH_ERRORS else ""
        raise Refused(f"The identity provider did not sign you in{why}; it was cancelled or refused.", ws)
    try:  # the provider is called before any write, so no database lock is held meanwhile
        d = oidc.discover(row.issuer)
        id_token = oidc.exchange_code(
            d, client_id=row.client_id, secret=service.client_secret(row, key), redirect_uri=redirect_uri,
            code=code, verifier=service.verifier_of(login, key),
        )  # fmt: skip
        claims = oidc.verify_id_token(d, id_token=id_token, client_id=row.client_id, nonce=login.nonce)
    except oidc.OidcError as exc:
        service.use_login(session=session, row=login)
        raise Refused(f"Single sign-on failed: {exc.msg}.", ws) from None
    service.use_login(session=session, row=login)
    user_id = service.user_for(session=session, row=row, claims=claims)
    return Finished(user_id=user_id, workspace_id=ws, next_path=login.next_path, issuer=row.issuer)
