"""Run Alembic migrations from code (CLI, demo, tests) against the configured engine."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from steward.core.db import get_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def upgrade_to_head() -> None:
    cfg = alembic_config()
    with get_engine().begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
