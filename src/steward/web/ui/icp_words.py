"""The ideal customer profile's reasons and "not ready yet" said in the page's language: the domain keeps the
reason's parts (attribute, value, outcomes) and an English text for the API; here Babel writes the numbers."""

from __future__ import annotations

import re
from typing import Any

from babel import Locale
from babel.numbers import format_decimal, format_percent
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from steward.analytics.icp import NOT_SET
from steward.domains.icp.service import LABELS
from steward.web.ui.i18n import N_, Words, html_lang

NOT_SET_SAID = N_("(not set)")
QUALIFIED = {  # an outcome whose difference from the workspace's is not clear, and why
    "no clear difference": N_("%(outcome)s (within chance)"),
    "too few to tell": N_("%(outcome)s (too few to tell)"),
}


def _field(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


class _Words(Words):
    """Babel's number formats besides the language's gettext."""

    def num(self, value: float) -> str:
        return format_decimal(value, format="#,##0", locale=self.locale)

    def accounts(self, n: int) -> str:
        return self.ngettext("%(num)s account", "%(num)s accounts", n) % {"num": self.num(n)}

    def pct(self, share: float) -> str:
        return format_percent(share, locale=self.locale)  # the locale's own pattern: "40 %" in German


_RANGE = re.compile(r"^(?P<low>-?[\d,.]+(?:e[-+]?\d+)?) to < (?P<high>-?[\d,.]+(?:e[-+]?\d+)?)$")
_BOUND = re.compile(r"^(?P<op><|>=) (?P<x>-?[\d,.]+(?:e[-+]?\d+)?)$")


def value_said(w: _Words, value: str) -> str:
    """A value as the page's language writes it: a number range of analytics/icp.bin_label ("10 to < 50",
    "< 10", ">= 1,000", "any") with the locale's numbers, "(not set)" translated; other values are data."""
    if value == NOT_SET:
        return w._(NOT_SET_SAID)
    if value == "any":
        return w._("any")
    if match := _RANGE.match(value):
        low, high = _number(w, match["low"]), _number(w, match["high"])
        return w._("%(low)s to < %(high)s") % {"low": low, "high": high}
    if match := _BOUND.match(value):
        return f"{'≥' if match['op'] == '>=' else '<'} {_number(w, match['x'])}"
    return value


def _number(w: _Words, english: str) -> str:
    return format_decimal(float(english.replace(",", "")), locale=w.locale)


def _qualified(w: _Words, outcome: str, effect: Any) -> str:
    return w._(QUALIFIED[effect]) % {"outcome": outcome} if effect in QUALIFIED else outcome


def reason_said(w: _Words, reason: Any) -> str | None:
    """The reason in the page's words, or None for one this file cannot word (then its English text is shown,
    marked lang="en"). Steward's own attribute names are translated; custom ones and values are data."""
    kind, attribute = _field(reason, "kind"), str(_field(reason, "attribute"))
    name = w._(LABELS[attribute]) if attribute in LABELS else str(_field(reason, "label") or attribute)
    value = str(_field(reason, "value"))
    said = {"attribute": name, "value": value_said(w, value)}
    if kind == "unseen":
        return w._("%(attribute)s %(value)s: not in this workspace's history, counted as average") % said
    if kind != "outcomes":
        return None
    clauses = []
    share, low, high, overall, accounts = (
        _field(reason, k)
        for k in ("retention", "retention_low", "retention_high", "workspace_retention", "accounts")
    )
    if None not in (share, low, high, overall, accounts):
        stayed = w._(
            "%(share)s stayed (95%% CI %(low)s\u2013%(high)s, %(accounts)s) vs %(overall)s overall"
        ) % {"share": w.pct(share), "low": w.pct(low), "high": w.pct(high), "accounts": w.accounts(accounts),
             "overall": w.pct(overall)}  # fmt: skip
        clauses.append(_qualified(w, stayed, _field(reason, "effect")))
    nrr, workspace_nrr = _field(reason, "nrr"), _field(reason, "workspace_nrr")
    if nrr is not None and workspace_nrr is not None:
        grew = w._("NRR %(nrr)s vs %(overall)s") % {"nrr": w.pct(nrr), "overall": w.pct(workspace_nrr)}
        clauses.append(_qualified(w, grew, _field(reason, "nrr_effect")))
    if not clauses:
        return None
    outcomes = (
        clauses[0]
        if len(clauses) == 1
        else w._("%(first)s; %(second)s") % {"first": clauses[0], "second": clauses[1]}
    )
    return w._("%(attribute)s %(value)s: %(outcomes)s") % {**said, "outcomes": outcomes}


def not_ready_said(w: _Words, not_ready: Any) -> list[str]:
    """Why there is no profile yet, in sentences, from the counts the domain gives."""
    has, left = int(_field(not_ready, "has")), int(_field(not_ready, "left"))
    so_far = w._("So far: %(accounts)s with a renewal outcome, of which %(left)s left.") % {
        "accounts": w.accounts(has),
        "left": w.num(left),
    }
    if _field(not_ready, "why") == "no varying attribute":
        return [
            w._("No firmographic varies across the accounts: set segment, industry, region, plan, seats or "
                "a custom attribute."),
            so_far,
        ]  # fmt: skip
    needed, each = int(_field(not_ready, "needed")), int(_field(not_ready, "needed_each"))
    return [
        w._(
            "A profile needs at least %(accounts)s with a renewal outcome (customers for a year or more), at "
            "least %(each)s of them that left and %(each)s that stayed."
        )
        % {"accounts": w.accounts(needed), "each": w.num(each)},
        so_far,
    ]


@pass_context
def icp_reason(ctx: Context, reason: Any) -> str | None:
    """An ICP reason in this render's language; None: show its English text."""
    return reason_said(_Words(html_lang(ctx)), reason)


@pass_context
def icp_not_ready(ctx: Context, not_ready: Any) -> list[str]:
    return not_ready_said(_Words(html_lang(ctx)), not_ready) if not_ready else []


@pass_context
def icp_points(ctx: Context, points: float) -> str:
    """A reason's share of the fit, signed, as the locale writes decimals: '+0,42' in German."""
    return format_decimal(points, format="+0.00;-0.00", locale=Locale.parse(html_lang(ctx).replace("-", "_")))


@pass_context
def icp_value(ctx: Context, value: Any) -> str:
    return value_said(_Words(html_lang(ctx)), str(value))


def install(env: Environment) -> None:
    env.filters.update(
        icp_reason=icp_reason, icp_not_ready=icp_not_ready, icp_points=icp_points, icp_value=icp_value
    )
