"""A real SMTP server on loopback (aiosmtpd) that Waypoint's mail goes through."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]

    def link_to(self, address: str) -> str:
        """The one http(s) link in the last mail to `address`."""
        [*_, message] = self.to(address)
        body = message.get_payload(decode=True).decode()
        [link] = re.findall(r"https?://\S+", body)
        return link


@pytest.fixture
def mailbox(settings) -> Iterator[Mailbox]:
    """Mail is sent over SMTP, as configured from EMAIL_URL, to a server the test reads."""
    from waypoint.mail import email_settings

    box = Mailbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    for name, value in email_settings(f"smtp://127.0.0.1:{port}").items():
        setattr(settings, name, value)
    yield box
    controller.stop()
