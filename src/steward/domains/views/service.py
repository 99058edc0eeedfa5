"""Saving, listing, opening and deleting a user's saved views; another user's or workspace's is not found."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from steward.core.errors import Conflict, Invalid, NotFound
from steward.domains.views import queries
from steward.domains.views.models import SavedView
from steward.domains.views.schemas import (
    LIST_PATHS,
    MAX_NAME,
    MAX_PER_LIST,
    MAX_QUERY,
    TRANSIENT_KEYS,
    SavedViewRead,
)


def clean_query(query: str) -> str:
    """The list's query string as saved: parsed and re-encoded (so it can only ever be a query string),
    without its paging and notices."""
    text = query.strip().removeprefix("?")
    if len(text) > MAX_QUERY:
        raise Invalid(f"at most {MAX_QUERY} characters", ("body", "query"))
    try:
        pairs = parse_qsl(text, max_num_fields=100)  # empty values are left out, as the list pages do
    except ValueError:
        raise Invalid("at most 100 fields", ("body", "query")) from None
    kept = [(k, v) for k, v in pairs if k not in TRANSIENT_KEYS]
    if any("\x00" in k + v for k, v in kept):
        raise Invalid("must not contain NUL characters", ("body", "query"))
    return urlencode(kept)


def clean_name(name: str) -> str:
    text = " ".join(name.split())  # newlines, tabs and runs of spaces become one space
    if not text:
        raise Invalid("give the view a name", ("body", "name"))
    if len(text) > MAX_NAME:
        raise Invalid(f"at most {MAX_NAME} characters", ("body", "name"))
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise Invalid("must not contain control characters", ("body", "name"))
    return text


def save_view(
    *, session: Session, workspace_id: int, user_id: int, list_name: str, name: str, query: str
) -> SavedViewRead:
    """Save the list's query under a name; the same name again replaces its query (one view per name)."""
    if list_name not in LIST_PATHS:
        raise Invalid(f"one of {', '.join(LIST_PATHS)}", ("body", "list"))
    name, query = clean_name(name), clean_query(query)
    row = queries.by_name(session, workspace_id, user_id, list_name, name)
    if row is None:
        if queries.count(session, workspace_id, user_id, list_name) >= MAX_PER_LIST:
            raise Invalid(f"at most {MAX_PER_LIST} saved views a list; delete one first", ("body", "name"))
        row = SavedView(
            workspace_id=workspace_id, user_id=user_id, list_name=list_name, name=name, query=query
        )
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:  # the same name saved at once in another request: that one wins, then this
            row = queries.by_name(session, workspace_id, user_id, list_name, name)
            if row is None:
                raise
    row.query = query
    session.flush()
    return _read(row)


def views(*, session: Session, workspace_id: int, user_id: int, list_name: str) -> list[SavedViewRead]:
    return [_read(r) for r in queries.of_list(session, workspace_id, user_id, list_name)]


def get_view(*, session: Session, workspace_id: int, user_id: int, view_id: int) -> SavedViewRead:
    return _read(_owned(session, workspace_id, user_id, view_id))


def all_views(*, session: Session, workspace_id: int, user_id: int) -> list[SavedViewRead]:
    """The user's views of every list, by list then name."""
    return [_read(r) for r in queries.of_user(session, workspace_id, user_id)]


def update_view(
    *, session: Session, workspace_id: int, user_id: int, view_id: int, name: str | None, query: str | None
) -> SavedViewRead:
    """Rename the view or change its query; a name another of the user's views of the list has is refused."""
    row = _owned(session, workspace_id, user_id, view_id)
    if name is not None:
        name = clean_name(name)
        other = queries.by_name(session, workspace_id, user_id, row.list_name, name)
        if other is not None and other.id != row.id:
            raise Conflict(f"another of your {row.list_name} views is named {name!r}", ("body", "name"))
        row.name = name
    if query is not None:
        row.query = clean_query(query)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:  # the same name taken at once by another request
        raise Conflict(f"another of your {row.list_name} views is named {name!r}", ("body", "name")) from None
    return _read(row)


def delete_view(*, session: Session, workspace_id: int, user_id: int, view_id: int) -> SavedViewRead:
    row = _owned(session, workspace_id, user_id, view_id)
    gone = _read(row)
    session.delete(row)
    session.flush()
    return gone


def _owned(session: Session, workspace_id: int, user_id: int, view_id: int) -> SavedView:
    row = queries.owned(session, workspace_id, user_id, view_id)
    if row is None:
        raise NotFound("saved view", view_id)
    return row


def _read(row: SavedView) -> SavedViewRead:
    return SavedViewRead(id=row.id, list_name=row.list_name, name=row.name, query=row.query)
