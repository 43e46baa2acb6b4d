"""`make bench`: Artiqo under gunicorn beside stock django-oscar 4.2.1, same run, same machine.

usage: .venv/bin/python bench/run.py [--sizes 1000,10000,100000] [--quick] [--mariadb] [--skip-peer]

For each size it builds (or reuses) the bench database, takes in-process figures (test client,
p50/p95 and queries per request), then serves Artiqo (production settings, 2 sync workers, page
cache off), a second Artiqo with the anonymous page cache on, and the peer, and runs wrk against
each page in interleaved rounds so drift on the machine hits all sides alike. It prints a table
per size, the speed targets, and writes /tmp/artiqo-bench/results.json. Only 127.0.0.1 is sent
traffic. Goals are ratios against the peer because absolute req/s depend on the machine.
"""

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime

import databases
import pages
import peer
import report
import servers
from common import LOGS, VENV_PYTHON, WORK, artiqo_env, fingerprint, free_port, run_json, say
from wrk import run_wrk

PEER_SIZES = set(peer.SIZES)


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="artworks per database, comma-separated")
    parser.add_argument("--quick", action="store_true", help="wrk -d5s, 1 round, 10 in-process requests")
    parser.add_argument("--mariadb", action="store_true", help="also in-process figures on MariaDB (10k and up)")
    parser.add_argument("--skip-peer", action="store_true", help="Artiqo only: no peer, no ratios")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached bench databases of these sizes")
    parser.add_argument("--duration", type=int, default=15, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=30, help="timed in-process requests per page")
    parser.add_argument("--page-cache-seconds", type=int, default=300, help="for the cached catalogue")
    parsed = parser.parse_args()
    parsed.sizes = [int(s) for s in parsed.sizes.split(",") if s]
    if parsed.quick:
        parsed.duration, parsed.rounds, parsed.requests = 5, 1, 10
    return parsed


def preflight() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `make bench` installs it (apt-get install -y wrk)")
    if subprocess.run(["redis-cli", "ping"], capture_output=True, text=True).stdout.strip() != "PONG":
        raise SystemExit("Redis does not answer on 127.0.0.1:6379 (the bench caches in db 7)")


def inprocess(database_url: str, opts) -> dict:
    cmd = [VENV_PYTHON, "bench/inprocess.py", "--requests", str(opts.requests)]
    return run_json(cmd, env=artiqo_env(database_url))


def http_figures(size: int, database_url: str, product_path: str, opts) -> dict:
    """Start the servers for one size, warm them, run the interleaved wrk rounds, stop them."""
    servers.flush_redis()
    started = []
    plan = []  # (side, server, page key, path)
    artiqo = servers.Server("artiqo", free_port(), servers.artiqo_starter(database_url, page_cache_seconds=0, tag=size))
    started.append(artiqo)
    plan += [("http", artiqo, p.key, p.path or product_path) for p in pages.ARTIQO if p.http]
    cache_on = servers.artiqo_starter(database_url, page_cache_seconds=opts.page_cache_seconds, tag=f"{size}-cached")
    cached = servers.Server("artiqo (page cache on)", free_port(), cache_on)
    started.append(cached)
    plan += [("http", cached, p.key, p.path) for p in pages.ARTIQO_CACHED]
    if not opts.skip_peer and size in PEER_SIZES:
        other = servers.Server("peer", free_port(), lambda port: peer.start(size, port))
        started.append(other)
        plan += [("peer", other, p.key, p.path or peer.product_path(size)) for p in pages.PEER]
    figures = {"http": {}, "peer": {}}
    rounds = {(side, key): [] for side, _, key, _ in plan}
    statuses = {}
    try:
        for server in started:
            server.start()
        for side, server, key, path in plan:
            statuses[(side, key)], page_cache = server.warm(path)
            if statuses[(side, key)] != 200:
                say(f"{server.name} {path} answers HTTP {statuses[(side, key)]}")
            if key == "catalogue_cached":
                figures["page_cache_header"] = page_cache
                if (page_cache or "").lower() != "hit":
                    say(f"{server.name} {path}: X-Page-Cache is {page_cache!r} after warming, not a hit")
        for number in range(1, opts.rounds + 1):
            say(f"{size:,} artworks, round {number}/{opts.rounds}")
            for side, server, key, path in plan:
                for each in started:
                    each.wait_idle()
                other = servers.busy_fraction()  # CPU used by anything but the (idle) bench servers
                result = {**run_wrk(server.port, path, duration=opts.duration), "other_cpu_before": round(other, 3)}
                rounds[(side, key)].append(result)
                errors = f", {result['errors']} errors" if result["errors"] else ""
                print(f"    {server.name:22} {path[:60]:60} {result['rps']:8.1f} req/s{errors}", flush=True)
    finally:
        for server in started:
            server.stop()
    for (side, key), found in rounds.items():
        if found:
            figures[side][key] = {**report.summarise(found), "status": statuses.get((side, key))}
    figures["restarts"] = {s.name: s.restarts for s in started if s.restarts}
    other = sorted(r["other_cpu_before"] for found in rounds.values() for r in found)
    figures["other_cpu"] = {"median": other[len(other) // 2], "max": other[-1]} if other else None
    return figures


def main() -> None:
    opts = options()
    preflight()
    began = time.perf_counter()
    WORK.mkdir(parents=True, exist_ok=True)
    LOGS.mkdir(parents=True, exist_ok=True)
    results = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "options": vars(opts),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "fingerprint": fingerprint(),
        "wrk": f"wrk -t2 -c16 -d{opts.duration}s --timeout=30s --latency, {opts.rounds} round(s), medians",
        "load": {},
        "sizes": {},
    }
    if not opts.skip_peer:
        peer.ensure_peer()
        for size in sorted(PEER_SIZES & set(opts.sizes)):
            peer.ensure_peer_db(size)
        results["peer"] = peer.version()
    if opts.rebuild:
        databases.forget(opts.sizes)
    urls = {}
    for size in opts.sizes:
        urls[(size, "sqlite")], results["load"][f"sqlite {size}"] = databases.ensure_sqlite(size)
        if opts.mariadb and size >= 10000:
            urls[(size, "mariadb")], results["load"][f"mariadb {size}"] = databases.ensure_mariadb(size)
    servers.collectstatic(urls[(opts.sizes[0], "sqlite")])
    for size in opts.sizes:
        data = results["sizes"][str(size)] = {"inprocess": {}}
        for db in ("sqlite", "mariadb"):
            if (size, db) in urls:
                say(f"in-process figures, {size:,} artworks on {db}")
                found = inprocess(urls[(size, db)], opts)
                data["inprocess"][db] = {k: v for k, v in found["pages"].items()}
                if db == "sqlite":
                    data["product_path"], data["live_artworks"] = found["product_path"], found["live_artworks"]
        data.update(http_figures(size, urls[(size, "sqlite")], data["product_path"], opts))
    results["targets"] = report.targets({int(k): v for k, v in results["sizes"].items()})
    results["seconds"] = round(time.perf_counter() - began, 1)
    report.print_report(results)
    print()
    for label, figures in results["load"].items():
        when = "built earlier, cached" if figures.get("cached") else "built in this run"
        took = f"{figures['total_seconds']:.1f} s {figures['seconds']}" if "seconds" in figures else "time not recorded"
        print(f"load {label} ({when}): {took}")
    report.write_json(results, WORK / "results.json")
    print(f"\nresults: {WORK / 'results.json'}; logs: {LOGS}; took {results['seconds'] / 60:.1f} min")


if __name__ == "__main__":
    sys.exit(main())
