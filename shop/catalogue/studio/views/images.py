"""An artwork's pictures: upload several at once, move one up or down, delete one.

Every file goes through `add_artwork_image`, which checks it by content and re-encodes it; what
it refuses (not an image, too many bytes or pixels) becomes an error on the upload field, named
after the file, while the good files in the same upload are kept.
"""

from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import View
from oscar.core.loading import get_class, get_model
from wagtail.admin import messages

from artists.selling import StudioAccessMixin

from ..access import get_artwork_or_404
from ..forms import ArtworkForm, ImageUploadForm
from .artworks import ArtworkEditView

ProductImage = get_model("catalogue", "ProductImage")
add_artwork_image = get_class("catalogue.services", "add_artwork_image")
reorder_artwork_images = get_class("catalogue.services", "reorder_artwork_images")
delete_artwork_image = get_class("catalogue.services", "delete_artwork_image")


def pictures_url(artwork) -> str:
    return reverse("studio_artworks:edit", args=[artwork.pk]) + "#pictures"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class ImageUploadView(ArtworkEditView):
    """Add pictures; on a refused file, show the edit page again with the reason on the field."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        upload_form = ImageUploadForm(request.POST, request.FILES)
        added = 0
        if upload_form.is_valid():
            for upload in upload_form.cleaned_data["images"]:
                try:
                    add_artwork_image(artwork=self.artwork, image=upload)
                except ValidationError as error:
                    upload_form.add_error("images", [f"{upload.name}: {message}" for message in error.messages])
                else:
                    added += 1
        if added:
            messages.success(request, f"{plural(added, 'picture')} added to “{self.artwork.title}”.")
        if not upload_form.errors:
            return redirect(pictures_url(self.artwork))
        messages.error(request, "Some files were not added: see Pictures below.")
        # The details form stays as saved: this request carried pictures, not details.
        details_form = ArtworkForm(initial=ArtworkForm.initial_for(self.artwork))
        return self.render_to_response(self.get_context_data(form=details_form, upload_form=upload_form))


class ArtworkImageMixin(StudioAccessMixin):
    """One picture of an artwork the user may change; anything else is a 404."""

    http_method_names = ["post"]

    def get_image(self):
        artwork = get_artwork_or_404(self.request.user, self.kwargs["pk"])
        return get_object_or_404(
            ProductImage.objects.select_related("product"), pk=self.kwargs["image_pk"], product=artwork
        )


class ImageMoveView(ArtworkImageMixin, View):
    """Swap a picture with its neighbour; the first picture is the one cards show."""

    def post(self, request, *args, **kwargs):
        image = self.get_image()
        artwork = image.product
        direction = request.POST.get("direction")
        if direction not in ("up", "down"):
            return HttpResponseBadRequest("direction must be up or down")
        order = list(artwork.images.order_by("display_order", "pk").values_list("pk", flat=True))
        position = order.index(image.pk)
        target = position - 1 if direction == "up" else position + 1
        if 0 <= target < len(order):
            order[position], order[target] = order[target], order[position]
            try:
                reorder_artwork_images(artwork=artwork, image_ids=order)
            except ValidationError:
                # Another tab added or deleted a picture in between: show the current order instead.
                messages.error(request, "The pictures changed while you were moving one; try again.")
        return redirect(pictures_url(artwork))


class ImageDeleteView(ArtworkImageMixin, View):
    """Delete one picture; the rest close up so the first is still the main picture."""

    def post(self, request, *args, **kwargs):
        image = self.get_image()
        artwork = image.product
        delete_artwork_image(image=image)
        messages.success(request, f"A picture of “{artwork.title}” is deleted.")
        return redirect(pictures_url(artwork))
