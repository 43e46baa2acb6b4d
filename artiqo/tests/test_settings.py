import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from artiqo.testing import all_at_once

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


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_get_no_locking_errors(django_user_model):
    """On SQLite, WAL and IMMEDIATE transactions make writers queue instead of failing "database is locked"."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"

    def sign_up(n):
        for attempt in range(5):
            django_user_model.objects.create_user(f"writer{n}-{attempt}@example.com", "pw", username=f"w{n}-{attempt}")

    outcomes = all_at_once(*[lambda n=n: sign_up(n) for n in range(12)])

    assert outcomes == [None] * 12
    assert django_user_model.objects.filter(username__startswith="w").count() == 60
