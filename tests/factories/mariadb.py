"""A throwaway MariaDB database on the machine's server (root, no password): created empty, dropped after.
An unreachable server fails the test at once with its address, rather than hanging or skipping."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pymysql
import pytest

MARIADB_HOST = os.environ.get("STEWARD_TEST_MARIADB_HOST", "127.0.0.1")
MARIADB_PORT = int(os.environ.get("STEWARD_TEST_MARIADB_PORT", "3306"))


def _admin() -> pymysql.connections.Connection:
    try:
        return pymysql.connect(
            host=MARIADB_HOST, port=MARIADB_PORT, user="root", password="", connect_timeout=5, autocommit=True
        )
    except pymysql.err.OperationalError as exc:
        pytest.fail(
            f"MariaDB is not answering at {MARIADB_HOST}:{MARIADB_PORT} ({exc}): start it "
            "(start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd)"
        )


@contextmanager
def throwaway_mariadb(prefix: str) -> Iterator[str]:
    """A SQLAlchemy URL (mysql+pymysql) of a new, empty database."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = _admin()
    try:
        with admin.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        yield f"mysql+pymysql://root@{MARIADB_HOST}:{MARIADB_PORT}/{name}?charset=utf8mb4"
    finally:
        with admin.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        admin.close()
