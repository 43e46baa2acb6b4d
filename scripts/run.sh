#!/usr/bin/env bash
# `make run`: serve localstripe and Django on loopback, after migrating and loading the demo data once.
# Ctrl-C stops both. runserver stays in the foreground, so breakpoint()/pdb work in views.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
HOST=127.0.0.1
PORT=${PORT:-8000}
LOCALSTRIPE_PORT=${LOCALSTRIPE_PORT:-8420}
localstripe_url="http://$HOST:$LOCALSTRIPE_PORT"
# Development, whatever the shell says (wsgi.py alone defaults to production settings).
export DJANGO_SETTINGS_MODULE=artiqo.settings.dev
# Stripe calls go to this localstripe, unless the environment gives a real test key (or another base).
if [ -z "${STRIPE_SECRET_KEY:-}" ]; then
    export STRIPE_API_BASE="${STRIPE_API_BASE:-$localstripe_url}"
fi
export PYTHONUNBUFFERED=1

localstripe_pid=""

stop_localstripe() {
    [ -n "$localstripe_pid" ] || return 0
    # localstripe runs in its own session (setsid): signal its whole process group.
    kill -TERM -- "-$localstripe_pid" 2>/dev/null || true
    wait "$localstripe_pid" 2>/dev/null || true
    localstripe_pid=""
}
trap stop_localstripe EXIT
trap 'exit 0' INT  # Ctrl-C is the normal way to stop
trap 'exit 143' TERM HUP

localstripe_answers() {
    curl -fsS -o /dev/null -u sk_test_artiqo: "$localstripe_url/v1/customers?limit=1" 2>/dev/null
}

if localstripe_answers; then
    echo "==> localstripe already answering on $localstripe_url; using that one"
else
    # localstripe posts its events to our webhook, signed with the secret dev settings expect.
    localstripe_args=(--host "$HOST" --port "$LOCALSTRIPE_PORT"
                      --webhook-url "${LOCALSTRIPE_WEBHOOK_URL:-http://$HOST:$PORT/payments/stripe/webhook/}"
                      --webhook-secret "${STRIPE_WEBHOOK_SECRET:-whsec_artiqo_dev}")
    # Its own session, so only runserver sees the terminal's Ctrl-C and the EXIT trap stops this.
    # Its access log (a line per Stripe call; ~110 while the demo history is first written) goes to a file.
    mkdir -p .localstripe
    setsid "$PY" scripts/localstripe_server.py "${localstripe_args[@]}" >> .localstripe/localstripe.log 2>&1 &
    localstripe_pid=$!
    for _ in $(seq 100); do
        localstripe_answers && break
        if ! kill -0 "$localstripe_pid" 2>/dev/null; then
            echo "localstripe failed to start on $localstripe_url" >&2
            exit 1
        fi
        sleep 0.1
    done
    localstripe_answers || { echo "localstripe did not answer on $localstripe_url" >&2; exit 1; }
fi

echo "==> Artiqo on http://$HOST:$PORT/ (studio /cms/, dashboard /dashboard/, API /api/v1/docs/); Ctrl-C stops it"
"$PY" scripts/dev_server.py "$HOST:$PORT"
