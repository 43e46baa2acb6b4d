"""What the tests that start real processes (gunicorn, db_worker) share: the test database as a
DATABASE_URL those processes can open, and Redis, started the way the CI machine starts it when down."""

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from urllib.parse import quote

import pytest
import redis

# The CI machine's own start command for Redis (no persistence).
REDIS_START = ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
               "--save", "", "--appendonly", "no"]  # fmt: skip


# CI runs the SQLite and the MariaDB suites at once on one Redis: each run flushes its own db numbers.
_MARIADB_RUN_DB = {10: 11, 12: 14, 13: 15}


def run_redis_url(db: int) -> str:
    """Redis db `db` for this test run (SQLite's), or its twin when the suite runs on MariaDB."""
    if os.environ.get("DATABASE_URL", "").startswith("mysql"):
        db = _MARIADB_RUN_DB[db]
    return f"redis://127.0.0.1:6379/{db}"


def database_url(settings_dict: dict | None = None) -> str:
    """The test database (`connection.settings_dict` by default) as a DATABASE_URL for another process."""
    if settings_dict is None:
        from django.db import connection

        settings_dict = connection.settings_dict
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{settings_dict['NAME']}"
    credentials = quote(settings_dict["USER"] or "root", safe="")
    if settings_dict.get("PASSWORD"):
        credentials += ":" + quote(settings_dict["PASSWORD"], safe="")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 3306
    return f"mysql://{credentials}@{host}:{port}/{settings_dict['NAME']}"


def _answers(url: str) -> bool:
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


def emptied_redis(url: str) -> Iterator[redis.Redis]:
    """Redis at `url` (one db number per test module, so FLUSHDB touches nobody else), started when down;
    emptied before and after. Use as a fixture's body: `yield from emptied_redis(URL)`."""
    if not _answers(url) and shutil.which("redis-server"):
        subprocess.run(REDIS_START, check=False, capture_output=True)
        deadline = time.monotonic() + 10
        while not _answers(url) and time.monotonic() < deadline:
            time.sleep(0.1)
    if not _answers(url):
        pytest.fail("Redis does not answer on 127.0.0.1:6379 (apt-get install redis-server)")
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield client
    client.flushdb()
