"""The studio's forms. They check shapes (a number is a number); the catalogue's rules own the limits.

Forms here are plain `Form`s, not `ModelForm`s, because no form saves anything: the views pass
`cleaned_data` to `shop.catalogue.services`, and `add_service_errors()` puts whatever those
services refuse back on the field it concerns. `ArtworkForm.clean()` asks `shop.catalogue.rules`
up front only so those refusals show beside the shape errors; the widgets' `min`/`maxlength`/`step`
are the same rules, told to the browser.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from oscar.core.loading import get_model

from artists.models import Artist
from shop.catalogue import rules

Category = get_model("catalogue", "Category")

# One upload is one request: a handful of pictures keeps it well inside request timeouts.
MAX_FILES_PER_UPLOAD = 10


class CategoryChoiceField(forms.ModelChoiceField):
    """Categories as an indented tree, labelled from the row itself (no query per option)."""

    def label_from_instance(self, category):
        return f"{'— ' * (category.depth - 1)}{category.name}"


def dimension_field(label):
    return forms.DecimalField(
        label=f"{label} (cm)",
        required=False,
        widget=forms.NumberInput(attrs={"min": rules.DIMENSION_MIN, "max": rules.DIMENSION_MAX, "step": "0.1"}),
    )


class ArtworkForm(forms.Form):
    """An artwork's details with its price and stock, which live on its stock record."""

    title = forms.CharField(widget=forms.TextInput(attrs={"maxlength": rules.TITLE_MAX_LENGTH}))
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 6, "maxlength": rules.DESCRIPTION_MAX_LENGTH})
    )
    category = CategoryChoiceField(queryset=Category.objects.order_by("path"), empty_label="Choose a category")
    medium = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"maxlength": rules.MEDIUM_MAX_LENGTH}),
        help_text="e.g. Oil on canvas, glazed stoneware",
    )
    width_cm = dimension_field("Width")
    height_cm = dimension_field("Height")
    depth_cm = dimension_field("Depth")
    year = forms.IntegerField(
        required=False, widget=forms.NumberInput(attrs={"min": rules.YEAR_MIN}), help_text="The year it was made"
    )
    is_original = forms.TypedChoiceField(
        label="Original or print",
        choices=[("1", "Original: one of a kind"), ("0", "Print: one of an edition")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    edition_size = forms.IntegerField(
        required=False,
        widget=forms.NumberInput(attrs={"min": rules.EDITION_MIN, "max": rules.EDITION_MAX}),
        help_text="Prints only: how many copies the edition has",
    )
    price = forms.DecimalField(widget=forms.NumberInput(attrs={"min": rules.PRICE_MIN, "step": "0.01"}))
    stock = forms.IntegerField(
        initial=1,
        widget=forms.NumberInput(attrs={"min": 0, "max": rules.STOCK_MAX}),
        help_text="How many you can sell now; an original is 0 or 1",
    )
    is_public = forms.BooleanField(
        label="Published", required=False, initial=True, help_text="Buyers can see and buy it"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["price"].label = f"Price ({settings.OSCAR_DEFAULT_CURRENCY})"

    def clean(self):
        cleaned_data = super().clean()
        # The rules' refusals beside the shape errors, on the fields they name (an original's
        # edition size is dropped, so it is not judged).
        errors = rules.artwork_field_errors(self.artwork_fields())
        if errors:
            add_service_errors(self, ValidationError(errors))
        return cleaned_data

    def artwork_fields(self) -> dict:
        """What the services take, under their own names."""
        data = dict(self.cleaned_data)
        if data.get("is_original", True):
            data["edition_size"] = None
        return data

    @classmethod
    def initial_for(cls, artwork) -> dict:
        """The form's starting values from an artwork and its stock record (prefetched)."""
        record = next(iter(artwork.stockrecords.all()), None)
        category = next(iter(artwork.categories.all()), None)
        return {
            "title": artwork.title,
            "description": artwork.description,
            "category": category,
            "medium": artwork.medium,
            "width_cm": artwork.width_cm,
            "height_cm": artwork.height_cm,
            "depth_cm": artwork.depth_cm,
            "year": artwork.year,
            "is_original": "1" if artwork.is_original else "0",
            "edition_size": artwork.edition_size,
            "price": record.price if record else None,
            "stock": record.num_in_stock if record else 0,
            "is_public": artwork.is_public,
        }


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files from one input. Whether each is a usable picture is the service's call."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [file for file in files if file]
        if not files:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_FILES_PER_UPLOAD:
            raise ValidationError(f"Upload at most {MAX_FILES_PER_UPLOAD} pictures at a time.", code="too_many")
        clean_one = super().clean
        return [clean_one(file, initial) for file in files]


class ImageUploadForm(forms.Form):
    images = MultipleImageField(
        label="Add pictures",
        help_text="JPEG, PNG or WebP, up to 15 MB each. The first picture is the one buyers see in listings.",
    )


class HideForm(forms.Form):
    """A moderator's reason for hiding an artwork: the artist reads it, so it must say what to fix."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown to the artist in their studio. Say what is wrong and what would fix it.",
    )


class ArtworkFilterForm(forms.Form):
    """The moderators' filters over all artworks."""

    STATUS_CHOICES = [("", "Any status"), ("live", "Live"), ("unpublished", "Unpublished"), ("hidden", "Hidden")]

    q = forms.CharField(label="Search", required=False, max_length=200)
    artist = forms.ModelChoiceField(
        queryset=Artist.objects.order_by("display_name"), required=False, empty_label="All artists"
    )
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the fields it names; anything else on the form itself."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
