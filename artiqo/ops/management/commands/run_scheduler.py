"""`manage.py run_scheduler`: the scheduler process of the Procfile (artiqo/ops/scheduler.py)."""

import logging
import signal

from django.core.management.base import BaseCommand

from artiqo.ops.scheduler import Scheduler, lock_client, periodic_tasks


class Command(BaseCommand):
    help = (
        "Enqueue the periodic jobs of PERIODIC_TASKS on time. Start one per machine if you like: only the one "
        "holding the Redis lock fires, the others wait to take over. SIGTERM or Ctrl-C stops it cleanly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="Print the periodic jobs and exit.")

    def handle(self, *args, **options):
        jobs = periodic_tasks()
        if options["list"]:
            for job in jobs:
                self.stdout.write(f"{job.task}  {job.trigger}  {job.why}")
            return
        # Like db_worker: -v1 (the default) logs taking, waiting for and losing the lock, and each firing.
        logging.getLogger("artiqo.ops.scheduler").setLevel(
            {0: logging.WARNING, 1: logging.INFO}.get(options["verbosity"], logging.DEBUG)
        )
        scheduler = Scheduler(client=lock_client(), jobs=jobs)
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: scheduler.stop())
        scheduler.run()
        self.stdout.write(f"Scheduler {scheduler.identity} stopped after enqueueing {scheduler.fired} task(s).")
