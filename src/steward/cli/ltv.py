"""`steward ltv fit FILE.csv`: BG/NBD and Gamma-Gamma fitted on a transaction log, checked on a holdout."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
import typer
from rich.table import Table

from steward.analytics.churn_features import as_number
from steward.analytics.ltv import BetaGeoFitter, GammaGammaFitter, discounted_clv
from steward.analytics.rfm import RfmSummary, summarise
from steward.cli.common import console, emit_json, fail
from steward.cli.tables import data_line, read_csv_text, require_columns

ltv_app = typer.Typer(help="Customer lifetime value.", no_args_is_help=True)
UNIT_DAYS = {"day": 1, "week": 7}
CLV_MONTHS = 12
ANNUAL_DISCOUNT = 0.10


@ltv_app.command("fit")
def fit(
    file: Annotated[Path, typer.Argument(help="CSV transaction log with a header row")],
    customer: Annotated[str, typer.Option(help="customer id column")],
    date_: Annotated[str, typer.Option("--date", help="transaction date column")],
    calibration_end: Annotated[str, typer.Option(help="last day of the fitting period, YYYY-MM-DD")],
    amount: Annotated[str | None, typer.Option(help="transaction value column (enables Gamma-Gamma)")] = None,
    date_format: Annotated[str | None, typer.Option(help="strftime format, e.g. %Y%m%d")] = None,
    holdout_end: Annotated[
        str | None, typer.Option(help="last day of the holdout period, YYYY-MM-DD")
    ] = None,
    time_unit: Annotated[Literal["day", "week"], typer.Option(help="unit of recency and T")] = "week",
    output: Annotated[Path | None, typer.Option(help="write per-customer P(alive), purchases, CLV")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Fit BG/NBD (and Gamma-Gamma with --amount) up to --calibration-end; same-day purchases count once."""
    frame = read_csv_text(file)
    require_columns(file, frame, customer=customer, date=date_, amount=amount)
    when = _dates(file, frame[date_], date_, date_format)
    cal_end = _day("--calibration-end", calibration_end)
    hold_end = _day("--holdout-end", holdout_end) if holdout_end else None
    first, last = when.min().date(), when.max().date()
    if not first <= cal_end < last:
        fail(f"--calibration-end {cal_end} is outside the data: transactions run from {first} to {last}")
    if hold_end is not None and hold_end <= cal_end:
        fail(f"--holdout-end {hold_end} must come after --calibration-end {cal_end}")
    values = _amounts(file, frame[amount], amount) if amount else None
    ids = frame[customer].str.strip()
    blank = np.flatnonzero((ids == "").to_numpy())
    if blank.size:
        fail(f"{file}: {data_line(int(blank[0]))}, column {customer!r}: no customer id")
    rfm = summarise(
        ids, when, values, calibration_end=cal_end, holdout_end=hold_end, unit_days=UNIT_DAYS[time_unit]
    )
    try:
        bgnbd = BetaGeoFitter().fit(rfm.frequency, rfm.recency, rfm.T)
        spend = GammaGammaFitter().fit(rfm.frequency, rfm.monetary_value) if values is not None else None
    except ValueError as exc:
        fail(f"{file}: {exc}")
    payload = _payload(rfm, bgnbd, spend)
    if output is not None:
        _write_customers(output, rfm, bgnbd, spend, UNIT_DAYS[time_unit])
    if json_out:
        emit_json(payload)
    else:
        _print(file, payload, time_unit)


def _day(option: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"{option} {text!r}: expected a date as YYYY-MM-DD")


def _dates(file: Path, raw: pd.Series, column: str, fmt: str | None) -> pd.Series:
    text = raw.str.strip()
    parsed = pd.to_datetime(text, format=fmt or "mixed", errors="coerce")
    bad = np.flatnonzero(parsed.isna().to_numpy())
    if bad.size:
        row = int(bad[0])
        hint = f" with format {fmt!r}" if fmt else "; pass --date-format, e.g. %Y%m%d"
        fail(f"{file}: {data_line(row)}, column {column!r}: cannot read {text.iloc[row]!r} as a date{hint}"
             f" ({bad.size} such rows)")  # fmt: skip
    return parsed


def _amounts(file: Path, raw: pd.Series, column: str) -> pd.Series:
    values = as_number(raw)
    for problem, mask in (("not a number", values.isna()), ("negative amount", values < 0)):
        bad = np.flatnonzero(mask.to_numpy())
        if bad.size:
            row = int(bad[0])
            where = f"{file}: {data_line(row)}, column {column!r}"
            fail(f"{where}: {problem}: {raw.iloc[row]!r} ({bad.size} such rows)")
    return values


def _payload(rfm: RfmSummary, bgnbd: BetaGeoFitter, spend: GammaGammaFitter | None) -> dict[str, Any]:
    b = bgnbd.params_
    holdout = None
    if rfm.holdout_frequency is not None and rfm.holdout_length is not None:
        predicted = bgnbd.conditional_expected_purchases(
            rfm.holdout_length, rfm.frequency, rfm.recency, rfm.T
        )
        holdout = {
            "length": round(rfm.holdout_length, 4),
            "actual_repeat_transactions": float(rfm.holdout_frequency.sum()),
            "predicted_repeat_transactions": round(float(predicted.sum()), 2),
        }
    return {
        "bgnbd": {"r": round(b.r, 4), "alpha": round(b.alpha, 4), "a": round(b.a, 4), "b": round(b.b, 4)},
        "gamma_gamma": None if spend is None else {k: round(v, 4) for k, v in vars(spend.params_).items()},
        "customers": int(rfm.customer.size),
        "repeat_customers": int((rfm.frequency > 0).sum()),
        "holdout": holdout,
    }


def _write_customers(
    path: Path, rfm: RfmSummary, bgnbd: BetaGeoFitter, spend: GammaGammaFitter | None, unit_days: int
) -> None:
    """Per customer: P(alive), purchases expected in the next 12 months, expected spend per purchase and
    12-month CLV discounted monthly at 10% a year."""
    month = 30.4375 / unit_days
    alive = bgnbd.probability_alive(rfm.frequency, rfm.recency, rfm.T)
    year = bgnbd.conditional_expected_purchases(CLV_MONTHS * month, rfm.frequency, rfm.recency, rfm.T)
    per_purchase = (
        None if spend is None else spend.conditional_expected_spend(rfm.frequency, rfm.monetary_value)
    )
    clv = None
    if per_purchase is not None:
        rate = (1 + ANNUAL_DISCOUNT) ** (1 / 12) - 1
        clv = discounted_clv(bgnbd, per_purchase, rfm.frequency, rfm.recency, rfm.T,
                             periods=CLV_MONTHS, period_length=month, discount_rate=rate)  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["customer", "frequency", "recency", "T", "p_alive", "expected_purchases_12m",
                      "expected_spend_per_purchase", "clv_12m"])  # fmt: skip
        for i, cid in enumerate(rfm.customer):
            out.writerow([cid, int(rfm.frequency[i]), round(rfm.recency[i], 4), round(rfm.T[i], 4),
                          round(float(alive[i]), 4), round(float(year[i]), 4),
                          "" if per_purchase is None else round(float(per_purchase[i]), 2),
                          "" if clv is None else round(float(clv[i]), 2)])  # fmt: skip


def _print(file: Path, p: dict[str, Any], unit: str) -> None:
    table = Table(title=f"Lifetime value model for {file.name}: {p['customers']:,} customers ({unit}s)")
    table.add_column("model")
    table.add_column("parameters")
    table.add_row("BG/NBD", ", ".join(f"{k} = {v:.3f}" for k, v in p["bgnbd"].items()))
    if p["gamma_gamma"]:
        table.add_row("Gamma-Gamma", ", ".join(f"{k} = {v:.3f}" for k, v in p["gamma_gamma"].items()))
    console.print(table)
    if p["holdout"]:
        h = p["holdout"]
        actual, predicted = h["actual_repeat_transactions"], h["predicted_repeat_transactions"]
        console.print(f"Holdout ({h['length']:.1f} {unit}s): {actual:,.0f} actual repeat transactions, "
                      f"{predicted:,.1f} predicted")  # fmt: skip
