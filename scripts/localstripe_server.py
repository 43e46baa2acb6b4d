"""Serve localstripe (the fake Stripe API) on loopback only, keeping its state under .localstripe/.

localstripe's own CLI binds every interface (`::`) and keeps its state in /tmp/localstripe.pickle;
a fake payment provider that accepts any key must not be reachable from the network, so this
runs the same aiohttp app bound to 127.0.0.1 and stores its state inside the project.

    python scripts/localstripe_server.py [--host 127.0.0.1] [--port 8420] [--from-scratch]
        [--webhook-url URL --webhook-secret SECRET]
"""

import argparse
import logging
import pickle
import sys
from pathlib import Path

from aiohttp import web
from localstripe.resources import Store, store
from localstripe.server import app
from localstripe.webhooks import register_webhook

LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost"}
DEFAULT_STATE_FILE = Path(__file__).resolve().parent.parent / ".localstripe" / "store.pickle"


def keep_state_in(state_file: Path) -> None:
    """Point localstripe's load/dump at our own file instead of the world-writable /tmp one."""

    def load(self: Store) -> None:
        try:
            with state_file.open("rb") as f:
                saved = pickle.load(f)  # noqa: S301  (our own file, written by this process)
        except (FileNotFoundError, EOFError, pickle.UnpicklingError):
            return
        self.clear()
        self.update(saved)

    def dump(self: Store) -> None:
        state_file.parent.mkdir(parents=True, exist_ok=True)
        partial = state_file.with_suffix(".tmp")
        with partial.open("wb") as f:
            pickle.dump(self, f, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(state_file)

    Store.try_load_from_disk = load
    Store.dump_to_disk = dump


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8420)
    parser.add_argument("--state-file", type=Path, default=DEFAULT_STATE_FILE)
    parser.add_argument("--from-scratch", action="store_true", help="forget the saved state")
    parser.add_argument("--webhook-url", help="deliver Stripe events to this URL")
    parser.add_argument("--webhook-secret", help="signing secret for --webhook-url (STRIPE_WEBHOOK_SECRET)")
    args = parser.parse_args(argv)

    if args.host not in LOOPBACK_HOSTS:
        parser.error(f"refusing to bind {args.host}: localstripe accepts any API key, keep it on loopback")
    if bool(args.webhook_url) != bool(args.webhook_secret):
        parser.error("--webhook-url and --webhook-secret go together")

    keep_state_in(args.state_file)
    if args.from_scratch:
        store.clear()
        store.dump_to_disk()
    else:
        store.try_load_from_disk()
    if args.webhook_url:
        register_webhook("artiqo", args.webhook_url, args.webhook_secret, None)

    access_log = logging.getLogger("aiohttp.access")
    access_log.setLevel(logging.INFO)
    access_log.addHandler(logging.StreamHandler())
    web.run_app(
        app,
        host=args.host,
        port=args.port,
        access_log=access_log,
        print=lambda message: print(message.replace("Running on", "localstripe on"), flush=True),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
