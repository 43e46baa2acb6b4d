"""What every Artworks page shares: the access check, Wagtail's page furniture, breadcrumbs."""

from django.urls import reverse, reverse_lazy
from django.utils.functional import cached_property
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from artists.selling import StudioAccessMixin

from ..access import get_artwork_or_404

INDEX_URL = reverse_lazy("studio_artworks:index")


class StudioPage(StudioAccessMixin, WagtailAdminTemplateMixin):
    """A page of the section, drawn inside the Wagtail admin (menu, messages, header)."""

    header_icon = "grid"
    page_title = "Artworks"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": INDEX_URL, "label": "Artworks"}, *self.extra_breadcrumbs()]

    def extra_breadcrumbs(self):
        return []


class ArtworkPage(StudioPage):
    """A page about one artwork, which must be one this user may change (else 404)."""

    @cached_property
    def artwork(self):
        return get_artwork_or_404(self.request.user, self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.artwork.title

    def extra_breadcrumbs(self):
        return [{"url": reverse("studio_artworks:edit", args=[self.artwork.pk]), "label": self.artwork.title}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(artwork=self.artwork, **kwargs)
