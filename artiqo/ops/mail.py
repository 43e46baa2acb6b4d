"""Email leaves the request: every message Django, Oscar or Wagtail sends becomes a task.

`EMAIL_BACKEND` is `QueuedEmailBackend`. It turns each message into JSON-safe data and enqueues
`deliver_email`; a worker (`manage.py db_worker`) rebuilds the message and hands it to the real
backend, `EMAIL_DELIVERY_BACKEND` (from `EMAIL_URL`, with the EMAIL_HOST... settings it gives). A slow
or unreachable mail server then never slows or breaks a password reset, a registration or a Wagtail
moderation notice; a failed delivery is a failed task, kept with its traceback in the queue.

There is no `transaction.on_commit` here, on purpose: with the production queue (django-tasks-db) the
task is a row inserted in the request's own transaction, so a request that rolls back enqueues nothing,
and a request that commits makes the task visible to workers together with the data it is about.
(Development and the tests use the ImmediateBackend, which delivers at once.)

Our own email tasks (`shop/order/emails.py`, `artists/emails.py`) already run in a worker: they send
through `delivery_connection()` rather than queueing a second hop.
"""

import base64
import copy
import logging
from email import message_from_bytes
from email.message import Message
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailAttachment
from django_tasks import task

logger = logging.getLogger(__name__)


def delivery_connection(**options) -> BaseEmailBackend:
    """The real mail backend (SMTP in production, locmem in tests), for code already running in a worker."""
    return get_connection(settings.EMAIL_DELIVERY_BACKEND, **options)


class QueuedEmailBackend(BaseEmailBackend):
    """Enqueue one `deliver_email` task per message instead of talking to a mail server in the request."""

    def send_messages(self, email_messages) -> int:
        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                deliver_email.enqueue(message_to_data(message))
            except Exception:
                if not self.fail_silently:
                    raise
                logger.exception("Could not queue the email %r", str(message.subject))
            else:
                queued += 1
        return queued


@task()
def deliver_email(message: dict) -> int:
    """Send a message queued by `QueuedEmailBackend` through the delivery backend; returns 1 once sent."""
    return data_to_message(message, connection=delivery_connection()).send()


def message_to_data(message: EmailMessage) -> dict:
    """Everything needed to rebuild `message`, as JSON: text stays text, bytes travel as base64."""
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": str(message.from_email),
        "to": [str(address) for address in message.to],
        "cc": [str(address) for address in message.cc],
        "bcc": [str(address) for address in message.bcc],
        "reply_to": [str(address) for address in message.reply_to],
        "headers": {str(name): str(value) for name, value in message.extra_headers.items()},
        "alternatives": [
            {"content": _content_to_data(content), "mimetype": mimetype}
            for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": [_attachment_to_data(attachment) for attachment in message.attachments],
        "content_subtype": message.content_subtype,
        "mixed_subtype": message.mixed_subtype,
        "alternative_subtype": getattr(message, "alternative_subtype", "alternative"),
        "encoding": None if message.encoding is None else str(message.encoding),
    }


def data_to_message(data: dict, *, connection=None) -> EmailMultiAlternatives:
    """The message `message_to_data` described, ready to send through `connection`."""
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        connection=connection,
    )
    for alternative in data["alternatives"]:
        message.attach_alternative(_content_from_data(alternative["content"]), alternative["mimetype"])
    for attachment in data["attachments"]:
        message.attachments.append(_attachment_from_data(attachment))
    message.content_subtype = data["content_subtype"]
    message.mixed_subtype = data["mixed_subtype"]
    message.alternative_subtype = data["alternative_subtype"]
    message.encoding = data["encoding"]
    return message


def _content_to_data(content) -> dict:
    if isinstance(content, EmailMessage):  # a forwarded message (message/rfc822)
        content = content.message()
    if isinstance(content, Message):
        content = content.as_bytes()
    if isinstance(content, bytes):
        return {"base64": base64.b64encode(content).decode("ascii")}
    return {"text": str(content)}


def _content_from_data(data: dict) -> str | bytes:
    return base64.b64decode(data["base64"]) if "base64" in data else data["text"]


def _attachment_to_data(attachment) -> dict:
    if isinstance(attachment, MIMEBase):  # a ready-made MIME part (an inline image, a calendar invite)
        return {"mime": base64.b64encode(attachment.as_bytes()).decode("ascii")}
    filename, content, mimetype = attachment
    if isinstance(filename, tuple):  # RFC 2231: (charset, language, name)
        filename = {"rfc2231": list(filename)}
    return {"filename": filename, "content": _content_to_data(content), "mimetype": mimetype}


def _attachment_from_data(data: dict):
    if "mime" in data:
        parsed = message_from_bytes(base64.b64decode(data["mime"]))
        # Django attaches a part as is only if it is a MIMEBase; a parsed part is a plain Message with the
        # same state, so copy that state onto a MIMEBase of the same type.
        part = MIMEBase(parsed.get_content_maintype(), parsed.get_content_subtype())
        part.__dict__.update(copy.copy(parsed.__dict__))
        return part
    filename = data["filename"]
    if isinstance(filename, dict):
        filename = tuple(filename["rfc2231"])
    return EmailAttachment(filename, _content_from_data(data["content"]), data["mimetype"])
