"""The survey builder's JSON: the whole survey as one object (what the question cards edit and the "advanced"
view shows), read back as a SurveyCreate with each error named by its question card and field."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from steward.analytics.nps import CSAT_POINTS, scale_of
from steward.core.i18n import NAMES
from steward.domains.surveys.schemas import SurveyCreate
from steward.web.ui.survey_form import LABELS

MAX_DEFINITION = 100_000  # characters
QUESTION_FIELDS = {
    "key": "Key",
    "type": "Type",
    "prompt": "Prompt",
    "prompts": "Prompt in",
    "options": "Options",
    "translated_options": "Options in",
    "low": "Scale from",
    "high": "Scale to",
    "required": "Required",
    "show_if": "Show if",
}
# Which field a question-wide check speaks of, by the words of its message (schemas.Question._consistent).
_WHOLE_QUESTION = (("translates", "translated_options"), ("option", "options"), ("low <", "low"),
                   ("language", "prompts"))  # fmt: skip
_QUOTED_KEY = re.compile(r"'([a-z][a-z0-9_]*)'")


@dataclass(frozen=True)
class Problem:
    """One error: the question card it belongs to (0-based; None: the survey's own fields) and its field."""

    card: int | None
    field: str | None
    msg: str

    def text(self, questions: list[Any]) -> str:
        if self.card is None:
            name = LABELS.get(self.field or "", self.field or "")
            return f"{name}: {self.msg}" if name else self.msg
        key = questions[self.card].get("key") if isinstance(questions[self.card], dict) else None
        card = f"Question {self.card + 1}{f' ({key})' if isinstance(key, str) and key else ''}"
        return f"{card}, {self.field}: {self.msg}" if self.field else f"{card}: {self.msg}"


def scales() -> dict[str, list[int]]:
    """The score range of each kind (CSAT by its points), for the builder's branch checks."""
    out = {kind: list(scale_of(kind)) for kind in ("nps", "ces")}
    out.update({f"csat{p}": list(scale_of("csat", p)) for p in CSAT_POINTS})
    return out


def definition_body(text: str) -> tuple[SurveyCreate | None, list[Problem], list[Any]]:
    """The posted JSON as a SurveyCreate, or its problems; also the questions as posted (to name cards)."""
    if len(text) > MAX_DEFINITION:
        return None, [Problem(None, "definition", f"at most {MAX_DEFINITION:,} characters")], []
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}: {exc.msg}"
        return None, [Problem(None, "definition", where)], []
    if not isinstance(raw, dict):
        return None, [Problem(None, "definition", "the survey is a JSON object ({...})")], []
    questions: list[Any] = raw["questions"] if isinstance(raw.get("questions"), list) else []
    try:
        return SurveyCreate.model_validate(raw), [], questions
    except ValidationError as exc:
        return None, [problem(err, questions) for err in exc.errors()][:30], questions


def problem(err: Mapping[str, Any], questions: list[Any]) -> Problem:
    loc = [p for p in err.get("loc", ()) if p != "body"]
    msg = str(err.get("msg", "is not valid")).removeprefix("Value error, ")
    if loc[:1] == ["questions"] and len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(questions):
        return Problem(loc[1], _question_field(loc[2:], msg), msg)
    if loc:
        rest = " ".join(str(p) for p in loc[1:] if not isinstance(p, int))
        return Problem(None, str(loc[0]), f"{rest}: {msg}" if rest else msg)
    named = _QUOTED_KEY.search(msg)
    keys = [q.get("key") if isinstance(q, dict) else None for q in questions]
    if named and named.group(1) in keys:
        card = len(keys) - 1 - keys[::-1].index(named.group(1))  # a key used twice: its second card
        return Problem(card, "Show if" if "branches" in msg else "Key", msg)
    return Problem(None, None, msg)


def _question_field(rest: list[Any], msg: str) -> str | None:
    if not rest:
        return next((QUESTION_FIELDS[f] for words, f in _WHOLE_QUESTION if words in msg), None)
    name = QUESTION_FIELDS.get(str(rest[0]), str(rest[0]))
    if rest[0] in ("prompts", "translated_options") and len(rest) > 1:
        name = f"{name} {NAMES.get(str(rest[1]), str(rest[1]))}"
        if len(rest) > 2 and isinstance(rest[2], int):
            name = f"{name}, option {rest[2] + 1}"
    elif rest[0] == "options" and len(rest) > 1 and isinstance(rest[1], int):
        name = f"{name}, option {rest[1] + 1}"
    return name


def definition_of(
    form: Mapping[str, str], questions: list[dict[str, Any]], audience: Mapping[str, Any]
) -> str:
    """The builder's JSON for a form of text fields (a new survey, or one posted without the builder)."""
    return json.dumps(
        {
            "name": form.get("name", ""),
            "kind": form.get("kind", ""),
            "purpose": form.get("purpose", ""),
            "points": _int(form.get("points", "")) or 5,
            "status": form.get("status", ""),
            "recurrence_days": _int(form.get("recurrence_days", "")),
            "reminder_days": _int(form.get("reminder_days", "")),
            "expires_days": _int(form.get("expires_days", "")),
            "audience": dict(audience),
            "questions": questions,
        },
        indent=2,
        ensure_ascii=False,
    )


def _int(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None
