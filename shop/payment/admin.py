"""Payments in the Django admin: read-only, since every change must go through the payment services."""

from django.contrib import admin
from oscar.apps.payment.admin import *  # noqa: F403  (Oscar's Source/Transaction admins)

from .models import Payment, StripeEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["pk", "order", "payer", "amount", "currency", "status", "intent_id", "created_at"]
    list_filter = ["status", "currency"]
    search_fields = ["order__number", "intent_id", "payer__email", "refund_id"]
    list_select_related = ["order", "payer"]


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "type", "payment", "received_at"]
    list_filter = ["type"]
    search_fields = ["event_id"]
