"""Browse and search the catalogue from the database and Wagtail search (Oscar's haystack views, replaced)."""

from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.generic import ListView
from oscar.core.loading import get_model

from . import catalogue
from .artists import matching_artist_pages
from .forms import BrowseForm

Category = get_model("catalogue", "Category")


class CatalogueView(ListView):
    """All live artworks with filters, facet counts, sorting and a page size choice."""

    template_name = "oscar/catalogue/browse.html"
    context_object_name = "products"

    def get_filters(self) -> dict:
        self.form = BrowseForm(self.request.GET or None)
        return self.form.filters()

    def base_queryset(self):
        return catalogue.browsable_artworks()

    def get_queryset(self):
        self.filters = self.get_filters()
        artworks, self.ranked = catalogue.find_artworks(self.filters, base=self.base_queryset())
        return artworks.for_listing()

    def get_paginate_by(self, queryset):
        return self.filters.get("page_size", 24)

    def paginate_queryset(self, queryset, page_size):
        try:
            return super().paginate_queryset(queryset, page_size)
        except Http404:
            # A page number past the end shows the last page instead of an error page.
            self.kwargs[self.page_kwarg] = "last"
            return super().paginate_queryset(queryset, page_size)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=self.form,
            query=self.filters.get("q", ""),
            active_filters={name: value for name, value in self.filters.items() if name in catalogue.FILTERS},
            facets=catalogue.facet_counts(self.filters, self.ranked, base=self.base_queryset()),
            summary="All artworks",
            categories=Category.objects.browsable().filter(depth=1).order_by("path"),
        )
        return context


class ProductCategoryView(CatalogueView):
    """Live artworks in one category or its subcategories."""

    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=kwargs["pk"])
        if not (self.category.is_public or request.user.is_staff):
            raise Http404
        # Categories are fetched by pk so a renamed slug redirects to the current address.
        if request.path != self.category.get_absolute_url():
            return HttpResponsePermanentRedirect(self.category.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def base_queryset(self):
        paths = [category.path for category in self.category.get_descendants_and_self()]
        return super().base_queryset().filter(categories__path__in=paths)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(category=self.category, summary=self.category.name)
        return context


class FacetedSearchView(CatalogueView):
    """Results for `?q=`: artworks (ranked, filterable) and, separately, the artists who match."""

    template_name = "oscar/search/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = context["query"]
        context["summary"] = f"Results for “{query}”" if query else "Search"
        context["artist_results"] = matching_artist_pages(query)[:6] if query else []
        return context


def autocomplete(request):
    """Suggestions for the header's search box: a few artworks and artists for what was typed."""
    prefix = request.GET.get("q", "").strip()[:100]
    if len(prefix) < 2:
        return JsonResponse({"artworks": [], "artists": []})
    return JsonResponse(catalogue.suggestions(prefix))
