"""Colour as data: how pixels are named, which colours dominate a picture, and how pictures get indexed."""

import colorsys
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from oscar.core.loading import get_class, get_model
from PIL import Image

from shop.catalogue.colours import MAX_COLOURS, MIN_SHARE, PALETTE, colour_name, dominant_colours
from shop.catalogue.tests.factories import make_artwork

ArtworkColour = get_model("catalogue", "ArtworkColour")
ProductImage = get_model("catalogue", "ProductImage")
add_artwork_image = get_class("catalogue.services", "add_artwork_image")
delete_artwork_image = get_class("catalogue.services", "delete_artwork_image")

BLUE, RED, WHITE = (30, 80, 200), (200, 30, 30), (255, 255, 255)


def picture(size=(40, 30), colour=BLUE, *, mode="RGB", draw=None, fmt="PNG") -> io.BytesIO:
    """A generated picture as an in-memory file: one colour, or whatever `draw(image)` paints."""
    image = Image.new(mode, size, colour)
    if draw is not None:
        draw(image)
    out = io.BytesIO()
    image.save(out, fmt)
    out.seek(0)
    return out


def left_half(colour):
    def paint(image):
        image.paste(colour, (0, 0, image.width // 2, image.height))

    return paint


# How people name colours: one row per rule of the mapping (washed out → by brightness; hue bands;
# brown = dark orange; pink = light or soft red and magenta).
NAMED = [
    ((0, 0, 255), "blue"),
    ((30, 144, 255), "blue"),  # dodger blue
    ((0, 0, 128), "blue"),  # navy
    ((255, 0, 0), "red"),
    ((220, 20, 60), "red"),  # crimson
    ((128, 0, 0), "red"),  # maroon: dark but saturated
    ((255, 165, 0), "orange"),
    ((255, 215, 0), "yellow"),
    ((255, 255, 0), "yellow"),
    ((0, 128, 0), "green"),
    ((34, 139, 34), "green"),
    ((128, 128, 0), "green"),  # olive: dark yellow
    ((0, 128, 128), "teal"),
    ((64, 224, 208), "teal"),  # turquoise
    ((128, 0, 128), "purple"),
    ((75, 0, 130), "purple"),  # indigo
    ((255, 192, 203), "pink"),  # light red
    ((250, 128, 114), "pink"),  # salmon: soft red
    ((255, 0, 255), "pink"),  # magenta
    ((139, 69, 19), "brown"),  # saddle brown: dark orange
    ((160, 82, 45), "brown"),  # sienna
    ((0, 0, 0), "black"),
    ((20, 20, 40), "black"),  # very dark blue reads black
    ((255, 255, 255), "white"),
    ((245, 245, 220), "white"),  # beige: a faint tint reads white
    ((128, 128, 128), "grey"),
    ((112, 128, 144), "grey"),  # slate grey: faintly blue, still grey
    ((200, 200, 200), "grey"),
]


@pytest.mark.parametrize(("rgb", "name"), NAMED)
def test_each_pixel_is_named_as_people_name_colours(rgb, name):
    assert colour_name(*rgb) == name


def test_the_palette_has_the_twelve_colours_buyers_ask_for_each_with_a_swatch_and_label():
    assert list(PALETTE) == [
        *("red", "orange", "yellow", "green", "teal", "blue", "purple", "pink", "brown", "black", "white", "grey")
    ]
    for colour in PALETTE.values():
        assert re.fullmatch(r"#[0-9a-f]{6}", colour.swatch) and colour.label
        assert colour_name(*bytes.fromhex(colour.swatch[1:])) == colour.name, "a swatch shows its own colour"


def test_the_site_swatches_show_the_palette_hexes():
    css = (Path(settings.BASE_DIR) / "static/css/colour-swatches.css").read_text()
    for colour in PALETTE.values():
        assert f".swatch__chip--{colour.name} {{ background: {colour.swatch}; }}" in css


def test_an_all_blue_picture_is_blue_and_an_all_red_one_red():
    assert dominant_colours(picture(colour=BLUE)) == [("blue", 1.0)]
    assert dominant_colours(picture(colour=RED, fmt="JPEG")) == [("red", 1.0)]


def test_half_blue_half_white_gives_both_with_their_shares():
    assert dominant_colours(picture((40, 40), WHITE, draw=left_half(BLUE))) == [("blue", 0.5), ("white", 0.5)]


def test_a_grey_picture_is_grey():
    assert dominant_colours(picture(colour=(120, 120, 120))) == [("grey", 1.0)]
    assert dominant_colours(picture(colour=120, mode="L")) == [("grey", 1.0)]


def test_a_rainbow_gradient_gives_at_most_three_big_enough_colours_biggest_first_every_time():
    def rainbow(image):
        for x in range(image.width):
            rgb = colorsys.hsv_to_rgb(x / image.width, 1, 1)
            image.paste(tuple(round(255 * c) for c in rgb), (x, 0, x + 1, image.height))

    def rainbow_picture():
        return picture((300, 20), draw=rainbow)

    found = dominant_colours(rainbow_picture())

    assert 1 <= len(found) <= MAX_COLOURS
    assert all(share >= MIN_SHARE for _, share in found)
    assert [share for _, share in found] == sorted((share for _, share in found), reverse=True)
    assert {name for name, _ in found} <= {"green", "blue", "red", "yellow", "purple", "pink", "teal", "orange"}
    assert dominant_colours(rainbow_picture()) == found  # deterministic


def test_a_blue_to_white_gradient_is_blue_and_white():
    def fade(image):
        for x in range(image.width):
            t = x / (image.width - 1)
            image.paste(tuple(round(c + (255 - c) * t) for c in BLUE), (x, 0, x + 1, image.height))

    names = [name for name, _ in dominant_colours(picture((200, 10), draw=fade))]

    assert "blue" in names and "white" in names or names[0] == "blue"


def test_small_details_under_an_eighth_are_left_out():
    def corner(image):
        image.paste(RED, (0, 0, 10, 10))  # 100 of 1,600 pixels

    assert dominant_colours(picture((40, 40), BLUE, draw=corner)) == [("blue", 0.938)]


def test_transparent_parts_count_as_white_not_black():
    found = dominant_colours(picture((40, 40), (0, 0, 0, 0), mode="RGBA", draw=left_half((30, 80, 200, 255))))
    assert found == [("blue", 0.5), ("white", 0.5)]


def test_a_tiny_one_pixel_picture_and_a_huge_one_are_read_without_trouble():
    assert dominant_colours(picture((1, 1), RED)) == [("red", 1.0)]
    huge = picture((8000, 6000), WHITE, draw=left_half(BLUE))  # 48 Mpx: shrunk before it is read
    assert dominant_colours(huge) == [("blue", 0.5), ("white", 0.5)]


def test_what_is_not_a_picture_has_no_colours():
    assert dominant_colours(io.BytesIO(b"<script>alert(1)</script>")) == []
    assert dominant_colours(io.BytesIO(picture().getvalue()[:60])) == []  # truncated


# --- the image pipeline ------------------------------------------------------------------------


@pytest.fixture
def artwork(maya, category):
    return make_artwork(maya, title="Blue Hour", category=category)


def colours_of(artwork) -> list[tuple[str, Decimal]]:
    return list(ArtworkColour.objects.filter(artwork=artwork).order_by("-share", "name").values_list("name", "share"))


def test_an_uploaded_all_blue_picture_is_indexed_as_blue(artwork):
    image = add_artwork_image(artwork=artwork, image=ContentFile(picture(colour=BLUE).getvalue(), name="blue.png"))

    assert colours_of(artwork) == [("blue", Decimal("1.000"))]
    assert ArtworkColour.objects.get(artwork=artwork).image == image


def test_each_picture_of_an_artwork_has_its_own_colours_and_they_go_with_it(artwork):
    blue = add_artwork_image(artwork=artwork, image=ContentFile(picture(colour=BLUE).getvalue(), name="b.png"))
    half = picture((40, 40), WHITE, draw=left_half(RED), fmt="JPEG")
    add_artwork_image(artwork=artwork, image=ContentFile(half.getvalue(), name="r.jpg"))

    assert sorted(name for name, _ in colours_of(artwork)) == ["blue", "red", "white"]

    delete_artwork_image(image=blue)

    assert sorted(name for name, _ in colours_of(artwork)) == ["red", "white"]
    artwork.delete()
    assert not ArtworkColour.objects.exists()


def test_the_backfill_indexes_old_pictures_once_skips_missing_files_and_can_run_again(artwork, capsys):
    blue = add_artwork_image(artwork=artwork, image=ContentFile(picture(colour=BLUE).getvalue(), name="b.png"))
    red = add_artwork_image(artwork=artwork, image=ContentFile(picture(colour=RED).getvalue(), name="r.png"))
    gone = add_artwork_image(artwork=artwork, image=ContentFile(picture(colour=RED).getvalue(), name="g.png"))
    ArtworkColour.objects.all().delete()  # as before colours were indexed
    gone.original.storage.delete(gone.original.name)

    call_command("backfill_artwork_colours", batch_size=1)

    first = capsys.readouterr().out
    assert "Indexed 2 picture(s): 2 colour row(s)" in first and "skipped 1 with a missing file" in first
    rows = sorted(ArtworkColour.objects.values_list("image_id", "name", "share"))
    assert rows == [(blue.pk, "blue", Decimal("1.000")), (red.pk, "red", Decimal("1.000"))]

    call_command("backfill_artwork_colours")
    assert "Indexed 0 picture(s)" in capsys.readouterr().out
    call_command("backfill_artwork_colours", all=True)
    assert "Indexed 2 picture(s): 2 colour row(s)" in capsys.readouterr().out
    assert sorted(ArtworkColour.objects.values_list("image_id", "name", "share")) == rows
