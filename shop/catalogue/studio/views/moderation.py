"""Moderators hide an artwork with a reason the artist reads, and restore it when it is fixed."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.generic import FormView, View
from oscar.core.loading import get_class
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request

from artists.selling import StudioAccessMixin

from ..access import get_artwork_or_404
from ..forms import HideForm, add_service_errors
from .base import INDEX_URL, ArtworkPage

hide_artwork = get_class("catalogue.services", "hide_artwork")
restore_artwork = get_class("catalogue.services", "restore_artwork")


class ModeratorsOnly:
    def has_access(self):
        return self.is_moderator


class ArtworkHideView(ModeratorsOnly, ArtworkPage, FormView):
    """Hide an artwork from buyers; hiding a hidden one again changes the reason the artist sees."""

    template_name = "studio/artworks/hide.html"
    form_class = HideForm

    def extra_breadcrumbs(self):
        return [*super().extra_breadcrumbs(), {"url": "", "label": "Hide"}]

    def get_initial(self):
        return {"reason": self.artwork.hidden_reason}

    def form_valid(self, form):
        try:
            artwork = hide_artwork(artwork=self.artwork, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.warning(self.request, f"“{artwork.title}” by {artwork.artist} is hidden; they see your reason.")
        return redirect(get_valid_next_url_from_request(self.request) or INDEX_URL)


class ArtworkRestoreView(ModeratorsOnly, StudioAccessMixin, View):
    """Lift a hide: the artwork is public again."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        artwork = restore_artwork(artwork=get_artwork_or_404(request.user, self.kwargs["pk"]))
        messages.success(request, f"“{artwork.title}” by {artwork.artist} is restored and public again.")
        return redirect(get_valid_next_url_from_request(request) or INDEX_URL)
