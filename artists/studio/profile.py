"""The studio's Profile screen: an artist changes the name, city, region and bio buyers see, and
whether (and how) they take commissions.

The same service as the API's `artists/me/` does the work, so both apply one set of rules.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from artists.models import Artist
from artists.selling import selling_artist
from artists.services import (
    BIO_MAX_LENGTH,
    COMMISSION_NOTE_MAX_LENGTH,
    MAX_OPEN_COMMISSIONS_RANGE,
    update_artist_profile,
)

PROFILE_URL = reverse_lazy("studio_profile:edit")


class ArtistProfileForm(forms.Form):
    """Shapes only; `update_artist_profile` judges the values and its refusals land on these fields."""

    display_name = forms.CharField(
        label="Artist name", required=False, help_text="How buyers know you: on your page and every artwork."
    )
    city = forms.CharField(required=False, help_text="Buyers look for art near them by city.")
    region = forms.CharField(required=False, help_text="Optional: a county, state or area.")
    bio = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"A few lines about you and your work (at most {BIO_MAX_LENGTH:,} characters).",
    )
    open_for_commissions = forms.BooleanField(
        label="Open for commissions",
        required=False,
        help_text="Buyers can ask you for a piece of their own from your artist page; you quote a price or decline.",
    )
    commission_note = forms.CharField(
        label="What to expect",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": COMMISSION_NOTE_MAX_LENGTH}),
        help_text=f"Optional, shown with the request form, e.g. “Portraits from photos, 6–8 weeks” "
        f"(at most {COMMISSION_NOTE_MAX_LENGTH} characters).",
    )
    max_open_commissions = forms.IntegerField(
        label="Most open at once",
        required=False,
        widget=forms.NumberInput(attrs={"min": MAX_OPEN_COMMISSIONS_RANGE[0], "max": MAX_OPEN_COMMISSIONS_RANGE[1]}),
        help_text=f"Optional: while this many commissions are open ({MAX_OPEN_COMMISSIONS_RANGE[0]} to "
        f"{MAX_OPEN_COMMISSIONS_RANGE[1]}), new requests wait. Empty: no limit.",
    )

    @classmethod
    def initial_for(cls, artist: Artist) -> dict:
        return {name: getattr(artist, name) for name in cls.base_fields}


class ProfileView(WagtailAdminTemplateMixin, FormView):
    """An approved artist's own details; moderators and everyone else have no profile here."""

    template_name = "artists/studio/profile.html"
    form_class = ArtistProfileForm
    page_title = "Profile"
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        # Wagtail's admin gate only says someone may enter the admin, not that they are a selling artist.
        self.artist = selling_artist(request.user)
        if self.artist is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": "Profile"}]

    def get_initial(self):
        return ArtistProfileForm.initial_for(self.artist)

    def get_context_data(self, **kwargs):
        page = getattr(self.artist, "page", None)
        return super().get_context_data(artist=self.artist, story_page=page, **kwargs)

    def form_valid(self, form):
        try:
            update_artist_profile(artist=self.artist, **form.cleaned_data)
        except ValidationError as refused:
            for field, errors in refused.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, "Your profile is saved: your page, artworks and search show it now.")
        return redirect(PROFILE_URL)

    def form_invalid(self, form):
        messages.error(self.request, "Nothing was saved: correct the fields marked below.")
        return super().form_invalid(form)
