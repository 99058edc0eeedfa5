"""Suggestions for a ticket's type, category and priority, from a classifier trained on the workspace's own
solved tickets (analytics.ticket_text): each field's model is kept with its held-out weighted F1, and a
suggestion carries the model's probability as its confidence."""

from __future__ import annotations

import pickle
from functools import lru_cache

import sklearn
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split
from sqlalchemy.orm import Session

from steward.analytics import ticket_text
from steward.core.errors import Invalid, NotFound
from steward.domains.tickets import queries
from steward.domains.tickets.models import TicketModel
from steward.domains.tickets.schemas import ModelRead, SuggestionRead, Suggestions

FIELDS = ("type", "category", "priority")
MIN_TICKETS = 30
MAX_TICKETS = 20_000  # the most recent solved tickets
HELD_OUT = 0.2


def train(*, session: Session, workspace_id: int) -> list[ModelRead]:
    """A model per field with enough labelled solved tickets (at least 30, two values with two tickets
    each); refuses when no field has."""
    trained = []
    reasons = []
    for field in FIELDS:
        texts, labels = queries.labelled(session, workspace_id, field, MAX_TICKETS)
        counts = {v: labels.count(v) for v in set(labels)}
        usable = [i for i, v in enumerate(labels) if counts[v] >= 2]
        if len(usable) < MIN_TICKETS or len({labels[i] for i in usable}) < 2:
            reasons.append(f"{field}: {len(usable)} solved tickets with a value shared by another")
            continue
        texts, labels = [texts[i] for i in usable], [labels[i] for i in usable]
        train_x, test_x, train_y, test_y = train_test_split(
            texts, labels, test_size=HELD_OUT, stratify=labels, random_state=ticket_text.SEED
        )
        held_out = ticket_text.classifier().fit(train_x, train_y)
        score = float(f1_score(test_y, held_out.predict(test_x), average="weighted"))
        model = ticket_text.classifier().fit(texts, labels)
        row = TicketModel(
            workspace_id=workspace_id,
            field=field,
            tickets=len(texts),
            classes=sorted(set(labels)),
            weighted_f1=round(score, 4),
            artifact=pickle.dumps(model),
            sklearn_version=sklearn.__version__,
        )
        session.add(row)
        session.flush()
        trained.append(ModelRead.model_validate(row))
    if not trained:
        raise Invalid(f"not enough labelled solved tickets (needs {MIN_TICKETS}): " + "; ".join(reasons))
    return trained


def models(*, session: Session, workspace_id: int) -> list[ModelRead]:
    return [ModelRead.model_validate(m) for m in queries.latest_models(session, workspace_id, FIELDS)]


def suggest(*, session: Session, workspace_id: int, ticket_id: int) -> Suggestions:
    text = queries.ticket_text(session, workspace_id, ticket_id)
    if text is None:
        raise NotFound("ticket", ticket_id)
    out: dict[str, SuggestionRead | None] = dict.fromkeys(FIELDS)
    for row in queries.latest_models(session, workspace_id, FIELDS):
        if row.sklearn_version != sklearn.__version__:
            continue  # trained by another scikit-learn: retrain rather than trust it
        [best] = ticket_text.suggest(_model(row.id, row.artifact), [text])
        out[row.field] = SuggestionRead(
            value=best.value, confidence=best.confidence, model_f1=row.weighted_f1
        )
    return Suggestions(**out)


@lru_cache(maxsize=32)
def _model(model_id: int, artifact: bytes) -> object:
    return pickle.loads(artifact)  # written by train above, never by a user
