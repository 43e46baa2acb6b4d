"""`make bench-capacity`: requests per second of ONE gunicorn worker of the `make serve` shape.

usage: .venv/bin/python bench/capacity.py [--duration 10] [--rounds 2] [--connections 4]

What one sync worker serves is the unit for sizing a deployment: the app processes are stateless,
so N workers on M machines serve about N × M times this, until MariaDB or Redis is the limit. The
server is the Procfile's `web` command with WEB_CONCURRENCY=1 and the `make serve` environment
(production settings, MariaDB `artiqo_serve` with the demo, Redis, WhiteNoise), started twice:
with the anonymous page cache off (every request renders) and on (a visitor who is not logged in
gets the stored page). wrk measures the catalogue's first page and one artwork page on each, in
rounds; the median round is printed. Run `make serve` once first: it creates the database, the
demo data, the secret key and the static files this reuses. Only 127.0.0.1 is sent traffic.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import urllib.request

from common import LOGS, ROOT, VENV_PYTHON, WORK, free_port, say
from servers import Server, busy_fraction
from wrk import run_wrk

SERVE_STATE = ROOT / ".serve"
DATABASE_URL = os.environ.get("SERVE_DATABASE_URL", "mysql://root@127.0.0.1:3306/artiqo_serve")
# Its own Redis db, emptied before each server starts: a measurement never reads another's pages.
CACHE_URL = os.environ.get("CAPACITY_CACHE_URL", "redis://127.0.0.1:6379/14")
PAGE_CACHE_SECONDS = {"off": 0, "on": 300}


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=2, help="wrk runs per page; the median is reported")
    parser.add_argument("--connections", type=int, default=4, help="open connections (they queue on one worker)")
    return parser.parse_args()


def serve_env(page_cache_seconds: int) -> dict:
    """The environment scripts/serve.sh gives its processes, with one gunicorn worker."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        PATH=f"{VENV_PYTHON.parent}{os.pathsep}{os.environ['PATH']}",
        DJANGO_SETTINGS_MODULE="artiqo.settings.production",
        DJANGO_SECRET_KEY=(SERVE_STATE / "secret").read_text().strip(),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=DATABASE_URL,
        CACHE_URL=CACHE_URL,
        EMAIL_URL="consolemail://",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        STRIPE_API_BASE="http://127.0.0.1:8420",
        STRIPE_SECRET_KEY="sk_test_artiqo_serve",
        STRIPE_PUBLISHABLE_KEY="pk_test_artiqo_serve",
        STRIPE_WEBHOOK_SECRET="whsec_artiqo_serve",
        MEDIA_ROOT=str(SERVE_STATE / "media"),
        WEB_CONCURRENCY="1",
        ANONYMOUS_PAGE_CACHE_SECONDS=str(page_cache_seconds),
        LOG_LEVEL="WARNING",
    )
    env.pop("PORT", None)  # gunicorn.conf.py would listen on 0.0.0.0:$PORT
    return env


def web_command() -> list[str]:
    """The Procfile's web line: what production runs."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return line.split(":", 1)[1].split()
    raise SystemExit("no `web:` line in the Procfile")


def starter(page_cache: str):
    def start(port: int) -> subprocess.Popen:
        LOGS.mkdir(parents=True, exist_ok=True)
        log = open(LOGS / f"capacity-page-cache-{page_cache}.log", "a")  # noqa: SIM115  (lives as long as the server)
        return subprocess.Popen(
            [*web_command(), "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=serve_env(PAGE_CACHE_SECONDS[page_cache]),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    return start


def preflight() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `make bench-capacity` installs it (apt-get install -y wrk)")
    if not (SERVE_STATE / "secret").exists():
        raise SystemExit("no .serve/secret: run `make serve` once first (database, demo data, static files)")
    if subprocess.run(["redis-cli", "ping"], capture_output=True, text=True).stdout.strip() != "PONG":
        raise SystemExit("Redis does not answer on 127.0.0.1:6379: `make serve` starts it")


def flush_cache() -> None:
    database = CACHE_URL.rsplit("/", 1)[1]
    subprocess.run(["redis-cli", "-n", database, "FLUSHDB"], check=True, capture_output=True)


def artwork_path(port: int) -> str:
    """A live artwork's page, as the API lists it."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/products/?page_size=1", timeout=60) as response:
        listing = json.load(response)
    if not listing["results"]:
        raise SystemExit("the serve database has no artworks: run `make serve` once first")
    return "/" + listing["results"][0]["url"].split("/", 3)[3]


def measure(server: Server, path: str, opts) -> dict:
    status, page_cache = server.warm(path)
    if status != 200:
        raise SystemExit(f"{path} answered {status}; see {LOGS}")
    runs = []
    for _ in range(opts.rounds):
        server.wait_idle()
        runs.append(run_wrk(server.port, path, duration=opts.duration, threads=1, connections=opts.connections))
    median = sorted(runs, key=lambda run: run["rps"])[len(runs) // 2]
    return {
        "path": path,
        "x_page_cache": page_cache,
        "rps": round(statistics.median(run["rps"] for run in runs), 1),
        "p50_ms": median["p50_ms"],
        "p99_ms": median["p99_ms"],
        "errors": sum(run["errors"] for run in runs),
    }


def main() -> int:
    opts = options()
    preflight()
    results = []
    for page_cache in PAGE_CACHE_SECONDS:
        flush_cache()
        server = Server(f"one worker, page cache {page_cache}", free_port(), starter(page_cache))
        say(f"gunicorn, 1 worker, anonymous page cache {page_cache}, on 127.0.0.1:{server.port}")
        server.start()
        try:
            pages = {"catalogue page 1": "/shop/", "artwork page": artwork_path(server.port)}
            server.wait_idle()
            other_load = busy_fraction()
            for label, path in pages.items():
                figures = measure(server, path, opts)
                results.append({"page": label, "page_cache": page_cache, "other_load": round(other_load, 2), **figures})
                say(f"{label:17} cache {page_cache:3}  {figures['rps']:7.1f} req/s  p50 {figures['p50_ms']} ms")
        finally:
            server.stop()
    print_table(results, opts)
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "capacity.json").write_text(json.dumps(results, indent=2))
    say(f"figures also in {WORK / 'capacity.json'}")
    return 0


def print_table(results: list[dict], opts) -> None:
    cores = os.cpu_count()
    print(
        f"\nOne gunicorn sync worker (WEB_CONCURRENCY=1), production settings, MariaDB + Redis, {cores} cores; "
        f"wrk -t1 -c{opts.connections} -d{opts.duration}s, median of {opts.rounds}"
    )
    print(f"{'page':18} {'page cache':10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}  X-Page-Cache")
    for row in results:
        print(
            f"{row['page']:18} {row['page_cache']:10} {row['rps']:8.1f} {row['p50_ms'] or 0:8.1f} "
            f"{row['p99_ms'] or 0:8.1f} {row['errors']:7d}  {row['x_page_cache'] or '-'}"
        )
    busiest = max(row["other_load"] for row in results)
    if busiest > 0.15:
        print(f"(other work used up to {busiest:.0%} of the CPUs while the server was idle: figures are low)")


if __name__ == "__main__":
    sys.exit(main())
