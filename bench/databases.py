"""Which Artiqo bench databases exist, and building the missing ones with load.py.

Databases are cached in /tmp/artiqo-bench keyed by size and common.fingerprint() (migrations,
loader, listing code), so a second `make bench` benches at once and a new migration rebuilds.
Migrating and loading the demo data takes ~35 s on SQLite, so that part is built once per
fingerprint as a base file that each size starts from as a copy (with its media folder).
A `.done` file beside a database says it was completed; one without it is rebuilt.
"""

import json
import shutil
import subprocess
import time

from common import LOGS, VENV_PYTHON, WORK, artiqo_env, fingerprint, mariadb_url, media_root, run, say


def _load(database_url: str, size: int, log_name: str) -> dict:
    env = artiqo_env(database_url, cache_url="locmemcache://")
    cmd = [VENV_PYTHON, "bench/load.py", "--size", str(size)]
    started = time.perf_counter()
    out = run(cmd, env=env, log=LOGS / f"{log_name}.log").strip().splitlines()
    result = json.loads(out[-1])
    result["total_seconds"] = round(time.perf_counter() - started, 1)
    return result


def _cached(done) -> dict:
    """The load figures recorded when a cached database was built (older marks hold none)."""
    try:
        return {**json.loads(done.read_text()), "cached": True}
    except ValueError:
        return {"cached": True}


def _sqlite_files(path):
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _drop_stale(pattern: str, keep: str) -> None:
    for old in WORK.glob(pattern):
        if not old.name.startswith(keep):
            old.unlink(missing_ok=True)


def forget(sizes: list[int]) -> None:
    """`--rebuild`: drop the `.done` marks of the base and these sizes, so they are built afresh."""
    for done in [
        WORK / f"artiqo-base-{fingerprint()}.sqlite3.done",
        *(WORK / f"artiqo_bench_{n}-{fingerprint()}.mariadb.done" for n in sizes),
    ]:
        done.unlink(missing_ok=True)
    for size in sizes:
        (WORK / f"artiqo-{size}-{fingerprint()}.sqlite3.done").unlink(missing_ok=True)


def _base() -> str:
    """Migrated + demo data, the common start of every size (`--size 45` adds no bulk artworks)."""
    path = WORK / f"artiqo-base-{fingerprint()}.sqlite3"
    done = path.with_name(path.name + ".done")
    url = f"sqlite:///{path}"
    if not done.exists():
        _drop_stale("artiqo-base-*", path.name)
        for file in _sqlite_files(path):
            file.unlink(missing_ok=True)
        shutil.rmtree(media_root(url), ignore_errors=True)
        say("migrating and loading the demo data into the base database")
        result = _load(url, 45, "load-base")
        print(f"    {result['seconds']}", flush=True)
        done.write_text("ok")
    return url


def ensure_sqlite(size: int) -> tuple[str, dict | None]:
    """The SQLite database of `size` artworks (a DATABASE_URL) and its load figures (`cached` if built earlier)."""
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"artiqo-{size}-{fingerprint()}.sqlite3"
    done = path.with_name(path.name + ".done")
    url = f"sqlite:///{path}"
    if done.exists():
        return url, _cached(done)
    base = _base()
    _drop_stale(f"artiqo-{size}-*", path.name)
    say(f"building the {size:,}-artwork SQLite database")
    started = time.perf_counter()
    for file in _sqlite_files(path):
        file.unlink(missing_ok=True)
    shutil.copyfile(base.removeprefix("sqlite:///"), path)
    shutil.rmtree(media_root(url), ignore_errors=True)
    shutil.copytree(media_root(base), media_root(url))
    result = _load(url, size, f"load-{size}")
    result["total_seconds"] = round(time.perf_counter() - started, 1)
    print(f"    {size:,} artworks loaded in {result['total_seconds']:.1f} s: {result['seconds']}", flush=True)
    done.write_text(json.dumps(result))
    return url, result


def ensure_mariadb(size: int) -> tuple[str, dict | None]:
    """The MariaDB database artiqo_bench_<size>, rebuilt from scratch when the fingerprint changed."""
    url = mariadb_url(size)
    done = WORK / f"artiqo_bench_{size}-{fingerprint()}.mariadb.done"
    name = url.rsplit("/", 1)[1]
    exists = subprocess.run(["mysql", "-uroot", "-h127.0.0.1", "-e", f"USE {name}"], capture_output=True)
    if done.exists() and exists.returncode == 0:
        return url, _cached(done)
    _drop_stale(f"artiqo_bench_{size}-*.mariadb.done", done.name)
    say(f"building the {size:,}-artwork MariaDB database {name}")
    sql = f"DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
    run(["mysql", "-uroot", "-h127.0.0.1", "-e", sql])
    shutil.rmtree(media_root(url), ignore_errors=True)
    result = _load(url, size, f"load-mariadb-{size}")
    print(f"    {size:,} artworks loaded in {result['total_seconds']:.1f} s: {result['seconds']}", flush=True)
    done.write_text(json.dumps(result))
    return url, result
