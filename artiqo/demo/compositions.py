"""Abstract compositions drawn with Pillow, so the demo shop has real, distinct pictures.

Each composition is deterministic for its seed: the demo data loads the same gallery every time.
"""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

PALETTES = {
    "harbour": ["#0b3954", "#087e8b", "#bfd7ea", "#ff5a5f", "#c81d25"],
    "ochre": ["#3d2b1f", "#a0522d", "#d2a24c", "#f2e3bc", "#5b7553"],
    "dusk": ["#2d1e2f", "#5c3c92", "#e8a0bf", "#f7d6bf", "#ef8354"],
    "moss": ["#1b2d2a", "#3c6e47", "#a3b18a", "#dad7cd", "#e9c46a"],
    "ink": ["#111111", "#2f3e46", "#84a98c", "#cad2c5", "#f4f1de"],
    "citrus": ["#264653", "#2a9d8f", "#e9c46a", "#f4a261", "#e76f51"],
    "clay": ["#582f0e", "#7f4f24", "#b08968", "#e6ccb2", "#ede0d4"],
    "tide": ["#03045e", "#0077b6", "#00b4d8", "#90e0ef", "#caf0f8"],
}


def _rgb(hex_colour: str, alpha: int = 255) -> tuple[int, int, int, int]:
    hex_colour = hex_colour.lstrip("#")
    return (int(hex_colour[0:2], 16), int(hex_colour[2:4], 16), int(hex_colour[4:6], 16), alpha)


def _canvas(size, colour):
    return Image.new("RGBA", size, _rgb(colour))


def colour_field(rng, size, palette):
    """Stacked soft-edged rectangles, in the manner of a colour-field painting."""
    img = _canvas(size, palette[0])
    w, h = size
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    bands = rng.randint(2, 3)
    top = int(h * 0.08)
    for i in range(bands):
        band_h = int((h * 0.84 - top * (bands - 1) * 0.3) / bands)
        y0 = top + i * (band_h + int(h * 0.04))
        draw.rectangle([int(w * 0.1), y0, int(w * 0.9), y0 + band_h], fill=_rgb(palette[1 + i], 230))
    img.alpha_composite(layer.filter(ImageFilter.GaussianBlur(rng.randint(6, 14))))
    return img


def circles(rng, size, palette):
    """Overlapping translucent circles and a few crossing lines."""
    img = _canvas(size, palette[-1])
    draw = ImageDraw.Draw(img, "RGBA")
    w, h = size
    for _ in range(rng.randint(7, 14)):
        r = rng.randint(int(min(w, h) * 0.05), int(min(w, h) * 0.3))
        x, y = rng.randint(0, w), rng.randint(0, h)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=_rgb(rng.choice(palette[:-1]), rng.randint(110, 220)))
    for _ in range(rng.randint(2, 5)):
        draw.line(
            [(rng.randint(0, w), rng.randint(0, h)), (rng.randint(0, w), rng.randint(0, h))],
            fill=_rgb(palette[0], 255),
            width=rng.randint(3, 10),
        )
    return img


def stripes(rng, size, palette):
    """Diagonal bands of varying width."""
    w, h = size
    img = _canvas(size, palette[0])
    draw = ImageDraw.Draw(img, "RGBA")
    angle = rng.choice([-1, 1]) * rng.uniform(0.3, 1.2)
    x = -h
    while x < w + h:
        band = rng.randint(20, 140)
        colour = _rgb(rng.choice(palette), 255)
        dx = int(h * math.tan(angle))
        draw.polygon([(x, 0), (x + band, 0), (x + band + dx, h), (x + dx, h)], fill=colour)
        x += band
    return img


def mosaic(rng, size, palette):
    """A grid of tiles, each a slight variation of the palette."""
    w, h = size
    img = _canvas(size, palette[-1])
    draw = ImageDraw.Draw(img, "RGBA")
    cols = rng.randint(6, 14)
    cell = w // cols
    rows = h // cell + 1
    for row in range(rows):
        for col in range(cols):
            r, g, b, _ = _rgb(rng.choice(palette))
            jitter = rng.randint(-25, 25)
            colour = tuple(max(0, min(255, c + jitter)) for c in (r, g, b))
            inset = max(1, int(cell * rng.uniform(0.02, 0.08)))
            x0, y0 = col * cell + inset, row * cell + inset
            if rng.random() < 0.3:
                draw.ellipse([x0, y0, x0 + cell - 2 * inset, y0 + cell - 2 * inset], fill=colour)
            else:
                draw.rectangle([x0, y0, x0 + cell - 2 * inset, y0 + cell - 2 * inset], fill=colour)
    return img


def waves(rng, size, palette):
    """Layered sine waves filling down from the top, like hills or tides."""
    w, h = size
    img = _canvas(size, palette[-1])
    draw = ImageDraw.Draw(img, "RGBA")
    layers = rng.randint(4, 7)
    for i in range(layers):
        base = h * (0.25 + 0.7 * i / layers)
        amp = rng.uniform(0.02, 0.08) * h
        freq = rng.uniform(1.0, 3.5) * 2 * math.pi / w
        phase = rng.uniform(0, 2 * math.pi)
        points = [(x, base + amp * math.sin(freq * x + phase)) for x in range(0, w + 10, 10)]
        draw.polygon([*points, (w, h), (0, h)], fill=_rgb(palette[i % (len(palette) - 1)], 235))
    sun = rng.randint(int(w * 0.05), int(w * 0.12))
    sx, sy = rng.randint(sun, w - sun), rng.randint(sun, int(h * 0.3))
    draw.ellipse([sx - sun, sy - sun, sx + sun, sy + sun], fill=_rgb(palette[-2], 230))
    return img


def strokes(rng, size, palette):
    """Thick gestural brush strokes built from chains of overlapping dabs."""
    w, h = size
    img = _canvas(size, palette[-1])
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer, "RGBA")
    for _ in range(rng.randint(10, 22)):
        colour = _rgb(rng.choice(palette[:-1]), rng.randint(150, 240))
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        heading = rng.uniform(0, 2 * math.pi)
        radius = rng.uniform(8, 30)
        for _ in range(rng.randint(30, 90)):
            heading += rng.uniform(-0.25, 0.25)
            x += math.cos(heading) * radius * 0.5
            y += math.sin(heading) * radius * 0.5
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=colour)
    img.alpha_composite(layer.filter(ImageFilter.GaussianBlur(1.5)))
    return img


def vessel(rng, size, palette):
    """A single turned pot in silhouette on a plain ground: the demo's ceramics and sculpture."""
    w, h = size
    img = _canvas(size, palette[-1])
    draw = ImageDraw.Draw(img, "RGBA")
    cx, base_y = w // 2, int(h * 0.85)
    height = rng.uniform(0.45, 0.65) * h
    belly = rng.uniform(0.18, 0.3) * w
    neck = rng.uniform(0.06, 0.14) * w
    shoulder = rng.uniform(0.6, 1.4)
    left, right = [], []
    for step in range(41):
        t = step / 40
        radius = neck + (belly - neck) * math.sin(math.pi * (1 - t) ** shoulder)
        y = base_y - t * height
        left.append((cx - radius, y))
        right.append((cx + radius, y))
    draw.ellipse([cx - belly * 1.1, base_y - 12, cx + belly * 1.1, base_y + 18], fill=(0, 0, 0, 50))
    draw.polygon(left + right[::-1], fill=_rgb(palette[1]))
    for band in range(rng.randint(2, 4)):
        y = base_y - height * rng.uniform(0.15, 0.85)
        draw.line(
            [(cx - belly, y), (cx + belly, y)],
            fill=_rgb(palette[2 + band % 2], 200),
            width=rng.randint(4, 12),
        )
    return img


STYLES = {
    "colour_field": colour_field,
    "circles": circles,
    "stripes": stripes,
    "mosaic": mosaic,
    "waves": waves,
    "strokes": strokes,
    "vessel": vessel,
}


def render(*, seed: int, style: str, palette: str, portrait: bool = False, width: int = 1200) -> bytes:
    """Draw one composition and return it as JPEG bytes."""
    rng = random.Random(seed)
    height = int(width * 0.75)
    size = (height, width) if portrait else (width, height)
    image = STYLES[style](rng, size, PALETTES[palette]).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()
