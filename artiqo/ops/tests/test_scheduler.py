"""One scheduler fires the periodic jobs (enqueueing them) while it holds the Redis lock; others wait."""

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django_tasks_db.models import DBTaskResult

from artiqo.ops.scheduler import LOCK_KEY, Scheduler, lock_client, lock_holder, periodic_tasks
from artiqo.ops.tests.services import run_redis_url

REPO = Path(__file__).resolve().parents[3]
REDIS_URL = run_redis_url(12)  # helper C's database: never the app's
TICK = "artiqo.ops.tests.tasks.tick"

pytestmark = pytest.mark.django_db(transaction=True)  # the scheduler's threads must see committed rows


@pytest.fixture
def every_second(settings):
    """A schedule firing the test task every second into the real database queue; the lock in Redis db 12."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PERIODIC_TASKS = [{"task": TICK, "every": 1, "why": "a test tick"}]
    settings.SCHEDULER_REDIS_URL = REDIS_URL
    client = lock_client()
    client.delete(LOCK_KEY)
    yield client
    client.delete(LOCK_KEY)


def start(identity: str) -> tuple[Scheduler, threading.Thread]:
    scheduler = Scheduler(
        client=lock_client(), jobs=periodic_tasks(), lock_seconds=5, heartbeat_seconds=1, identity=identity
    )
    thread = threading.Thread(target=scheduler.run, name=identity, daemon=True)
    thread.start()
    return scheduler, thread


def ticks() -> int:
    return DBTaskResult.objects.filter(task_path=TICK).count()


def test_only_the_lock_holder_fires_and_a_waiting_scheduler_takes_over(every_second, caplog):
    caplog.set_level(logging.INFO, logger="artiqo.ops.scheduler")
    first, first_thread = start("first")
    assert first.holding.wait(10)
    second, second_thread = start("second")

    time.sleep(3.5)
    assert first.fired >= 2 and second.fired == 0 and not second.holding.is_set()
    assert "Scheduler second waits: the lock is held by first" in caplog.text
    assert ticks() == first.fired  # firing only enqueues: the rows wait in the queue for a worker
    assert DBTaskResult.objects.filter(task_path=TICK, status="READY").count() == ticks()

    first.stop()
    first_thread.join(10)
    assert not first_thread.is_alive()
    assert second.holding.wait(10), "the waiting scheduler takes over once the lock is free"
    fired_by_first = first.fired
    time.sleep(2.5)
    second.stop()
    second_thread.join(10)

    assert first.fired == fired_by_first and second.fired >= 1
    assert ticks() == first.fired + second.fired
    assert lock_holder(every_second) is None  # released on the way out


def test_a_scheduler_that_loses_its_lock_stops_firing_until_it_gets_it_back(every_second, caplog):
    caplog.set_level(logging.INFO, logger="artiqo.ops.scheduler")
    scheduler, thread = start("stalled")
    assert scheduler.holding.wait(10)

    every_second.set(LOCK_KEY, "another-machine", ex=4)  # as if it had stalled past the expiry and been replaced
    time.sleep(2)
    assert not scheduler.holding.is_set()
    assert "Scheduler stalled waits: the lock is held by another-machine" in caplog.text
    fired_while_lost = scheduler.fired
    time.sleep(1)
    assert scheduler.fired == fired_while_lost

    assert scheduler.holding.wait(10), "takes the lock again once the other's expires"
    scheduler.stop()
    thread.join(10)
    assert ticks() == scheduler.fired


def test_a_bad_schedule_stops_the_scheduler_before_it_starts():
    for entry, problem in [
        ({"task": "artiqo.ops.tests.tasks.nothing", "every": 1}, "cannot import"),
        ({"task": "artiqo.ops.tests.tasks.task", "every": 1}, "not a django-tasks task"),
        ({"task": TICK, "cron": "every minute"}, "bad cron line"),
        ({"task": TICK}, "exactly one of"),
    ]:
        with pytest.raises(ImproperlyConfigured, match=problem):
            periodic_tasks([entry])


def test_the_declared_jobs_point_at_real_tasks():
    paths = [job.task for job in periodic_tasks()]
    assert {
        "shop.order.tasks.expire_unpaid_orders_task",
        "shop.payment.tasks.reconcile_payments_task",
        "shop.catalogue.tasks.flush_artwork_views_task",
    } <= set(paths)


def test_run_scheduler_takes_the_lock_and_stops_cleanly_on_sigterm(every_second):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "artiqo.settings.test", "CACHE_URL": REDIS_URL}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_scheduler"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while lock_holder(every_second) is None and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.2)
        assert f":{process.pid}:" in (lock_holder(every_second) or "")

        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=20)[0]
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    assert process.returncode == 0, output
    assert "stopped after enqueueing 0 task(s)" in output
    assert lock_holder(every_second) is None
