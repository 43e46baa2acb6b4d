"""Colour as data: the few named colours a buyer asks for, and which of them dominate a picture.

A buyer says "something blue", not "#2a5caa": the catalogue therefore speaks a small palette of
everyday colour names (`PALETTE`), and each artwork picture is summarised at upload as the names
that cover a real part of it (`dominant_colours()`), stored as `ArtworkColour` rows the catalogue
filters on. Pixels are named in HSV, which follows how people name colours far better than RGB
distance does: a washed-out colour is black, grey or white by its brightness whatever its hue;
brown is a dark orange; pink a light or soft red and magenta. The picture is shrunk before it is
read, so a 40-megapixel upload costs the same few milliseconds as a thumbnail.
"""

import colorsys
from collections import Counter
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError


@dataclass(frozen=True)
class PaletteColour:
    name: str  # what URLs, the API and the database say
    label: str  # what people read
    swatch: str  # the hex the site's swatch shows (static/css/colour-swatches.css)


PALETTE = {
    colour.name: colour
    for colour in (
        PaletteColour("red", "Red", "#d32f2f"),
        PaletteColour("orange", "Orange", "#f57c00"),
        PaletteColour("yellow", "Yellow", "#fbc02d"),
        PaletteColour("green", "Green", "#388e3c"),
        PaletteColour("teal", "Teal", "#00897b"),
        PaletteColour("blue", "Blue", "#1e63c6"),
        PaletteColour("purple", "Purple", "#7b1fa2"),
        PaletteColour("pink", "Pink", "#ec6fa8"),
        PaletteColour("brown", "Brown", "#795548"),
        PaletteColour("black", "Black", "#111111"),
        PaletteColour("white", "White", "#ffffff"),
        PaletteColour("grey", "Grey", "#9e9e9e"),
    )
}
COLOUR_CHOICES = [(colour.name, colour.label) for colour in PALETTE.values()]

MIN_SHARE = 0.12  # less than about an eighth of a picture is a detail, not its colour
MAX_COLOURS = 3
SAMPLE_SIZE = 64  # the picture is read at most 64×64: 4,096 pixels say its colours well enough

# Hue bands in degrees, [start, end): the first that holds the hue names it (red wraps round 0).
HUE_BANDS = (
    (15, 40, "orange"),
    (40, 70, "yellow"),
    (70, 160, "green"),
    (160, 190, "teal"),
    (190, 260, "blue"),
    (260, 290, "purple"),
    (290, 335, "magenta"),  # pink when light, purple when dark (below)
)


def colour_name(red: int, green: int, blue: int) -> str:
    """The palette name of one 8-bit RGB colour."""
    hue, saturation, value = colorsys.rgb_to_hsv(red / 255, green / 255, blue / 255)
    hue *= 360
    if value < 0.2:
        return "black"
    # Washed out: a neutral named by brightness (a faint tint in a dull or very pale colour too).
    if saturation < 0.15 or (saturation < 0.25 and value < 0.7) or (saturation < 0.2 and value >= 0.9):
        if value >= 0.85:
            return "white"
        return "black" if value < 0.3 else "grey"
    band = next((name for start, end, name in HUE_BANDS if start <= hue < end), "red")
    if band == "magenta":
        return "pink" if value >= 0.55 else "purple"
    if band in ("orange", "yellow") and value < 0.65:
        return "brown" if hue < 50 else "green"  # brown is dark orange; dark yellow reads olive green
    if band == "red":
        if saturation < 0.55 and value >= 0.65:
            return "pink"  # light or soft red
        if saturation < 0.6 and value < 0.6:
            return "brown"  # dull dark red: oxblood, umber
    return band


def dominant_colours(image_file) -> list[tuple[str, float]]:
    """The palette names covering at least MIN_SHARE of a picture, biggest first, at most MAX_COLOURS.

    `image_file` is a path or a file object Pillow can read. A file that is not a picture (or is
    damaged) has no colours rather than an error: colours are a convenience, never a reason to
    refuse an upload that the image pipeline has already accepted.
    """
    try:
        with Image.open(image_file) as picture:
            picture.draft("RGB", (SAMPLE_SIZE, SAMPLE_SIZE))  # JPEG: decode at a fraction of the size
            picture.thumbnail((SAMPLE_SIZE, SAMPLE_SIZE))
            sample = _on_white(picture)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return []
    return shares(sample)


def shares(sample: Image.Image) -> list[tuple[str, float]]:
    """Count a small RGB picture's pixels by palette name (each distinct colour named once)."""
    pixels = sample.width * sample.height
    counts = Counter()
    for count, rgb in sample.getcolors(maxcolors=pixels) or ():
        counts[colour_name(*rgb)] += count
    order = list(PALETTE)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], order.index(item[0])))
    found = [(name, round(count / pixels, 3)) for name, count in ranked]
    return [(name, share) for name, share in found if share >= MIN_SHARE][:MAX_COLOURS]


def _on_white(picture: Image.Image) -> Image.Image:
    """The picture as RGB; transparent parts count as the white page they are shown on."""
    if picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        page = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(page, rgba).convert("RGB")
    return picture.convert("RGB")
