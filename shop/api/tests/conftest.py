"""A small marketplace for the API tests: approved artists in two cities, categories, artworks.

`buyer` and `admin` come from the root conftest, API clients from `artiqo.testing.api_as`.
"""

import pytest
from oscar.core.loading import get_model

from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork

Category = get_model("catalogue", "Category")


@pytest.fixture
def marketplace(site_pages):
    painting = Category.add_root(name="Painting")
    oil = painting.add_child(name="Oil")
    prints = Category.add_root(name="Prints")
    maya = make_artist(username="maya", city="Bristol", display_name="Maya Okafor")
    theo = make_artist(username="theo", city="Manchester", display_name="Theo Marsh")
    return {
        "painting": painting,
        "oil": oil,
        "prints": prints,
        "maya": maya,
        "theo": theo,
        "harbour": make_artwork(
            maya,
            title="Harbour Blue",
            price="980.00",
            description="Boats at dusk on the Avon.",
            category=oil,
            medium="Oil on canvas",
            width_cm=60,
            height_cm=40,
            year=2024,
        ),
        "grid": make_artwork(
            theo,
            title="Ancoats Grid",
            price="120.00",
            stock=10,
            is_original=False,
            edition_size=50,
            category=prints,
            medium="Screen print",
        ),
        "quay": make_artwork(maya, title="Quay Study", price="45.50", category=painting, medium="Watercolour"),
    }
