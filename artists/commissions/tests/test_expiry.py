"""Quotes left unanswered for COMMISSION_QUOTE_DAYS expire: the sweep closes them and tells both sides once."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from artists.commissions import services
from artists.commissions.models import CommissionQuote, CommissionRequest
from artists.commissions.services import CommissionRefused
from artists.commissions.tasks import expire_quotes_task

from .conftest import in_days, sent

pytestmark = pytest.mark.django_db

Status = CommissionRequest.Status


def test_a_quote_is_still_open_after_13_days_and_expires_after_15(quoted, django_capture_on_commit_callbacks):
    start = timezone.now()

    with time_machine.travel(start + timedelta(days=13), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.expire_quotes() == []
        assert CommissionRequest.objects.get(pk=quoted.pk).status == Status.QUOTED and mail.outbox == []

    with time_machine.travel(start + timedelta(days=15), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.expire_quotes() == [quoted.pk]
            assert services.expire_quotes() == [], "a second sweep finds nothing"
        stored = CommissionRequest.objects.get(pk=quoted.pk)
        assert (stored.status, stored.closed_at) == (Status.EXPIRED, timezone.now())
        assert "14 days" in stored.closed_reason
        assert CommissionQuote.objects.get(commission=quoted).status == CommissionQuote.Status.EXPIRED
        assert sent() == [
            ("ben@example.com", f"The quote from Maya Lindqvist for commission #{quoted.pk} expired"),
            ("maya@example.com", f"Your quote for commission #{quoted.pk} expired unanswered"),
        ]
        with pytest.raises(CommissionRefused) as refused:
            services.mark_accepted(commission=quoted)
        assert refused.value.code == "state"
    assert services.open_count(quoted.artist) == 0


def test_the_sweep_uses_each_quotes_own_expiry_and_leaves_other_statuses(quoted, maya, ben, run_on_commit):
    start = timezone.now()
    with time_machine.travel(start + timedelta(days=10), tick=False):
        later = services.request_commission(buyer=ben, artist=maya, brief="Another")
        services.send_quote(commission=later, artist=maya, price=Decimal("80"), delivery_by=in_days(30))
        # A re-quote restarts the clock: the replaced quote's expiry no longer counts.
        services.send_quote(commission=quoted, artist=maya, price=Decimal("400"), delivery_by=in_days(30))
    mail.outbox.clear()

    with time_machine.travel(start + timedelta(days=20), tick=False):
        assert services.expire_quotes() == []
    with time_machine.travel(start + timedelta(days=25), tick=False):
        assert run_on_commit(expire_quotes_task.call) == [quoted.pk, later.pk]
    assert len(mail.outbox) == 4


def test_the_sweep_leaves_an_accepted_commission_alone(accepted):
    with time_machine.travel(timezone.now() + timedelta(days=30), tick=False):
        assert services.expire_quotes() == []
    assert CommissionRequest.objects.get(pk=accepted.pk).status == Status.ACCEPTED
