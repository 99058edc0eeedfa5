"""Reading a workspace's texts: vectors stored once per distinct text, the workspace's own sentiment head
when its analysts have corrected enough readings, and the corrections themselves with the head refitted
from them (the built-in training set plus each correction weighed heavily)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy.orm import Session
from threadpoolctl import threadpool_limits

from steward.analytics import text
from steward.analytics.text import sentiment_model
from steward.analytics.text.encoder import DIM, MODEL, encoder, normalise
from steward.core.bulk import upsert_rows
from steward.core.clock import now_utc
from steward.core.errors import Invalid, NotFound
from steward.domains.reading import queries
from steward.domains.reading.models import Correction, HeadRequest, TextVector, WorkspaceHead

MIN_CORRECTIONS = 5  # sentiment corrections before a workspace's own head is fitted
# Corrections together weigh at least this share of the built-in training set (each at least 25 texts), so a
# handful of them moves the head whatever the size of the built-in set.
CORRECTION_WEIGHT = 25.0
CORRECTION_SHARE = 0.2
FOLDS = 5
# The score an analyst's reading stands for: P(positive) - P(negative) of a reader who is sure.
ANALYST_SCORES = {"negative": -1.0, "neutral": 0.0, "positive": 1.0}


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def vectors(
    *,
    session: Session,
    workspace_id: int,
    texts: Sequence[str],
    progress: Callable[[int, int], None] | None = None,
) -> np.ndarray:
    """Unit vectors of the texts: read from the store, and the missing ones embedded (each distinct text
    once; `progress(done, total)` told after each batch) and stored."""
    out, rows = _embedded(session, workspace_id, texts, progress)
    _store(session, rows)
    return out


def _embedded(
    session: Session, workspace_id: int, texts: Sequence[str], progress: Callable[[int, int], None] | None
) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """The texts' vectors, and the rows of those embedded now, not stored yet."""
    keys = [normalise(t) for t in texts]
    digests = [digest(k) for k in keys]
    stored = queries.stored_vectors(
        session, workspace_id, MODEL, sorted({d for d, k in zip(digests, keys, strict=True) if k})
    )
    missing = {d: k for d, k in zip(digests, keys, strict=True) if k and d not in stored}
    rows: list[dict[str, Any]] = []
    if missing:
        done = [0]

        def tell(batch: int) -> None:
            done[0] += batch
            if progress is not None:
                progress(done[0], len(missing))

        fresh = encoder().embed(list(missing.values()), progress=tell)
        rows = [
            {"workspace_id": workspace_id, "digest": d, "model": MODEL,
             "vector": v.astype(np.float16).tobytes(), "created_at": now_utc()}
            for d, v in zip(missing, fresh, strict=True)
        ]  # fmt: skip
        stored.update({r["digest"]: r["vector"] for r in rows})
    out = np.zeros((len(keys), DIM), dtype=np.float32)
    for i, (d, k) in enumerate(zip(digests, keys, strict=True)):
        if k:
            out[i] = np.frombuffer(stored[d], dtype=np.float16).astype(np.float32)
    return out, rows


def _store(session: Session, rows: list[dict[str, Any]]) -> None:
    # A vector of an earlier model is replaced; two requests storing the same text store it once.
    if rows:
        table: Any = TextVector.__table__
        upsert_rows(session, table, rows, ("workspace_id", "digest"), ("model", "vector"))


def head(*, session: Session, workspace_id: int) -> text.Head:
    row = queries.workspace_head(session, workspace_id)
    if row is not None:
        try:
            return text.Head.from_json(row.head)
        except ValueError:  # fitted for an earlier encoder: the built-in head until refitted
            pass
    return sentiment_model.builtin()


def read(
    *,
    session: Session,
    workspace_id: int,
    texts: Sequence[str],
    themes: Sequence[text.Theme] = (),
    progress: Callable[[int, int], None] | None = None,
) -> list[text.TextAnalysis]:
    """Language, sentiment (the workspace's head), themes and sentiment per theme of each text (see
    `vectors` for `progress`). The new vectors are stored after the reading, so a transaction that reads
    takes SQLite's write lock only once the slow part (embedding clauses too) is done."""
    found, rows = _embedded(session, workspace_id, texts, progress)
    said = text.analyze(texts, themes, head=head(session=session, workspace_id=workspace_id), vectors=found)
    _store(session, rows)
    return said


@dataclass(frozen=True)
class HeadReport:
    corrections: int  # sentiment corrections the head learned from
    agreement: float | None  # its agreement with them in cross-validation
    builtin_agreement: float | None  # the built-in head's agreement with the same corrections
    active: bool  # the workspace reads with its own head
    needed: int  # corrections still needed before it has one
    training: bool = False  # a refit is requested (the corrections changed since the head was fitted)


def correct(
    *,
    session: Session,
    workspace_id: int,
    ref: str,
    text_value: str,
    sentiment: str | None,
    themes: list[str] | None,
    author_id: int | None,
) -> Correction:
    """Record (or replace) an analyst's reading of one text."""
    if sentiment is not None and sentiment not in sentiment_model.CLASSES:
        raise Invalid(f"sentiment must be one of {', '.join(sentiment_model.CLASSES)}", ("body", "sentiment"))
    row = queries.corrections_for(session, workspace_id, [ref]).get(ref)
    if row is None:
        row = Correction(workspace_id=workspace_id, ref=ref, text=text_value)
        session.add(row)
    row.text, row.sentiment, row.themes, row.author_id = text_value, sentiment, themes, author_id
    session.flush()
    return row


def corrections_for(*, session: Session, workspace_id: int, refs: Sequence[str]) -> dict[str, Correction]:
    return queries.corrections_for(session, workspace_id, refs)


def corrections_page(
    *, session: Session, workspace_id: int, cursor: str | None = None, limit: int = 50
) -> tuple[list[Correction], int, str | None]:
    """(corrections, total, next cursor), the latest first."""
    return queries.corrections_page(session, workspace_id, cursor, limit)


def get_correction(*, session: Session, workspace_id: int, correction_id: int) -> Correction:
    row = queries.correction(session, workspace_id, correction_id)
    if row is None:
        raise NotFound("correction", correction_id, ("path", "correction_id"))
    return row


def remove(*, session: Session, workspace_id: int, correction_id: int) -> Correction:
    """Forget one correction (the caller requests a refit); returns the row as it was."""
    row = get_correction(session=session, workspace_id=workspace_id, correction_id=correction_id)
    session.delete(row)
    session.flush()
    return row


@dataclass(frozen=True)
class FittedHead:
    """A head fitted from a workspace's sentiment corrections, not stored yet (`head` None: too few)."""

    head: dict[str, Any] | None
    corrections: int
    agreement: float | None
    builtin_agreement: float | None


def retrain(*, session: Session, workspace_id: int) -> HeadReport:
    """Refit and store the workspace's head in this transaction (see fit_head for the time it takes);
    requests use request_refit instead, and the job refits outside any transaction."""
    return store_head(
        session=session,
        workspace_id=workspace_id,
        fitted=fit_head(session=session, workspace_id=workspace_id),
    )


def fit_head(*, session: Session, workspace_id: int) -> FittedHead:
    """Fit the workspace's head from the built-in training set and its sentiment corrections, and measure
    both heads' agreement with the corrections (each correction predicted by a head fitted without it).
    Reads only (once the corrections' vectors are stored). Six fits of some 6,000 vectors: 0.7-1.6 s on two
    busy cores with one BLAS thread, but 20-40 s with OpenBLAS's default of a thread per core, which spin
    against each other and the rest of the process on small matrices; hence the limit while fitting."""
    rows = [c for c in queries.corrections(session, workspace_id) if c.sentiment]
    if len(rows) < MIN_CORRECTIONS:
        return FittedHead(None, len(rows), None, None)
    x = vectors(session=session, workspace_id=workspace_id, texts=[c.text for c in rows])
    y = [str(c.sentiment) for c in rows]
    base_x, base_y = sentiment_model.training_set()
    with threadpool_limits(limits=1, user_api="blas"):
        agreement = _cross_validated(base_x, base_y, x, y)
        fitted = _fit(base_x, base_y, x, y, about=f"learned from {len(rows)} corrections")
    builtin = [r.sentiment for r in sentiment_model.read(sentiment_model.builtin(), x)]
    builtin_agreement = round(float(np.mean([a == b for a, b in zip(builtin, y, strict=True)])), 4)
    return FittedHead(fitted.to_json(), len(rows), agreement, builtin_agreement)


def store_head(
    *, session: Session, workspace_id: int, fitted: FittedHead, requested_at: datetime | None = None
) -> HeadReport:
    """Keep a fitted head (too few corrections: no head, the built-in one reads) and take away the refit
    request it answers: the one made at `requested_at` (None: any). A request renewed meanwhile stays, so
    the corrections made during the fit are learned by the next one."""
    existing = queries.workspace_head(session, workspace_id)
    if fitted.head is None:
        if existing is not None:
            session.delete(existing)
    else:
        if existing is None:
            existing = WorkspaceHead(workspace_id=workspace_id)
            session.add(existing)
        existing.head, existing.corrections = fitted.head, fitted.corrections
        existing.agreement, existing.builtin_agreement = fitted.agreement, fitted.builtin_agreement
        existing.trained_at = now_utc()
    request = queries.head_request(session, workspace_id)
    if request is not None and (requested_at is None or request.requested_at == requested_at):
        session.delete(request)
    session.flush()
    return head_report(session=session, workspace_id=workspace_id)


def request_refit(*, session: Session, workspace_id: int) -> HeadReport:
    """After the sentiment corrections changed: below MIN_CORRECTIONS the built-in head reads again at once;
    otherwise a refit is requested, which jobs.refit_wanted makes within seconds of the commit."""
    count = sum(1 for c in queries.corrections(session, workspace_id) if c.sentiment)
    if count < MIN_CORRECTIONS:
        return store_head(
            session=session, workspace_id=workspace_id, fitted=FittedHead(None, count, None, None)
        )
    row = {"workspace_id": workspace_id, "requested_at": now_utc()}
    upsert_rows(session, HeadRequest.__table__, [row], ("workspace_id",), ("requested_at",))  # type: ignore[arg-type]
    return head_report(session=session, workspace_id=workspace_id)


def wanted(*, session: Session) -> list[tuple[int, datetime]]:
    """(workspace, requested at) of the refits requested, the oldest first."""
    return queries.head_requests(session)


def head_report(*, session: Session, workspace_id: int) -> HeadReport:
    row = queries.workspace_head(session, workspace_id)
    training = queries.head_request(session, workspace_id) is not None
    count = sum(1 for c in queries.corrections(session, workspace_id) if c.sentiment)
    if row is None:
        return HeadReport(count, None, None, False, max(0, MIN_CORRECTIONS - count), training)
    return HeadReport(row.corrections, row.agreement, row.builtin_agreement, True, 0, training)


def _fit(base_x: np.ndarray, base_y: Sequence[str], x: np.ndarray, y: Sequence[str], about: str) -> text.Head:
    each = max(CORRECTION_WEIGHT, CORRECTION_SHARE * len(base_x) / max(len(x), 1))
    weights = np.concatenate([np.ones(len(base_x)), np.full(len(x), each)])
    return sentiment_model.fit(np.vstack([base_x, x]), [*base_y, *y], weights=weights, about=about)


def _cross_validated(base_x: np.ndarray, base_y: Sequence[str], x: np.ndarray, y: Sequence[str]) -> float:
    folds = np.arange(len(y)) % min(FOLDS, len(y))
    hits = 0
    for k in range(int(folds.max()) + 1):
        test, train = folds == k, folds != k
        fitted = _fit(base_x, base_y, x[train], [v for v, t in zip(y, train, strict=True) if t], "cv")
        said = sentiment_model.read(fitted, x[test])
        hits += sum(
            r.sentiment == v
            for r, v in zip(said, [v for v, t in zip(y, test, strict=True) if t], strict=True)
        )
    return round(hits / len(y), 4)
