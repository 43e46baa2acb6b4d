"""What every bench module shares: where things live, the Artiqo environment, subprocess helpers.

The bench never imports Django in the orchestrating process: each Django database (Artiqo's, and
the peer's) is chosen at settings time, so loading and in-process timing run as subprocesses with
their own environment, and run.py only starts processes, sends traffic and prints.
"""

import functools
import hashlib
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the Artiqo checkout
BENCH = Path(__file__).resolve().parent
WORK = Path(os.environ.get("ARTIQO_BENCH_DIR", "/tmp/artiqo-bench"))  # caches survive between runs
LOGS = WORK / "logs"
VENV_PYTHON = Path(sys.executable)  # run.py runs under .venv/bin/python (see the Makefile)
GUNICORN = VENV_PYTHON.parent / "gunicorn"
CACHE_URL = "redis://127.0.0.1:6379/7"


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


@functools.cache  # once per run: files edited meanwhile must not split one run across two keys
def fingerprint() -> str:
    """What a cached Artiqo database depends on: every migration, the pinned packages and the loader.

    A new migration (or a change to how the bench fills rows) gives a new key, so stale databases
    are rebuilt instead of benchmarked. Whether `refresh_listing` exists counts, its body does not
    (it is being edited often; `run.py --rebuild` forces fresh databases after a semantic change).
    """
    digest = hashlib.sha256()
    apps = [d for d in ROOT.iterdir() if d.is_dir() and not d.name.startswith(".")]
    files = sorted(p for app in apps for p in app.glob("**/migrations/*.py"))
    files += [ROOT / "requirements.txt", BENCH / "load.py", BENCH / "pages.py"]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    listing = ROOT / "shop/catalogue/listing.py"
    digest.update(b"refresh_listing" if listing.exists() and b"def refresh_listing" in listing.read_bytes() else b"")
    return digest.hexdigest()[:12]


def sqlite_path(size: int) -> Path:
    return WORK / f"artiqo-{size}-{fingerprint()}.sqlite3"


def mariadb_url(size: int) -> str:
    return f"mysql://root@127.0.0.1:3306/artiqo_bench_{size}"


def media_root(database_url: str) -> Path:
    """Each database gets its own media folder: the demo pictures and thumbnails belong to its rows."""
    return WORK / "media" / hashlib.sha256(database_url.encode()).hexdigest()[:10]


def artiqo_env(database_url: str, *, page_cache_seconds: int = 0, cache_url: str = CACHE_URL) -> dict:
    """Production settings with dummy secrets, loopback hosts and no HTTPS redirect."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="artiqo.settings.production",
        DJANGO_SECRET_KEY="bench-only-not-secret-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        STRIPE_SECRET_KEY="sk_test_bench",
        STRIPE_PUBLISHABLE_KEY="pk_test_bench",
        STRIPE_WEBHOOK_SECRET="whsec_bench",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        DATABASE_URL=database_url,
        CACHE_URL=cache_url,
        EMAIL_URL="consolemail://",  # production refuses to start without one; the bench sends none
        STATIC_ROOT=str(WORK / "static"),
        MEDIA_ROOT=str(media_root(database_url)),
        ANONYMOUS_PAGE_CACHE_SECONDS=str(page_cache_seconds),
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
    )
    env.pop("DJANGO_DEBUG", None)
    return env


def run(cmd: list, *, env: dict | None = None, cwd: Path = ROOT, log: Path | None = None) -> str:
    """Run a command; on failure show its output (or the tail of its log) and stop the bench."""
    result = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-4000:]
        raise SystemExit(f"command failed ({result.returncode}): {' '.join(map(str, cmd))}\n{tail}")
    return result.stdout


def run_json(cmd: list, **kwargs) -> dict:
    """Run a bench subprocess whose last stdout line is JSON (what it printed before goes to the screen)."""
    out = run(cmd, **kwargs).rstrip().splitlines()
    for line in out[:-1]:
        print(f"    {line}", flush=True)
    return json.loads(out[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(port: int, path: str = "/", timeout: float = 60) -> None:
    """Wait until something answers on 127.0.0.1:port (any HTTP status will do)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(f"HEAD {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
                if sock.recv(12).startswith(b"HTTP/"):
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"nothing answered on 127.0.0.1:{port} within {timeout:.0f} s")


def http_get(port: int, path: str, timeout: float = 120) -> tuple[int, dict]:
    """One plain GET to 127.0.0.1 (warm-up and sanity checks); returns (status, headers)."""
    import http.client  # noqa: PLC0415  (stdlib; only this helper needs it)

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        return response.status, dict(response.getheaders())
    finally:
        conn.close()
