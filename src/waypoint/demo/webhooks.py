"""The demo's webhook: Checkout's Slack channel, set up by Lena and paused (the demo has no
Slack to talk to), so the settings page and its log have something real to show."""

from __future__ import annotations

from waypoint.demo.org import Org
from waypoint.hooks import actions
from waypoint.hooks.models import Webhook

NAME = "#team-checkout in Slack"


def load_webhooks(org: Org) -> None:
    if Webhook.objects.filter(name=NAME).exists():
        return
    actions.create_webhook(
        org.people["lena"],
        name=NAME,
        url="https://hooks.slack.example.com/services/T0DEMO/B0DEMO/waypoint",
        unit=org.units["checkout"],
        categories=["check_in", "close"],
        format=Webhook.Format.SLACK,
        is_active=False,
    )
