"""How every process logs: one line per event, with its time, level, logger, message and request id.

Production writes JSON lines (python-json-logger), development the same fields as readable text. The
app's lines go to stderr (so a command's own output stays clean on stdout), gunicorn's to stdout; the
platform collects both. The request id is django-guid's (the X-Request-ID header,
answered on every response), so a buyer's complaint, the app's lines and gunicorn's access line of the
same request can be found together.

Both Django's settings and gunicorn.conf.py build their config here. gunicorn's master has not loaded
Django, so its own loggers take the request id from the response header instead of django-guid.
"""

import logging

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
# The access line's message; method, path, status and duration also go into fields of their own.
ACCESS_LOG_FORMAT = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms'
REQUEST_ID_HEADER_ATOM = "{x-request-id}o"  # gunicorn's name for the response's X-Request-ID


def formatters() -> dict:
    """`json`: one JSON object per line with time, level, logger, message and request_id; `text`: the same, readable."""
    return {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": ["levelname", "name", "message", "request_id"],
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601 in UTC
        },
        "text": {"format": TEXT_FORMAT},
    }


def logging_config(*, log_format: str = "text", level: str = "WARNING") -> dict:
    """Django's LOGGING: every line through one handler that stamps it with the current request id."""
    if log_format not in ("json", "text"):
        raise ValueError(f"LOG_FORMAT must be json or text, not {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": formatters(),
        # django-guid's filter reads the id its middleware set for this request (None outside one).
        "filters": {
            "request_id": {"()": "django_guid.log_filters.CorrelationId", "correlation_id_field": "request_id"}
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                # stderr: a command's own output (dumpdata, say) stays clean on stdout.
                "stream": "ext://sys.stderr",
                "formatter": log_format,
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own loggers print requests and warnings; don't echo them through the root too.
            "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
            # It says "generated a new id" at INFO on every request.
            "django_guid": {"level": "WARNING"},
            # It logs "Running job" / "executed successfully" for every firing, the lock's heartbeat included;
            # the scheduler logs what it enqueues itself.
            "apscheduler": {"level": "WARNING"},
        },
    }


class ServerLine(logging.Filter):
    """gunicorn's own lines (a worker booted, timed out) belong to no request."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = None
        return True


class AccessLine(logging.Filter):
    """Give gunicorn's access line the request id the app answered with, and its parts as fields."""

    def filter(self, record: logging.LogRecord) -> bool:
        atoms = record.args if isinstance(record.args, dict) else {}
        record.request_id = atoms.get(REQUEST_ID_HEADER_ATOM)
        record.method = atoms.get("m")
        record.path = atoms.get("U")
        record.status = atoms.get("s")
        record.duration_ms = atoms.get("M")
        return True


def gunicorn_logging_config(*, log_format: str = "json", level: str = "INFO") -> dict:
    """gunicorn's `logconfig_dict`: its error and access lines in the app's format, on stdout."""
    config = logging_config(log_format=log_format, level=level)

    def handler(line_filter: str) -> dict:
        return {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": log_format,
            "filters": [line_filter],
        }

    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": config["formatters"],
        "filters": {"server": {"()": ServerLine}, "access": {"()": AccessLine}},
        "handlers": {"server": handler("server"), "access": handler("access")},
        "root": {"handlers": ["server"], "level": level},
        "loggers": {
            "gunicorn.error": {"handlers": ["server"], "level": level, "propagate": False},
            "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        },
    }


def tag_with_request_id(event: dict, hint: dict) -> dict:
    """Sentry's before_send: the error carries the X-Request-ID its request answered with and logged under."""
    from django_guid import get_guid  # not at import: django-guid reads Django's settings, which import this module

    request_id = get_guid()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event
