"""Looking at pages in browser tests: screenshots at a phone's and a desktop's width, kept when
JOURNEY_SCREENSHOTS names a folder, and how far a page scrolls sideways."""

import os
from pathlib import Path

WIDTHS = (360, 1440)


def sideways(tab) -> int:
    """Return how far the page scrolls sideways, in CSS pixels."""
    return tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def shots_folder(tmp_path) -> Path:
    """Return where screenshots go: JOURNEY_SCREENSHOTS to keep them for a look, else the test's
    temporary folder."""
    return Path(os.environ.get("JOURNEY_SCREENSHOTS", "") or tmp_path)


def shoot(page, name: str, tmp_path, *, widths=WIDTHS, fits: bool = True) -> None:
    """Screenshot the whole page at each of `widths`; with `fits`, nothing may scroll sideways."""
    folder = shots_folder(tmp_path)
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        target = folder / f"{name}-{width}.png"
        page.screenshot(path=target, full_page=True)
        assert target.stat().st_size > 5_000
        if fits:
            assert sideways(page) <= 0, f"{name} scrolls sideways at {width} px"
