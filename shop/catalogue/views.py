"""Oscar's catalogue views, with the marketplace's rule for who may see an artwork."""

from oscar.apps.catalogue.views import *  # noqa: F403  (the fork keeps Oscar's other views)
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView


class ProductDetailView(OscarProductDetailView):
    def is_viewable(self, product, request):
        """Live artworks for everyone; unpublished, hidden or suspended ones for their artist and staff."""
        user = request.user
        if user.is_staff:
            return True
        if product.artist_id and user.is_authenticated and product.artist.user_id == user.pk:
            return True
        return type(product).objects.live().filter(pk=product.pk).exists()
