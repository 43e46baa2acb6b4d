"""`make run`'s Django side: prepare the database, then `manage.py runserver`, in one start-up.

runserver's autoreloader runs the server in a child process (`manage.py runserver`, with
RUN_MAIN=true); this parent process has loaded Django anyway, so migrating and checking the
demo data here costs about a second instead of a separate multi-second start-up.

    python scripts/dev_server.py 127.0.0.1:8000
"""

import sys

from prepare_dev_db import ROOT, prepare, setup_django


def main(address: str) -> None:
    setup_django()  # artiqo.settings.dev, explicitly; the runserver child inherits it
    prepare()
    from django.core.management import execute_from_command_line

    # The autoreloader restarts the child from sys.argv, so make it the stock command line.
    sys.argv = [str(ROOT / "manage.py"), "runserver", address]
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8000")
