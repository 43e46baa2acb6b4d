"""The marketplace's emails to artists about their plan, sent by a background task after commit.

Like the order emails (shop/order/emails.py): a rolled-back change emails nobody, and a slow SMTP
server never slows a webhook. The task delivers through the real backend, not back through the queue.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task

from artiqo.ops.mail import delivery_connection

from .models import SubscriptionInvoice


def grace_days() -> int:
    """Days a past-due artist keeps their plan before the free plan (SUBSCRIPTION_GRACE_DAYS)."""
    return int(settings.SUBSCRIPTION_GRACE_DAYS)


@task()
def send_past_due_email(invoice_id: int) -> None:
    """Tell the artist their plan's payment failed, what happens next, and by when."""
    invoice = SubscriptionInvoice.objects.select_related("subscription__artist__user", "subscription__plan").get(
        pk=invoice_id
    )
    subscription = invoice.subscription
    since = subscription.past_due_since or invoice.created_at
    context = {
        "artist": subscription.artist,
        "invoice": invoice,
        "plan": invoice.plan or subscription.plan,
        "grace_days": grace_days(),
        "grace_ends": since + timedelta(days=grace_days()),
        "site_url": settings.SITE_URL,
    }
    send_mail(
        f"Your Artiqo {context['plan'].name} plan: the payment failed",
        render_to_string("marketplace/emails/past_due.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [subscription.artist.user.email],
        fail_silently=False,
        connection=delivery_connection(),
    )
