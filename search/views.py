"""Browse and search the catalogue (Oscar's haystack views, replaced by the one artwork query)."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView
from oscar.core.loading import get_model

from shop.catalogue.colours import PALETTE
from shop.catalogue.discovery import find_artworks
from shop.catalogue.discovery.filters import SIZES
from shop.catalogue.listing import catalogue_version

from . import catalogue
from .artists import matching_artist_pages
from .forms import BrowseForm

Category = get_model("catalogue", "Category")


def sidebar_key(request, category) -> str:
    """What the filter sidebar's HTML depends on: the catalogue version, the category, the query string.

    Its links keep every parameter but `page`, so only `page` is left out.
    """
    params = sorted((name, value) for name, value in request.GET.lists() if name != "page")
    return f"{catalogue_version()}:{category.pk if category else ''}:{params}"


class CatalogueView(TemplateView):
    """All live artworks with filters, facet counts, sorting, a page size choice and numbered pages."""

    template_name = "oscar/catalogue/browse.html"
    category = None  # a category page confines everything to its category

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = BrowseForm(self.request.GET or None)
        results = find_artworks(form.artwork_filters(within=self.category))
        wanted = form.filters()
        # An out-of-range or garbled page number shows the nearest real page, never an error.
        paginator = Paginator(results.ids(), wanted.get("page_size", 24))
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            form=form,
            query=wanted.get("q", ""),
            active_filters={name: value for name, value in wanted.items() if name in catalogue.FILTERS},
            facets=results.facets,
            artwork_ids=page.object_list,
            # For the cards' "Featured" badge: known from the page's own query in the default order.
            featured_ids=results.featured_among(page.object_list),
            paginator=paginator,
            page_obj=page,
            is_paginated=page.has_other_pages(),
            page_numbers=paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            summary="All artworks",
            categories=Category.objects.browsable().filter(depth=1).order_by("path"),
            colours=list(PALETTE.values()),
            # Sizes as facet items without counts (the facet partial leaves out an absent count).
            sizes=[{"value": name, "label": f"{size.label} ({size.bounds})"} for name, size in SIZES.items()],
            # The filter sidebar is the same HTML for the same filters until the catalogue changes.
            sidebar_key=sidebar_key(self.request, self.category),
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
        context["artist_results"] = matching_artist_pages(query, limit=6) if query else []
        return context


def autocomplete(request):
    """Suggestions for the header's search box: a few artworks and artists for what was typed."""
    prefix = request.GET.get("q", "").strip()[:100]
    if len(prefix) < 2:
        return JsonResponse({"artworks": [], "artists": []})
    return JsonResponse(catalogue.suggestions(prefix))
