"""People and commissions at each step, made through the services as the site makes them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from artiqo.users.tests.factories import UserFactory
from artists.commissions import services
from artists.services import update_artist_profile
from artists.tests.factories import make_artist


def in_days(days: int):
    return timezone.localdate() + timedelta(days=days)


def sent():
    """(recipient, subject) of each email sent so far."""
    return [(message.to[0], message.subject) for message in mail.outbox]


@pytest.fixture
def maya(site_pages):
    artist = make_artist(username="maya", display_name="Maya Lindqvist")
    return update_artist_profile(artist=artist, open_for_commissions=True, commission_note="Portraits, 6–8 weeks")


@pytest.fixture
def ben(db):
    return UserFactory(username="ben", first_name="Ben", last_name="Carter")


@pytest.fixture
def stranger(db):
    return UserFactory(username="sam")


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run each step's after-commit work (the emails) as production does after the commit."""

    def run(step, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return step(*args, **kwargs)

    return run


@pytest.fixture
def requested(maya, ben, run_on_commit):
    commission = run_on_commit(
        services.request_commission, buyer=ben, artist=maya, brief="A portrait of my dog Rufus, in oil."
    )
    mail.outbox.clear()
    return commission


@pytest.fixture
def quoted(requested, maya, run_on_commit):
    run_on_commit(services.send_quote, commission=requested, artist=maya, price=Decimal("450"), delivery_by=in_days(40))
    mail.outbox.clear()
    return requested


@pytest.fixture
def accepted(quoted, run_on_commit):
    run_on_commit(services.mark_accepted, commission=quoted)
    mail.outbox.clear()
    return quoted


@pytest.fixture
def paid(accepted, run_on_commit):
    run_on_commit(services.mark_paid, commission=accepted, order_number="100042")
    mail.outbox.clear()
    return accepted
