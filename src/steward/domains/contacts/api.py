"""HTTP routes for contacts: CRUD, upsert by external_id, bulk upsert, filtered keyset pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from steward.core.schemas import BulkResult
from steward.domains.contacts import queries, service
from steward.domains.contacts.schemas import (
    ContactBulk,
    ContactCreate,
    ContactFields,
    ContactFilter,
    ContactPage,
    ContactRead,
    ContactSort,
    ContactUpdate,
)
from steward.web.deps import Manager, PathId, QueryId, Reader, SessionDep, Writer, json_response

router = APIRouter(prefix="/contacts", tags=["contacts"])


@router.get("", response_model=ContactPage)
def list_contacts(
    s: SessionDep,
    p: Reader,
    q: Annotated[str | None, Query(max_length=200, description="search name, email, external_id")] = None,
    account_id: QueryId = None,
    role: str | None = None,
    language: str | None = None,
    sort: ContactSort = "name",
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> ContactPage:
    f = ContactFilter(q=q, account_id=account_id, role=role, language=language)
    rows, total, next_cursor = queries.page(s, p.workspace_id, f, sort, cursor, limit)
    return ContactPage(
        items=[ContactRead.model_validate(r) for r in rows], total=total, next_cursor=next_cursor
    )


@router.post("", response_model=ContactRead, status_code=status.HTTP_201_CREATED)
def create_contact(body: ContactCreate, s: SessionDep, p: Writer) -> ContactRead:
    return ContactRead.model_validate(
        service.create_contact(session=s, workspace_id=p.workspace_id, data=body)
    )


@router.post("/bulk", response_model=BulkResult)
def bulk_upsert_contacts(body: ContactBulk, s: SessionDep, p: Writer) -> Response:
    """Upsert up to 5,000 contacts by external_id in one transaction; any invalid item rejects all."""
    return json_response(service.bulk_upsert(session=s, workspace_id=p.workspace_id, items=body.items))


@router.get("/by-external-id/{external_id}", response_model=ContactRead)
def get_by_external_id(external_id: str, s: SessionDep, p: Reader) -> ContactRead:
    contact = service.get_by_external_id(session=s, workspace_id=p.workspace_id, external_id=external_id)
    return ContactRead.model_validate(contact)


@router.put("/by-external-id/{external_id}", response_model=ContactRead)
def upsert_contact(
    external_id: str, body: ContactFields, s: SessionDep, p: Writer, response: Response
) -> ContactRead:
    contact, created = service.upsert_by_external_id(
        session=s, workspace_id=p.workspace_id, external_id=external_id, data=body
    )
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return ContactRead.model_validate(contact)


@router.get("/{contact_id}", response_model=ContactRead)
def get_contact(contact_id: PathId, s: SessionDep, p: Reader) -> ContactRead:
    return ContactRead.model_validate(
        service.get_contact(session=s, workspace_id=p.workspace_id, contact_id=contact_id)
    )


@router.patch("/{contact_id}", response_model=ContactRead)
def update_contact(contact_id: PathId, body: ContactUpdate, s: SessionDep, p: Writer) -> ContactRead:
    return ContactRead.model_validate(
        service.update_contact(session=s, workspace_id=p.workspace_id, contact_id=contact_id, data=body)
    )


@router.delete("/{contact_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_contact(contact_id: PathId, s: SessionDep, p: Manager) -> None:
    service.delete_contact(session=s, workspace_id=p.workspace_id, contact_id=contact_id)
