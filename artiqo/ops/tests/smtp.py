"""A real SMTP server on 127.0.0.1 for tests where mail delivery itself is under test (aiosmtpd)."""

import asyncio
import contextlib
import email
import socket
import threading
from dataclasses import dataclass
from email.message import Message

from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class Received:
    """One message as the server got it: the SMTP envelope and the parsed MIME message."""

    sender: str
    recipients: list[str]
    message: Message

    def part(self, content_type: str) -> bytes | None:
        """The decoded payload of the first part of this type (text/plain, text/html, image/png...)."""
        for part in self.message.walk():
            if part.get_content_type() == content_type and not part.is_multipart():
                return part.get_payload(decode=True)
        return None

    @property
    def text(self) -> str:
        return (self.part("text/plain") or b"").decode("utf-8")


class Mailbox:
    """aiosmtpd handler: keeps every message it accepts, in order."""

    def __init__(self, *, delay_seconds: float = 0):
        self.delay_seconds = delay_seconds  # a slow server keeps several workers busy at once
        self.received: list[Received] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        await asyncio.sleep(self.delay_seconds)
        message = email.message_from_bytes(envelope.original_content or envelope.content)
        with self._lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        return [item for item in self.received if address in item.recipients]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def smtp_server(*, delay_seconds: float = 0):
    """Yield (port, mailbox) of an SMTP server running in a thread until the block ends."""
    mailbox = Mailbox(delay_seconds=delay_seconds)
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), ready_timeout=10)
    controller.start()
    try:
        yield controller.port, mailbox
    finally:
        controller.stop()
