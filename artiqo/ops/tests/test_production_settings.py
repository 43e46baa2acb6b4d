"""Production refuses to start on a development default, and says which variable is missing.

Each test runs `manage.py` (or gunicorn) in a fresh process with a clean environment, as a server
would start: settings are read once at start-up, so only a new process shows what they do.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from artiqo.ops.tests.services import run_redis_url
from artiqo.ops.tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[3]
# What a process may inherit from the shell; everything Artiqo reads is given explicitly below.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV")
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "artiqo.settings.production",
    "DJANGO_SECRET_KEY": "a" * 20 + "-production-secret-key-for-the-check-0123456789",
    "ALLOWED_HOSTS": "artiqo.example.com",
    "DATABASE_URL": "mysql://artiqo:secret@127.0.0.1:3306/artiqo_a",  # `check` does not connect
    "CACHE_URL": run_redis_url(10),
    "EMAIL_URL": "smtp+tls://mailer:secret@127.0.0.1:587",
    "STRIPE_SECRET_KEY": "sk_test_check",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_check",
    "STRIPE_WEBHOOK_SECRET": "whsec_check",
}


def clean_env(**changes) -> dict:
    """PRODUCTION_ENV with `changes`; a change to None leaves that variable out."""
    env = {name: os.environ[name] for name in INHERITED if name in os.environ}
    env.update(PRODUCTION_ENV)
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def manage(*args, timeout=120, **changes) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env(**changes),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.parametrize(
    ("missing", "check_id"),
    [
        ("DATABASE_URL", "artiqo.E101"),
        ("CACHE_URL", "artiqo.E102"),
        ("EMAIL_URL", "artiqo.E104"),
        ("STRIPE_SECRET_KEY", "artiqo.E106"),
        ("STRIPE_PUBLISHABLE_KEY", "artiqo.E107"),
        ("STRIPE_WEBHOOK_SECRET", "artiqo.E108"),
    ],
)
def test_production_refuses_to_start_without_each_service_and_key(missing, check_id):
    result = manage("check", **{missing: None})

    assert result.returncode != 0
    assert check_id in result.stderr and f"{missing} is" in result.stderr, result.stderr


def test_empty_stripe_keys_are_refused_like_missing_ones_all_named_at_once():
    result = manage("check", STRIPE_SECRET_KEY="", STRIPE_PUBLISHABLE_KEY="", STRIPE_WEBHOOK_SECRET="")

    assert result.returncode != 0
    for name in ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET"):
        assert f"{name} is empty" in result.stderr


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_cannot_even_load_its_settings_without_a_secret_key_or_hosts(missing):
    result = manage("check", **{missing: None})

    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_a_cache_that_is_not_redis():
    result = manage("check", CACHE_URL="locmemcache://")

    assert result.returncode != 0
    assert "artiqo.E103" in result.stderr and "CACHE_URL names" in result.stderr


def run_redis_url_gives_production_its_cache_as_in_development():
    result = manage("check", CACHE_URL=None, REDIS_URL=run_redis_url(10))

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("email_url", ["memorymail://", "dummymail://"])
def test_production_refuses_mail_that_is_thrown_away(email_url):
    result = manage("check", EMAIL_URL=email_url)

    assert result.returncode != 0
    assert "artiqo.E105" in result.stderr and "EMAIL_URL" in result.stderr


def test_mail_printed_to_the_console_is_allowed_with_a_warning():
    result = manage("check", EMAIL_URL="consolemail://")

    assert result.returncode == 0, result.stderr
    assert "artiqo.W101" in result.stderr and "printed, not sent" in result.stderr


def test_a_staging_run_against_a_fake_stripe_starts_with_a_warning():
    result = manage("check", STRIPE_API_BASE="http://127.0.0.1:8420")

    assert result.returncode == 0, result.stderr
    assert "artiqo.W102" in result.stderr and "fake Stripe" in result.stderr


def test_sqlite_and_plain_http_are_allowed_with_warnings():
    result = manage(
        "check",
        DATABASE_URL="sqlite:////tmp/artiqo-a-check.sqlite3",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
    )

    assert result.returncode == 0, result.stderr
    assert all(warning in result.stderr for warning in ("artiqo.W103", "artiqo.W104", "artiqo.W105"))


def test_every_command_refuses_not_just_check(tmp_path):
    """The queue worker would otherwise run for ever on a default; it stops at once instead."""
    database = f"sqlite:///{tmp_path / 'never-migrated.sqlite3'}"

    for command in (["migrate", "--noinput"], ["db_worker"]):
        result = manage(*command, timeout=60, DATABASE_URL=database, STRIPE_SECRET_KEY=None)

        assert result.returncode != 0, command
        assert "artiqo.E106" in result.stderr, result.stderr


def test_production_passes_the_deploy_check_without_a_single_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_gunicorn_workers_refuse_to_boot_and_say_why():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--bind", f"127.0.0.1:{free_port()}"],
        cwd=ROOT,
        env=clean_env(DATABASE_URL="sqlite:////tmp/artiqo-a-check.sqlite3", CACHE_URL=None, WEB_CONCURRENCY="1"),
        capture_output=True,
        text=True,
        timeout=45,  # a worker that boots would serve until killed; refusing takes seconds
    )

    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Production refuses to start" in output and "CACHE_URL is not set" in output
    assert "Worker failed to boot" in output


def test_wsgi_defaults_to_production_settings():
    env = clean_env(DJANGO_SETTINGS_MODULE=None, STRIPE_WEBHOOK_SECRET=None)

    result = subprocess.run(
        [sys.executable, "-c", "import artiqo.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "STRIPE_WEBHOOK_SECRET is empty" in result.stderr


PRINT_STRIPE_CLIENT = (
    "from shop.payment import gateway; "
    "print(gateway._client()._requestor.base_addresses['api'], gateway.stripe_js_url(), gateway.uses_localstripe())"
)


def test_production_talks_to_real_stripe_unless_stripe_api_base_names_a_fake():
    real = manage("shell", "-v", "0", "-c", PRINT_STRIPE_CLIENT)
    staging = manage("shell", "-v", "0", "-c", PRINT_STRIPE_CLIENT, STRIPE_API_BASE="http://127.0.0.1:8420/")

    assert real.returncode == 0, real.stderr
    assert real.stdout.split() == ["https://api.stripe.com", "https://js.stripe.com/v3/", "False"]
    assert staging.stdout.split() == ["http://127.0.0.1:8420", "http://127.0.0.1:8420/js.stripe.com/v3/", "True"]


def test_development_talks_to_localstripe_until_a_real_key_is_given():
    development = manage(
        "shell",
        "-v",
        "0",
        "-c",
        PRINT_STRIPE_CLIENT,
        DJANGO_SETTINGS_MODULE="artiqo.settings.dev",
        STRIPE_SECRET_KEY=None,
    )
    with_key = manage(
        "shell",
        "-v",
        "0",
        "-c",
        PRINT_STRIPE_CLIENT,
        DJANGO_SETTINGS_MODULE="artiqo.settings.dev",
        STRIPE_SECRET_KEY="sk_test_x",
    )

    assert development.stdout.split()[0] == "http://127.0.0.1:8420", development.stderr
    assert with_key.stdout.split()[0] == "https://api.stripe.com", with_key.stderr


READS_DOT_ENV = """
import environ
read = []
environ.Env.read_env = classmethod(lambda cls, path=None, **options: read.append(str(path)))
from django.conf import settings
settings.DEBUG  # loads the settings module
print(read)
"""


@pytest.mark.parametrize(
    ("settings_module", "asked", "reads"),
    [
        ("artiqo.settings.production", None, False),
        ("artiqo.settings.test", None, False),
        ("artiqo.settings.production", "true", True),
        ("artiqo.settings.dev", None, True),
    ],
)
def test_dot_env_is_read_only_in_development_or_when_asked(settings_module, asked, reads):
    """A `.env` left on a server must not quietly override what the deployment's environment says."""
    result = subprocess.run(
        [sys.executable, "-c", READS_DOT_ENV],
        cwd=ROOT,
        env=clean_env(DJANGO_SETTINGS_MODULE=settings_module, DJANGO_READ_DOT_ENV=asked),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert (str(ROOT / ".env") in result.stdout) is reads
