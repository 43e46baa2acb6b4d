"""An artist's artworks in the studio: the list, adding one, editing it, taking it down."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView
from oscar.core.loading import get_class, get_model
from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.widgets.button import HeaderButton

from shop.marketplace.limits import ListingLimitReached

from ..access import artworks_for
from ..forms import ArtworkFilterForm, ArtworkForm, ImageUploadForm, add_service_errors
from ..listing import HIDDEN, artwork_rows, artwork_status, filter_artworks
from .base import INDEX_URL, ArtworkPage, StudioPage

create_artwork = get_class("catalogue.services", "create_artwork")
update_artwork = get_class("catalogue.services", "update_artwork")
remove_artwork = get_class("catalogue.services", "remove_artwork")
Line = get_model("order", "Line")

PER_PAGE = 50


class ArtworkIndexView(StudioPage, TemplateView):
    """An artist's own artworks, or every artwork for a moderator, newest first."""

    template_name = "studio/artworks/index.html"

    def get_header_buttons(self):
        if self.artist is None:
            return []
        return [HeaderButton("Add artwork", url=reverse("studio_artworks:create"), icon_name="plus")]

    def get_context_data(self, **kwargs):
        filter_form = ArtworkFilterForm(self.request.GET)
        if not self.is_moderator:
            del filter_form.fields["artist"]  # an artist's list holds one artist
        own_artworks = artworks_for(self.request.user)
        artworks = filter_artworks(own_artworks, filter_form).for_listing()
        paginator = WagtailPaginator(artworks, PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        return super().get_context_data(
            rows=artwork_rows(page.object_list),
            page_obj=page,
            paginator=paginator,
            elided_page_range=paginator.get_elided_page_range(page.number),
            filter_form=filter_form,
            is_filtering=any(filter_form.data.get(name) for name in filter_form.fields),
            show_artist=self.is_moderator,
            # An artist must not miss that a moderator took something down; moderators have the filter.
            hidden_count=0 if self.is_moderator else own_artworks.exclude(hidden_reason="").count(),
            **kwargs,
        )


class ArtworkFormMixin:
    """Say at the top of the page that nothing was saved; the reasons sit on the fields."""

    def form_invalid(self, form):
        messages.error(self.request, "Nothing was saved: correct the fields marked below.")
        return super().form_invalid(form)

    def over_the_limit(self, form, full: ListingLimitReached):
        """The plan's listing limit, not the fields, stopped it: say so, keep what was typed."""
        messages.error(self.request, f"Nothing was saved. {full.messages[0]}")
        return self.render_to_response(self.get_context_data(form=form))


class ArtworkCreateView(ArtworkFormMixin, StudioPage, FormView):
    """List a new artwork: the product and its stock record, created together by the service."""

    template_name = "studio/artworks/create.html"
    form_class = ArtworkForm
    page_subtitle = "Add artwork"

    def has_access(self):
        # Moderators without an artist of their own see everything but have nothing to sell.
        return self.artist is not None

    def extra_breadcrumbs(self):
        return [{"url": "", "label": "Add artwork"}]

    def form_valid(self, form):
        try:
            artwork = create_artwork(artist=self.artist, **form.artwork_fields())
        except ListingLimitReached as full:
            return self.over_the_limit(form, full)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{artwork.title}” is listed. Now add its pictures.")
        return redirect(reverse("studio_artworks:edit", args=[artwork.pk]) + "#pictures")


class ArtworkEditView(ArtworkFormMixin, ArtworkPage, FormView):
    """Change an artwork, its price and stock; its pictures are managed on the same page."""

    template_name = "studio/artworks/edit.html"
    form_class = ArtworkForm

    def get_initial(self):
        return ArtworkForm.initial_for(self.artwork)

    def form_valid(self, form):
        try:
            artwork = update_artwork(artwork=self.artwork, **form.artwork_fields())
        except ListingLimitReached as full:
            return self.over_the_limit(form, full)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{artwork.title}” is saved.")
        return redirect("studio_artworks:edit", pk=artwork.pk)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("upload_form", ImageUploadForm())
        status = artwork_status(self.artwork)
        return super().get_context_data(
            # Read afresh, not prefetched: an upload on this request has just added to them.
            images=list(self.artwork.images.order_by("display_order", "pk")),
            status=status,
            is_hidden=status == HIDDEN,
            is_moderator=self.is_moderator,
            **kwargs,
        )


class ArtworkRemoveView(ArtworkPage, TemplateView):
    """Take an artwork down. Ordered artworks are unpublished, not deleted: orders point at them."""

    template_name = "studio/artworks/remove.html"

    def extra_breadcrumbs(self):
        return [*super().extra_breadcrumbs(), {"url": "", "label": "Remove"}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(was_ordered=Line.objects.filter(product=self.artwork).exists(), **kwargs)

    def post(self, request, *args, **kwargs):
        title = self.artwork.title
        try:
            outcome = remove_artwork(artwork=self.artwork)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
            return redirect(INDEX_URL)
        if outcome == "deleted":
            messages.success(request, f"“{title}” is deleted.")
        else:
            messages.success(
                request,
                f"“{title}” has been ordered before, so it was unpublished rather than deleted: "
                "buyers' orders still show it. It no longer appears in the shop.",
            )
        return redirect(INDEX_URL)
