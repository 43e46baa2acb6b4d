"""Gunicorn processes for the HTTP figures: start, wait until idle, stop.

With 16 connections on 2 sync workers, requests queued in the listen backlog are still served
after wrk stops, and would overlap (and slow) the next measurement. So between runs we poll the
CPU time of the master's workers in /proc/<pid>/stat until it stops increasing. A very slow page
can leave minutes of queued work; past a cap the server is restarted instead of waited for.
"""

import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from common import GUNICORN, LOGS, ROOT, artiqo_env, http_get, run, say, wait_for_http

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Server:
    """One gunicorn master on 127.0.0.1:port; `start` (re)creates the process."""

    name: str
    port: int
    start_fn: object  # callable(port) -> Popen
    process: subprocess.Popen | None = None
    restarts: int = field(default=0)

    def start(self) -> None:
        self.process = self.start_fn(self.port)
        try:
            wait_for_http(self.port, timeout=90)
        except SystemExit:
            self.stop()
            raise

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)  # gunicorn runs in its own session (start_new_session)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.restarts += 1
        self.start()

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def worker_cpu_seconds(self) -> float:
        total = 0
        for pid in self.worker_pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        return total / CLOCK_TICKS

    def wait_idle(self, cap: float = 90, quiet: float = 1.0) -> float:
        """Block until the workers used no CPU for `quiet` seconds; restart the server past `cap`."""
        started = time.monotonic()
        last, still_since = self.worker_cpu_seconds(), time.monotonic()
        while time.monotonic() - still_since < quiet:
            time.sleep(0.25)
            now = self.worker_cpu_seconds()
            if now > last + 0.5 / CLOCK_TICKS:
                last, still_since = now, time.monotonic()
            if time.monotonic() - started > cap:
                say(f"{self.name} still busy after {cap:.0f} s (queued slow requests): restarting it")
                self.restart()
                break
        return time.monotonic() - started

    def warm(self, path: str) -> tuple[int, str | None]:
        """Three plain requests so each sync worker most likely served the page before measuring.

        Returns the last status and X-Page-Cache header (HIT/MISS when the anonymous page cache is on).
        """
        status, headers = 0, {}
        for _ in range(3):
            try:
                status, headers = http_get(self.port, path)
            except OSError:
                status, headers = 0, {}
        return status, headers.get("X-Page-Cache")


def busy_fraction(window: float = 0.5) -> float:
    """Share of all CPUs busy over `window` seconds (/proc/stat); taken while the bench's servers are idle,
    it is other work on the machine, which skews every figure (a test suite alongside halves them)."""

    def sample():
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = values[3] + values[4]  # idle + iowait
        return sum(values), idle

    total0, idle0 = sample()
    time.sleep(window)
    total1, idle1 = sample()
    return 1 - (idle1 - idle0) / max(1, total1 - total0)


def collectstatic(database_url: str) -> None:
    """Production serves ManifestStaticFilesStorage names: collect into the bench's STATIC_ROOT once per run."""
    started = time.perf_counter()
    run([GUNICORN.parent / "python", "manage.py", "collectstatic", "--noinput", "-v0"], env=artiqo_env(database_url))
    say(f"collectstatic in {time.perf_counter() - started:.1f} s")


def flush_redis() -> None:
    run(["redis-cli", "-n", "7", "FLUSHDB"])


def artiqo_starter(database_url: str, *, page_cache_seconds: int, tag: str):
    """A function that starts Artiqo's gunicorn with production settings on a given port."""

    def start(port: int) -> subprocess.Popen:
        env = artiqo_env(database_url, page_cache_seconds=page_cache_seconds)
        LOGS.mkdir(parents=True, exist_ok=True)
        log = open(LOGS / f"artiqo-gunicorn-{tag}.log", "a")  # noqa: SIM115  (lives as long as the server)
        cmd = [GUNICORN, "artiqo.wsgi:application", "--workers", "2", "--bind", f"127.0.0.1:{port}"]
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    return start
