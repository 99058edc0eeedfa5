"""Running a sync: read the source after its cursor, write batch by batch (one transaction each, the cursor
moved with the rows) and record the run. Used by the API, the CLI and the scheduled job."""

from __future__ import annotations

import logging
from collections.abc import Callable

from steward.core.db import unit_of_work, utcnow
from steward.core.errors import DomainError
from steward.domains.sync import alerts, inputs, push, runs, service, sources
from steward.domains.sync.schemas import RunRead
from steward.settings import get_settings

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (rows read, rows to read)


def run_source(
    *, workspace_id: int, source_id: int, secret: str, trigger: str, progress: Progress | None = None
) -> RunRead:
    """One run to the end. The source's failures (cannot connect, failing query, missing columns) end the
    run as failed with the error; anything else is recorded too and raised again."""
    with unit_of_work() as s:
        start = runs.start_run(session=s, workspace_id=workspace_id, source_id=source_id, trigger=trigger)
    error: str | None = None
    try:
        with unit_of_work() as s:  # a URL sealed under another app secret fails the run, not the caller
            spec = service.read_spec(session=s, workspace_id=workspace_id, source_id=source_id, secret=secret)
        if spec.api_object == "health":
            push.push(workspace_id, source_id, start, spec, utcnow().date())
        else:
            _copy(workspace_id, source_id, start, spec, progress)
    except inputs.SourceError as exc:
        error = f"the source cannot be read: {exc}"
    except DomainError as exc:
        error = "; ".join(d.msg for d in exc.details())
    except BaseException as exc:
        with unit_of_work() as s:
            runs.finish_run(session=s, workspace_id=workspace_id, run_id=start.run_id, error=repr(exc)[:1000])
        if isinstance(exc, Exception):  # a crash is a failure too; an interrupt (Ctrl-C) is not
            _tell_owner(workspace_id, start.run_id)
        raise
    with unit_of_work() as s:
        result = runs.finish_run(session=s, workspace_id=workspace_id, run_id=start.run_id, error=error)
    if result.status == "failed":
        _tell_owner(workspace_id, result.id)
    return result


def _tell_owner(workspace_id: int, run_id: int) -> None:
    """The run is recorded whatever happens here: a failure to queue the e-mail is logged, not raised."""
    try:
        with unit_of_work() as s:
            alerts.on_failure(
                session=s, workspace_id=workspace_id, run_id=run_id, public_url=get_settings().public_url
            )
    except Exception:
        log.exception("could not tell the owner of sync run %s (workspace %s)", run_id, workspace_id)


def _copy(
    workspace_id: int, source_id: int, start: runs.RunStart, spec: inputs.ReadSpec, progress: Progress | None
) -> None:
    with sources.read(spec, after=start.cursor) as result:
        with unit_of_work() as s:
            service.check_columns(
                session=s, workspace_id=workspace_id, source_id=source_id, columns=result.columns
            )
            if result.null_cursor_rows and start.cursor_column:
                runs.note_null_cursors(
                    session=s, workspace_id=workspace_id, run_id=start.run_id,
                    column=start.cursor_column, count=result.null_cursor_rows,
                )  # fmt: skip
        cursor_at = result.columns.index(start.cursor_column) if start.cursor_column else None
        done = 0
        if progress:
            progress(0, result.count)
        for batch in inputs.batches(result.rows, cursor_at, start.batch_size):
            with unit_of_work() as s:
                runs.apply_batch(
                    session=s, workspace_id=workspace_id, source_id=source_id, run_id=start.run_id,
                    columns=result.columns, rows=batch, first_row=done + 1,
                )  # fmt: skip
            done += len(batch)
            if progress:
                progress(done, result.count)
