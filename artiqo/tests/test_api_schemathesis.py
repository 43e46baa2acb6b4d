"""The served OpenAPI schema, fuzzed: no generated request is a 500, no response breaks the schema.

Schemathesis loads /api/v1/schema/ from the WSGI app and generates requests for every operation
in it, as a buyer, an artist and an admin (each with a real JWT), in-process against the test
database: requests that follow the schema, then requests that break it on purpose. The examples
per operation and kind are bounded (SCHEMATHESIS_EXAMPLES, default 20) and derived from a fixed
seed, so a run is repeatable and takes a few minutes. Every failure is collected and reported
together (operation, role, the request as a curl command, the response), not just the first.
"""

import os
from collections import Counter

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from artiqo.users.api.tokens import issue_tokens

pytestmark = pytest.mark.django_db

SCHEMA_PATH = "/api/v1/schema/?format=json"
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "20"))
# Not status_code_conformance: the schema documents each operation's successes, not its 400/401/403/404s.
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]


def fuzz_operation(operation, headers: dict, examples: int, mode: GenerationMode) -> tuple[int, list[str]]:
    """Send `examples` generated requests to one operation; return how many were sent and every failure.

    POSITIVE requests follow the schema; NEGATIVE ones break it on purpose (wrong types, missing
    fields, ids that are no ids): those must be refused with a 4xx, never a 500.
    """
    sent, failures = 0, []

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,  # the same requests on every run, so CI and a laptop agree
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: every failing request is reported as sent
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def exercise(case):
        nonlocal sent
        cache.clear()  # throttles count per client in the cache: fuzzing is not a brute-force attack
        response = case.call(headers=headers)
        sent += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            failures.append(describe(case, response, group))

    try:
        exercise()
    except Unsatisfiable:
        if mode is GenerationMode.POSITIVE:
            raise
        # Nothing in the operation can be broken (no parameters, no body): no negative request exists.
    return sent, failures


def describe(case, response, group: FailureGroup) -> str:
    """What failed, the request to replay it (token left out) and what came back, in a few lines."""
    problems = "; ".join(sorted({f"{failure.title}: {failure.message[:500]}" for failure in group.exceptions}))
    request = case.as_curl_command(headers={"Authorization": "Bearer <token>"})
    return f"{problems}\n  {request}\n  → {response.status_code} {response.text[:300]!r}"


@pytest.fixture
def wsgi_app():
    """The project's WSGI app, keeping the test's database connection between requests (the test is
    one transaction), as Django's test client does: request signals would close it otherwise."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def roles(two_artist_order, buyer, admin):
    """Bearer headers for a buyer with no orders, the artist Maya (who has a sale) and an admin."""
    return {
        role: {"Authorization": f"Bearer {issue_tokens(user)['access']}"}
        for role, user in (("buyer", buyer), ("artist", two_artist_order["maya"].user), ("admin", admin))
    }


def test_no_generated_request_is_a_server_error_or_breaks_the_schema(roles, wsgi_app, request):
    schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    sent, failures = Counter(), []

    for role, headers in roles.items():
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for operation in operations:
                count, found = fuzz_operation(operation, headers, EXAMPLES, mode)
                sent[f"{role}/{mode.value}"] += count
                failures += [f"[{role}, {mode.value}] {operation.label}\n{failure}" for failure in found]

    summary = f"schemathesis: {len(operations)} operations, up to {EXAMPLES} examples each; requests: {dict(sent)}"
    request.config.pluginmanager.get_plugin("terminalreporter").write_line(f"\n{summary}")
    assert len(operations) >= 40, "the schema lost its operations"
    assert failures == [], f"{len(failures)} failing requests:\n\n" + "\n\n".join(failures)
