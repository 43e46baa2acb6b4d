"""The admins' plan management in the studio (/cms/plans/): list, add and edit plans.

A Wagtail ModelViewSet over `Plan` with `PlanForm` (billing_forms), whose docstring holds the
price rule: the monthly price of a plan anyone subscribes to is fixed, since Stripe keeps billing
each subscription at the price it started with. Who may: moderators (staff) holding the plan
permissions (superusers hold them all; a group is granted "Can add/change plan" in Settings →
Groups). Plans are never deleted here — subscriptions, invoices and plan changes refer to them —
they stop being offered instead ("Offered to artists" unticked).
"""

from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from artists.selling import is_moderator

from ..models import Plan
from .billing_forms import PlanForm
from .statement import as_percent


class PlanPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, for moderators only, and never "delete" (plans are deactivated)."""

    def user_has_permission(self, user, action):
        return action != "delete" and is_moderator(user) and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action != "delete"]
        users = super().users_with_any_permission(actions) if actions else self.model.objects.none()
        return users.filter(is_active=True, is_staff=True) if actions else users


def fee_rate_shown(plan: Plan) -> str:
    return "Default rate" if plan.fee_rate is None else as_percent(plan.fee_rate)


def limit_shown(plan: Plan) -> str:
    return "Unlimited" if plan.listing_limit is None else str(plan.listing_limit)


class PlanViewSet(ModelViewSet):
    model = Plan
    icon = "tag"
    menu_label = "Plans"
    menu_order = 245
    add_to_admin_menu = True
    copy_view_enabled = False
    name = "plans"
    list_display = [
        "name",
        "code",
        "monthly_price",
        Column("fee_rate", label="Fee rate", accessor=fee_rate_shown),
        Column("listing_limit", label="Listing limit", accessor=limit_shown),
        "featured_credits",
        "is_active",
    ]

    def get_form_class(self, for_update=False):
        return PlanForm


# Registered before the viewset is (wagtail_hooks), so its views, menu item and permissions use it.
register_permission_policy(Plan, PlanPermissionPolicy(Plan), exact_class=True)
plan_viewset = PlanViewSet()
