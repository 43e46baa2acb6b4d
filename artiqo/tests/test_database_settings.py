"""How artiqo/settings/database.py tunes SQLite: concurrent writers queue instead of failing."""

import pytest
from django.db import connection

from artiqo.testing import all_at_once

pytestmark = pytest.mark.sqlite  # CI runs these on SQLite too: they ask what only SQLite answers


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
