"""/healthz (the process answers) and /readyz (it can serve: database, cache, storage, task queue).

/healthz touches nothing, so a load balancer or supervisor restarts a process only when the process
itself is stuck, never because a shared database is down (restarting every app process would not
help). /readyz runs django-health-check's checks plus two of ours and answers 503 naming the failing
part, so the load balancer stops sending requests to an instance that cannot serve them.

Two conditions are reported as warnings, which leave /readyz at 200: no scheduler holds its lock,
and the oldest task ready to run has waited too long (no worker is running). Neither stops this
instance from serving pages, and taking every web instance out of the load balancer because the
scheduler or the workers died would turn a late email into an outage; they are for monitoring.
"""

import asyncio
import contextlib
import dataclasses
import datetime
from concurrent.futures import ThreadPoolExecutor

import redis
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable, ServiceWarning
from health_check.views import HealthCheckView

from .scheduler import lock_client, lock_holder


@never_cache
def alive(request):
    """The process answers; nothing else is touched."""
    return HttpResponse("ok\n", content_type="text/plain")


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """The production queue's table answers; a warning when its oldest ready task waits for no worker."""

    backend: str = "default"

    def run(self):
        if not isinstance(task_backends[self.backend], DatabaseBackend):
            return  # the immediate backend of development and tests runs tasks in the request: no queue
        try:
            next_task = DBTaskResult.objects.ready().filter(backend_name=self.backend).only("enqueued_at", "run_after")
            next_task = next_task.first()  # the queue's own order, which its index serves
        except DatabaseError as error:
            raise ServiceUnavailable("the task queue's table does not answer") from error
        if next_task is None:
            return
        ready_since = next_task.enqueued_at
        if next_task.run_after != get_date_max():  # a deferred task is waiting only since its run_after
            ready_since = max(ready_since, next_task.run_after)
        waited = timezone.now() - ready_since
        if waited > datetime.timedelta(minutes=settings.TASK_QUEUE_MAX_WAIT_MINUTES):
            raise ServiceWarning(
                f"the next task has waited {waited.total_seconds() / 60:.0f} minutes: is a worker (db_worker) running?"
            )


@dataclasses.dataclass
class SchedulerLock(HealthCheck):
    """Whether a scheduler (manage.py run_scheduler) holds its Redis lock, i.e. periodic jobs fire."""

    timeout: datetime.timedelta = dataclasses.field(default=datetime.timedelta(seconds=2), repr=False)

    def run(self):
        try:
            client = lock_client(timeout=self.timeout.total_seconds())
        except ImproperlyConfigured as error:
            raise ServiceWarning("no Redis for the scheduler's lock (CACHE_URL is not Redis)") from error
        try:
            holder = lock_holder(client)
        except redis.RedisError as error:
            raise ServiceWarning("cannot read the scheduler's lock in Redis") from error
        finally:
            client.close()
        if holder is None:
            raise ServiceWarning("no scheduler holds the lock: periodic jobs are not firing")


class ReadinessView(HealthCheckView):
    """django-health-check's view, answering 503 (not 500) when a check fails, in JSON unless ?format=text."""

    checks = (
        "health_check.checks.Database",
        "health_check.checks.Cache",
        "health_check.checks.Storage",  # the default storage: local disk, or the S3 bucket
        TaskQueue,
        SchedulerLock,
    )

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            self.results = await asyncio.gather(*(check.get_result(executor) for check in self.get_checks()))
        failed = any(result.error and not isinstance(result.error, ServiceWarning) for result in self.results)
        status = 503 if failed else 200
        if request.GET.get("format") == "text":
            return self.render_to_response_text(status)
        return self.render_to_response_json(status)

    def get_executor(self):
        return _closing_executor()


@contextlib.contextmanager
def _closing_executor():
    """Threads for the synchronous checks that close the database connections they opened.

    The default executor's threads live on, each holding a connection that nothing ever closes
    (Django closes a request's connections only in the request's own thread). Not waited for on the
    way out: a check that timed out must not hold the answer back.
    """
    executor = _ConnectionClosingPool(max_workers=4, thread_name_prefix="readyz")
    try:
        yield executor
    finally:
        executor.shutdown(wait=False)


class _ConnectionClosingPool(ThreadPoolExecutor):
    def submit(self, fn, /, *args, **kwargs):
        def run_and_close():
            try:
                return fn(*args, **kwargs)
            finally:
                connections.close_all()

        return super().submit(run_and_close)
