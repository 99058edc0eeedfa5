"""The "By channel" card of the Support page and the account page's Support tab: tickets, first response and
resolution medians and CSAT per ticket channel beside the help center's article views and deflected tickets
per channel, as one table and one chart. Every ticket channel has a line (a new one shows when it is added
to tickets.schemas.Channel); reading outside any ticket form is the help_center line."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from steward.domains.tickets import channels
from steward.web.ui.charts import chart, series
from steward.web.ui.i18n import N_
from steward.web.ui.templating import label

CHANNELS = channels.CHANNELS  # the ticket channels, for the SLA policy form's filter
# Words of the card's chart and the self-service line (channels' own names are in web/ui/labels.py)
CHART_WORDS = (
    N_("Help center"),
    N_("Tickets opened"),
    N_("Article views"),
    N_("Deflected"),
    N_("Tickets, article views and deflections by channel"),
)


def channel_card(
    session: Session, workspace_id: int, start: date, end: date, account_id: int | None = None
) -> dict[str, Any]:
    """What _channels_card.html reads for [start, end): a line per channel, the chart and whether any line
    has a figure; one account's tickets and its contacts' reading when `account_id` is given."""
    lines = channels.report(
        session=session, workspace_id=workspace_id, start=start, end=end, account_id=account_id
    ).lines
    names = [label(line.channel) for line in lines]
    spec = chart(
        "bar",
        names,
        [
            series("Tickets opened", [line.tickets for line in lines]),
            series("Article views", [line.article_views for line in lines], tone="teal"),
            series("Deflected", [line.deflected for line in lines], tone="amber"),
        ],
        title="Tickets, article views and deflections by channel",
        words=True,  # channel names as the catalogue says them ("Email", "Help center")
    )
    busy = any(line.tickets or line.article_views or line.deflected or line.csat_responses for line in lines)
    return {"lines": lines, "chart": spec, "busy": busy, "start": start, "end": end}
