"""Fixtures every app's tests share: the page tree, demo data, and a real Chromium."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: Wagtail caches site roots, which rollbacks would leave stale."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    cache.clear()
    # A transactional test's flush recreates content types under new ids on MariaDB; forget old ones.
    ContentType.objects.clear_cache()
    yield
    cache.clear()


@pytest.fixture
def site_pages(db):
    """The home page and the artist directory, as `make run` would have them."""
    from home.demo.loader import DemoLoader

    loader = DemoLoader()
    home = loader.home_page()
    return {"home": home, "artist_index": loader.artist_index(home)}


@pytest.fixture
def demo_marketplace(db):
    """The whole demo marketplace, with small pictures to keep the suite quick."""
    from home.demo.loader import DemoLoader

    return DemoLoader(image_width=240).run()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (Playwright's own browser download is not available here)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs it with apt.")
    # Playwright's sync API runs an event loop in this thread; the live server's ORM calls are
    # in other threads, but fixtures that touch the database here need this flag.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
