"""The site-wide search box and the catalogue's filters (plain forms: no haystack)."""

from decimal import Decimal

from django import forms
from oscar.core.loading import get_model

from artists.models import Artist
from shop.catalogue.colours import COLOUR_CHOICES
from shop.catalogue.discovery.filters import MAX_DIMENSION_CM, SIZES, ArtworkFilters

Category = get_model("catalogue", "Category")

# The site's sort names (kept for links people bookmarked) → the catalogue's orderings.
SORTS = {
    "featured": "featured",
    "relevance": "relevance",
    "newest": "newest",
    "price-asc": "price",
    "price-desc": "-price",
    "title-asc": "title",
}


class SearchInput(forms.TextInput):
    input_type = "search"


class SearchForm(forms.Form):
    """The header's search box; `q` travels in the URL so results can be shared."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search",
        widget=SearchInput(attrs={"placeholder": "Search art, artists, cities…", "aria-label": "Search"}),
    )


class BrowseForm(SearchForm):
    """Every filter the catalogue offers. Invalid values are dropped with a message, never a 500."""

    # "Featured" is the default without words (featured artworks first, then newest), "Best match"
    # with them (a featured artwork first among equal matches); the others are plain orders.
    SORT_CHOICES = [
        ("featured", "Featured"),
        ("relevance", "Best match"),
        ("newest", "Newest"),
        ("price-asc", "Price, low to high"),
        ("price-desc", "Price, high to low"),
        ("title-asc", "Title"),
    ]
    PAGE_SIZES = [(12, "12"), (24, "24"), (48, "48")]
    KIND_CHOICES = [("", "Originals and prints"), ("original", "Originals"), ("print", "Prints")]
    SIZE_CHOICES = [("", "Any size"), *((name, size.label) for name, size in SIZES.items())]
    CENTIMETRES = {"min_value": Decimal("0.1"), "max_value": MAX_DIMENSION_CM, "max_digits": 6, "decimal_places": 1}

    category = forms.SlugField(required=False)
    artist = forms.SlugField(required=False)
    city = forms.CharField(required=False, max_length=100)
    medium = forms.CharField(required=False, max_length=100)
    kind = forms.ChoiceField(choices=KIND_CHOICES, required=False)
    min_price = forms.DecimalField(required=False, min_value=0, max_digits=12, decimal_places=2, label="Min £")
    max_price = forms.DecimalField(required=False, min_value=0, max_digits=12, decimal_places=2, label="Max £")
    in_stock = forms.BooleanField(required=False, label="Available only")
    colour = forms.ChoiceField(choices=[("", "Any colour"), *COLOUR_CHOICES], required=False)
    size = forms.ChoiceField(choices=SIZE_CHOICES, required=False)
    max_width_cm = forms.DecimalField(required=False, label="Max width (cm)", **CENTIMETRES)
    max_height_cm = forms.DecimalField(required=False, label="Max height (cm)", **CENTIMETRES)
    sort_by = forms.ChoiceField(choices=SORT_CHOICES, required=False, label="Sort by")
    page_size = forms.TypedChoiceField(choices=PAGE_SIZES, coerce=int, required=False, empty_value=24)

    def clean_category(self):
        slug = self.cleaned_data.get("category")
        self.category = Category.objects.browsable().filter(slug=slug).first() if slug else None
        if slug and self.category is None:
            raise forms.ValidationError("No such category.")
        return slug

    def clean_artist(self):
        slug = self.cleaned_data.get("artist")
        self.artist = Artist.objects.approved().filter(slug=slug).only("pk").first() if slug else None
        if slug and self.artist is None:
            raise forms.ValidationError("No such artist.")
        return slug

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_price"), cleaned.get("max_price")
        if low is not None and high is not None and low > high:
            self.add_error("max_price", "The maximum is below the minimum.")
        return cleaned

    def filters(self) -> dict:
        """The valid filters only: a bad value is ignored (and reported by the view) rather than fatal."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in data if name not in self.errors and data[name] not in (None, "", False)}

    def artwork_filters(self, *, within=None) -> ArtworkFilters:
        """The valid filters as the catalogue's question; `within` confines it to a category page's category."""
        wanted = self.filters()
        category = getattr(self, "category", None) if "category" in wanted else None
        artist = getattr(self, "artist", None) if "artist" in wanted else None
        return ArtworkFilters(
            text=wanted.get("q", "").strip(),
            categories=(category,) if category else (),
            artist_id=artist.pk if artist else None,
            city=wanted.get("city", "").strip(),
            medium=wanted.get("medium", "").strip(),
            kind=wanted.get("kind", ""),
            min_price=wanted.get("min_price"),
            max_price=wanted.get("max_price"),
            available_only=bool(wanted.get("in_stock")),
            colour=wanted.get("colour", ""),
            size=wanted.get("size", ""),
            max_width_cm=wanted.get("max_width_cm"),
            max_height_cm=wanted.get("max_height_cm"),
            sort=SORTS.get(wanted.get("sort_by", ""), ""),
            within=within,
        )
