"""Fixtures shared by the domain tests."""

from __future__ import annotations

from tests.smtp import smtp_server

__all__ = ["smtp_server"]
