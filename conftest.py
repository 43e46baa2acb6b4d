"""Fixtures every app's tests share: localstripe, the page tree, people, an order, demo data, a real Chromium.

Helpers that are plain functions (API clients with a JWT, racing threads) are in `artiqo/testing.py`.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
MYSQL_ENGINE = "django.db.backends.mysql"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    """Tests marked `mariadb` run only on MariaDB: elsewhere they are deselected, never skipped.

    Mostly the races whose row locks SQLite cannot prove (its IMMEDIATE transactions serialise
    every writer, so they pass there even with the locks removed), and MariaDB's own full-text
    search; `make test` runs them on MariaDB (`make test-concurrency`).
    """
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == MYSQL_ENGINE:
        return
    deselected = [item for item in items if item.get_closest_marker("mariadb")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("mariadb")]


class Localstripe:
    """The fake Stripe the suite talks to, and what tests ask it directly (as Stripe's dashboard would)."""

    def __init__(self, url: str):
        self.url = url

    def get(self, path: str, **params) -> dict:
        response = requests.get(f"{self.url}{path}", params=params, auth=("sk_test_artiqo_suite", ""), timeout=10)
        response.raise_for_status()
        return response.json()

    def forget_everything(self) -> None:
        """Order numbers restart with each test's database; so do Stripe's records."""
        requests.delete(f"{self.url}/_config/data", timeout=10).raise_for_status()

    def intents_for(self, order_number: str) -> list[dict]:
        intents = self.get("/v1/payment_intents", limit=100)["data"]
        return [intent for intent in intents if intent.get("metadata", {}).get("order") == order_number]

    def refunds_for(self, intent_id: str) -> list[dict]:
        return self.get("/v1/refunds", payment_intent=intent_id, limit=100)["data"]


@pytest.fixture(scope="session", autouse=True)
def localstripe(tmp_path_factory):
    """localstripe on a free loopback port for the whole run; the app's Stripe client is pointed at it."""
    from django.conf import settings

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    state = tmp_path_factory.mktemp("localstripe") / "store.pickle"
    script = Path(__file__).resolve().parent / "scripts" / "localstripe_server.py"
    # Its access log (a line per request) goes to a file: a pipe nobody reads fills after ~600 requests,
    # then the server blocks writing to it and every later Stripe call times out.
    server_log = state.with_name("server.log")
    with server_log.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, str(script), "--port", str(port), "--from-scratch", "--state-file", str(state)],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(f"{url}/v1/customers", auth=("sk_test_artiqo_suite", ""), timeout=1)
            break
        except requests.ConnectionError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"localstripe did not start: {server_log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
    previous, settings.STRIPE_API_BASE = settings.STRIPE_API_BASE, url
    yield Localstripe(url)
    settings.STRIPE_API_BASE = previous
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


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


@pytest.fixture(scope="session", autouse=True)
def queued_email(django_test_environment):
    """Mail goes through the task queue in tests too: Django's test set-up swaps EMAIL_BACKEND for locmem,
    so put the queued backend back; the test settings deliver to locmem, and mail.outbox fills as before."""
    from django.conf import settings

    settings.EMAIL_BACKEND = "artiqo.ops.mail.QueuedEmailBackend"


@pytest.fixture
def site_pages(db):
    """The home page and the artist directory, as `make run` would have them."""
    from artiqo.demo.loader import DemoLoader

    loader = DemoLoader()
    home = loader.home_page()
    return {"home": home, "artist_index": loader.artist_index(home)}


@pytest.fixture
def demo_marketplace(db):
    """The whole demo marketplace, with small pictures to keep the suite quick (and without its order history)."""
    from artiqo.demo.loader import DemoLoader

    return DemoLoader(image_width=240).run()


@pytest.fixture
def demo_history(transactional_db, demo_marketplace, localstripe):
    """The demo marketplace and its six months of orders, paid through localstripe, as `make run` has them.

    Transactional (several seconds): the history commits step by step, as it does in `make run`, so a
    cancelled order's refund, sent once the cancellation commits, happens at its moment.
    """
    from artiqo.demo.history import DemoHistory

    localstripe.forget_everything()  # payment ids restart with the database; so do Stripe's records
    yield DemoHistory().run()
    localstripe.forget_everything()  # its hundred intents are no later test's business


@pytest.fixture
def buyer(db):
    """Bea, a buyer with nothing yet."""
    from artiqo.users.tests.factories import UserFactory

    return UserFactory(username="bea")


@pytest.fixture
def admin(db):
    """Ada, staff: an admin to the API (role admin)."""
    from artiqo.users.tests.factories import UserFactory

    return UserFactory(username="ada", is_staff=True)


@pytest.fixture
def two_artist_order(site_pages):
    """Ben's order awaiting payment: Maya's original (£980) and two of Theo's prints (£120 each)."""
    from artiqo.users.tests.factories import UserFactory
    from artists.tests.factories import make_artist
    from shop.catalogue.tests.factories import make_artwork
    from shop.order.tests.factories import make_order

    maya, theo = make_artist(username="maya"), make_artist(username="theo")
    harbour = make_artwork(maya, title="Harbour Blue", price="980.00")
    grid = make_artwork(theo, title="Ancoats Grid", price="120.00", stock=5, is_original=False, edition_size=50)
    order = make_order(UserFactory(username="ben"), harbour, (grid, 2))
    return {"order": order, "maya": maya, "theo": theo, "harbour": harbour, "grid": grid}


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


class ObjectStore:
    """moto's S3 server for the run, and what tests ask it directly (as the bucket's console would)."""

    ACCESS_KEY, SECRET_KEY, REGION = "artiqo-suite", "artiqo-suite-secret", "eu-west-2"

    def __init__(self, endpoint_url: str):
        self.endpoint_url = endpoint_url

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=self.ACCESS_KEY,
            aws_secret_access_key=self.SECRET_KEY,
            region_name=self.REGION,
        )

    def keys(self, bucket: str) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=bucket)
        return sorted(entry["Key"] for entry in listing.get("Contents", []))


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3-compatible server on a free loopback port for the run; buckets are each test's own."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # A log file, not a pipe nobody reads: a full pipe would block the server mid-run.
    server_log = Path(tempfile.mkdtemp(prefix="moto-")) / "server.log"
    with server_log.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(f"{url}/moto-api/", timeout=1)
            break
        except requests.ConnectionError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"moto's S3 server did not start: {server_log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
    yield ObjectStore(url)
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


@pytest.fixture
def media_bucket(s3_server):
    """A fresh public-read bucket, and settings that keep media in it (as MEDIA_STORAGE=s3 does) for this test.

    Django's STORAGES override resets its storage registry and `default_storage`; sorl-thumbnail's own
    lazy storage, its memo of the storage behind each alias (lru_cache) and its per-process thumbnail
    cache are reset here, before and after, or later tests would get thumbnails from this bucket.
    """
    import json
    import uuid

    from django.conf import settings
    from django.core.cache import caches
    from django.test import override_settings
    from django.utils.functional import empty
    from sorl.thumbnail import default as sorl_default
    from sorl.thumbnail.images import get_or_create_storage

    from artiqo.settings.security_headers import content_security_policies
    from artiqo.settings.storage import S3_BACKEND, bucket_url, s3_options

    bucket = f"artiqo-media-{uuid.uuid4().hex[:12]}"
    client = s3_server.client()
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": s3_server.REGION})
    # Anyone may read the pictures, as a deployment's bucket policy says; only the app's key writes.
    public_read = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*",
    }
    client.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [public_read]}))
    options = s3_options(
        bucket=bucket,
        endpoint_url=s3_server.endpoint_url,
        access_key=s3_server.ACCESS_KEY,
        secret_key=s3_server.SECRET_KEY,
        region=s3_server.REGION,
    )
    media_url = bucket_url(options)
    site_policy, admin_policy = content_security_policies(settings.STATIC_URL, media_url)

    def forget_storage():
        sorl_default.storage._wrapped = empty
        get_or_create_storage.cache_clear()  # sorl keeps the storage behind each alias it has read
        caches["thumbnails"].clear()

    forget_storage()
    with override_settings(
        STORAGES={**settings.STORAGES, "default": {"BACKEND": S3_BACKEND, "OPTIONS": options}},
        MEDIA_URL=media_url,
        CONTENT_SECURITY_POLICY=site_policy,
        ADMIN_CONTENT_SECURITY_POLICY=admin_policy,
    ):
        yield {"name": bucket, "url": media_url}
    forget_storage()
    for key in s3_server.keys(bucket):
        client.delete_object(Bucket=bucket, Key=key)
    client.delete_bucket(Bucket=bucket)
