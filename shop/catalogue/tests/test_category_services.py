"""Categories change only through the catalogue's services, whether the API or code asks."""

import pytest
from django.core.exceptions import ValidationError
from oscar.core.loading import get_class, get_model

from artiqo.testing import api_as
from shop.catalogue.tests.factories import make_artwork

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
create_category = get_class("catalogue.services", "create_category")
update_category = get_class("catalogue.services", "update_category")


def test_siblings_cannot_share_a_slug_but_cousins_can(db):
    painting = create_category(name="Painting")
    prints = create_category(name="Prints")
    create_category(name="Oil", parent=painting)

    with pytest.raises(ValidationError) as twice:
        create_category(name="OIL ", parent=painting)
    cousin = create_category(name="Oil", parent=prints)

    assert twice.value.message_dict == {"slug": ["Another category here already has the slug “oil”."]}
    assert (cousin.slug, cousin.get_parent(), cousin.name) == ("oil", prints, "Oil")
    assert Category.objects.filter(slug="oil").count() == 2


def test_the_api_creates_through_the_rules(admin):
    api = api_as(admin)
    created = api.post("/api/v1/categories/", {"name": "  Sculpture  "}, format="json")
    again = api.post("/api/v1/categories/", {"name": "Sculpture"}, format="json")
    no_slug = api.post("/api/v1/categories/", {"name": "!!!"}, format="json")

    assert created.status_code == 201
    assert (created.json()["name"], created.json()["slug"]) == ("Sculpture", "sculpture")
    assert again.status_code == 400
    assert list(again.json()) == ["slug"]
    assert no_slug.status_code == 400
    assert "slug" in no_slug.json()
    assert Category.objects.count() == 1


def test_the_api_edits_through_the_rules_and_links_follow_a_new_slug(admin):
    painting = create_category(name="Painting")
    oil = create_category(name="Oil", parent=painting)
    create_category(name="Prints")
    assert oil.get_absolute_url().startswith("/shop/catalogue/category/painting/oil_")  # now cached
    api = api_as(admin)

    taken = api.patch(f"/api/v1/categories/{painting.pk}/", {"slug": "prints"}, format="json")
    renamed = api.patch(f"/api/v1/categories/{painting.pk}/", {"name": "Paintings", "slug": ""}, format="json")

    assert taken.status_code == 400
    assert "slug" in taken.json()
    assert renamed.status_code == 200
    assert renamed.json()["slug"] == "paintings"
    assert Category.objects.get(pk=oil.pk).get_absolute_url().startswith("/shop/catalogue/category/paintings/oil_")


def test_a_category_deleted_over_the_api_leaves_its_artworks_listed(admin, site_pages):
    from artists.tests.factories import make_artist

    sculpture = create_category(name="Sculpture")
    artwork = make_artwork(make_artist(username="ines"), title="Stone hare", category=sculpture)

    response = api_as(admin).delete(f"/api/v1/categories/{sculpture.pk}/")

    assert response.status_code == 204
    assert not Category.objects.exists()
    artwork = Product.objects.get(pk=artwork.pk)
    assert (artwork.is_live, artwork.main_category) == (True, None)


def test_a_category_name_must_say_something(db):
    with pytest.raises(ValidationError) as blank:
        create_category(name="   ")
    painting = create_category(name="Painting")
    with pytest.raises(ValidationError) as emptied:
        update_category(category=painting, name="")

    assert "name" in blank.value.message_dict
    assert "name" in emptied.value.message_dict
    assert Category.objects.get(pk=painting.pk).name == "Painting"
