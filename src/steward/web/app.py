"""create_app(): the FastAPI application with the JSON API, the UI and error mapping."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from steward import __version__
from steward.domains.accounts.api import router as accounts_router
from steward.domains.advocacy.api import router as advocacy_router
from steward.domains.alerts.api import router as alerts_router
from steward.domains.audit.api import router as audit_router
from steward.domains.chat.api import router as chat_router
from steward.domains.churn.api import router as churn_router
from steward.domains.contacts.api import router as contacts_router
from steward.domains.ctas.api import router as ctas_router
from steward.domains.events.api import router as events_router
from steward.domains.feedback.api import router as feedback_router
from steward.domains.health.api import router as health_router
from steward.domains.helpcenter.api import public_router as helpcenter_public_router
from steward.domains.helpcenter.api import router as helpcenter_router
from steward.domains.icp.api import router as icp_router
from steward.domains.imports.api import router as imports_router
from steward.domains.journeys.api import router as journeys_router
from steward.domains.mail.api import router as mail_router
from steward.domains.plans.api import router as plans_router
from steward.domains.renewals.api import router as renewals_router
from steward.domains.revenue.api import router as revenue_router
from steward.domains.reviews.api import router as reviews_router
from steward.domains.rules.api import router as rules_router
from steward.domains.scim import api as scim_api
from steward.domains.scim.errors import ScimError
from steward.domains.sso.api import router as sso_router
from steward.domains.subscriptions.api import router as subscriptions_router
from steward.domains.surveys.api import public_router as surveys_public_router
from steward.domains.surveys.api import router as surveys_router
from steward.domains.sync.api import router as sync_router
from steward.domains.tickets.api import router as tickets_router
from steward.domains.timeline.api import router as timeline_router
from steward.domains.users.api import router as users_router
from steward.domains.views.api import router as views_router
from steward.domains.webhooks.api import router as webhooks_router
from steward.domains.workspaces.api import router as workspaces_router
from steward.ingest.api import router as ingest_router
from steward.settings import get_settings
from steward.web import chat_sockets, errors
from steward.web.headers import SecurityHeaders
from steward.web.limits import BodySizeLimit, RejectNul
from steward.web.ui import history_note
from steward.web.ui import router as ui_router
from steward.web.ui.notices import Notices
from steward.web.ui.templating import templates
from steward.worker.changes import rescoring
from steward.worker.reading import comment_reading
from steward.worker.run import scheduler as background_scheduler

STATIC_DIR = Path(__file__).parent / "static"
API_ROUTERS = (
    accounts_router,
    advocacy_router,
    audit_router,
    chat_router,
    churn_router,
    contacts_router,
    ctas_router,
    events_router,
    feedback_router,
    health_router,
    helpcenter_router,
    helpcenter_public_router,
    icp_router,
    subscriptions_router,
    surveys_router,
    surveys_public_router,
    sync_router,
    tickets_router,
    timeline_router,
    imports_router,
    plans_router,
    mail_router,
    journeys_router,
    renewals_router,
    revenue_router,
    reviews_router,
    rules_router,
    sso_router,
    users_router,
    views_router,
    webhooks_router,
    alerts_router,
    workspaces_router,
)


def create_app() -> FastAPI:
    settings = get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        scheduler = background_scheduler(settings) if settings.scheduler else None
        if scheduler:
            scheduler.start()
        await app.state.chat_fanout.start()  # live chat across processes through Redis when configured
        with rescoring(settings), comment_reading(settings):
            yield
        await app.state.chat_fanout.stop()
        if scheduler:
            scheduler.stop()

    app = FastAPI(
        lifespan=lifespan,
        title="Steward",
        version=__version__,
        description="Customer success platform API. Authenticate with `Authorization: Bearer <api key>`.",
        docs_url=None,  # served below from vendored assets: the default page loads them from a CDN
        redoc_url=None,
    )
    errors.install(app)
    history_note.install(templates.env)  # the demo's background fill, on the pages it feeds
    for router in API_ROUTERS:
        app.include_router(router, prefix="/api/v1")
    app.include_router(ingest_router)
    app.include_router(scim_api.router, prefix="/scim/v2")
    app.include_router(scim_api.admin_router, prefix="/api/v1")
    app.add_exception_handler(ScimError, scim_api.error_response)
    app.include_router(ui_router)
    app.include_router(chat_sockets.router)
    app.state.chat_fanout = chat_sockets.fanout(settings)
    app.state.chat_limits = chat_sockets.ChatLimits()
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(
        BodySizeLimit, max_bytes=settings.max_body_bytes, max_json_bytes=settings.max_json_bytes
    )
    app.add_middleware(RejectNul)
    app.add_middleware(SecurityHeaders, hsts=settings.env == "prod")
    app.add_middleware(Notices, secret=settings.secret_key)

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="Steward API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
        )

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
