"""The survey builder's form: questions written one a line in a small syntax, parsed into Question dicts,
and the whole form checked as a SurveyCreate, each error named by its line or its field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from steward.domains.surveys.schemas import Question, SurveyCreate
from steward.web.ui.form_errors import FormError, from_pydantic

TYPES = ("rating", "choice", "text")
MAX_QUESTIONS_TEXT = 20_000
SYNTAX = "key | type | prompt | options | show if | required"
EXAMPLE = """# key | type | prompt | options | show if | required
fix_first | text | What should we fix first? | | <=6 |
role | choice | What is your role? | Admin; Team lead; User | | required
setup | rating | How easy was the setup? | 1-5 | >=7 | optional"""
LABELS = {
    "name": "Name",
    "kind": "Kind",
    "purpose": "Purpose",
    "points": "CSAT points",
    "recurrence_days": "Recurrence days",
    "reminder_days": "Reminder days",
    "expires_days": "Expiry days",
    "status": "Status",
    "audience": "Audience",
    "questions": "Questions",
    "definition": "Advanced (JSON)",
}
KEY_RULE = "a key uses a-z, 0-9 and _, starts with a letter and has at most 40 characters"
_RANGE = re.compile(r"^(-?\d+)\s*-\s*(-?\d+)$")
_BRANCH = re.compile(r"^(<=|>=|<|>|=)?\s*(-?\d+)$")
_QUOTED_KEY = re.compile(r"'([a-z][a-z0-9_]*)'")


@dataclass
class Parsed:
    questions: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # the line each question was written on
    errors: list[str] = field(default_factory=list)


def parse_questions(text: str) -> Parsed:
    """`key | type | prompt | options | show if | required`, one question a line; blank lines and lines
    starting with # are skipped. Options: `A; B; C` for a choice, `1-5` (low-high) for a rating. Show if:
    `<=6`, `>=9`, `7-8` or `=5`, on the survey's score. Required: `required` (or empty: optional)."""
    out = Parsed()
    if len(text) > MAX_QUESTIONS_TEXT:
        out.errors.append(f"Questions: at most {MAX_QUESTIONS_TEXT:,} characters")
        return out
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        raw, problems = _question(line)
        if not problems:
            try:
                raw = Question.model_validate(raw).model_dump(mode="json", exclude_none=True)
            except ValidationError as exc:
                problems = [_message(err) for err in exc.errors()]
        out.errors.extend(f"Line {number}: {p}" for p in problems)
        if not problems:
            out.questions.append(raw)
            out.lines.append(number)
    return out


def _question(line: str) -> tuple[dict[str, Any], list[str]]:
    cells = [c.strip() for c in line.split("|")]
    if len(cells) < 3:
        return {}, [f"write at least key | type | prompt ({len(cells)} column{'s' * (len(cells) > 1)} found)"]
    if len(cells) > 6:
        return {}, [f"at most 6 columns ({SYNTAX}); {len(cells)} found"]
    key, kind, prompt, options, show_if, required = (cells + [""] * 6)[:6]
    problems: list[str] = []
    raw: dict[str, Any] = {"key": key, "type": kind.lower(), "prompt": prompt}
    if raw["type"] not in TYPES:
        problems.append(f"type must be rating, choice or text, not {kind!r}")
    elif raw["type"] == "choice":
        raw["options"] = [o.strip() for o in options.split(";") if o.strip()]
    elif raw["type"] == "rating" and options:
        found = _RANGE.match(options)
        if found is None:
            problems.append(f"a rating's options are its range, like 1-5, not {options!r}")
        else:
            raw["low"], raw["high"] = int(found.group(1)), int(found.group(2))
    elif options:
        problems.append(f"a {raw['type']} question has no options (found {options!r})")
    if show_if:
        branch = _branch(show_if)
        if branch is None:
            problems.append(f"show if must look like <=6, >=9, 7-8 or =5, not {show_if!r}")
        else:
            raw["show_if"] = branch
    if required.lower() not in ("", "required", "optional"):
        problems.append(f"the last column is 'required', 'optional' or empty, not {required!r}")
    raw["required"] = required.lower() == "required"
    return raw, problems


def _branch(text: str) -> dict[str, int] | None:
    text = text.replace(" ", "")
    both = _RANGE.match(text)
    if both:
        return {"score_min": int(both.group(1)), "score_max": int(both.group(2))}
    found = _BRANCH.match(text)
    if found is None:
        return None
    op, n = found.group(1) or "=", int(found.group(2))
    return {
        "<=": {"score_max": n},
        "<": {"score_max": n - 1},
        ">=": {"score_min": n},
        ">": {"score_min": n + 1},
        "=": {"score_min": n, "score_max": n},
    }[op]


def questions_text(questions: list[dict[str, Any]]) -> str:
    """The questions back in the builder's syntax."""
    lines = []
    for q in questions:
        options = ""
        if q.get("type") == "choice":
            options = "; ".join(q.get("options", []))
        elif q.get("type") == "rating":
            options = f"{q.get('low', 1)}-{q.get('high', 5)}"
        lines.append(
            " | ".join(
                [
                    q.get("key", ""),
                    q.get("type", ""),
                    q.get("prompt", ""),
                    options,
                    branch_text(q.get("show_if")),
                    "required" if q.get("required") else "",
                ]
            ).rstrip(" |")
        )
    return "\n".join(lines)


def branch_text(branch: Mapping[str, Any] | None) -> str:
    if not branch:
        return ""
    low, high = branch.get("score_min"), branch.get("score_max")
    if low is not None and high is not None:
        return f"={low}" if low == high else f"{low}-{high}"
    return f">={low}" if low is not None else f"<={high}"


def _message(err: Mapping[str, Any]) -> str:
    loc = [str(p) for p in err.get("loc", ()) if not isinstance(p, int)]
    msg = str(err.get("msg", "is not valid")).removeprefix("Value error, ")
    if err.get("type") == "string_pattern_mismatch" and loc[-1:] == ["key"]:
        return KEY_RULE
    return f"{loc[-1]}: {msg}" if loc else msg


def _number(form: Mapping[str, str], name: str, errors: list[str | FormError]) -> int | None:
    value = form.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit():
        errors.append(f"{LABELS[name]}: a whole number, not {value!r}")
        return None
    return int(value)


def _list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def survey_body(
    form: Mapping[str, str], previous: Mapping[str, Any] | None = None
) -> tuple[SurveyCreate | None, list[str | FormError]]:
    """The form as a SurveyCreate, or every error found. `previous` (the stored survey's fields, when
    editing) keeps what the form does not show: translated prompts and options of unchanged questions,
    account-field rules of the audience and, but for CSAT, the scale points."""
    errors: list[str | FormError] = []
    parsed = parse_questions(form.get("questions", ""))
    errors.extend(parsed.errors)
    numbers = {
        n: _number(form, n, errors) for n in ("points", "recurrence_days", "reminder_days", "expires_days")
    }
    if errors:
        return None, errors
    old = {q.get("key"): q for q in (previous or {}).get("questions", [])}
    for q in parsed.questions:
        before = old.get(q["key"])
        if before and before.get("prompt") == q["prompt"] and before.get("prompts"):
            q["prompts"] = before["prompts"]
        if before and before.get("options") == q.get("options") and before.get("translated_options"):
            q["translated_options"] = before["translated_options"]
    kind = form.get("kind", "")
    points = numbers["points"] if kind == "csat" else (previous or {}).get("points", 5)
    body: dict[str, Any] = {
        "name": form.get("name", ""),
        "kind": kind,
        "purpose": form.get("purpose", ""),
        "points": points if points is not None else 5,
        "questions": parsed.questions,
        "audience": {
            "segments": _list(form.get("segments", "")),
            "tiers": _list(form.get("tiers", "")),
            "roles": _list(form.get("roles", "")),
            "account_fields": ((previous or {}).get("audience") or {}).get("account_fields", {}),
        },
        "recurrence_days": numbers["recurrence_days"],
        "reminder_days": numbers["reminder_days"],
        "expires_days": numbers["expires_days"] if numbers["expires_days"] is not None else 14,
        "status": form.get("status", ""),
    }
    try:
        return SurveyCreate.model_validate(body), []
    except ValidationError as exc:
        return None, [_survey_error(err, parsed) for err in exc.errors()]


def _survey_error(err: Mapping[str, Any], parsed: Parsed) -> str | FormError:
    loc = list(err.get("loc", ()))
    msg = str(err.get("msg", "is not valid")).removeprefix("Value error, ")
    if loc[:1] == ["questions"] and len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(parsed.lines):
        return f"Line {parsed.lines[loc[1]]}: {_message({**err, 'loc': loc[2:]})}"
    if loc:
        name = LABELS.get(str(loc[0]), str(loc[0]))
        rest = " ".join(str(p) for p in loc[1:] if not isinstance(p, int))
        return from_pydantic(err, where=f"{name}{' ' + rest if rest else ''}")  # worded on the page
    named = _QUOTED_KEY.search(msg)
    keys = [q["key"] for q in parsed.questions]
    if named and named.group(1) in keys:
        index = len(keys) - 1 - keys[::-1].index(named.group(1))  # a key used twice: its second line
        return f"Line {parsed.lines[index]}: {msg}"
    return msg
