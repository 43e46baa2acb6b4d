"""Commission requests in Django's admin (/django-admin/): read-only, for staff settling a dispute.

Every change to a request goes through `artists.commissions.services` (the buyer's and the artist's
screens, the API), so here nothing is added, changed or deleted: staff read the brief, the quotes
and the whole thread, and act through the order (cancel, refund) when they must.
"""

from django.contrib import admin

from .commissions.models import CommissionMessage, CommissionQuote, CommissionReference, CommissionRequest


class ReadOnlyMixin:
    """Shown, never changed: the services own every write."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class QuoteInline(ReadOnlyMixin, admin.TabularInline):
    model = CommissionQuote
    fields = [
        "created_at",
        "price",
        "currency",
        "delivery_by",
        "deposit",
        "note",
        "status",
        "expires_at",
        "answered_at",
    ]
    readonly_fields = fields
    ordering = ["created_at", "pk"]
    extra = 0


class MessageInline(ReadOnlyMixin, admin.TabularInline):
    model = CommissionMessage
    fields = ["created_at", "author", "body"]
    readonly_fields = fields
    ordering = ["created_at", "pk"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class ReferenceInline(ReadOnlyMixin, admin.TabularInline):
    model = CommissionReference
    fields = ["image", "width", "height", "created_at"]
    readonly_fields = fields
    extra = 0


@admin.register(CommissionRequest)
class CommissionRequestAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["pk", "artist", "buyer", "status", "budget", "deadline", "order_number", "created_at"]
    list_filter = ["status"]
    list_select_related = ["artist", "buyer"]
    search_fields = ["=pk", "artist__display_name", "buyer__email", "buyer__username", "order_number"]
    inlines = [QuoteInline, MessageInline, ReferenceInline]
