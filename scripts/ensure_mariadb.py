"""Make sure the MariaDB server named by DATABASE_URL answers, starting a local one if it is down.

Used by `make test-mariadb`. Connects without a database name: Django's test runner creates
and drops `test_<name>` itself. A local server (127.0.0.1/localhost) that does not answer is
started with start-stop-daemon, as on the CI machine, and waited for.
"""

import os
import shutil
import subprocess
import sys
import time

import environ
import MySQLdb

MARIADBD = "/usr/sbin/mariadbd"
LOCAL_HOSTS = {"", "127.0.0.1", "localhost", "::1"}


def connect(config: dict) -> None:
    """Open and close one connection; raise MySQLdb.OperationalError if the server is not there."""
    kwargs = {"user": config["USER"] or "root", "passwd": config["PASSWORD"] or "", "connect_timeout": 3}
    if config["HOST"] and config["HOST"].startswith("/"):
        kwargs["unix_socket"] = config["HOST"]
    else:
        kwargs["host"] = config["HOST"] or "127.0.0.1"
        kwargs["port"] = int(config["PORT"] or 3306)
    MySQLdb.connect(**kwargs).close()


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    config = environ.Env.db_url_config(url)
    if config["ENGINE"] != "django.db.backends.mysql":
        sys.stderr.write(f"DATABASE_URL is not a mysql:// URL: {url!r}\n")
        return 2
    try:
        connect(config)
        return 0
    except MySQLdb.OperationalError as error:
        first_error = error

    can_start = os.path.exists(MARIADBD) and shutil.which("start-stop-daemon")
    if config["HOST"] not in LOCAL_HOSTS or not can_start:
        sys.stderr.write(f"MariaDB at {config['HOST']}:{config['PORT']} does not answer: {first_error}\n")
        return 1
    print("==> MariaDB is not answering; starting it", flush=True)
    subprocess.run(
        ["start-stop-daemon", "--start", "--oknodo", "--background", "--exec", MARIADBD],
        check=True,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            connect(config)
            return 0
        except MySQLdb.OperationalError as error:
            if time.monotonic() > deadline:
                sys.stderr.write(f"MariaDB did not come up within 60 s: {error}\n")
                return 1
            time.sleep(0.5)


if __name__ == "__main__":
    sys.exit(main())
