"""In-process figures: warm requests through Django's test client, with SQL queries counted.

usage (run.py calls it with the production environment of common.artiqo_env):
    DATABASE_URL=... python bench/inprocess.py --requests 30 --budget 20

No server and no network: this isolates the view, its queries and its templates from gunicorn and
the socket, and counts queries per request (CaptureQueriesContext works with DEBUG off). Each page
gets one warm-up request (thumbnails, compiled templates, site root), then up to --requests timed
ones, stopping early once --budget seconds are spent so a pathologically slow page cannot stall
the run. A page that errors is reported, not fixed. The last line printed is JSON.
"""

import argparse
import json
import statistics
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

import pages  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from oscar.core.loading import get_model  # noqa: E402

Product = get_model("catalogue", "Product")


def product_path() -> str:
    """A live artwork's page: the newest, which is one of the bulk-created ones."""
    artwork = Product.objects.live().order_by("-pk").first()
    return artwork.get_absolute_url() if artwork else "/shop/catalogue/missing/"


def percentile(sorted_values: list[float], fraction: float) -> float:
    index = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def measure(client: Client, path: str, requests: int, budget: float) -> dict:
    try:
        started = time.perf_counter()
        response = client.get(path)  # warm-up
        warm_ms = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            return {"status": response.status_code, "error": f"HTTP {response.status_code}", "warm_ms": warm_ms}
        timings, queries = [], []
        deadline = time.perf_counter() + budget
        while len(timings) < requests and (not timings or time.perf_counter() < deadline):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
            queries.append(len(captured.captured_queries))
            if response.status_code != 200:
                return {"status": response.status_code, "error": f"HTTP {response.status_code}"}
        timings.sort()
        return {
            "status": 200,
            "samples": len(timings),
            "warm_ms": round(warm_ms, 1),
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(percentile(timings, 0.95), 1),
            "queries": max(queries),
        }
    except Exception as error:  # noqa: BLE001  (a broken page is a figure to report, not a crash)
        last = traceback.format_exc().strip().splitlines()[-1]
        print(f"{path}: {type(error).__name__}: {last}", flush=True)
        return {"status": None, "error": last[:300]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per page before stopping early")
    options = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    try:
        product = product_path()
    except Exception as error:  # noqa: BLE001
        print(f"no product page: {error}", flush=True)
        product = "/shop/catalogue/missing/"
    results = {"product_path": product, "vendor": connection.vendor, "pages": {}}
    for page in pages.ARTIQO:
        path = page.path or product
        result = measure(client, path, options.requests, options.budget)
        results["pages"][page.key] = {"path": path, **result}
        shown = f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms" if "p95_ms" in result else result["error"]
        print(f"{page.label:40} {shown}, {result.get('queries', '?')} queries", flush=True)
    results["live_artworks"] = Product.objects.live().count()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
