"""A wrong STEWARD_* value is one line on stderr naming the variable and what it accepts, exit 2; never a
pydantic traceback, and never an echo of a secret or a URL that may carry a password."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

STEWARD = Path(sys.executable).with_name("steward")


def _run(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("STEWARD_")}
    return subprocess.run(
        [str(STEWARD), "db", "upgrade"], env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("env", "said"),
    [
        ({"STEWARD_ENV": "bogus"}, "STEWARD_ENV: input should be 'dev', 'test' or 'prod' (got 'bogus')"),
        (
            {"STEWARD_CHURN_RETRAIN_DAYS": "many"},
            "STEWARD_CHURN_RETRAIN_DAYS: input should be a valid integer",
        ),
        ({"STEWARD_ENV": "prod"}, "STEWARD_SECRET_KEY must be a random value of at least 32 characters"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(env: dict[str, str], said: str) -> None:
    done = _run(**env)
    assert done.returncode == 2
    assert said in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_a_url_with_a_password_is_not_echoed() -> None:
    done = _run(STEWARD_SMTP_URL="http://mailer:hunter2@example.com")
    assert done.returncode == 2
    assert "STEWARD_SMTP_URL must start with smtp://" in done.stderr
    assert "hunter2" not in done.stderr
