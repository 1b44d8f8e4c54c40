"""Draw the demo's lead image at load time: ridges of a mountain range at dusk (no downloads)."""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1600, 900


def lead_image_jpeg(seed: int = 20180420) -> bytes:
    """Return a 1600×900 JPEG of layered mountain ridges under an evening sky."""
    rng = random.Random(seed)
    sky = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(sky)
    top, bottom = (46, 58, 89), (236, 170, 110)
    for y in range(HEIGHT):
        t = y / HEIGHT
        colour = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (WIDTH, y)], fill=colour)
    draw.ellipse((1080, 330, 1240, 490), fill=(255, 214, 150))
    sky = sky.filter(ImageFilter.GaussianBlur(2))
    draw = ImageDraw.Draw(sky)
    ridges = [(520, (120, 92, 84), 90), (600, (92, 70, 66), 110), (690, (64, 50, 50), 80),
              (780, (40, 32, 34), 60)]
    for base, colour, amplitude in ridges:
        phase = rng.uniform(0, math.tau)
        points = [(0, HEIGHT)]
        for x in range(0, WIDTH + 20, 20):
            y = base - amplitude * (0.6 * math.sin(x / 170 + phase) + 0.4 * math.sin(x / 61 + 2 * phase))
            points.append((x, y + rng.uniform(-8, 8)))
        points.append((WIDTH, HEIGHT))
        draw.polygon(points, fill=colour)
    out = io.BytesIO()
    sky.save(out, format="JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()
