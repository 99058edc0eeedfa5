"""HTTP route for CSV imports: the raw CSV as the body (text/csv) or a multipart field named `file`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from steward.core.errors import Invalid
from steward.domains.imports import service
from steward.domains.imports.schemas import Entity, ImportResult
from steward.web.deps import Manager, SessionDep

router = APIRouter(prefix="/imports", tags=["imports"])


async def _csv_bytes(request: Request) -> bytes:
    """The CSV as sent: a multipart field named 'file' or the raw body (read on the event loop, so that the
    import itself runs in the threadpool)."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise Invalid("send the CSV in a multipart field named 'file'", ("body", "file"))
        return await upload.read()
    return await request.body()


CsvBytes = Annotated[bytes, Depends(_csv_bytes)]


@router.post(
    "/{entity}",
    response_model=ImportResult,
    openapi_extra={
        "requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}, "required": True}
    },
)
def import_csv(
    entity: Entity,
    s: SessionDep,
    p: Manager,
    data: CsvBytes,  # after the caller is known: a stranger's upload is refused before it is read
    dry_run: bool = False,
    map_: Annotated[
        list[str] | None, Query(alias="map", description='"CSV column=field", repeatable')
    ] = None,
) -> ImportResult:
    """Validate every row and upsert all of them, or none: errors name the row and the CSV column."""
    mapping = {}
    for pair in map_ or []:
        column, sep, field = pair.partition("=")
        if not sep or not column.strip():
            raise Invalid(f'map {pair!r}: expected "CSV column=field"', ("query", "map"))
        mapping[column.strip()] = field.strip()
    result = service.run_import(
        session=s, workspace_id=p.workspace_id, entity=entity, data=data, mapping=mapping, dry_run=dry_run
    )
    if dry_run:
        s.rollback()
    return result
