"""The customer portal's pages for a signed-in contact: their tickets (and their company's with company
access), one ticket's public conversation with a reply form and, once solved, a rating; the surveys waiting
for them; and a new ticket form that suggests help-center articles as the subject is typed (portal.js), with
the readings counted as deflections (helpcenter.deflection). Every ticket is looked up within the contact's
scope: another account's or contact's ticket is a 404 like a missing one."""

from __future__ import annotations

from itertools import zip_longest
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import ValidationError

from steward.core.errors import DomainError, NotFound
from steward.domains.helpcenter import deflection, finder
from steward.domains.plans import service as plans_service
from steward.domains.portal.schemas import PortalRating, PortalReply, PortalTicketCreate, PortalUser
from steward.domains.portal.service import Portal
from steward.domains.surveys import service as surveys_service
from steward.domains.tickets import customer
from steward.domains.tickets.schemas import Attachment
from steward.settings import get_settings
from steward.web.deps import PathId, SessionDep
from steward.web.ui.form_errors import FormError, first_error, from_pydantic
from steward.web.ui.portal import check_form, member, page, portal_language, signed_in

router = APIRouter()
SUGGESTIONS = 5
FileField = Annotated[list[str], Form(max_length=10)]  # one per attachment row of the form


def _rows(names: list[str], sizes: list[str], types: list[str], urls: list[str]) -> list[dict[str, object]]:
    """The form's attachment rows as typed (blank rows dropped), checked by the schema afterwards."""
    rows: list[dict[str, object]] = []
    for row in zip_longest(names, sizes, types, urls, fillvalue=""):
        name, size, kind, url = (v.strip() for v in row)
        if not (name or size or kind or url):
            continue
        found: dict[str, object] = {"filename": name, "size": size or None}
        if kind:
            found["content_type"] = kind
        if url:
            found["url"] = url
        rows.append(found)
    return rows


def _attachments(data: PortalReply | PortalTicketCreate) -> list[Attachment]:
    return [Attachment(**a.model_dump()) for a in data.attachments]


def _error(exc: ValidationError | DomainError) -> FormError:
    """The first error named by its field: 'attachments 1 size: Input should be ...'."""
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        place = " ".join(str(p + 1) if isinstance(p, int) else str(p) for p in err["loc"]) or "form"
        return from_pydantic(err, where=place)
    return first_error(exc)


def _viewer(user: PortalUser) -> customer.Viewer:
    return customer.Viewer(user.workspace_id, user.contact_id, user.account_id, user.company)


@router.get("/portal/{slug}", response_class=HTMLResponse, response_model=None)
def home(slug: str, request: Request, s: SessionDep) -> Response:
    portal, user = member(s, slug, request)
    settings = get_settings()
    surveys = surveys_service.waiting_for(
        session=s, workspace_id=portal.workspace_id, contact_id=user.contact_id, secret=settings.secret_key,
        base_url=settings.link_base(str(request.base_url)),
    )  # fmt: skip
    items = customer.tickets(session=s, viewer=_viewer(user))
    plans = (
        plans_service.shared_with_account(
            session=s, workspace_id=portal.workspace_id, account_id=user.account_id
        )
        if user.account_id is not None
        else []
    )
    return page(request, "portal_home.html", portal, user, tickets=items, surveys=surveys, plans=plans)


@router.get("/portal/{slug}/tickets/{ticket_id}", response_class=HTMLResponse, response_model=None)
def ticket_page(slug: str, ticket_id: PathId, request: Request, s: SessionDep) -> Response:
    portal, user = member(s, slug, request)
    return _ticket(request, s, portal, user, ticket_id)


def _ticket(request: Request, s: SessionDep, portal: Portal, user: PortalUser, ticket_id: int,
            error: str | FormError = "", **typed: object) -> HTMLResponse:  # fmt: skip
    """The ticket page, with the form's error (shown at once, not carried in a link, with what was typed)
    and a 422 when any."""
    shown = customer.ticket(session=s, viewer=_viewer(user), ticket_id=ticket_id)
    return page(request, "portal_ticket.html", portal, user, 422 if error else 200, t=shown, error=error,
                **typed)  # fmt: skip


@router.post("/portal/{slug}/tickets/{ticket_id}/reply", response_model=None)
def reply(
    slug: str,
    ticket_id: PathId,
    request: Request,
    s: SessionDep,
    body: Annotated[str, Form(max_length=20_000)] = "",
    att_name: FileField = [],  # noqa: B006 (FastAPI copies form defaults)
    att_size: FileField = [],  # noqa: B006
    att_type: FileField = [],  # noqa: B006
    att_url: FileField = [],  # noqa: B006
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    portal, user = member(s, slug, request)
    check_form(request, user, csrf_token)
    rows = _rows(att_name, att_size, att_type, att_url)
    try:
        data = PortalReply.model_validate({"body": body, "attachments": rows})
        customer.reply(session=s, viewer=_viewer(user), ticket_id=ticket_id, body=data.body,
                       attachments=_attachments(data))  # fmt: skip
    except NotFound:
        raise
    except (ValidationError, DomainError) as exc:
        return _ticket(
            request, s, portal, user, ticket_id, _error(exc), body=body, attachment_rows=rows or None
        )
    return RedirectResponse(f"/portal/{portal.slug}/tickets/{ticket_id}#conversation", status_code=303)


@router.post("/portal/{slug}/tickets/{ticket_id}/rate", response_model=None)
def rate(
    slug: str,
    ticket_id: PathId,
    request: Request,
    s: SessionDep,
    rating: Annotated[str, Form(max_length=2)] = "",
    comment: Annotated[str, Form(max_length=5000)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    portal, user = member(s, slug, request)
    check_form(request, user, csrf_token)
    try:
        data = PortalRating(rating=int(rating) if rating.isdigit() else -1, comment=comment or None)
        customer.rate(session=s, viewer=_viewer(user), ticket_id=ticket_id, rating=data.rating,
                      comment=data.comment)  # fmt: skip
    except NotFound:
        raise
    except (ValidationError, DomainError) as exc:
        return _ticket(request, s, portal, user, ticket_id, _error(exc))
    return RedirectResponse(f"/portal/{portal.slug}/tickets/{ticket_id}#rating", status_code=303)


@router.get("/portal/{slug}/new", response_class=HTMLResponse, response_model=None)
def new_page(slug: str, request: Request, s: SessionDep) -> Response:
    portal, user = member(s, slug, request)
    form = deflection.form_token(get_settings().secret_key, portal.workspace_id, user.contact_id)
    return page(request, "portal_new.html", portal, user, form=form)


@router.post("/portal/{slug}/tickets", response_model=None)
def create(
    slug: str,
    request: Request,
    s: SessionDep,
    subject: Annotated[str, Form(max_length=300)] = "",
    body: Annotated[str, Form(max_length=20_000)] = "",
    form: Annotated[str, Form(max_length=500)] = "",
    att_name: FileField = [],  # noqa: B006 (FastAPI copies form defaults)
    att_size: FileField = [],  # noqa: B006
    att_type: FileField = [],  # noqa: B006
    att_url: FileField = [],  # noqa: B006
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    portal, user = member(s, slug, request)
    check_form(request, user, csrf_token)
    rows = _rows(att_name, att_size, att_type, att_url)
    try:
        data = PortalTicketCreate.model_validate({"subject": subject, "body": body, "attachments": rows})
        viewer = _viewer(user)
        ticket_id = customer.open_ticket(session=s, viewer=viewer, subject=data.subject, body=data.body,
                                         email=user.email or None,
                                         attachments=_attachments(data))  # fmt: skip
    except (ValidationError, DomainError) as exc:
        return page(request, "portal_new.html", portal, user, 422, form=form[:500], error=_error(exc),
                    subject=subject, body=body, attachment_rows=rows or None)  # fmt: skip
    if form:  # the articles read from this form did not stop the ticket
        deflection.settle(session=s, workspace_id=portal.workspace_id, token=form,
                          secret=get_settings().secret_key, solved=False)  # fmt: skip
    return RedirectResponse(f"/portal/{portal.slug}/tickets/{ticket_id}", status_code=303)


@router.post("/portal/{slug}/solved", response_class=HTMLResponse, response_model=None)
def solved(
    slug: str,
    request: Request,
    s: SessionDep,
    form: Annotated[str, Form(max_length=500)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """'An article solved my problem': the form's readings count as deflected now."""
    portal, user = member(s, slug, request)
    check_form(request, user, csrf_token)
    deflection.settle(session=s, workspace_id=portal.workspace_id, token=form,
                      secret=get_settings().secret_key, solved=True)  # fmt: skip
    return page(request, "portal_solved.html", portal, user)


@router.get("/portal/{slug}/suggest", response_model=None)
def suggest(slug: str, request: Request, s: SessionDep, q: str = "", form: str = "") -> Response:
    """Published articles matching what the customer typed, each linked with the form's token."""
    portal, user = signed_in(s, slug, request)
    if user is None:
        return JSONResponse({"detail": [{"loc": ["cookie"], "msg": "sign in first", "type": "unauthorized"}]},
                            status_code=401)  # fmt: skip
    language = portal_language(request, user)
    hits = finder.suggestions(session=s, workspace_id=portal.workspace_id, query=q, language=language,
                                  limit=SUGGESTIONS)  # fmt: skip
    token = form[:500]
    items = [
        {
            "title": h.title,
            "language": h.language,
            "url": f"/help/{portal.slug}/{language}/articles/{h.source_id}"
            + (f"?deflect={quote(token, safe='')}" if token else ""),
        }
        for h in hits
    ]
    return JSONResponse({"items": items}, headers={"Cache-Control": "no-store"})
