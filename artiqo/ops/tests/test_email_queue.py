"""Every email leaves the request through a task; real workers deliver each one exactly once."""

import base64
import json
import os
import subprocess
import sys
from email.mime.image import MIMEImage
from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from artiqo.ops.mail import data_to_message, message_to_data
from artiqo.ops.tests.services import database_url
from artiqo.ops.tests.smtp import smtp_server
from artiqo.users.tests.factories import UserFactory
from artists.emails import send_artist_approved
from artists.services import approve_artist, register_artist
from shop.order.emails import send_order_confirmation

REPO = Path(__file__).resolve().parents[3]
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DELIVER_EMAIL = "artiqo.ops.mail.deliver_email"
PNG_BYTES = bytes(range(256)) * 8  # every byte value, so a lossy encoding shows


def test_dev_and_production_queue_mail_and_deliver_it_through_email_url():
    from django.conf import settings

    assert settings.EMAIL_BACKEND == "artiqo.ops.mail.QueuedEmailBackend"
    assert settings.EMAIL_DELIVERY_BACKEND == "django.core.mail.backends.locmem.EmailBackend"  # test.py


def a_message_with_everything() -> mail.EmailMultiAlternatives:
    message = mail.EmailMultiAlternatives(
        subject="Your receipt – Harbour Blue",
        body="Thank you, Ben.\nYour receipt is attached.",
        from_email="Artiqo <hello@artiqo.local>",
        to=["Ben Moreau <ben@example.com>"],
        cc=["maya@example.com"],
        bcc=["audit@artiqo.local"],
        reply_to=["support@artiqo.local"],
        headers={"X-Artiqo-Order": "100042", "Date": "Thu, 26 Nov 2026 10:00:00 +0000", "Message-ID": "<r1@artiqo>"},
    )
    message.attach_alternative("<p>Thank you, <b>Ben</b>.</p>", "text/html")
    message.attach("picture.png", PNG_BYTES, "image/png")
    message.attach("notes.txt", "Framed, 40×50 cm", "text/plain")
    inline = MIMEImage(PNG_BYTES, "png")
    inline.add_header("Content-ID", "<artwork>")
    message.attach(inline)
    return message


def mime_shape(message) -> list:
    """Each MIME part's type, headers (boundaries aside, as they are random) and decoded payload."""
    shape = []
    for part in message.walk():
        headers = [(name, value) for name, value in part.items() if "boundary=" not in value]
        payload = None if part.is_multipart() else part.get_payload(decode=True)
        shape.append((part.get_content_type(), headers, payload))
    return shape


def test_a_message_survives_the_queue_byte_for_byte():
    original = a_message_with_everything()

    data = json.loads(json.dumps(message_to_data(original)))  # as the database queue stores it
    rebuilt = data_to_message(data)

    assert (rebuilt.subject, rebuilt.body, rebuilt.from_email) == (original.subject, original.body, original.from_email)
    assert (rebuilt.to, rebuilt.cc, rebuilt.bcc, rebuilt.reply_to) == (
        original.to,
        original.cc,
        original.bcc,
        original.reply_to,
    )
    assert rebuilt.recipients() == ["Ben Moreau <ben@example.com>", "maya@example.com", "audit@artiqo.local"]
    assert rebuilt.extra_headers == original.extra_headers
    assert rebuilt.alternatives == original.alternatives
    assert rebuilt.attachments[:2] == original.attachments[:2]
    assert rebuilt.attachments[0].content == PNG_BYTES
    assert mime_shape(rebuilt.message()) == mime_shape(original.message())


def test_sending_goes_through_a_task_to_the_delivery_backend():
    a_message_with_everything().send()  # EMAIL_BACKEND: the queue; tasks run at once in tests

    (delivered,) = mail.outbox
    assert delivered.bcc == ["audit@artiqo.local"] and delivered.alternatives[0].mimetype == "text/html"
    assert mime_shape(delivered.message()) == mime_shape(a_message_with_everything().message())


@pytest.mark.django_db
@override_settings(TASKS=DB_QUEUE)
def test_the_request_only_enqueues_and_the_worker_sends_once(client):
    UserFactory(username="clara", email="clara@example.com")

    client.post("/shop/password-reset/", {"email": "clara@example.com"})

    assert mail.outbox == []  # nothing sent in the request
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == DELIVER_EMAIL and queued.status == "READY"
    assert queued.args_kwargs["args"][0]["to"] == ["clara@example.com"]


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_QUEUE)
def test_a_rolled_back_request_enqueues_no_email():
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.send_mail("Welcome", "Hello", None, ["clara@example.com"])
        assert DBTaskResult.objects.filter(task_path=DELIVER_EMAIL).count() == 1  # queued, in this transaction
        raise RuntimeError("the request failed after sending")

    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
@override_settings(TASKS=DB_QUEUE)
def test_artist_emails_are_tasks_by_id_that_deliver_without_a_second_hop(
    site_pages, django_capture_on_commit_callbacks
):
    artist = register_artist(
        user=UserFactory(username="ines", email="ines@example.com"), display_name="Inês", city="Bristol"
    )

    with django_capture_on_commit_callbacks(execute=True):
        approve_artist(artist=artist)

    (queued,) = DBTaskResult.objects.filter(task_path="artists.emails.send_artist_approved")
    assert queued.args_kwargs == {"args": [artist.pk], "kwargs": {}}
    assert mail.outbox == []

    send_artist_approved.call(artist.pk)  # as the worker runs it

    assert [message.to for message in mail.outbox] == [["ines@example.com"]]
    assert not DBTaskResult.objects.filter(task_path=DELIVER_EMAIL).exists()  # delivered directly, not queued again


@pytest.mark.django_db
@override_settings(TASKS=DB_QUEUE)
def test_order_emails_already_in_a_worker_deliver_without_a_second_hop(two_artist_order):
    send_order_confirmation.call(two_artist_order["order"].pk)  # as the worker runs it

    assert sorted(message.to[0] for message in mail.outbox) == [
        "ben@example.com",
        "maya@example.com",
        "theo@example.com",
    ]
    assert not DBTaskResult.objects.filter(task_path=DELIVER_EMAIL).exists()


def test_database_url_of_the_test_database():
    assert database_url({"ENGINE": "django.db.backends.sqlite3", "NAME": "/tmp/x-test.sqlite3"}) == (
        "sqlite:////tmp/x-test.sqlite3"
    )
    mysql = {
        "ENGINE": "django.db.backends.mysql",
        "NAME": "test_a",
        "USER": "root",
        "PASSWORD": "p@ss",
        "HOST": "",
        "PORT": "",
    }
    assert database_url(mysql) == "mysql://root:p%40ss@127.0.0.1:3306/test_a"


def _start_worker(name: str, smtp_port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "artiqo.settings.dev",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
    }
    command = ["manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay", "--worker-id", name]
    return subprocess.Popen(
        [sys.executable, *command], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_QUEUE)
def test_two_real_workers_deliver_each_queued_email_exactly_once(client):
    UserFactory(username="clara", email="clara@example.com")
    client.post("/shop/password-reset/", {"email": "clara@example.com"})  # through the site's own form
    buyers = [f"buyer{n}@example.com" for n in range(23)]
    for address in buyers:
        mail.send_mail("Your order", f"Hello {address}", None, [address])
    assert mail.outbox == [] and DBTaskResult.objects.filter(task_path=DELIVER_EMAIL, status="READY").count() == 24

    # A slow mail server (0.15 s a message) keeps both workers busy at the same time.
    with smtp_server(delay_seconds=0.15) as (port, mailbox):
        workers = [_start_worker(name, port) for name in ("worker-a", "worker-b")]
        outputs = [worker.communicate(timeout=120)[0] for worker in workers]

    assert [worker.returncode for worker in workers] == [0, 0], outputs
    recipients = sorted(item.recipients[0] for item in mailbox.received)
    assert recipients == sorted([*buyers, "clara@example.com"])  # each exactly once
    (reset,) = mailbox.to("clara@example.com")
    assert "/shop/password-reset/confirm/" in reset.text
    results = list(DBTaskResult.objects.filter(task_path=DELIVER_EMAIL))
    assert {result.status for result in results} == {"SUCCESSFUL"}
    assert all(len(result.worker_ids) == 1 for result in results)
    assert {result.worker_ids[0] for result in results} == {"worker-a", "worker-b"}, "both workers took part"


def test_bcc_is_delivered_but_never_shown():
    data = message_to_data(a_message_with_everything())
    assert data["bcc"] == ["audit@artiqo.local"]
    assert b"audit@artiqo.local" not in data_to_message(data).message().as_bytes()
    assert base64.b64decode(data["attachments"][0]["content"]["base64"]) == PNG_BYTES
