"""HTTP route for CSV imports: the raw CSV as the body (text/csv) or a multipart field named `file`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from steward.core.errors import Invalid
from steward.domains.imports import service
from steward.domains.imports.schemas import Entity, ImportResult
from steward.web.deps import Manager, SessionDep

router = APIRouter(prefix="/imports", tags=["imports"])


@router.post(
    "/{entity}",
    response_model=ImportResult,
    openapi_extra={
        "requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}, "required": True}
    },
)
async def import_csv(
    entity: Entity,
    request: Request,
    s: SessionDep,
    p: Manager,
    dry_run: bool = False,
    map_: Annotated[
        list[str] | None, Query(alias="map", description='"CSV column=field", repeatable')
    ] = None,
) -> ImportResult:
    """Validate every row and upsert all of them, or none: errors name the row and the CSV column."""
    data = await _csv_bytes(request)
    mapping = {}
    for pair in map_ or []:
        column, sep, field = pair.partition("=")
        if not sep or not column.strip():
            raise Invalid(f'map {pair!r}: expected "CSV column=field"', ("query", "map"))
        mapping[column.strip()] = field.strip()
    result = await run_in_threadpool(
        service.run_import, session=s, workspace_id=p.workspace_id, entity=entity, data=data, mapping=mapping,
        dry_run=dry_run,
    )  # fmt: skip
    if dry_run:
        s.rollback()
    return result


async def _csv_bytes(request: Request) -> bytes:
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise Invalid("send the CSV in a multipart field named 'file'", ("body", "file"))
        return await upload.read()
    return await request.body()
