"""The in-app widget and the public link: answers that arrive without an invitation. The survey's public key
names the survey. An answer may name the signed-in user of the customer's app (the contact's external id)
with a user hash, HMAC-SHA256 of the id under the survey's widget secret, computed by the customer's server;
only a verified hash ties the answer to the contact, so nobody can answer in someone else's name."""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy.orm import Session

from steward.core.errors import Invalid, NotFound, TooMany
from steward.core.ratelimit import WindowLimit, address_key
from steward.core.security import constant_time_equals
from steward.domains.contacts import service as contacts_service
from steward.domains.surveys.models import Survey, SurveyResponse
from steward.domains.surveys.respond import public_survey, record
from steward.domains.surveys.schemas import WidgetAnswer

PREFLIGHT = {  # Access-Control-Allow-Origin is added to every widget route by web.headers
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "86400",
}


# Anonymous answers per client address and survey: enough for a household or an office behind one address,
# too few to stuff a public link.
ANONYMOUS = WindowLimit(limit=20, seconds=3600)


def check_rate(public_key: str, client: str) -> None:
    wait = ANONYMOUS.retry_after(f"anonymous-answers:{public_key}|{address_key(client)}")
    if wait is not None:
        raise TooMany(f"too many answers from this address: try again in {wait} s", ("body",), wait)


def user_hash(survey: Survey, user_id: str) -> str:
    """Hex HMAC-SHA256 of the user id under the survey's widget secret, as the customer's server makes it."""
    return hmac.new(survey.widget_secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()


def answer(
    *,
    session: Session,
    public_key: str,
    data: WidgetAnswer,
    client: str,
    channel: str = "widget",
) -> SurveyResponse:
    """An answer from the widget or the public link; `client` (the caller's address) bounds anonymous ones."""
    survey = public_survey(session=session, public_key=public_key)
    if data.user_id is None:
        check_rate(public_key, client)
    contact_id = account_id = None
    if data.user_id is not None:
        if data.user_hash is None or not constant_time_equals(
            user_hash(survey, data.user_id), data.user_hash
        ):
            raise Invalid(
                "user_hash does not match user_id under this survey's widget secret", ("body", "user_hash")
            )
        try:
            contact = contacts_service.get_by_external_id(
                session=session, workspace_id=survey.workspace_id, external_id=data.user_id
            )
        except NotFound:
            raise Invalid(f"no contact with external id {data.user_id!r}", ("body", "user_id")) from None
        contact_id, account_id = contact.id, contact.account_id
    plain = data.model_dump(include={"score", "comment", "answers", "language"})
    return record(
        session,
        survey,
        type(data).model_validate(plain),
        channel=channel,
        contact_id=contact_id,
        account_id=account_id,
    )
