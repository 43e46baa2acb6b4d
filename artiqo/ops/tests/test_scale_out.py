"""Several app processes, one state: two gunicorn instances and a worker on one MariaDB and one Redis.

The README's claim that app processes are stateless, proved with the real processes the Procfile
runs: instances A and B (production settings, two sync workers each, so "another process" is also
the next worker of the same instance) serve the test database and share Redis db 13, with a
`db_worker` and a real SMTP server beside them. A buyer's session, cart and checkout move between
A and B; the login lockout and the API throttle count across both; an email enqueued by A is sent
once by the worker; twenty buyers on A and B racing for one original make exactly one order.

One test function in clearly named steps: the processes start once for the module (they take
seconds), and a transactional test's database flush would wipe the data between test functions.
Marked `mariadb`: only MariaDB's row locks prove the race, and several processes on SQLite would
only prove that it serialises writers (`make test-concurrency`, CI's MariaDB run).
"""

import os
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from django.urls import reverse
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from oscar.core.loading import get_model

from artiqo.ops.tests.services import database_url, emptied_redis, run_redis_url
from artiqo.ops.tests.smtp import free_port, smtp_server
from artiqo.testing import all_at_once
from artiqo.users.api.tokens import issue_tokens
from artiqo.users.tests.factories import PASSWORD, UserFactory
from artists.tests.factories import make_artist
from shop.catalogue.tests.factories import make_artwork
from shop.order.tests.factories import basket_with, shipping_country

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

pytestmark = [pytest.mark.mariadb, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[3]
SHARED_REDIS = run_redis_url(13)  # this test's own db: FLUSHDB here touches nobody else
AXES_FAILURE_LIMIT = 4
THROTTLE_AUTH_LIMIT = 6
RACERS = 20
START_TIMEOUT = 90
ADDRESS = {"first_name": "Bea", "last_name": "Hart", "line1": "2 Mill Rd", "line4": "Leeds", "postcode": "LS1 4AP"}


@dataclass
class AppInstances:
    a: str
    b: str
    mailbox: object  # artiqo.ops.tests.smtp.Mailbox
    logs: Path

    def on(self, index: int) -> str:
        """A for even numbers, B for odd ones: requests alternate between the instances."""
        return (self.a, self.b)[index % 2]


def procfile_command(name: str) -> list[str]:
    """The command the Procfile gives a process type: the test runs what production runs."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return shlex.split(line.split(":", 1)[1])
    raise AssertionError(f"no `{name}:` line in the Procfile")


def production_env(*, mail_port: int, stripe_url: str, static_root: Path, cache_url: str) -> dict:
    """Production settings on the test database and the shared Redis; plain HTTP, loopback only."""
    from django.conf import settings

    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST_"))}
    for inherited in ("CACHE_URL", "REDIS_URL", "EMAIL_URL", "DATABASE_URL", "TEST_SQLITE_NAME"):
        env.pop(inherited, None)
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",  # the Procfile's `python`, `gunicorn`
        DJANGO_SETTINGS_MODULE="artiqo.settings.production",
        DJANGO_SECRET_KEY=settings.SECRET_KEY,  # the tokens this process issues must be valid there
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url(),
        CACHE_URL=cache_url,
        EMAIL_URL=f"smtp://127.0.0.1:{mail_port}",
        STRIPE_API_BASE=stripe_url,
        STRIPE_SECRET_KEY="sk_test_artiqo_scale_out",
        STRIPE_PUBLISHABLE_KEY="pk_test_artiqo_scale_out",
        STRIPE_WEBHOOK_SECRET=settings.STRIPE_WEBHOOK_SECRET,
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        WEB_CONCURRENCY="2",
        AXES_FAILURE_LIMIT=str(AXES_FAILURE_LIMIT),
        THROTTLE_AUTH=f"{THROTTLE_AUTH_LIMIT}/minute",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture(scope="module")
def shared_redis():
    """The Redis both instances share (db 13), started when down, emptied before and after."""
    yield from emptied_redis(SHARED_REDIS)


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("ab") as output:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:] if log.exists() else "(no output)"


def wait_until_serving(url: str, process: subprocess.Popen, log: Path) -> None:
    """The API root answers (it touches no page tree, so nothing is cached before the data exists)."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{url} exited with {process.returncode}:\n{tail(log)}")
        try:
            if requests.get(f"{url}/api/v1/", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    pytest.fail(f"{url} did not answer within {START_TIMEOUT} s:\n{tail(log)}")


@pytest.fixture(scope="module")
def app_instances(django_db_setup, django_db_blocker, localstripe, shared_redis, tmp_path_factory):
    """gunicorn A and B and one db_worker, each started from its Procfile line, for the whole module."""
    logs = tmp_path_factory.mktemp("scale-out")
    with smtp_server() as (mail_port, mailbox):
        env = production_env(
            mail_port=mail_port, stripe_url=localstripe.url, static_root=logs / "static", cache_url=SHARED_REDIS
        )
        # Templates name static files through WhiteNoise's manifest, which the release step writes.
        collect = subprocess.run(
            ["python", "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, capture_output=True
        )
        assert collect.returncode == 0, collect.stdout.decode() + collect.stderr.decode()
        ports = {"a": free_port(), "b": free_port()}
        processes = {
            name: start([*procfile_command("web"), "--bind", f"127.0.0.1:{port}"], env, logs / f"gunicorn-{name}.log")
            for name, port in ports.items()
        }
        processes["worker"] = start(procfile_command("worker"), env, logs / "worker.log")
        try:
            for name, port in ports.items():
                wait_until_serving(f"http://127.0.0.1:{port}", processes[name], logs / f"gunicorn-{name}.log")
            yield AppInstances(f"http://127.0.0.1:{ports['a']}", f"http://127.0.0.1:{ports['b']}", mailbox, logs)
        finally:
            for process in processes.values():
                stop(process)


# --- the steps ---------------------------------------------------------------------------------


def with_production_password(user):
    """Production hashes with PBKDF2; the test settings' fast MD5 hashes would not let anyone log in there."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    return user


def form_post(session: requests.Session, url: str, data: dict) -> requests.Response:
    """POST a site form the way a browser does: with the CSRF cookie's token, not following redirects."""
    return session.post(url, data={**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]}, allow_redirects=False)


def log_in_on_the_site(session: requests.Session, instance: str, username: str, password: str) -> requests.Response:
    if "csrftoken" not in session.cookies:
        assert session.get(f"{instance}/shop/accounts/login/").status_code == 200
    form = {"login-username": username, "login-password": password, "login-redirect_url": "", "login_submit": "1"}
    return form_post(session, f"{instance}/shop/accounts/login/", form)


def a_buyer_logged_in_on_a_is_logged_in_on_b(apps: AppInstances, bea) -> requests.Session:
    browser = requests.Session()

    assert log_in_on_the_site(browser, apps.a, "bea", PASSWORD).status_code == 302
    profile = browser.get(f"{apps.b}/shop/accounts/profile/", allow_redirects=False)

    assert profile.status_code == 200, "B sent Bea to the login page: it does not know A's session"
    assert bea.email in profile.text
    return browser


def a_cart_filled_on_a_checks_out_on_b(apps: AppInstances, browser: requests.Session, bea, print_run) -> str:
    added = form_post(browser, f"{apps.a}/shop/basket/add/{print_run.pk}/", {"quantity": 2})
    assert added.status_code == 302

    address = form_post(browser, apps.b + reverse("checkout:shipping-address"), {**ADDRESS, "country": "GB"})
    assert address.status_code == 302 and address.headers["Location"] == reverse("checkout:shipping-method")
    method = form_post(browser, apps.a + reverse("checkout:shipping-method"), {"method_code": "delivery"})
    assert method.status_code == 302
    placed = form_post(browser, apps.b + reverse("checkout:preview"), {"action": "place_order"})

    order = Order.objects.get(user=bea)
    assert placed.status_code == 302
    assert placed.headers["Location"] == reverse("payments:pay", kwargs={"number": order.number})
    assert list(order.lines.values_list("title", "quantity")) == [("Ancoats Grid", 2)]
    assert order.shipping_address.line1 == ADDRESS["line1"], "the address given on B, the basket filled on A"
    return order.number


def an_email_enqueued_by_a_is_sent_once_by_the_worker(apps: AppInstances, bea, order_number: str) -> None:
    cancelled = requests.post(
        f"{apps.a}/api/v1/orders/{order_number}/cancel/",
        headers={"Authorization": f"Bearer {issue_tokens(bea)['access']}"},
        timeout=30,
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "Cancelled", cancelled.text

    deadline = time.monotonic() + 30
    while not apps.mailbox.to(bea.email) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(2.5)  # two more polls of the worker: a second delivery would show now
    [delivered] = apps.mailbox.to(bea.email) or [None]
    assert delivered is not None, (
        f"no email reached the SMTP server; the worker said:\n{tail(apps.logs / 'worker.log')}"
    )
    assert order_number in delivered.message["Subject"]
    assert len(apps.mailbox.received) == 1, [item.message["Subject"] for item in apps.mailbox.received]
    tasks = [(task.task_path, task.status, bool(task.worker_ids)) for task in DBTaskResult.objects.all()]
    assert tasks and all(task[1:] == (TaskResultStatus.SUCCESSFUL, True) for task in tasks), tasks


def the_login_lockout_counts_failures_on_both(apps: AppInstances) -> None:
    with_production_password(UserFactory(username="clara"))
    attacker = requests.Session()
    for attempt in range(AXES_FAILURE_LIMIT - 1):  # A, B, A: neither alone reaches the limit...
        wrong = log_in_on_the_site(attacker, apps.on(attempt), "clara", "not-her-password")
        assert wrong.status_code == 200 and "Please enter a correct" in wrong.text, wrong.status_code
    log_in_on_the_site(attacker, apps.on(AXES_FAILURE_LIMIT - 1), "clara", "not-her-password")  # ...B reaches it

    for instance in (apps.a, apps.b):
        refused = log_in_on_the_site(attacker, instance, "clara", PASSWORD)
        assert refused.status_code == 429, f"{instance} let Clara in after {AXES_FAILURE_LIMIT} failures"
        assert "Try again in" in refused.text


def the_api_throttle_counts_requests_on_both(apps: AppInstances) -> None:
    statuses = [
        requests.post(
            f"{apps.on(attempt)}/api/v1/auth/login/",
            json={"username": f"nobody-{attempt}", "password": "guess"},  # a new name each time: no lockout
            timeout=30,
        ).status_code
        for attempt in range(THROTTLE_AUTH_LIMIT + 2)
    ]

    assert statuses[:THROTTLE_AUTH_LIMIT] == [401] * THROTTLE_AUTH_LIMIT
    assert statuses[THROTTLE_AUTH_LIMIT:] == [429, 429], (
        f"{THROTTLE_AUTH_LIMIT}/minute split across A and B was not counted as one: {statuses}"
    )


def twenty_buyers_on_a_and_b_race_for_one_original_and_one_wins(apps: AppInstances, original) -> None:
    racers = [UserFactory(username=f"racer{number:02d}") for number in range(RACERS)]
    for racer in racers:
        basket_with(racer, original)
    address = {"first_name": "R", "last_name": "Acer", "line1": "1 Track Ln", "city": "York", "postcode": "YO1 7HH",
               "country": "GB"}  # fmt: skip

    def place_order_as(number: int, access: str):
        return lambda: requests.post(
            f"{apps.on(number)}/api/v1/orders/",
            json={"shipping_address": address, "shipping_method": "delivery"},
            headers={"Authorization": f"Bearer {access}"},
            timeout=60,
        )

    tokens = [issue_tokens(racer)["access"] for racer in racers]
    outcomes = all_at_once(*[place_order_as(number, access) for number, access in enumerate(tokens)])

    statuses = sorted(getattr(outcome, "status_code", repr(outcome)) for outcome in outcomes)
    assert statuses == [201] + [409] * (RACERS - 1), statuses
    for refused in (outcome for outcome in outcomes if outcome.status_code == 409):
        assert "“Harbour Blue” is no longer available" in refused.json()["detail"]
    assert Order.objects.filter(lines__product=original).count() == 1
    assert StockRecord.objects.get(product=original).num_allocated == 1


def test_two_instances_and_a_worker_share_sessions_carts_limits_mail_and_stock(app_instances, site_pages):
    shipping_country()
    maya = make_artist(username="maya")
    original = make_artwork(maya, title="Harbour Blue", price="980.00")  # stock 1
    print_run = make_artwork(maya, title="Ancoats Grid", price="120.00", stock=5, is_original=False, edition_size=50)
    bea = with_production_password(UserFactory(username="bea"))

    browser = a_buyer_logged_in_on_a_is_logged_in_on_b(app_instances, bea)
    order_number = a_cart_filled_on_a_checks_out_on_b(app_instances, browser, bea, print_run)
    an_email_enqueued_by_a_is_sent_once_by_the_worker(app_instances, bea, order_number)
    the_login_lockout_counts_failures_on_both(app_instances)
    the_api_throttle_counts_requests_on_both(app_instances)
    twenty_buyers_on_a_and_b_race_for_one_original_and_one_wins(app_instances, original)
