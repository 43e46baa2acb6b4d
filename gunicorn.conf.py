"""gunicorn's settings for `gunicorn artiqo.wsgi` (the Procfile's web process), read from the environment.

PORT set (a platform's router): listen on 0.0.0.0:$PORT; unset: loopback 127.0.0.1:8000 only.
WEB_CONCURRENCY: sync worker processes (default 2 × cores + 1, at most 8). Each serves one request at a
time and keeps its own database connection, so workers × app processes must stay under the database's
connection limit. The access log is one JSON line per request in the app's format, with the request id
the app answered with (X-Request-ID), so it joins the app's own lines of that request.
"""

import multiprocessing
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # artiqo.ops.logs, before Django loads

from artiqo.ops.logs import ACCESS_LOG_FORMAT, gunicorn_logging_config  # noqa: E402

wsgi_app = "artiqo.wsgi:application"
bind = f"0.0.0.0:{os.environ['PORT']}" if os.environ.get("PORT") else "127.0.0.1:8000"
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 8))
# A request still running after this long is a stuck worker: gunicorn kills and replaces it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
# On SIGTERM (a deploy), requests in flight get this long to finish.
graceful_timeout = 30
# Seconds an idle keep-alive connection from a proxy in front is held open.
keepalive = 5
# Recycling workers (a fresh one every N requests, against slow memory growth) is off unless asked for:
# a replacement worker loads the app and warms its caches first, and with 2,000 it showed as ~2 s pauses
# in the p99 of a busy single worker (bench/capacity.py: p99 2,160 ms with it, 8 ms without).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 10  # so workers don't restart together
# gunicorn 27's control socket (for `gunicornc`) is one path per user: several instances on one machine
# (`make serve` beside the tests) would take it from each other. Signals do the same job.
control_socket_disable = True

loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = ACCESS_LOG_FORMAT
logconfig_dict = gunicorn_logging_config(log_format=os.environ.get("LOG_FORMAT", "json"), level=loglevel.upper())
