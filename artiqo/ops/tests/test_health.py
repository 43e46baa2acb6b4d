"""/healthz answers without any dependency; /readyz checks them and answers 503 naming what failed."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from artiqo.ops.scheduler import LOCK_KEY, lock_client
from artiqo.ops.tests.services import run_redis_url
from artiqo.ops.tests.smtp import free_port
from artiqo.ops.tests.tasks import tick

REPO = Path(__file__).resolve().parents[3]
REDIS_URL = run_redis_url(12)
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DATABASE, CACHE, STORAGE = "Database(alias='default')", "Cache(alias='default')", "Storage(alias='default')"
QUEUE, SCHEDULER = "TaskQueue(backend='default')", "SchedulerLock()"


def cache_at(url: str) -> dict:
    return {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


@pytest.fixture
def scheduler_running():
    """As if `run_scheduler` held its lock (in Redis db 12)."""
    with override_settings(SCHEDULER_REDIS_URL=REDIS_URL):
        client = lock_client()
        client.set(LOCK_KEY, "elsewhere:1:test", ex=60)
        yield
        client.delete(LOCK_KEY)


def test_healthz_answers_without_the_database_or_the_cache(client):
    # No django_db mark: any query would raise here; and the cache points at a port nobody listens on.
    with override_settings(CACHES=cache_at(f"redis://127.0.0.1:{free_port()}/0")):
        response = client.get("/healthz")

    assert response.status_code == 200 and response.content == b"ok\n"


@pytest.mark.django_db
@override_settings(CACHES=cache_at(REDIS_URL), TASKS=DB_QUEUE)
def test_readyz_is_200_when_everything_answers(client, scheduler_running):
    response = client.get("/readyz", headers={"accept": "text/html"})  # JSON all the same

    assert response.status_code == 200
    assert response.json() == {DATABASE: "OK", CACHE: "OK", STORAGE: "OK", QUEUE: "OK", SCHEDULER: "OK"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_503_naming_the_cache_when_redis_is_down(client):
    with override_settings(CACHES=cache_at(f"redis://127.0.0.1:{free_port()}/0")):
        response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body[CACHE] == "Unexpected Result: Connection Error"
    assert body[DATABASE] == "OK" and body[STORAGE] == "OK"
    assert client.get("/readyz?format=text").content.decode().count("OK") >= 3


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_QUEUE)
def test_readyz_is_503_naming_the_task_queue_when_its_table_does_not_answer(client):
    table = DBTaskResult._meta.db_table
    with connection.schema_editor() as editor:
        editor.alter_db_table(DBTaskResult, table, f"{table}_away")
    try:
        response = client.get("/readyz")
    finally:
        with connection.schema_editor() as editor:
            editor.alter_db_table(DBTaskResult, f"{table}_away", table)

    assert response.status_code == 503
    assert response.json()[QUEUE] == "Unavailable: the task queue's table does not answer"
    assert response.json()[DATABASE] == "OK"


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_QUEUE, SCHEDULER_REDIS_URL=REDIS_URL)
def test_readyz_warns_but_stays_ready_without_a_worker_or_a_scheduler(client):
    lock_client().delete(LOCK_KEY)
    result = tick.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - timezone.timedelta(minutes=25))

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()[QUEUE] == "Warning: the next task has waited 25 minutes: is a worker (db_worker) running?"
    assert response.json()[SCHEDULER] == "Warning: no scheduler holds the lock: periodic jobs are not firing"


def production_setting(name: str):
    """A value of artiqo.settings.production, read in a separate process: importing that module here would
    change this process's settings (it edits base.py's MIDDLEWARE and DATABASES in place)."""
    env = {**os.environ, "DJANGO_SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "testserver"}
    script = f"import json, artiqo.settings.production as p; print(json.dumps(p.{name}))"
    output = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(output.stdout)


def test_load_balancers_probe_over_plain_http_in_production():
    exempt = production_setting("SECURE_REDIRECT_EXEMPT")

    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=exempt):
        assert Client().get("/healthz").status_code == 200
        assert Client().get("/shop/").status_code == 301  # everything else goes to HTTPS
