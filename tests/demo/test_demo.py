"""The demo generator is deterministic and realistic; `steward demo --no-serve` builds once, then reuses."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from steward.core.db import unit_of_work
from steward.demo.generator import DEMO_EMAIL, DEMO_PASSWORD, DemoScale, build_demo
from steward.domains.accounts.models import Account
from steward.domains.contacts.models import Contact
from steward.domains.plans.models import SuccessPlan
from steward.domains.subscriptions.models import Subscription
from steward.domains.subscriptions.service import refresh_account_revenue
from steward.domains.surveys.models import SurveyResponse
from steward.domains.users import service as users_service
from tests.factories import wipe_database

TODAY = date.today()  # the revenue roll-up compares renewals with the real date


def _snapshot() -> tuple[list[tuple[str, str, int]], list[tuple[str, str | None, str | None]]]:
    with unit_of_work() as s:
        accounts = [
            (a.external_id, a.name, a.arr_minor)
            for a in s.scalars(select(Account).order_by(Account.external_id))
        ]
        contacts = [
            (c.external_id, c.name, c.language)
            for c in s.scalars(select(Contact).order_by(Contact.external_id))
        ]
    return accounts, contacts


def test_demo_is_deterministic_and_realistic() -> None:
    with unit_of_work() as s:
        ctx = build_demo(
            session=s,
            scale=DemoScale(accounts=60, parents=6, churn_model=False, events_per_account_day=1.0),
            today=TODAY,
        )
    first = _snapshot()
    wipe_database()
    with unit_of_work() as s:
        build_demo(
            session=s,
            scale=DemoScale(accounts=60, parents=6, churn_model=False, events_per_account_day=1.0),
            today=TODAY,
        )
    assert _snapshot() == first

    accounts, contacts = first
    assert len(accounts) == 60 and len(contacts) > 200
    with unit_of_work() as s:  # portal users: every contact (own tickets), each champion the account's
        access = Counter(s.scalars(select(Contact.portal_access)))
        plans = Counter(p is not None for p in s.scalars(select(SuccessPlan.share_nonce)))
    assert access["company"] == 60 and access[None] == len(contacts) - 60
    assert plans[True] >= 3 and plans[False] >= 3  # every other plan shared with its customer (the portal)
    languages = Counter(lang for _, _, lang in contacts)
    assert {"zh-Hans", "zh-Hant", "he", "pl"} <= set(languages), languages
    with unit_of_work() as s:
        all_accounts = list(s.scalars(select(Account).where(Account.workspace_id == ctx.workspace_id)))
        assert sum(a.parent_id is not None for a in all_accounts) >= 10
        assert len({a.segment for a in all_accounts}) >= 3
        renewals = [a.next_renewal_date for a in all_accounts if a.next_renewal_date]
        assert min(renewals) >= TODAY and max(renewals) <= TODAY + timedelta(days=366)
        assert len({(r.year, r.month) for r in renewals}) >= 10  # spread over the year
        subs = list(s.scalars(select(Subscription)))
        assert {s_.status for s_ in subs} >= {"active", "canceled"}
        stored = {a.id: a.arr_minor for a in all_accounts}
        refresh_account_revenue(session=s, workspace_id=ctx.workspace_id, account_ids=list(stored))
        s.flush()
        s.expire_all()
        recomputed = {a.id: a.arr_minor for a in s.scalars(select(Account))}
        assert stored == recomputed
        assert (
            users_service.authenticate_password(session=s, email=DEMO_EMAIL, password=DEMO_PASSWORD)
            is not None
        )
        _check_surveys(s)


def _check_surveys(s: Session) -> None:
    """A year of answers in the contacts' languages, read for sentiment and themes, and the CRM incident
    showing in the recent comments."""
    answers = list(s.scalars(select(SurveyResponse)))
    commented = [a for a in answers if a.comment]
    assert len(answers) > 300 and len(commented) > 150
    assert {"en", "de", "zh", "ja", "he", "pl"} <= {a.language for a in commented}
    assert {a.sentiment for a in commented} == {"positive", "neutral", "negative"}
    recent = datetime.combine(TODAY - timedelta(days=21), time(), tzinfo=UTC)

    def integrations(rows: list[SurveyResponse]) -> float:
        return sum("Integrations" in (a.themes or []) for a in rows) / max(1, len(rows))

    before = [a for a in commented if a.responded_at < recent]
    after = [a for a in commented if a.responded_at >= recent]
    assert integrations(after) > 1.5 * integrations(before), (integrations(after), integrations(before))


# The command's own SQLite file (STEWARD_DATABASE_URL unset), whichever database the pass tests.
sqlite_pass_only = pytest.mark.skipif(
    os.environ.get("STEWARD_TEST_DB", "sqlite") == "postgresql",
    reason="steward demo's own SQLite file: runs in the SQLite pass",
)


@sqlite_pass_only
def test_demo_command_builds_then_reuses(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEWARD_")}
    cmd = [sys.executable, "-m", "steward.cli", "demo", "--no-serve", "--data-dir", str(tmp_path),
           "--accounts", "30", "--json"]  # fmt: skip
    first = json.loads(
        subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, timeout=300).stdout
    )
    assert first["reused"] is False and first["accounts"] == 30 and first["contacts"] > 60
    assert first["product_events"] > 10_000  # 400 days of usage for 30 accounts
    assert Path(first["database"]) == tmp_path / "steward.db" and first["login"]["email"] == DEMO_EMAIL
    second = json.loads(
        subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, timeout=300).stdout
    )
    assert second["reused"] is True and second["activities"] == first["activities"]


_CORE_CLAIMED_ELSEWHERE = """
import sys
from steward.core.db import configure, unit_of_work
from steward.core.migrate import upgrade_to_head
from steward.demo import history
from steward.demo.generator import DemoScale
from steward.domains.workspaces import backfills
configure(sys.argv[1])
upgrade_to_head()
with unit_of_work() as s:
    scale = DemoScale(accounts=10, parents=2, churn_model=False, events_per_account_day=1.0)
    ctx = history.build_core(session=s, scale=scale)
with unit_of_work() as s:
    backfills.claim(session=s, workspace_id=ctx.workspace_id, holder="another-host:1")
"""


@sqlite_pass_only
def test_a_second_no_serve_waits_for_the_other_filler_then_fills_the_rest(tmp_path: Path) -> None:
    """A `steward demo --no-serve` beside a serving demo whose filler holds the claim says so and waits;
    once the claim is let go, it fills what is left and reports the history complete."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEWARD_")}
    db = tmp_path / "steward.db"
    subprocess.run(
        [sys.executable, "-c", _CORE_CLAIMED_ELSEWHERE, f"sqlite:///{db}"], env=env, check=True, timeout=300
    )
    cmd = [sys.executable, "-m", "steward.cli", "demo", "--no-serve", "--data-dir", str(tmp_path), "--json"]
    second = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert second.stderr is not None
        told = second.stderr.readline()  # blocks until the waiting note (or the end of a failed run)
        assert "Another process (another-host:1) is filling" in told and "waiting" in told, told
        assert second.poll() is None  # still waiting
        with sqlite3.connect(db) as conn:  # the other filler ends and lets go
            conn.execute("UPDATE workspace_backfills SET claimed_by = NULL, claimed_until = NULL")
        out, errors = second.communicate(timeout=300)
    finally:
        if second.poll() is None:
            second.kill()
    assert second.returncode == 0, errors
    done = json.loads(out)
    assert done["reused"] is True and done["history"] == "complete" and done["product_events"] > 1_000
