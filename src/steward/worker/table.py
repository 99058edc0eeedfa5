"""The named periodic jobs, how often each runs and in which lane. Jobs of the "daily" lane run in this
order on one thread: churn first, since today's health scores read today's churn probabilities, then health,
then what reads grades and churn (rules, renewals, reviews, journeys). Every other job has a lane of its own,
so a slow one (a churn retrain, a webhook target that times out) never delays `sla-breaches`."""

from __future__ import annotations

from steward.core.jobs import Periodic
from steward.domains.alerts import jobs as alerts_jobs
from steward.domains.audit import jobs as audit_jobs
from steward.domains.chat import jobs as chat_jobs
from steward.domains.churn import jobs as churn_jobs
from steward.domains.events import jobs as events_jobs
from steward.domains.health import jobs as health_jobs
from steward.domains.helpcenter import jobs as helpcenter_jobs
from steward.domains.journeys import jobs as journeys_jobs
from steward.domains.mail import jobs as mail_jobs
from steward.domains.reading import jobs as reading_jobs
from steward.domains.renewals import jobs as renewals_jobs
from steward.domains.reviews import jobs as reviews_jobs
from steward.domains.rules import jobs as rules_jobs
from steward.domains.surveys import jobs as surveys_jobs
from steward.domains.sync import jobs as sync_jobs
from steward.domains.tickets import jobs as tickets_jobs
from steward.domains.webhooks import jobs as webhooks_jobs
from steward.settings import Settings

DAILY = "daily"


def periodic(settings: Settings) -> list[Periodic]:
    s = settings  # short: the table below stays one job a line
    links = s.link_base()  # e-mails' links: STEWARD_PUBLIC_URL (a job has no request to take a host from)
    return [
        Periodic("churn-refresh", 3600.0,
                 lambda: churn_jobs.refresh_models(retrain_days=s.churn_retrain_days), lane=DAILY),
        Periodic("health-daily", 3600.0, health_jobs.score_today, lane=DAILY),
        Periodic("rules-daily", 3600.0, rules_jobs.run_daily, lane=DAILY),
        Periodic("renewals-daily", 3600.0, renewals_jobs.open_due_daily, lane=DAILY),
        Periodic("reviews-daily", 3600.0, reviews_jobs.schedule_daily, lane=DAILY),
        Periodic("journeys-daily", 3600.0, journeys_jobs.advance_daily, lane=DAILY),
        Periodic("recurring-issues", 3600.0, tickets_jobs.detect_daily),
        Periodic("usage-rollup", 10.0, events_jobs.roll_up_all),
        Periodic("sla-breaches", 60.0, tickets_jobs.watch_slas),
        Periodic("chat-abandoned", 60.0, chat_jobs.close_abandoned),  # chats the customer left: tickets
        Periodic("csat", 60.0, lambda: tickets_jobs.deliver_csat(secret=s.secret_key, base_url=links)),
        Periodic("surveys-daily", 3600.0, surveys_jobs.invite_due),
        Periodic("surveys", 60.0, lambda: surveys_jobs.deliver(secret=s.secret_key, base_url=links)),
        # Comments stored unread: woken by each answer's commit (worker/reading.py); this catches up.
        Periodic("survey-comments", 10.0, surveys_jobs.read_comments),
        Periodic("events-archive", 3600.0,
                 lambda: events_jobs.archive_daily(root=s.data_dir, raw_days=s.events_raw_days)),
        Periodic("webhooks", 10.0, lambda: webhooks_jobs.deliver_due(allow_private=s.webhooks_allow_private)),
        Periodic("alerts", 10.0, lambda: alerts_jobs.deliver_due(
            secret=s.secret_key, allow_private=s.webhooks_allow_private, public_url=s.public_url)),
        # After analysts changed sentiment corrections: their workspace's head, refitted outside transactions.
        Periodic("sentiment-heads", 5.0, reading_jobs.refit_wanted),
        Periodic("help-center-vectors", 30.0, helpcenter_jobs.embed_published),  # for search by meaning
        Periodic("audit-retention", 3600.0, audit_jobs.purge_daily),
        Periodic("email", 10.0, lambda: mail_jobs.deliver_due(smtp_url=s.smtp_url, sender=s.mail_from)),
        Periodic("sync-sources", 60.0, lambda: sync_jobs.run_due(secret=s.secret_key)),
    ]  # fmt: skip


def lanes(settings: Settings) -> dict[str, str]:
    """Job name -> lane, for the worker's threads."""
    return {job.name: job.lane or job.name for job in periodic(settings)}
