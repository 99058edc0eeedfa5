"""Server-rendered UI: login, accounts list and account page."""

from __future__ import annotations

from fastapi import APIRouter

from steward.web.ui import accounts, auth

router = APIRouter(include_in_schema=False)
router.include_router(auth.router)
router.include_router(accounts.router)
