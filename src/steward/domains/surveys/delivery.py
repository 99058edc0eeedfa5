"""E-mail of survey invitations, in the contact's language: the first message and one reminder when it goes
unanswered, each with the signed link and an unsubscribe link. Queued through the mail domain, which sends
over SMTP, retries, and skips addresses that bounced."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from steward.core.clock import now_utc
from steward.core.i18n import translations
from steward.domains.mail import service as mail_service
from steward.domains.surveys import queries
from steward.domains.surveys.models import Survey, SurveyInvite
from steward.domains.surveys.respond import link, opt_out_link, survey_of
from steward.domains.workspaces import service as workspaces_service


def deliver(
    *,
    session: Session,
    secret: str,
    base_url: str,
    now: datetime | None = None,
    workspace_id: int | None = None,
) -> int:
    """Queue every invitation not sent yet and the one reminder of those due one (of one workspace, or of
    all); returns how many."""
    now = now or now_utc()
    queued = 0
    for invite in queries.invites_due(session, now, workspace_id):
        survey = survey_of(session, invite)
        if invite.sent_at is None:
            reminder = False
        elif survey.reminder_days and invite.sent_at <= now - timedelta(days=survey.reminder_days):
            reminder = True
        else:
            continue
        subject, body = message(session, survey, invite, secret, base_url, reminder=reminder)
        item = mail_service.Outgoing(invite.to_address, subject, body, account_id=invite.account_id)
        queued += mail_service.enqueue(session=session, workspace_id=invite.workspace_id, items=[item])[0]
        if reminder:
            invite.reminded_at = now
        else:
            invite.sent_at = now
    session.flush()
    return queued


def message(
    session: Session, survey: Survey, invite: SurveyInvite, secret: str, base_url: str, *, reminder: bool
) -> tuple[str, str]:
    """Subject and text of the invitation in the invitation's language."""
    _ = translations(invite.language).gettext
    company = workspaces_service.get_workspace(session=session, workspace_id=survey.workspace_id).name
    url = link(invite, secret, base_url)
    subject = (
        _("A reminder: a quick question from %(company)s")
        if reminder
        else _("A quick question from %(company)s")
    ) % {"company": company}
    lines = [question(survey.kind, invite.language) % {"company": company}, ""]
    if survey.kind == "nps":
        lines.append(_("Click a number to answer (0 = not at all likely, 10 = extremely likely):"))
        lines += [f"  {n}: {url}?score={n}" for n in range(11)]
    else:
        lines += [_("Answer here (it takes less than a minute):"), url]
    closes = invite.expires_at.strftime("%Y-%m-%d")
    lines += [
        "",
        _("The link works once and until %(date)s.") % {"date": closes},
        _("No more surveys from us: %(url)s") % {"url": opt_out_link(invite, secret, base_url)},
    ]
    return subject, "\n".join(lines)


def question(kind: str, language: str) -> str:
    """The headline question of a survey kind, with a %(company)s placeholder."""
    _ = translations(language).gettext
    return {
        "nps": _("How likely are you to recommend %(company)s to a friend or colleague?"),
        "csat": _("How satisfied are you with %(company)s?"),
        "ces": _("%(company)s made it easy for me to get done what I needed."),
    }.get(kind, _("We would like your opinion of %(company)s."))
