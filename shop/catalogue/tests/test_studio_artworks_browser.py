"""In Chromium: an artist lists an artwork in the studio, adds pictures, and orders them."""

import io

import pytest
from oscar.core.loading import get_model
from PIL import Image
from playwright.sync_api import expect

from artiqo.users.tests.factories import PASSWORD
from artists.tests.factories import make_artist

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def jpeg(colour) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), colour).save(out, "JPEG")
    return out.getvalue()


def test_maya_lists_an_artwork_with_pictures_from_the_studio(live_server, page, site_pages):
    make_artist(username="maya", display_name="Maya Lindqvist")
    Category.add_root(name="Painting", slug="painting")
    base = live_server.url

    page.goto(base + "/cms/login/")
    page.locator("#id_username").fill("maya")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(base + "/cms/")

    page.get_by_role("link", name="Artworks").first.click()
    page.get_by_role("link", name="Add artwork").first.click()
    page.get_by_label("Title").fill("Harbour at dusk")
    page.get_by_label("Category").select_option(label="Painting")
    page.get_by_label("Medium").fill("Oil on linen")
    page.get_by_label("Price").fill("350")
    page.get_by_role("button", name="Add artwork").click()
    page.wait_for_url("**/cms/artworks/*/#pictures")
    expect(page.get_by_text("“Harbour at dusk” is listed.")).to_be_visible()

    page.set_input_files(
        "#id_images",
        files=[
            {"name": "wide.jpg", "mimeType": "image/jpeg", "buffer": jpeg((200, 40, 40))},
            {"name": "detail.jpg", "mimeType": "image/jpeg", "buffer": jpeg((40, 40, 200))},
        ],
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("2 pictures added")).to_be_visible()
    artwork = Product.objects.get(title="Harbour at dusk")
    first, second = artwork.images.order_by("display_order").values_list("pk", flat=True)

    with page.expect_navigation():
        page.get_by_role("button", name="Move picture 2 earlier").click()
    assert list(artwork.images.order_by("display_order").values_list("pk", flat=True)) == [second, first]

    page.get_by_role("link", name="Artworks").first.click()
    page.wait_for_url(base + "/cms/artworks/")
    row = page.locator("tr", has_text="Harbour at dusk")
    row.wait_for()
    assert row.locator("img").count() == 1
    assert "£350.00" in row.inner_text()
    assert "Harbour at dusk" in Product.objects.live().values_list("title", flat=True)
