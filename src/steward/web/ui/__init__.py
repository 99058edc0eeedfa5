"""Server-rendered UI: login, cockpit and CTAs, accounts, portfolio, at-risk ranking, renewals, revenue."""

from __future__ import annotations

from fastapi import APIRouter

from steward.web.ui import (
    account_survey,
    accounts,
    admin_users,
    advocacy,
    audit,
    auth,
    canned,
    chat,
    cockpit,
    cockpit_bulk,
    csat,
    feedback,
    help_center,
    help_pages,
    home,
    icp,
    journeys,
    plans,
    portal,
    portal_access,
    portal_plans,
    portal_tickets,
    portfolio,
    renewals,
    renewals_bulk,
    revenue,
    reviews,
    risk,
    rules,
    saml,
    saved_views,
    scorecards,
    sessions,
    sources,
    sso,
    support,
    survey_builder,
    survey_pages,
    surveys,
    sync,
    sync_edit,
    ticket_queue,
    tickets,
    two_factor,
    two_factor_login,
    usage,
)

router = APIRouter(include_in_schema=False)
router.include_router(auth.router)
router.include_router(audit.router)
router.include_router(sessions.router)
router.include_router(admin_users.router)
router.include_router(two_factor.router)
router.include_router(two_factor_login.router)
router.include_router(sso.router)
router.include_router(saml.router)
router.include_router(home.router)
router.include_router(accounts.router)
router.include_router(account_survey.router)
router.include_router(risk.router)
router.include_router(cockpit.router)
router.include_router(cockpit_bulk.router)
router.include_router(saved_views.router)
router.include_router(rules.router)
router.include_router(portfolio.router)
router.include_router(scorecards.router)
router.include_router(plans.router)
router.include_router(advocacy.router)
router.include_router(renewals_bulk.router)  # /renewals/bulk before /renewals/{id}
router.include_router(renewals.router)
router.include_router(reviews.router)
router.include_router(journeys.router)
router.include_router(sources.router)
router.include_router(sync_edit.router)  # /sync/new before /sync/{id}
router.include_router(sync.router)
router.include_router(csat.router)
router.include_router(survey_pages.router)
router.include_router(survey_builder.router)  # /surveys/new before /surveys/{id}
router.include_router(surveys.router)
router.include_router(feedback.router)
router.include_router(help_center.router)
router.include_router(help_pages.router)
router.include_router(portal.router)
router.include_router(portal_tickets.router)
router.include_router(portal_plans.router)
router.include_router(portal_access.router)
router.include_router(ticket_queue.router)
router.include_router(tickets.router)
router.include_router(support.router)
router.include_router(canned.router)
router.include_router(chat.router)
router.include_router(usage.router)
router.include_router(revenue.router)
router.include_router(icp.router)
