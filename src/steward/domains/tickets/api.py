"""HTTP routes of the service desk: tickets and their messages, the queue, statuses, teams, routing rules,
business-hours calendars, SLA policies, inbound e-mail and the SLA report."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response, status

from steward.domains.tickets import (
    canned,
    channels,
    classifier,
    csat,
    mailbox,
    recurring,
    reports,
    routing,
    service,
    setup,
    similar,
)
from steward.domains.tickets.canned_schemas import CannedCreate, CannedForTicket, CannedRead
from steward.domains.tickets.channel_schemas import ChannelReport
from steward.domains.tickets.schemas import (
    CalendarCreate,
    CalendarRead,
    CsatLink,
    CsatRead,
    CsatReport,
    CsatSettings,
    DetectionRead,
    IssueResolve,
    MessageCreate,
    ModelRead,
    PolicyCreate,
    PolicyRead,
    RecurringIssueDetail,
    RecurringIssueRead,
    RoutingRule,
    RoutingRules,
    SimilarTicket,
    SlaReport,
    Status,
    Statuses,
    Suggestions,
    TeamCreate,
    TeamRead,
    TicketCreate,
    TicketDetail,
    TicketPage,
    TicketUpdate,
)
from steward.settings import get_settings
from steward.web.deps import Admin, Agent, BodyDep, Manager, PathId, QueryId, Reader, SessionDep

router = APIRouter(tags=["service desk"])
StatusKey = Annotated[str, Query(min_length=1, max_length=30)]


@router.get("/tickets/statuses", response_model=list[Status])
def get_statuses(s: SessionDep, p: Reader) -> list[Status]:
    return service.statuses(session=s, workspace_id=p.workspace_id)


@router.put("/tickets/statuses", response_model=list[Status])
def put_statuses(body: Statuses, s: SessionDep, p: Admin) -> list[Status]:
    """The workspace's statuses, each running, pausing or fulfilling the SLA clocks."""
    return service.set_statuses(session=s, workspace_id=p.workspace_id, data=body)


@router.post("/tickets", response_model=TicketDetail, status_code=status.HTTP_201_CREATED)
def create_ticket(body: TicketCreate, s: SessionDep, p: Agent) -> TicketDetail:
    return service.create_ticket(session=s, workspace_id=p.workspace_id, data=body, actor_id=p.user_id)


@router.get("/tickets", response_model=TicketPage)
def ticket_queue(
    s: SessionDep,
    p: Reader,
    status_: Annotated[list[str] | None, Query(alias="status", max_length=30)] = None,
    assignee_id: QueryId = None,
    team_id: QueryId = None,
    account_id: QueryId = None,
    breached: bool = False,
    due_within_minutes: Annotated[int | None, Query(ge=0, le=525_600)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    q: Annotated[str | None, Query(max_length=200)] = None,
    priority: Literal["low", "normal", "high", "urgent"] | None = None,
    sort: Literal["due", "priority", "newest", "oldest", "updated"] = "due",
) -> TicketPage:
    """The queue: open tickets (or these statuses), soonest SLA deadline first (or by `sort`). `breached=true`
    for the breached view, `due_within_minutes=60` for "breaching soon"; `q` matches the subject, the
    requester's e-mail or the ticket number, as the queue page's search does."""
    return service.queue(
        session=s,
        workspace_id=p.workspace_id,
        statuses=status_,
        assignee_id=assignee_id,
        team_id=team_id,
        account_id=account_id,
        breached=breached,
        due_within_minutes=due_within_minutes,
        limit=limit,
        offset=offset,
        search=q,
        priority=priority,
        order=sort,
    )


@router.get("/tickets/classifier", response_model=list[ModelRead])
def classifier_models(s: SessionDep, p: Reader) -> list[ModelRead]:
    return classifier.models(session=s, workspace_id=p.workspace_id)


@router.post("/tickets/classifier/train", response_model=list[ModelRead])
def train_classifier(s: SessionDep, p: Manager) -> list[ModelRead]:
    """Learn type, category and priority from the workspace's solved tickets (each field with enough)."""
    return classifier.train(session=s, workspace_id=p.workspace_id)


@router.get("/tickets/{ticket_id}", response_model=TicketDetail)
def get_ticket(ticket_id: PathId, s: SessionDep, p: Reader) -> TicketDetail:
    return service.detail(session=s, workspace_id=p.workspace_id, ticket_id=ticket_id)


@router.patch("/tickets/{ticket_id}", response_model=TicketDetail)
def update_ticket(ticket_id: PathId, body: TicketUpdate, s: SessionDep, p: Agent) -> TicketDetail:
    return service.update_ticket(
        session=s, workspace_id=p.workspace_id, ticket_id=ticket_id, data=body, actor_id=p.user_id
    )


@router.post(
    "/tickets/{ticket_id}/messages", response_model=TicketDetail, status_code=status.HTTP_201_CREATED
)
def add_message(ticket_id: PathId, body: MessageCreate, s: SessionDep, p: Agent) -> TicketDetail:
    """A public reply (`author`: agent, or customer for replies arriving by other channels) or an internal
    note (`public: false`)."""
    return service.add_message(
        session=s, workspace_id=p.workspace_id, ticket_id=ticket_id, data=body, actor_id=p.user_id
    )


@router.get("/tickets/{ticket_id}/suggestions", response_model=Suggestions)
def suggestions(ticket_id: PathId, s: SessionDep, p: Reader) -> Suggestions:
    """Type, category and priority the workspace's classifier suggests, each with its confidence."""
    return classifier.suggest(session=s, workspace_id=p.workspace_id, ticket_id=ticket_id)


@router.get("/tickets/{ticket_id}/similar", response_model=list[SimilarTicket])
def similar_tickets(
    ticket_id: PathId, s: SessionDep, p: Reader, limit: Annotated[int, Query(ge=1, le=20)] = 5
) -> list[SimilarTicket]:
    """The tickets of the last 180 days closest in meaning to this one, whatever their language or wording,
    the most similar first (only those at least 0.88 alike: the cosine of their e5 vectors)."""
    return similar.similar(session=s, workspace_id=p.workspace_id, ticket_id=ticket_id, limit=limit)


@router.get("/tickets/{ticket_id}/canned-responses", response_model=list[CannedForTicket])
def canned_for_ticket(ticket_id: PathId, s: SessionDep, p: Agent) -> list[CannedForTicket]:
    """The canned responses filled in for this ticket and the calling agent, its language first."""
    return canned.for_ticket(session=s, workspace_id=p.workspace_id, ticket_id=ticket_id, agent_id=p.user_id)


@router.get("/canned-responses", response_model=list[CannedRead])
def list_canned(s: SessionDep, p: Agent) -> list[CannedRead]:
    return canned.list_canned(session=s, workspace_id=p.workspace_id)


@router.post("/canned-responses", response_model=CannedRead, status_code=status.HTTP_201_CREATED)
def create_canned(body: CannedCreate, s: SessionDep, p: Manager) -> CannedRead:
    return canned.create(session=s, workspace_id=p.workspace_id, data=body)


@router.put("/canned-responses/{canned_id}", response_model=CannedRead)
def update_canned(canned_id: PathId, body: CannedCreate, s: SessionDep, p: Manager) -> CannedRead:
    return canned.update(session=s, workspace_id=p.workspace_id, canned_id=canned_id, data=body)


@router.delete("/canned-responses/{canned_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_canned(canned_id: PathId, s: SessionDep, p: Manager) -> None:
    canned.delete(session=s, workspace_id=p.workspace_id, canned_id=canned_id)


@router.post("/tickets/inbound-email", response_model=TicketDetail)
def inbound_email(raw: BodyDep, response: Response, s: SessionDep, p: Agent) -> TicketDetail:
    """A raw RFC 822 message from the mail gateway: threaded into its ticket (201 when it opens one)."""
    ticket, opened = mailbox.receive(session=s, workspace_id=p.workspace_id, raw=raw)
    response.status_code = status.HTTP_201_CREATED if opened else status.HTTP_200_OK
    return ticket


@router.get("/teams", response_model=list[TeamRead])
def list_teams(s: SessionDep, p: Reader) -> list[TeamRead]:
    return setup.teams(session=s, workspace_id=p.workspace_id)


@router.post("/teams", response_model=TeamRead, status_code=status.HTTP_201_CREATED)
def create_team(body: TeamCreate, s: SessionDep, p: Manager) -> TeamRead:
    return setup.create_team(session=s, workspace_id=p.workspace_id, data=body)


@router.get("/tickets/routing/rules", response_model=list[RoutingRule])
def get_routing(s: SessionDep, p: Reader) -> list[RoutingRule]:
    return routing.rules(session=s, workspace_id=p.workspace_id)


@router.put("/tickets/routing/rules", response_model=list[RoutingRule])
def put_routing(body: RoutingRules, s: SessionDep, p: Manager) -> list[RoutingRule]:
    """Assignment rules, tried in order on each new ticket without an assignee."""
    return routing.set_rules(session=s, workspace_id=p.workspace_id, data=body)


@router.get("/sla/calendars", response_model=list[CalendarRead])
def list_calendars(s: SessionDep, p: Reader) -> list[CalendarRead]:
    return setup.calendars(session=s, workspace_id=p.workspace_id)


@router.post("/sla/calendars", response_model=CalendarRead, status_code=status.HTTP_201_CREATED)
def create_calendar(body: CalendarCreate, s: SessionDep, p: Admin) -> CalendarRead:
    return setup.create_calendar(session=s, workspace_id=p.workspace_id, data=body)


@router.get("/sla/policies", response_model=list[PolicyRead])
def list_policies(s: SessionDep, p: Reader) -> list[PolicyRead]:
    return setup.policies(session=s, workspace_id=p.workspace_id)


@router.post("/sla/policies", response_model=PolicyRead, status_code=status.HTTP_201_CREATED)
def create_policy(body: PolicyCreate, s: SessionDep, p: Admin) -> PolicyRead:
    return setup.create_policy(session=s, workspace_id=p.workspace_id, data=body)


@router.put("/sla/policies/{policy_id}", response_model=PolicyRead)
def update_policy(policy_id: PathId, body: PolicyCreate, s: SessionDep, p: Admin) -> PolicyRead:
    return setup.update_policy(session=s, workspace_id=p.workspace_id, policy_id=policy_id, data=body)


@router.delete("/sla/policies/{policy_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_policy(policy_id: PathId, s: SessionDep, p: Admin) -> None:
    setup.delete_policy(session=s, workspace_id=p.workspace_id, policy_id=policy_id)


@router.get("/sla/report", response_model=SlaReport)
def sla_report(
    s: SessionDep,
    p: Reader,
    by: Literal["metric", "agent", "team", "account", "priority", "month"] = "metric",
    start: date | None = None,
    end: date | None = None,
) -> SlaReport:
    """% of SLAs met, by metric, agent, team, account, priority or month of activation, over clocks that
    started in [start, end); first response and resolution times (median, p90) in business minutes."""
    return reports.sla_report(session=s, workspace_id=p.workspace_id, by=by, start=start, end=end)


@router.get("/sla/report/channels", response_model=ChannelReport)
def channel_report(
    s: SessionDep, p: Reader, start: date | None = None, end: date | None = None, account_id: QueryId = None
) -> ChannelReport:
    """Every channel in the measures over [start, end) (default: the last 30 days): per ticket channel the
    tickets opened, first response and resolution medians, CSAT, and the help center's article views and
    deflections from that channel's ticket form; then help_center (public reading). One account's with
    account_id (its tickets, its contacts' reading)."""
    ws = p.workspace_id
    return channels.report(session=s, workspace_id=ws, start=start, end=end, account_id=account_id)


@router.get("/sla/report/tickets", response_model=TicketPage)
def sla_report_tickets(
    s: SessionDep,
    p: Reader,
    key: Annotated[str, Query(min_length=1, max_length=100, description="a row's key in the report")],
    by: Literal["metric", "agent", "team", "account", "priority", "month"] = "metric",
    state: Literal["met", "breached", "running"] | None = None,
    metric: Literal["first_response", "next_response", "periodic_update", "resolution"] | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> TicketPage:
    """The tickets behind a figure of GET /sla/report: the same grouping, key and window, and optionally
    one state and metric; newest first."""
    return reports.drill(
        session=s, workspace_id=p.workspace_id, by=by, key=key, state=state, metric=metric,
        start=start, end=end, limit=limit, offset=offset,
    )  # fmt: skip


@router.get("/recurring-issues", response_model=list[RecurringIssueRead])
def list_issues(
    s: SessionDep,
    p: Reader,
    status_: Annotated[Literal["open", "handed_off", "resolved"] | None, Query(alias="status")] = None,
) -> list[RecurringIssueRead]:
    return recurring.list_issues(session=s, workspace_id=p.workspace_id, status=status_)


@router.post("/recurring-issues/detect", response_model=DetectionRead)
def detect_issues(s: SessionDep, p: Manager) -> DetectionRead:
    """Group similar tickets of the last 30 days now (the daily job does it too)."""
    found = recurring.detect(session=s, workspace_id=p.workspace_id)
    return DetectionRead(
        groups=found.groups, new=found.new, growing=found.growing, handed_off=found.handed_off
    )


@router.get("/recurring-issues/{issue_id}", response_model=RecurringIssueDetail)
def get_issue(issue_id: PathId, s: SessionDep, p: Reader) -> RecurringIssueDetail:
    return recurring.detail(session=s, workspace_id=p.workspace_id, issue_id=issue_id)


@router.post("/recurring-issues/{issue_id}/hand-off", response_model=RecurringIssueDetail)
def hand_off_issue(issue_id: PathId, s: SessionDep, p: Manager) -> RecurringIssueDetail:
    """A Risk CTA for the CSM of every affected account."""
    recurring.hand_off(session=s, workspace_id=p.workspace_id, issue_id=issue_id)
    return recurring.detail(session=s, workspace_id=p.workspace_id, issue_id=issue_id)


@router.post("/recurring-issues/{issue_id}/resolve", response_model=RecurringIssueDetail)
def resolve_issue(issue_id: PathId, body: IssueResolve, s: SessionDep, p: Manager) -> RecurringIssueDetail:
    recurring.resolve(session=s, workspace_id=p.workspace_id, issue_id=issue_id, notes=body.notes)
    return recurring.detail(session=s, workspace_id=p.workspace_id, issue_id=issue_id)


@router.get("/csat/settings", response_model=CsatSettings)
def get_csat_settings(s: SessionDep, p: Reader) -> CsatSettings:
    return csat.settings(session=s, workspace_id=p.workspace_id)


@router.put("/csat/settings", response_model=CsatSettings)
def put_csat_settings(body: CsatSettings, s: SessionDep, p: Admin) -> CsatSettings:
    """The scale (1-5, thumbs or emoji), follow-up questions, the reminder and how long links work."""
    return csat.set_settings(session=s, workspace_id=p.workspace_id, data=body)


@router.post("/tickets/{ticket_id}/csat", response_model=CsatLink)
def csat_link(ticket_id: PathId, request: Request, s: SessionDep, p: Agent) -> CsatLink:
    """The ticket's survey link, to send another way than the automatic e-mail (the ticket must be solved)."""
    settings = get_settings()
    survey = csat.survey_of(session=s, workspace_id=p.workspace_id, ticket_id=ticket_id)
    return CsatLink(
        url=csat.link(survey, settings.secret_key, settings.link_base(str(request.base_url))),
        expires_at=survey.expires_at,
    )


@router.get("/csat/responses", response_model=list[CsatRead])
def csat_responses(
    s: SessionDep, p: Reader, ticket_id: QueryId = None, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> list[CsatRead]:
    return csat.responses(session=s, workspace_id=p.workspace_id, ticket_id=ticket_id, limit=limit)


@router.get("/csat/report", response_model=CsatReport)
def csat_report(
    s: SessionDep,
    p: Reader,
    by: Literal["agent", "team", "account", "month"] = "agent",
    start: date | None = None,
    end: date | None = None,
) -> CsatReport:
    """CSAT and response rate by agent, team, account or month, for tickets solved in [start, end)."""
    return csat.report(session=s, workspace_id=p.workspace_id, by=by, start=start, end=end)
