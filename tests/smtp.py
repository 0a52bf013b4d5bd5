"""A real SMTP server for tests (aiosmtpd on 127.0.0.1), keeping what it receives."""

from __future__ import annotations

import email
import socket
import time
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller


class _Keep:
    def __init__(self, box: list[EmailMessage]):
        self.box = box

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=default)
        self.box.append(message)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """Start with `with SmtpServer() as smtp:`; `smtp.url` is the SMTP_URL to set."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.port = free_port()
        self._controller = Controller(_Keep(self.messages), hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def wait_for(self, count: int, *, seconds: float = 10) -> list[EmailMessage]:
        """Wait until `count` messages have arrived (sending happens after a response)."""
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages

    def wait_until(self, wanted, *, seconds: float = 10) -> list[EmailMessage]:
        """Wait until messages that `wanted(message)` accepts have arrived; return them."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = [m for m in self.messages if wanted(m)]
            if found:
                return found
            time.sleep(0.05)
        return []

    def __enter__(self) -> SmtpServer:
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()
