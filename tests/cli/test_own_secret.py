"""With no STEWARD_SECRET_KEY, each installation signs its links with its own random secret, made on first
start in the data directory (mode 0600) and shared by the processes that use that directory; the published
example secret is refused for serving beyond this machine."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from steward.settings import DEV_SECRET, SECRET_FILE, own_secret

STEWARD = Path(sys.executable).with_name("steward")


def test_a_secret_of_its_own_kept_in_the_data_dir(tmp_path: Path) -> None:
    first = own_secret(tmp_path / "a")
    assert first == own_secret(tmp_path / "a") and len(first) >= 48 and first != DEV_SECRET
    assert own_secret(tmp_path / "b") != first
    assert stat.S_IMODE((tmp_path / "a" / SECRET_FILE).stat().st_mode) == 0o600


def test_the_published_secret_is_refused_beyond_loopback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEWARD_")}
    env |= {"STEWARD_SECRET_KEY": DEV_SECRET, "STEWARD_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [str(STEWARD), "serve", "--host", "0.0.0.0", "--port", "1"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and "STEWARD_SECRET_KEY" in done.stderr
