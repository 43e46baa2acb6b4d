import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import close_old_connections, connection

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "artiqo.settings.production",
    "DJANGO_SECRET_KEY": "a" * 20 + "-production-secret-key-for-the-check-0123456789",
    "ALLOWED_HOSTS": "artiqo.example.com",
    "STRIPE_SECRET_KEY": "sk_test_check",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_check",
    "STRIPE_WEBHOOK_SECRET": "whsec_check",
    "DATABASE_URL": "sqlite:////tmp/artiqo-deploy-check.sqlite3",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}


def manage(*args, env):
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "STRIPE_"))}
    clean.pop("ALLOWED_HOSTS", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "ALLOWED_HOSTS", "STRIPE_SECRET_KEY"])
def test_production_refuses_to_start_without_its_secrets(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert missing in result.stderr


def test_the_deploy_check_wants_a_cache_every_app_server_process_shares():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "CACHE_URL"}

    result = manage("check", "--deploy", env=env)

    assert result.returncode != 0
    assert "artiqo.E001" in result.stderr and "CACHE_URL" in result.stderr


def test_production_passes_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite only")
@pytest.mark.django_db(transaction=True)
def test_sqlite_takes_concurrent_writers_without_locking_errors(django_user_model):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    errors, barrier = [], threading.Barrier(12)

    def sign_up(n):
        try:
            barrier.wait()
            for attempt in range(5):
                django_user_model.objects.create_user(
                    f"writer{n}-{attempt}@example.com", "pw", username=f"w{n}-{attempt}"
                )
        except Exception as error:  # noqa: BLE001  (collected and asserted below)
            errors.append(repr(error))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert django_user_model.objects.filter(username__startswith="w").count() == 60
