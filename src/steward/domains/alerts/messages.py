"""The bodies chat tools accept: Slack's `{"text", "blocks"}` (mrkdwn) and a Teams Adaptive Card in the
message envelope incoming webhooks and Workflows take. User text (account names, CTA titles) is escaped
for each format, so a name like `<!channel>` or `*x*` shows as typed instead of pinging or styling."""

from __future__ import annotations

import re
from typing import Any


def slack_escape(text: str) -> str:
    # The three characters Slack's mrkdwn reserves (control sequences like <!here> and links).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def teams_escape(text: str) -> str:
    # Adaptive Card TextBlocks render a markdown subset; backslash-escape its markup characters.
    return re.sub(r"([\\`*_\[\]()#>~|-])", r"\\\1", text)


def account_link(facts: dict[str, Any], public_url: str | None) -> str | None:
    if not public_url or facts.get("account_id") is None:
        return None
    return f"{public_url.rstrip('/')}/accounts/{int(facts['account_id'])}"


def body(kind: str, facts: dict[str, Any], public_url: str | None) -> dict[str, Any]:
    return slack(facts, public_url) if kind == "slack" else teams(facts, public_url)


def slack(facts: dict[str, Any], public_url: str | None) -> dict[str, Any]:
    name, what = slack_escape(facts["account"]), slack_escape(facts["what"])
    link = account_link(facts, public_url)
    head = f"*<{link}|{name}>*" if link else f"*{name}*"
    owner = slack_escape(facts.get("owner") or "no owner")
    return {
        "text": f"{facts['headline']}: {name}: {what}",  # shown in notifications and old clients
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": f"{head}\n{what}"}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": f"Owner: {owner}"}]},
        ],
    }


def teams(facts: dict[str, Any], public_url: str | None) -> dict[str, Any]:
    link = account_link(facts, public_url)
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {"type": "TextBlock", "text": teams_escape(facts["headline"]), "weight": "Bolder", "wrap": True},
            {"type": "TextBlock", "text": teams_escape(facts["account"]), "size": "Medium", "wrap": True},
            {"type": "TextBlock", "text": teams_escape(facts["what"]), "wrap": True},
            {
                "type": "FactSet",
                "facts": [{"title": "Owner", "value": teams_escape(facts.get("owner") or "no owner")}],
            },
        ],
    }
    if link:
        card["actions"] = [{"type": "Action.OpenUrl", "title": "Open account", "url": link}]
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
        ],
    }
