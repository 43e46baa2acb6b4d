"""The commission routes and the artist filters, fuzzed by schemathesis like the whole API is
(artiqo/tests/test_api_schemathesis.py), but with commissions that exist: ids in paths reach real ones.

The whole-API run sees no commission, so every id there is a 404; here the buyer, the artist and a
stranger each fuzz every commission operation with requests that follow the schema and that break it.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis import GenerationMode

from artiqo.tests.test_api_schemathesis import SCHEMA_PATH, fuzz_operation
from artiqo.users.api.tokens import issue_tokens

from .test_commissions_api import make_studio, quoted, requested

pytestmark = pytest.mark.django_db

EXAMPLES = 15


@pytest.fixture
def wsgi_app():
    """As in the whole-API run: keep the test's connection between requests (the test is one transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_generated_commission_request_is_a_server_error(marketplace, buyer, wsgi_app):
    studio = make_studio(marketplace)
    for _ in range(3):
        requested(studio)
        quoted(studio, "cleo")
    schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, wsgi_app)
    operations = [
        result.ok()
        for result in schema.get_all_operations()
        if "/commissions/" in result.ok().path or result.ok().path.startswith("/api/v1/artists/")
    ]
    failures = []

    for role, user in (("buyer", studio["ben"]), ("artist", studio["maya"].user), ("stranger", buyer)):
        headers = {"Authorization": f"Bearer {issue_tokens(user)['access']}"}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for operation in operations:
                _, found = fuzz_operation(operation, headers, EXAMPLES, mode)
                failures += [f"[{role}, {mode.value}] {operation.label}\n{failure}" for failure in found]

    assert len(operations) >= 10
    assert failures == [], f"{len(failures)} failing requests:\n\n" + "\n\n".join(failures)
