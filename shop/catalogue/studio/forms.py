"""The studio's forms. They check shapes (a number is a number); the services own the rules.

Forms here are plain `Form`s, not `ModelForm`s, because no form saves anything: the views pass
`cleaned_data` to `shop.catalogue.services`, and `add_service_errors()` puts whatever those
services refuse back on the field it concerns.
"""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from oscar.core.loading import get_model

from artists.models import Artist

Category = get_model("catalogue", "Category")

# One upload is one request: a handful of pictures keeps it well inside request timeouts.
MAX_FILES_PER_UPLOAD = 10


class CategoryChoiceField(forms.ModelChoiceField):
    """Categories as an indented tree, labelled from the row itself (no query per option)."""

    def label_from_instance(self, category):
        return f"{'— ' * (category.depth - 1)}{category.name}"


def dimension_field(label):
    return forms.DecimalField(
        label=f"{label} (cm)", required=False, max_digits=6, decimal_places=1, min_value=Decimal("0.1")
    )


class ArtworkForm(forms.Form):
    """An artwork's details with its price and stock, which live on its stock record."""

    title = forms.CharField(max_length=255)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}))
    category = CategoryChoiceField(queryset=Category.objects.order_by("path"), empty_label="Choose a category")
    medium = forms.CharField(max_length=100, required=False, help_text="e.g. Oil on canvas, glazed stoneware")
    width_cm = dimension_field("Width")
    height_cm = dimension_field("Height")
    depth_cm = dimension_field("Depth")
    year = forms.IntegerField(required=False, min_value=1000, help_text="The year it was made")
    is_original = forms.TypedChoiceField(
        label="Original or print",
        choices=[("1", "Original: one of a kind"), ("0", "Print: one of an edition")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    edition_size = forms.IntegerField(
        required=False, min_value=1, help_text="Prints only: how many copies the edition has"
    )
    # The service refuses a price of zero or less, and says so on this field.
    price = forms.DecimalField(max_digits=12, decimal_places=2)
    stock = forms.IntegerField(min_value=0, initial=1, help_text="How many you can sell now; an original is 0 or 1")
    is_public = forms.BooleanField(
        label="Published", required=False, initial=True, help_text="Buyers can see and buy it"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["price"].label = f"Price ({settings.OSCAR_DEFAULT_CURRENCY})"

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year and year > timezone.now().year:
            raise ValidationError("That year has not happened yet.")
        return year

    def artwork_fields(self) -> dict:
        """What the services take, under their own names."""
        data = dict(self.cleaned_data)
        if data["is_original"]:
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
