"""Server-rendered UI: login, accounts list, account page and the at-risk ranking."""

from __future__ import annotations

from fastapi import APIRouter

from steward.web.ui import accounts, auth, risk

router = APIRouter(include_in_schema=False)
router.include_router(auth.router)
router.include_router(accounts.router)
router.include_router(risk.router)
