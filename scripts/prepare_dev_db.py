"""Bring the development database up to date: migrate, then load the demo data unless it is there.

`make run` does this inside its runserver process (scripts/dev_server.py) to save a Django
start-up; `make demo` runs this file with `--force-demo` to load the demo data again. The
command is idempotent; skipping it when the demo is already loaded keeps a second run fast.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO_MARKER_EMAIL = "maya@example.com"  # one of the demo artists load_demo_data creates


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    # The development database, whatever the shell says: a production DJANGO_SETTINGS_MODULE left
    # exported must not get the demo data.
    os.environ["DJANGO_SETTINGS_MODULE"] = "artiqo.settings.dev"
    import django

    django.setup()


def has_demo_data() -> bool:
    """True when the demo artist, at least one artwork and (with localstripe in use) the order history exist."""
    from django.contrib.auth import get_user_model
    from oscar.core.loading import get_model

    from artiqo.demo.history import history_missing

    artwork_model = get_model("catalogue", "Product")
    demo_artist = get_user_model().objects.filter(email__iexact=DEMO_MARKER_EMAIL)
    return demo_artist.exists() and artwork_model.objects.exists() and not history_missing()


def prepare(*, force_demo: bool = False) -> None:
    """Apply migrations and load the demo data if it is missing (or always, with force_demo)."""
    from django.core.management import call_command, get_commands
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=1)
    if "load_demo_data" not in get_commands():
        sys.stderr.write("load_demo_data command not found: starting without demo data\n")
    elif force_demo or not has_demo_data():
        call_command("load_demo_data")
    else:
        sys.stdout.write("Demo data already loaded.\n")


if __name__ == "__main__":
    setup_django()
    prepare(force_demo="--force-demo" in sys.argv[1:])
