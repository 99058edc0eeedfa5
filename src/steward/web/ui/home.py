"""Where each role starts: CSMs on their cockpit, agents on the ticket queue, managers, admins and viewers
on the portfolio; and the favicon every browser asks for at /favicon.ico."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from steward.core.roles import Role
from steward.web.ui.session import CurrentUiUser

router = APIRouter()
ROLE_HOMES = {
    Role.admin: "/portfolio",
    Role.manager: "/portfolio",
    Role.csm: "/cockpit",
    Role.agent: "/tickets",
    Role.viewer: "/portfolio",
}


def home_for(role: Role) -> str:
    return ROLE_HOMES.get(role, "/accounts")


@router.get("/")
def home(user: CurrentUiUser) -> RedirectResponse:
    return RedirectResponse(home_for(user.role), status_code=303)


@router.get("/favicon.ico")
def favicon() -> RedirectResponse:
    """Pages name /static/favicon.svg; this answers the browsers and tools that ask the old address."""
    return RedirectResponse("/static/favicon.svg", status_code=308)
