"""A small marketplace for the API tests: approved artists in two cities, categories, artworks."""

import pytest
from oscar.core.loading import get_model
from rest_framework.test import APIClient

from artiqo.users.api.tokens import issue_tokens
from artiqo.users.tests.factories import UserFactory
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork

Category = get_model("catalogue", "Category")


def client_for(user=None) -> APIClient:
    """An API client carrying a real access token for the user (anonymous without one)."""
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_tokens(user)['access']}")
    return client


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


@pytest.fixture
def buyer(db):
    return UserFactory(username="bea")


@pytest.fixture
def admin(db):
    return UserFactory(username="ada", is_staff=True)
