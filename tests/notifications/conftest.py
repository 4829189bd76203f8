import socket
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """A real SMTP server (aiosmtpd) on a local port that can be stopped and started again."""

    def __init__(self):
        self.port = _free_port()
        self.messages: list = []
        self.controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        msg = message_from_bytes(envelope.original_content)
        self.messages.append(
            {
                "to": envelope.rcpt_tos,
                "subject": str(make_header(decode_header(msg["Subject"]))),
                "body": msg.get_payload(decode=True).decode(msg.get_content_charset() or "utf-8"),
            }
        )
        return "250 OK"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = inbox.port
    settings.EMAIL_TIMEOUT = 5
    inbox.start()
    yield inbox
    inbox.stop()
