"""Browse and search the catalogue from the database (Oscar's haystack views, replaced)."""

from django.db.models import F, Min, Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import ListView
from oscar.core.loading import get_model

from .forms import BrowseForm

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")

ORDERINGS = {
    "newest": ["-date_created", "-pk"],
    "price-asc": [F("min_price").asc(nulls_last=True), "pk"],
    "price-desc": [F("min_price").desc(nulls_last=True), "pk"],
    "title-asc": ["title", "pk"],
}


class CatalogueView(ListView):
    """All live artworks, newest first, with a sort choice and paging."""

    template_name = "oscar/catalogue/browse.html"
    context_object_name = "products"
    paginate_by = 24

    def get_form(self):
        form = BrowseForm(self.request.GET or None)
        form.is_valid()
        return form

    def base_queryset(self):
        return Product.objects.live().browsable()

    def get_queryset(self):
        self.form = self.get_form()
        data = getattr(self.form, "cleaned_data", {})
        artworks = self.base_queryset()
        query = data.get("q", "")
        if query:
            artworks = artworks.filter(
                Q(title__icontains=query)
                | Q(description__icontains=query)
                | Q(artist__display_name__icontains=query)
                | Q(artist__city__icontains=query)
                | Q(medium__icontains=query)
            )
        ordering = ORDERINGS.get(data.get("sort_by") or "newest", ORDERINGS["newest"])
        return artworks.annotate(min_price=Min("stockrecords__price")).for_listing().order_by(*ordering)

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
            query=getattr(self.form, "cleaned_data", {}).get("q", ""),
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
        return super().base_queryset().filter(categories__in=self.category.get_descendants_and_self()).distinct()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(category=self.category, summary=self.category.name)
        return context


class FacetedSearchView(CatalogueView):
    """Search results for `?q=`; the browse view with the query applied."""

    template_name = "oscar/search/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = f"Results for “{context['query']}”" if context["query"] else "Search"
        return context
