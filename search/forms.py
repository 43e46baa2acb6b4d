"""The site-wide search box and the catalogue's sort choice (plain forms: no haystack)."""

from django import forms


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
    """The catalogue's controls; invalid values fall back to the defaults rather than erroring."""

    SORT_CHOICES = [
        ("newest", "Newest"),
        ("price-asc", "Price, low to high"),
        ("price-desc", "Price, high to low"),
        ("title-asc", "Title"),
    ]
    sort_by = forms.ChoiceField(choices=SORT_CHOICES, required=False, label="Sort by")
