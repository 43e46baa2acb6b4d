"""Helpers every app's tests share: API clients carrying a real JWT, and requests raced at once.

Test-only code, imported by tests and conftest.py, never by the application. It depends on
nothing above `artiqo.users`, so a test in any layer may use it.
"""

import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import connections
from rest_framework.test import APIClient

from artiqo.users.api.tokens import issue_tokens

# Long enough for MariaDB to report a deadlock or a lock wait; short enough that a hung race fails the run.
RACE_TIMEOUT_SECONDS = 120


def bearer(access: str) -> APIClient:
    """An API client sending `access` as its bearer token (e.g. one the login endpoint returned)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def api_as(user=None) -> APIClient:
    """An API client logged in as `user` with a real access token; anonymous without a user."""
    return APIClient() if user is None else bearer(issue_tokens(user)["access"])


def all_at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run each call in its own thread, released together by a barrier; return their outcomes in order.

    An outcome is what the call returned, or the exception it raised (a test asserts on it, so a
    stray error shows in the assertion instead of vanishing in a thread). Each thread uses its own
    database connections, as concurrent requests would, and closes them when done, so none is left
    open to block the test database's flush or drop. Meant for `django_db(transaction=True)` tests:
    the threads only see rows the test has committed.
    """
    barrier = threading.Barrier(len(calls), timeout=RACE_TIMEOUT_SECONDS)
    outcomes: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001  (returned to the test, which asserts on it)
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, call), daemon=True) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + RACE_TIMEOUT_SECONDS
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    hung = sum(thread.is_alive() for thread in threads)
    if hung:
        raise AssertionError(f"{hung} of {len(calls)} concurrent calls still running after {RACE_TIMEOUT_SECONDS}s")
    return outcomes


def repeat_at_once(count: int, call: Callable[[], Any]) -> list[Any]:
    """The same call made by `count` threads at once (a double-click, a retried webhook)."""
    return all_at_once(*[call] * count)
