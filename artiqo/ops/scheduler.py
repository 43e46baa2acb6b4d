"""The one scheduler: fires the periodic jobs of `settings.PERIODIC_TASKS` by enqueueing their tasks.

`manage.py run_scheduler` runs a `Scheduler`. It is built on APScheduler (a BlockingScheduler with
cron and interval triggers); a firing only enqueues the django-tasks task, which the workers
(`manage.py db_worker`) run, so a slow job never delays the next firing of another.

Any number of schedulers may be started (one per machine, say), but only one fires: the one holding
a Redis lock (`LOCK_KEY`, in the default cache's Redis unless SCHEDULER_REDIS_URL says otherwise).
It renews the lock every SCHEDULER_HEARTBEAT_SECONDS; the others log that they wait and try again. If
the holder dies its lock expires after SCHEDULER_LOCK_SECONDS and a waiting scheduler takes over; if
the holder cannot renew (Redis unreachable, or it stalled past the expiry and another took over) it
stops firing and goes back to waiting. Before each firing it checks the lock is still its own, so two
schedulers fire the same job only if one stalls between that check and its enqueue.

Tasks are named by dotted path, so this module imports no app (artiqo/tests/test_layers.py).
"""

import logging
import os
import socket
import threading
import uuid
from dataclasses import dataclass
from datetime import timedelta

import redis
from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections
from django.utils.module_loading import import_string
from django_tasks.base import Task

logger = logging.getLogger(__name__)

LOCK_KEY = "artiqo:scheduler-lock"
# A firing late by up to this much still runs (once: missed firings are coalesced).
MISFIRE_GRACE_SECONDS = 60


@dataclass(frozen=True)
class PeriodicTask:
    """One entry of PERIODIC_TASKS: which task, when, and why it exists."""

    task: str
    trigger: BaseTrigger
    why: str


def periodic_tasks(declared: list[dict] | None = None) -> list[PeriodicTask]:
    """PERIODIC_TASKS checked and parsed; a wrong path or schedule stops the scheduler before it starts."""
    jobs = []
    for entry in settings.PERIODIC_TASKS if declared is None else declared:
        path = entry.get("task", "")
        try:
            task = import_string(path)
        except ImportError as error:
            raise ImproperlyConfigured(f"PERIODIC_TASKS: cannot import the task {path!r} ({error})") from error
        if not isinstance(task, Task):
            raise ImproperlyConfigured(f"PERIODIC_TASKS: {path!r} is not a django-tasks task (decorate it with @task)")
        jobs.append(PeriodicTask(task=path, trigger=_trigger(entry), why=entry.get("why", "")))
    return jobs


def _trigger(entry: dict) -> BaseTrigger:
    if ("cron" in entry) == ("every" in entry):
        raise ImproperlyConfigured(f"PERIODIC_TASKS: {entry.get('task')!r} needs exactly one of 'cron' or 'every'")
    if "cron" in entry:
        try:
            return CronTrigger.from_crontab(entry["cron"], timezone=settings.TIME_ZONE)
        except ValueError as error:
            raise ImproperlyConfigured(f"PERIODIC_TASKS: {entry['task']!r} has a bad cron line: {error}") from error
    every = entry["every"]
    seconds = every.total_seconds() if isinstance(every, timedelta) else float(every)
    if seconds <= 0:
        raise ImproperlyConfigured(f"PERIODIC_TASKS: {entry['task']!r} must fire at a positive interval")
    return IntervalTrigger(seconds=seconds, timezone=settings.TIME_ZONE)


def lock_redis_url() -> str:
    """The Redis holding the lock: SCHEDULER_REDIS_URL, else the default cache's, if that is Redis."""
    if settings.SCHEDULER_REDIS_URL:
        return settings.SCHEDULER_REDIS_URL
    cache = settings.CACHES["default"]
    location = cache.get("LOCATION")
    location = location[0] if isinstance(location, (list, tuple)) else location
    if "redis" in cache.get("BACKEND", "").lower() and location:
        return location
    raise ImproperlyConfigured("The scheduler's lock needs Redis: set CACHE_URL=redis://... (or SCHEDULER_REDIS_URL).")


def lock_client(*, timeout: float = 5) -> redis.Redis:
    # A dead Redis must fail fast (the health check waits on it), never hang the heartbeat.
    return redis.Redis.from_url(lock_redis_url(), socket_timeout=timeout, socket_connect_timeout=timeout)


def lock_holder(client: redis.Redis) -> str | None:
    """Who holds the scheduler's lock now ("host:pid:id"), or None when no scheduler runs."""
    holder = client.get(LOCK_KEY)
    return holder.decode() if holder else None


class Scheduler:
    """Wait for the lock, then fire the periodic jobs until stopped or the lock is lost; then wait again."""

    def __init__(
        self,
        *,
        client: redis.Redis,
        jobs: list[PeriodicTask],
        lock_seconds: float | None = None,
        heartbeat_seconds: float | None = None,
        identity: str | None = None,
    ):
        self.jobs = jobs
        self.identity = identity or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.heartbeat_seconds = heartbeat_seconds or settings.SCHEDULER_HEARTBEAT_SECONDS
        # thread_local=False: the heartbeat and the firings run in APScheduler's threads, not the one that
        # acquired the lock, and must see its token.
        self._lock = client.lock(LOCK_KEY, timeout=lock_seconds or settings.SCHEDULER_LOCK_SECONDS, thread_local=False)
        self._client = client
        self._stopping = threading.Event()
        self._apscheduler: BlockingScheduler | None = None
        self.holding = threading.Event()  # set while this scheduler holds the lock and fires
        self.fired = 0  # tasks enqueued by this scheduler
        self._fired_lock = threading.Lock()  # jobs fire in APScheduler's thread pool

    def run(self) -> None:
        """Block until `stop()`: wait for the lock, fire while holding it, release it on the way out."""
        while self._wait_for_lock():
            try:
                self._fire_while_holding()
            finally:
                self.holding.clear()
                self._release()

    def stop(self) -> None:
        """Stop waiting or firing; safe to call from a signal handler or another thread."""
        self._stopping.set()
        self._shut_down_apscheduler()

    def _wait_for_lock(self) -> bool:
        last_holder = ""
        while not self._stopping.is_set():
            try:
                if self._lock.acquire(blocking=False, token=self.identity):
                    logger.info("Scheduler %s holds the lock: firing %d periodic job(s)", self.identity, len(self.jobs))
                    return True
                holder = lock_holder(self._client) or "nobody"
            except redis.RedisError as error:
                holder = f"unknown (Redis: {error})"
            if holder != last_holder:
                logger.info("Scheduler %s waits: the lock is held by %s", self.identity, holder)
                last_holder = holder
            self._stopping.wait(self.heartbeat_seconds / 2)
        return False

    def _fire_while_holding(self) -> None:
        scheduler = BlockingScheduler(
            timezone=settings.TIME_ZONE,
            job_defaults={"coalesce": True, "misfire_grace_time": MISFIRE_GRACE_SECONDS, "max_instances": 1},
        )
        for job in self.jobs:
            scheduler.add_job(self._enqueue, job.trigger, args=[job.task], id=job.task, name=job.task)
            logger.info("Periodic job %s (%s): %s", job.task, job.trigger, job.why)
        scheduler.add_job(self._heartbeat, IntervalTrigger(seconds=self.heartbeat_seconds), id="scheduler-heartbeat")
        self._apscheduler = scheduler
        self.holding.set()
        if not self._stopping.is_set():  # stop() may have come before there was a scheduler to shut down
            scheduler.start()  # blocks until shut down by stop() or a lost lock
        self._apscheduler = None

    def _heartbeat(self) -> None:
        try:
            self._lock.reacquire()  # back to the full expiry; fails if the lock is no longer ours
        except (redis.RedisError, redis.exceptions.LockError) as error:
            logger.warning("Scheduler %s lost the lock (%s): it stops firing and waits", self.identity, error)
            self._shut_down_apscheduler()
            return
        if self._stopping.is_set():
            self._shut_down_apscheduler()

    def _enqueue(self, task_path: str) -> None:
        try:
            still_ours = self._lock.owned()
        except redis.RedisError:
            still_ours = False
        if not still_ours:
            logger.warning("Scheduler %s skipped %s: the lock is no longer its own", self.identity, task_path)
            self._shut_down_apscheduler()
            return
        close_old_connections()  # a long-lived thread: drop a connection the database server closed
        try:
            result = import_string(task_path).enqueue()
        finally:
            close_old_connections()
        with self._fired_lock:
            self.fired += 1
        logger.info("Enqueued %s (task %s)", task_path, result.id)

    def _shut_down_apscheduler(self) -> None:
        scheduler = self._apscheduler
        if scheduler is not None:
            try:
                scheduler.shutdown(wait=False)
            except SchedulerNotRunningError:
                pass

    def _release(self) -> None:
        try:
            self._lock.release()
        except (redis.RedisError, redis.exceptions.LockError):
            pass  # expired or taken over already: nothing of ours to release
        else:
            logger.info("Scheduler %s released the lock", self.identity)
