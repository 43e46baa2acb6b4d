"""Emails to artists about their account, sent by background tasks enqueued after the transaction commits.

The tasks take ids, not objects: a task is stored as JSON until a worker runs it, and the worker reads
the artist as it is then. They already run in a worker, so they send through the delivery backend
directly (`delivery_connection()`) instead of queueing a second hop.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task

from artiqo.ops.mail import delivery_connection

from .models import Artist


def _send(artist: Artist, subject: str, template: str, **context) -> None:
    context = {"artist": artist, "site_url": settings.SITE_URL, **context}
    send_mail(
        subject,
        render_to_string(template, context),
        settings.DEFAULT_FROM_EMAIL,
        [artist.user.email],
        fail_silently=False,
        connection=delivery_connection(),
    )


@task()
def send_artist_approved(artist_id: int) -> None:
    """Tell a newly approved artist their studio is open."""
    artist = Artist.objects.select_related("user").get(pk=artist_id)
    _send(artist, "You're in: your Artiqo studio is open", "artists/emails/approved.txt")


@task()
def send_artist_suspended(artist_id: int, reason: str) -> None:
    """Tell an artist their shop is paused, and why."""
    artist = Artist.objects.select_related("user").get(pk=artist_id)
    _send(artist, "Your Artiqo shop is paused", "artists/emails/suspended.txt", reason=reason)
