"""One gunicorn with production settings serves the whole site: hashed static files, pages and JSON logs.

gunicorn starts once for the module (from gunicorn.conf.py, one worker) on the test database, Redis
db 10 and a STATIC_ROOT that collectstatic fills as the release step does; the tests talk to it over
HTTP and read what it logged. Errors reach Sentry: a production process with SENTRY_DSN sends its
envelope to a local server that speaks Sentry's ingest protocol.
"""

import gzip
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from artiqo.ops.tests.services import database_url, emptied_redis, run_redis_url
from artiqo.ops.tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[3]
REDIS = run_redis_url(10)  # this module's own db: FLUSHDB here touches nobody else
ONE_YEAR = 365 * 24 * 60 * 60
HASHED_NAME = re.compile(r"/static/css/artiqo\.[0-9a-f]{12}\.css")

# Data committed for gunicorn to see; every test transactional too, so pytest-django keeps them
# together and gunicorn starts once.
pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class ProductionServer:
    url: str
    log: Path
    static_root: Path

    def log_lines(self) -> list[dict]:
        """Every line gunicorn and the app wrote so far; each must be JSON."""
        return [json.loads(line) for line in self.log.read_text().splitlines() if line.strip()]


@pytest.fixture(scope="module")
def shared_cache():
    """Redis db 10, emptied; production refuses any other cache."""
    yield from emptied_redis(REDIS)


def production_env(**changes) -> dict:
    """Production settings for a process of this module: loopback HTTP, Redis db 10, dummy keys.

    `changes` add or replace variables; None leaves one out.
    """
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TMPDIR") if name in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="artiqo.settings.production",
        DJANGO_SECRET_KEY="production-server-test-" + "k" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        CACHE_URL=REDIS,
        EMAIL_URL="consolemail://",
        STRIPE_SECRET_KEY="sk_test_production_server",
        STRIPE_PUBLISHABLE_KEY="pk_test_production_server",
        STRIPE_WEBHOOK_SECRET="whsec_production_server",
        SECURE_SSL_REDIRECT="false",
        ANONYMOUS_PAGE_CACHE_SECONDS="0",
    )
    env.update(changes)
    return {name: value for name, value in env.items() if value is not None}


@pytest.fixture(scope="module")
def production_server(django_db_setup, shared_cache, tmp_path_factory):
    from django.conf import settings

    folder = tmp_path_factory.mktemp("production-server")
    env = production_env(
        DATABASE_URL=database_url(),
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        SERVE_MEDIA="true",  # as `make serve` does: uploads from local disk
        SECURE_COOKIES="false",
        WEB_CONCURRENCY="1",
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, capture_output=True
    )
    assert collected.returncode == 0, collected.stderr.decode()[-3000:]
    url, log = f"http://127.0.0.1:{free_port()}", folder / "gunicorn.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--bind", url.removeprefix("http://")],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_serving(url, server, log)
        yield ProductionServer(url, log, folder / "static")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def wait_until_serving(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            requests.get(f"{url}/static/staticfiles.json", timeout=5)
            return
        except requests.ConnectionError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer within 90 s:\n{log.read_text()[-3000:]}")


def test_the_home_page_names_hashed_static_files_served_compressed_and_cached_for_a_year(
    production_server, site_pages, shared_cache
):
    shared_cache.flushdb()  # Wagtail caches the site's root pages, whose ids each test's flush changes

    home = requests.get(f"{production_server.url}/", timeout=30)

    assert home.status_code == 200
    stylesheet = HASHED_NAME.search(home.text)
    assert stylesheet, "the home page links the unhashed stylesheet: a changed file would stay cached a year"
    plain = requests.get(f"{production_server.url}{stylesheet.group()}", headers={"Accept-Encoding": ""}, timeout=10)
    gzipped = requests.get(f"{production_server.url}{stylesheet.group()}", headers={"Accept-Encoding": "gzip"})
    assert plain.status_code == 200 and "text/css" in plain.headers["Content-Type"]
    assert plain.text == (production_server.static_root / stylesheet.group().removeprefix("/static/")).read_text()
    assert "Content-Encoding" not in plain.headers
    assert gzipped.headers["Content-Encoding"] == "gzip" and gzipped.text == plain.text
    max_age = int(re.search(r"max-age=(\d+)", plain.headers["Cache-Control"]).group(1))
    assert max_age >= ONE_YEAR and "immutable" in plain.headers["Cache-Control"]


def test_with_serve_media_the_app_answers_uploads_from_local_disk(production_server, settings):
    picture = Path(settings.MEDIA_ROOT) / "serve-media-check" / "picture.jpg"
    picture.parent.mkdir(parents=True, exist_ok=True)
    picture.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")

    served = requests.get(f"{production_server.url}/media/serve-media-check/picture.jpg", timeout=30)
    escaping = requests.get(f"{production_server.url}/media/../manage.py", timeout=30)

    assert served.status_code == 200 and served.content == picture.read_bytes()
    assert served.headers["Content-Type"] == "image/jpeg"
    assert escaping.status_code == 404


def test_every_log_line_is_json_with_the_request_id_the_response_carries(production_server):
    missing = requests.get(f"{production_server.url}/no-such-artwork/", timeout=30)

    assert missing.status_code == 404
    request_id = missing.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    lines = wait_for_lines(production_server, request_id, count=2)
    assert all(
        {"time", "level", "logger", "message", "request_id"} <= line.keys() for line in production_server.log_lines()
    )
    app_line = next(line for line in lines if line["logger"] == "django.request")
    assert app_line["level"] == "WARNING" and "/no-such-artwork/" in app_line["message"]
    access_line = next(line for line in lines if line["logger"] == "gunicorn.access")
    assert access_line["status"] == "404" and access_line["path"] == "/no-such-artwork/"


def test_a_clients_request_id_is_kept_only_when_it_is_a_uuid(production_server):
    theirs = str(uuid.uuid4())

    kept = requests.get(f"{production_server.url}/no-such-artwork/", headers={"X-Request-ID": theirs}, timeout=30)
    replaced = requests.get(
        f"{production_server.url}/no-such-artwork/", headers={"X-Request-ID": 'x" injected=1'}, timeout=30
    )

    assert kept.headers["X-Request-ID"] == theirs
    assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["X-Request-ID"])
    assert wait_for_lines(production_server, theirs, count=2)


def wait_for_lines(server: ProductionServer, request_id: str, *, count: int) -> list[dict]:
    """The log lines of one request: the access line is written just after the response is sent."""
    deadline = time.monotonic() + 10
    while True:
        lines = [line for line in server.log_lines() if line.get("request_id") == request_id]
        if len(lines) >= count or time.monotonic() > deadline:
            return lines
        time.sleep(0.1)


class SentryIngest(BaseHTTPRequestHandler):
    """Sentry's envelope endpoint (POST /api/<project>/envelope/): keeps each envelope's items."""

    received: list[dict] = []

    def do_POST(self):  # noqa: N802 (http.server's hook name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        if re.fullmatch(r"/api/\d+/envelope/", self.path):
            # An envelope is a header line, then an item header line and a payload line per item.
            self.received.extend(json.loads(line) for line in body.splitlines()[2::2])
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_ingest():
    SentryIngest.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), SentryIngest)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], SentryIngest.received
    server.shutdown()
    server.server_close()


SERVE_ONE_REQUEST = """
from wsgiref.util import setup_testing_defaults
from artiqo.wsgi import application
environ = {"HTTP_HOST": "127.0.0.1"}
setup_testing_defaults(environ)
answer = []
b"".join(application(environ, lambda status, headers, exc_info=None: answer.append((status, dict(headers)))))
print(answer[0][0], answer[0][1]["X-Request-ID"])
"""


def test_an_error_in_production_reaches_sentry_with_its_type_and_request_id(sentry_ingest, production_server, tmp_path):
    """The release step never migrated this database: the home page fails, and Sentry hears of it."""
    port, received = sentry_ingest
    env = production_env(
        DJANGO_SETTINGS_MODULE=None,  # wsgi.py's own default
        DATABASE_URL=f"sqlite:///{tmp_path / 'never-migrated.sqlite3'}",
        STATIC_ROOT=str(production_server.static_root),  # the error page names hashed static files
        SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/42",
        SENTRY_RELEASE="artiqo@test",
    )

    served = subprocess.run(
        [sys.executable, "-c", SERVE_ONE_REQUEST], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert served.stdout.startswith("500 "), served.stderr[-3000:]
    request_id = served.stdout.split()[-1]
    events = [item for item in received if "exception" in item]
    assert len(events) == 1, received
    exception = events[0]["exception"]["values"][-1]
    assert exception["type"] == "OperationalError" and "no such table" in exception["value"]
    assert events[0]["release"] == "artiqo@test" and events[0]["environment"] == "production"
    assert events[0]["tags"]["request_id"] == request_id
    assert "user" not in events[0] or not events[0]["user"].get("ip_address")  # send_default_pii=False
