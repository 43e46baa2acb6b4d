"""Who counts as a user, a buyer and an artist, in one place for the totals and the series."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from artists.models import Artist

from .periods import Period


def users():
    """Registered active accounts (`is_active`): buyers, artists and staff alike."""
    return get_user_model().objects.filter(is_active=True).order_by()


def buyers():
    """Active accounts that are neither staff nor artists (no artist profile in any status: pending,
    approved or suspended). Whether they have ordered yet does not matter."""
    return users().filter(is_staff=False, is_superuser=False, artist__isnull=True)


def artists():
    """Approved artists: not pending applicants, not suspended."""
    return Artist.objects.approved().order_by()


def joined_in(period: Period) -> Q:
    """Registered (`date_joined`) in the period."""
    return Q(date_joined__gte=period.starts_at, date_joined__lt=period.ends_at)


def approved_in(period: Period) -> Q:
    """Approved (`approved_at`, the latest approval) in the period, whatever their status now."""
    return Q(approved_at__gte=period.starts_at, approved_at__lt=period.ends_at)


def newly_approved(period: Period):
    """Artists approved in the period, suspended since or not: the event happened in the period."""
    return Artist.objects.filter(approved_in(period)).order_by()
