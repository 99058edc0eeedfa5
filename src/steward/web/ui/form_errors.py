"""A form's error said in the page's language: pydantic's structured errors (type, field, ctx) and the domain
errors whose words are fixed are worded here when the page renders; a message Steward's code wrote itself (a
value_error's text, a domain f-string) stays English and is marked lang="en". The API keeps its English."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date, datetime
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from pydantic import ValidationError

from steward.core.errors import DomainError, NotFound
from steward.web.ui.i18n import N_, Words, html_lang


def pgettext(context: str, message: str) -> str:
    """Marks a message and its msgctxt for extraction; the catalogue's pgettext says it where shown."""
    return message


MARK = "\x1e"  # starts a FormError carried as JSON in a signed notice (?error=...); never typed by a person
NOTICE_LIMIT = 280  # the pages read a notice of at most 300 characters

# Form fields by the name the schema gives them; a field not here is shown as written (marked English).
FIELD_LABELS = {
    "name": pgettext("form field", "Name"),
    "email": pgettext("form field", "E-mail"),
    "title": pgettext("form field", "Title"),
    "subject": pgettext("form field", "Subject"),
    "body": pgettext("form field", "Text"),
    "due_date": pgettext("form field", "Due date"),
    "priority": pgettext("form field", "Priority"),
    "score": pgettext("form field", "Score"),
    "comment": pgettext("form field", "Comment"),
    "owner": pgettext("form field", "Owner"),
    "owner_id": pgettext("form field", "Owner"),
    "amount": pgettext("form field", "Amount"),
    "amount_minor": pgettext("form field", "Amount"),
    "reason": pgettext("form field", "Reason"),
    "type": pgettext("form field", "Type"),
    "kind": pgettext("form field", "Kind"),
    "status": pgettext("form field", "Status"),
    "occurred_at": pgettext("form field", "When"),
    "note": pgettext("form field", "Note"),
    "currency": pgettext("form field", "Currency"),
    "description": pgettext("form field", "Description"),
    "slug": pgettext("form field", "Address"),
    "retention_days": pgettext("form field", "Retention days"),
    "outcome": pgettext("form field", "Outcome"),
    "churn_reason": pgettext("form field", "Churn reason"),
    "close_date": pgettext("form field", "Close date"),
    "renewal_date": pgettext("form field", "Renewal date"),
    "until": pgettext("form field", "Until"),
    "language": pgettext("form field", "Language"),
    "sentiment": pgettext("form field", "Sentiment"),
    "themes": pgettext("form field", "Themes"),
    "template_id": pgettext("form field", "Template"),
    "forecast": pgettext("form field", "Forecast"),
    "notes": pgettext("form field", "Notes"),
}

# The fixed nouns of NotFound("<what>", key) that pages meet; other nouns keep the whole message English.
NOT_FOUND_NOUNS = {
    "account": pgettext("not found", "account"),
    "contact": pgettext("not found", "contact"),
    "ticket": pgettext("not found", "ticket"),
    "survey": pgettext("not found", "survey"),
    "success plan": pgettext("not found", "success plan"),
    "scorecard": pgettext("not found", "scorecard"),
    "article": pgettext("not found", "article"),
    "renewal": pgettext("not found", "renewal"),
    "rule": pgettext("not found", "rule"),
    "user": pgettext("not found", "user"),
    "subscription": pgettext("not found", "subscription"),
    "business review": pgettext("not found", "business review"),
    "journey": pgettext("not found", "journey"),
    "canned response": pgettext("not found", "canned response"),
    "objective": pgettext("not found", "objective"),
    "task": pgettext("not found", "task"),
}

FORBIDDEN_DEFAULT = "your role does not allow this"
UNAUTHORIZED_DEFAULT = "missing or invalid credentials"

# type -> (message, the ctx value it names). Numbers are written in the locale's way.
SIMPLE = {
    "missing": pgettext("form error", "Required"),
    "int_parsing": N_("Not a whole number"),
    "int_type": N_("Not a whole number"),
    "int_from_float": N_("Not a whole number"),
    "float_parsing": N_("Not a number"),
    "float_type": N_("Not a number"),
    "decimal_parsing": N_("Not a number"),
    "decimal_type": N_("Not a number"),
    "bool_parsing": N_("Must be yes or no (true or false)"),
    "bool_type": N_("Must be yes or no (true or false)"),
    "date_parsing": N_("Not a date (YYYY-MM-DD)"),
    "date_from_datetime_parsing": N_("Not a date (YYYY-MM-DD)"),
    "date_type": N_("Not a date (YYYY-MM-DD)"),
    "date_from_datetime_inexact": N_("Not a date (YYYY-MM-DD)"),
    "datetime_parsing": N_("Not a date and time (YYYY-MM-DD HH:MM)"),
    "datetime_from_date_parsing": N_("Not a date and time (YYYY-MM-DD HH:MM)"),
    "datetime_type": N_("Not a date and time (YYYY-MM-DD HH:MM)"),
    "url_parsing": N_("Not a valid web address"),
    "url_type": N_("Not a valid web address"),
    "url_scheme": N_("Not a valid web address"),
    "json_invalid": N_("Not valid JSON"),
    "json_type": N_("Not valid JSON"),
    "string_pattern_mismatch": N_("Not in the expected format"),
    "string_type": N_("Must be text"),
    "list_type": N_("Must be a list"),
    "dict_type": N_("Must be a set of names and values"),
    "extra_forbidden": N_("Not a field of this form"),
}
BOUNDS = {
    "greater_than": ("gt", N_("Must be greater than %(num)s")),
    "greater_than_equal": ("ge", N_("Must be at least %(num)s")),
    "less_than": ("lt", N_("Must be less than %(num)s")),
    "less_than_equal": ("le", N_("Must be at most %(num)s")),
}
_ALTERNATIVES = re.compile(r", | or ")  # pydantic's "'a', 'b' or 'c'"
CUSTOM = {"value_error": "Value error, ", "assertion_error": "Assertion failed, "}


@dataclasses.dataclass(frozen=True)
class FormError:
    """One error as a page shows it: `type` and `ctx` as pydantic (or the domain error) gave them, `field`
    the form field it is about, `msg` the English text the API would give."""

    type: str
    msg: str
    field: str = ""
    ctx: dict[str, Any] = dataclasses.field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.field}: {self.msg}" if self.field else self.msg

    def encoded(self) -> str:
        """For a signed notice: the error as compact JSON, or its English text when that would not fit."""
        text = MARK + json.dumps([self.type, self.msg, self.field, self.ctx], separators=(",", ":"))
        return text if len(text) <= NOTICE_LIMIT else str(self)[:NOTICE_LIMIT]

    @staticmethod
    def decoded(text: str) -> FormError | None:
        if not text.startswith(MARK):
            return None
        try:
            kind, msg, name, ctx = json.loads(text[1:])
        except (ValueError, TypeError):
            return None
        return FormError(str(kind), str(msg), str(name), ctx if isinstance(ctx, dict) else {})


def _plain(value: Any) -> Any:
    """A ctx value JSON and the page can carry: numbers and text as they are, a day as ISO, others as text."""
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def from_pydantic(err: Any, *, where: str | None = None) -> FormError:
    """`where` names the field when the caller knows it better than the error's loc."""
    loc = err.get("loc") or ()
    name = where if where is not None else (str(loc[0]) if loc else "")
    ctx = {k: _plain(v) for k, v in (err.get("ctx") or {}).items() if k != "error"}
    return FormError(str(err["type"]), str(err["msg"]), name, ctx)


def from_domain(exc: DomainError) -> FormError:
    if isinstance(exc, NotFound) and getattr(exc, "what", None) in NOT_FOUND_NOUNS:
        return FormError("not_found", exc.msg, ctx={"what": exc.what, "key": exc.key})
    return FormError(exc.type, exc.msg)


def first_error(exc: ValidationError | DomainError) -> FormError:
    """The first error of a form's input, for the page to say in its language (`|form_error`)."""
    if isinstance(exc, DomainError):
        return from_domain(exc)
    return from_pydantic(exc.errors()[0])


def field_errors(exc: ValidationError) -> dict[str, FormError]:
    """Each field's first error, by field name ("form" for an error of the whole form)."""
    found: dict[str, FormError] = {}
    for err in exc.errors():
        found.setdefault(str(err["loc"][0]) if err["loc"] else "form", from_pydantic(err))
    return found


def _english(text: str) -> Markup:
    return Markup('<span lang="en">{}</span>').format(text)


class _Words(Words):
    def value(self, value: Any) -> str:
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, int | float):
            return format_decimal(value, locale=self.locale)
        if isinstance(value, str):
            try:
                return format_date(date.fromisoformat(value), "medium", locale=self.locale)
            except ValueError:
                return value
        return str(value)

    def count(self, value: Any) -> int:
        return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _problem(w: _Words, error: FormError) -> Markup | None:
    """The problem in the page's words, without the field; None when only its English text can say it."""
    kind, ctx = error.type, error.ctx
    if kind == "missing":
        return escape(w.pgettext("form error", SIMPLE[kind]))
    if kind in SIMPLE:
        return escape(w._(SIMPLE[kind]))
    if kind in BOUNDS:
        key, message = BOUNDS[kind]
        return escape(w._(message) % {"num": w.value(ctx.get(key))}) if key in ctx else None
    if kind in ("string_too_short", "string_too_long", "too_short", "too_long"):
        key = "min_length" if kind.endswith("short") else "max_length"
        if key not in ctx:
            return None
        n = w.count(ctx[key])
        if kind == "string_too_short" and n == 1:
            return escape(w.pgettext("form error", "Required"))
        texts = {
            "string_too_short": w.ngettext("At least %(num)s character", "At least %(num)s characters", n),
            "string_too_long": w.ngettext("At most %(num)s character", "At most %(num)s characters", n),
            "too_short": w.ngettext("At least %(num)s item", "At least %(num)s items", n),
            "too_long": w.ngettext("At most %(num)s item", "At most %(num)s items", n),
        }
        return escape(texts[kind] % {"num": w.value(n)})
    if kind in ("literal_error", "enum") and "expected" in ctx:
        values = ", ".join(_ALTERNATIVES.split(str(ctx["expected"])))  # the values as data, not "or"
        return escape(w._("Must be one of: %(values)s") % {"values": values})
    if kind in CUSTOM:
        return Markup("{} {}").format(w._("Not valid:"), _english(error.msg.removeprefix(CUSTOM[kind])))
    return None


def said(error: FormError | str | None, language: str) -> Markup:
    """The error in `language`: what Steward can word is translated; the rest is English, marked so."""
    if not error:
        return Markup("")
    if isinstance(error, str):
        decoded = FormError.decoded(error)
        if decoded is None:
            return _english(error)
        error = decoded
    w = _Words(language)
    if error.type == "forbidden" and error.msg == FORBIDDEN_DEFAULT:
        return escape(w._("Your role does not allow this."))
    if error.type == "unauthorized" and error.msg == UNAUTHORIZED_DEFAULT:
        return escape(w._("Missing or invalid credentials."))
    if error.type == "not_found" and error.ctx.get("what") in NOT_FOUND_NOUNS:
        what = w.pgettext("not found", NOT_FOUND_NOUNS[error.ctx["what"]])
        return escape(w._("%(what)s %(key)s not found") % {"what": what, "key": error.ctx.get("key", "")})
    problem = _problem(w, error)
    if problem is None:
        return _english(str(error))
    if not error.field:
        return problem
    return (
        Markup(escape(w._("%(field)s: %(problem)s")))
        .replace("%(field)s", _name(w, error.field))
        .replace("%(problem)s", problem)
    )


def _name(w: _Words, name: str) -> Markup:
    """A field by the label its page gives it: a schema name of FIELD_LABELS, or a label the page already
    shows ("Recurrence days", translated where the page is); else as written, marked English."""
    if name in FIELD_LABELS:
        return escape(w.pgettext("form field", FIELD_LABELS[name]))
    shown = w._(name)
    return escape(shown) if shown != name or w.english else _english(name)


@pass_context
def form_error(ctx: Context, error: FormError | str | None) -> Markup:
    """`{{ error|form_error }}`: a form's or action's error in this render's language."""
    return said(error, html_lang(ctx))


def install(env: Environment) -> None:
    env.filters["form_error"] = form_error
