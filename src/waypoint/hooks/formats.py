"""The body a webhook sends, by its format: Waypoint's own JSON event, or a chat message that
Slack's incoming webhooks or a Microsoft Teams workflow ("when a webhook request is received")
post as it is."""

from __future__ import annotations

import json
from typing import Any

from waypoint.hooks.models import Webhook


def _slack_escape(text: str) -> str:
    """Slack reads <…> as links and & as an entity: the three characters it asks to escape."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render(format: str, event: dict[str, Any]) -> str:
    link = event["url"]
    if format == Webhook.Format.SLACK:
        text = _slack_escape(event["summary"])
        body: dict[str, Any] = {
            "text": f"{text} <{link}|Open in Waypoint>",
            "blocks": [
                {
                    "type": "section",
                    "text": {
                        "type": "mrkdwn",
                        "text": f"{text}\n<{link}|Open in Waypoint>",
                    },
                }
            ],
        }
    elif format == Webhook.Format.TEAMS:
        body = {
            "type": "message",
            "summary": event["summary"],
            "attachments": [
                {
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "content": {
                        "type": "AdaptiveCard",
                        "version": "1.4",
                        "body": [{"type": "TextBlock", "text": event["summary"], "wrap": True}],
                        "actions": [
                            {
                                "type": "Action.OpenUrl",
                                "title": "Open in Waypoint",
                                "url": link,
                            }
                        ],
                    },
                }
            ],
        }
    else:
        body = event
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
