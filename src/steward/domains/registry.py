"""Imports every domain's tables so that Alembic and the mapper registry see them all."""

from collections.abc import Mapping
from typing import Any

from steward.core import leader as leader_models  # the scheduler's lease, the one table of the kernel
from steward.domains.accounts import models as accounts_models
from steward.domains.advocacy import models as advocacy_models
from steward.domains.alerts import models as alerts_models
from steward.domains.audit import models as audit_models
from steward.domains.chat import models as chat_models
from steward.domains.churn import models as churn_models
from steward.domains.contacts import models as contacts_models
from steward.domains.ctas import models as ctas_models
from steward.domains.events import models as events_models
from steward.domains.events import partitions
from steward.domains.health import models as health_models
from steward.domains.helpcenter import models as helpcenter_models
from steward.domains.helpcenter.search import is_search_index
from steward.domains.journeys import models as journeys_models
from steward.domains.mail import models as mail_models
from steward.domains.plans import models as plans_models
from steward.domains.portal import models as portal_models
from steward.domains.reading import models as reading_models
from steward.domains.renewals import models as renewals_models
from steward.domains.reviews import models as reviews_models
from steward.domains.rules import models as rules_models
from steward.domains.scim import models as scim_models
from steward.domains.sso import models as sso_models
from steward.domains.subscriptions import models as subscriptions_models
from steward.domains.surveys import models as surveys_models
from steward.domains.sync import models as sync_models
from steward.domains.tickets import models as tickets_models
from steward.domains.timeline import models as timeline_models
from steward.domains.users import models as users_models
from steward.domains.views import models as views_models
from steward.domains.webhooks import models as webhooks_models
from steward.domains.workspaces import models as workspaces_models

ALL_MODEL_MODULES = (
    leader_models,
    workspaces_models,
    users_models,
    accounts_models,
    contacts_models,
    subscriptions_models,
    timeline_models,
    churn_models,
    health_models,
    ctas_models,
    rules_models,
    renewals_models,
    plans_models,
    mail_models,
    advocacy_models,
    reviews_models,
    journeys_models,
    events_models,
    surveys_models,
    webhooks_models,
    alerts_models,
    tickets_models,
    reading_models,
    helpcenter_models,
    portal_models,
    sync_models,
    audit_models,
    sso_models,
    scim_models,
    views_models,
    chat_models,
)


def include_name(name: str | None, type_: str, parent_names: Mapping[Any, str | None]) -> bool:
    """For Alembic's schema comparison: leave out what the models cannot describe and the migrations make,
    the events partitions and the help center's search index (FTS5 tables, tsvector index)."""
    if type_ in ("table", "index", "column") and is_search_index(name):
        return False
    return partitions.include_name(name, type_, parent_names)
