import oscar.apps.search.apps as oscar_search


class SearchConfig(oscar_search.SearchConfig):
    """Oscar's search app, forked so browse and search run on the database and Wagtail search, not haystack."""

    name = "search"

    def get_urls(self):
        from django.urls import path

        from .views import autocomplete

        return [*super().get_urls(), path("autocomplete/", autocomplete, name="autocomplete")]
