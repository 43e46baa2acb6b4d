"""Order emails: the buyer and each artist (only their lines), once; shipping and cancellation notices."""

import pytest
from django.core import mail
from django.test import override_settings

from artiqo.ops.tests.smtp import smtp_server
from shop.order.fulfilment import cancel_order, change_order_status, move_line
from shop.order.tests.conftest import line_of

pytestmark = pytest.mark.django_db


def test_paying_emails_the_buyer_and_each_artist_only_their_lines(two_artist_order, django_capture_on_commit_callbacks):
    order = two_artist_order["order"]

    with django_capture_on_commit_callbacks(execute=True):
        change_order_status(order=order, status="Paid")
    with django_capture_on_commit_callbacks(execute=True):
        change_order_status(order=order, status="Paid")  # no second transition, no second email

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == ["ben@example.com", "maya@example.com", "theo@example.com"]
    assert (
        "Harbour Blue" in by_recipient["ben@example.com"].body
        and "Ancoats Grid" in by_recipient["ben@example.com"].body
    )
    maya_mail, theo_mail = by_recipient["maya@example.com"].body, by_recipient["theo@example.com"].body
    assert "Harbour Blue" in maya_mail and "Ancoats Grid" not in maya_mail and "1 Quay St" in maya_mail
    assert "Ancoats Grid" in theo_mail and "Harbour Blue" not in theo_mail and "£240.00" in theo_mail
    assert "New order for your art" in by_recipient["maya@example.com"].subject


def test_shipping_a_line_emails_the_buyer_with_tracking(two_artist_order, django_capture_on_commit_callbacks):
    order, maya = two_artist_order["order"], two_artist_order["maya"]
    change_order_status(order=order, status="Paid")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        move_line(line=line_of(order, maya), artist=maya, status="shipped", tracking_code="RM123456")

    assert [message.to for message in mail.outbox] == [["ben@example.com"]]
    assert "RM123456" in mail.outbox[0].body and "Harbour Blue" in mail.outbox[0].subject


def test_cancelling_emails_the_buyer(two_artist_order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cancel_order(order=two_artist_order["order"], note="Changed my mind")

    assert [message.to for message in mail.outbox] == [["ben@example.com"]]
    assert "cancelled" in mail.outbox[0].subject and "Changed my mind" in mail.outbox[0].body


def test_order_emails_reach_a_real_smtp_server(two_artist_order, django_capture_on_commit_callbacks):
    with smtp_server() as (port, mailbox):
        smtp = {
            "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": port,
            "EMAIL_USE_TLS": False,
        }
        with override_settings(**smtp), django_capture_on_commit_callbacks(execute=True):
            change_order_status(order=two_artist_order["order"], status="Paid")

    assert sorted(item.recipients[0] for item in mailbox.received) == [
        "ben@example.com",
        "maya@example.com",
        "theo@example.com",
    ]
    (maya_mail,) = mailbox.to("maya@example.com")
    assert "New order for your art" in maya_mail.message["Subject"]
    assert "Harbour Blue" in maya_mail.text and "Ancoats Grid" not in maya_mail.text
