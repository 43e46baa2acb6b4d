"""The Orders section's pages: the list of orders holding the user's lines, and moving a line."""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.views.generic import TemplateView, View
from oscar.core.loading import get_model
from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from artists.selling import StudioAccessMixin
from shop.order.fulfilment import PAID, SHIPPED, IllegalTransition, move_line

from .access import get_line_or_404, lines_for
from .forms import ShipLineForm

Order = get_model("order", "Order")
Line = get_model("order", "Line")

INDEX_URL = reverse_lazy("studio_orders:index")
PER_PAGE = 25
SHIPPABLE_ORDER_STATUSES = (PAID, SHIPPED)


class OrderIndexView(StudioAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """Orders holding the user's artworks, newest first, each showing only the user's lines."""

    template_name = "studio/orders/index.html"
    page_title = "Orders"
    header_icon = "list-ul"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": "Orders"}]

    def get_context_data(self, **kwargs):
        visible_lines = lines_for(self.request.user)
        orders = (
            Order.objects.filter(pk__in=visible_lines.values("order_id"))
            .select_related("shipping_address__country")
            .order_by("-date_placed", "-pk")
        )
        paginator = WagtailPaginator(orders, PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        page_orders = list(page.object_list)  # MariaDB refuses a LIMIT inside an IN subquery
        lines_by_order: dict[int, list] = {}
        for line in visible_lines.filter(order_id__in=[order.pk for order in page_orders]).order_by("pk"):
            lines_by_order.setdefault(line.order_id, []).append(line)
        rows = [
            {
                "order": order,
                "lines": lines_by_order.get(order.pk, []),
                "is_pickup": order.shipping_code == "pickup",
                "can_ship": order.status in SHIPPABLE_ORDER_STATUSES,
            }
            for order in page_orders
        ]
        return super().get_context_data(
            rows=rows,
            page_obj=page,
            paginator=paginator,
            show_artist=self.is_moderator,
            ship_form=ShipLineForm(),
            **kwargs,
        )


class MoveLineView(StudioAccessMixin, View):
    """Mark one line shipped (with optional tracking) or delivered; the artist's own lines only."""

    status: str = ""

    def post(self, request, pk):
        line = get_line_or_404(request.user, pk)
        form = ShipLineForm(request.POST) if self.status == "shipped" else ShipLineForm({})
        if not form.is_valid():
            errors = "; ".join(error for field_errors in form.errors.values() for error in field_errors)
            messages.error(request, f"“{line.title}” was not marked shipped: {errors}")
            return redirect(INDEX_URL)
        try:
            move_line(
                line=line,
                # An admin moves a line on its artist's behalf; an artist only ever their own.
                artist=line.partner.artist if self.is_moderator else self.artist,
                status=self.status,
                **(form.cleaned_data if self.status == "shipped" else {}),
            )
        except IllegalTransition as error:
            messages.error(request, f"“{line.title}” (order {line.order.number}): {error}")
        except Line.DoesNotExist:
            raise Http404 from None
        else:
            messages.success(request, f"“{line.title}” (order {line.order.number}) is marked {self.status}.")
        return redirect(INDEX_URL)
