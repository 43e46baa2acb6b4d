"""Emails to artists about their account. Sent after the transaction commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def _send(artist, subject: str, template: str, **context) -> None:
    context = {"artist": artist, "site_url": settings.SITE_URL, **context}
    send_mail(
        subject,
        render_to_string(template, context),
        settings.DEFAULT_FROM_EMAIL,
        [artist.user.email],
        fail_silently=False,
    )


def send_artist_approved(artist) -> None:
    _send(artist, "You're in: your Artiqo studio is open", "artists/emails/approved.txt")


def send_artist_suspended(artist, reason: str) -> None:
    _send(artist, "Your Artiqo shop is paused", "artists/emails/suspended.txt", reason=reason)
