"""The body a webhook sends, by its format: Waypoint's own JSON event, or a chat message that
Slack's incoming webhooks or a Microsoft Teams workflow ("when a webhook request is received")
post as it is."""

from __future__ import annotations

import json
from typing import Any

from waypoint.hooks.models import Webhook


def render(format: str, event: dict[str, Any]) -> str:
    if format == Webhook.Format.SLACK:
        body: dict[str, Any] = {
            "text": f"{event['summary']} <{event['url']}|Open in Waypoint>",
            "blocks": [
                {
                    "type": "section",
                    "text": {
                        "type": "mrkdwn",
                        "text": f"{event['summary']}\n<{event['url']}|Open in Waypoint>",
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
                                "url": event["url"],
                            }
                        ],
                    },
                }
            ],
        }
    else:
        body = event
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
