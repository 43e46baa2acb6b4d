#!/usr/bin/env bash
# `make serve`: the production shape on this machine, on http://127.0.0.1:8000/.
#
# Production settings (artiqo.settings.production) against MariaDB (database artiqo_serve) and Redis,
# both started here when down; the Procfile's release step, the demo data once, then the Procfile's
# web (gunicorn), worker (db_worker) and scheduler run together by honcho. Ctrl-C stops all of it.
# Three things differ from a real deployment, each said when it starts: plain HTTP on loopback
# (SECURE_SSL_REDIRECT=false, SECURE_COOKIES=false), email printed by the worker (consolemail://),
# and localstripe on :8420 as an explicit staging Stripe (STRIPE_API_BASE, dummy sk_test keys).
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$PWD/.venv/bin:$PATH"  # the Procfile says `python`, `gunicorn`: this checkout's venv
HOST=127.0.0.1
PORT=8000
LOCALSTRIPE_PORT=8420
STATE=.serve  # git-ignored: the secret key, localstripe's state, uploaded media
SERVE_DATABASE_URL=${SERVE_DATABASE_URL:-mysql://root@127.0.0.1:3306/artiqo_serve}
SERVE_CACHE_URL=${SERVE_CACHE_URL:-redis://127.0.0.1:6379/1}
REDIS_START=(redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no
             --dir /var/lib/redis --logfile /var/log/redis/ci.log)

say() { echo "==> $*"; }
fail() { echo "make serve: $*" >&2; exit 1; }

port_is_free() {
    python -c 'import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try: s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError: sys.exit(1)' "$1"
}

port_is_free "$PORT" || fail "something already listens on $HOST:$PORT (\`make run\`? another \`make serve\`?); stop it first."
port_is_free "$LOCALSTRIPE_PORT" || fail "something already listens on $HOST:$LOCALSTRIPE_PORT, where this staging run puts localstripe; stop it first."

# --- MariaDB and Redis, started when down ----------------------------------------------------
DATABASE_URL=$SERVE_DATABASE_URL python scripts/ensure_mariadb.py \
    || fail "no MariaDB at $SERVE_DATABASE_URL, and none could be started here (install mariadb-server)."
# The database and .serve/ (secret key, uploaded pictures, localstripe's records) are one state: a fresh
# .serve/ (first run, or after `make clean`) starts the database over too, or its pictures would be missing.
[ -d "$STATE" ] && SERVE_FRESH="" || SERVE_FRESH=1
SERVE_FRESH=$SERVE_FRESH DATABASE_URL=$SERVE_DATABASE_URL python -c 'import os, environ, MySQLdb
config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
connection = MySQLdb.connect(host=config["HOST"] or "127.0.0.1", port=int(config["PORT"] or 3306),
                             user=config["USER"] or "root", passwd=config["PASSWORD"] or "")
name = config["NAME"]
if os.environ["SERVE_FRESH"]:
    connection.cursor().execute(f"DROP DATABASE IF EXISTS `{name}`")
connection.cursor().execute(f"CREATE DATABASE IF NOT EXISTS `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
connection.close()'

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    command -v redis-server >/dev/null || fail "Redis does not answer on 127.0.0.1:6379 and redis-server is not installed."
    say "Redis is not answering; starting it"
    "${REDIS_START[@]}"
    for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.1; done
    redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || fail "Redis did not come up on 127.0.0.1:6379."
fi

if [ -n "$SERVE_FRESH" ]; then  # pages and counts cached for the database just started over
    python -c 'import sys, redis; redis.Redis.from_url(sys.argv[1]).flushdb()' "$SERVE_CACHE_URL"
fi

# --- the environment every process reads (README, "Production") ------------------------------
mkdir -p "$STATE"
if [ ! -s "$STATE/secret" ]; then
    (umask 077 && python -c 'import secrets; print(secrets.token_urlsafe(50))' > "$STATE/secret")
fi
export DJANGO_SETTINGS_MODULE=artiqo.settings.production
DJANGO_SECRET_KEY=$(cat "$STATE/secret")
export DJANGO_SECRET_KEY
export ALLOWED_HOSTS="$HOST,localhost"
export SITE_URL="http://$HOST:$PORT"
export DATABASE_URL=$SERVE_DATABASE_URL
export CACHE_URL=$SERVE_CACHE_URL
export EMAIL_URL=consolemail://
export SECURE_SSL_REDIRECT=false SECURE_COOKIES=false
export STRIPE_API_BASE="http://$HOST:$LOCALSTRIPE_PORT"
export STRIPE_SECRET_KEY=sk_test_artiqo_serve STRIPE_PUBLISHABLE_KEY=pk_test_artiqo_serve
export STRIPE_WEBHOOK_SECRET=whsec_artiqo_serve
export MEDIA_ROOT="$PWD/$STATE/media" SERVE_MEDIA=true  # uploads from local disk: one machine only (W106)
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-2}
export GUNICORN_CMD_ARGS="--bind $HOST:$PORT ${GUNICORN_CMD_ARGS:-}"  # loopback, whatever PORT honcho sets
export PYTHONUNBUFFERED=1
unset DJANGO_DEBUG

# --- localstripe, the staging Stripe; stopped with everything else ---------------------------
localstripe_pid=""
honcho_pid=""
stop_all() {
    if [ -n "$honcho_pid" ]; then
        kill -TERM "$honcho_pid" 2>/dev/null || true  # honcho stops web, worker and scheduler, then exits
        wait "$honcho_pid" 2>/dev/null || true
    fi
    if [ -n "$localstripe_pid" ]; then
        kill -TERM -- "-$localstripe_pid" 2>/dev/null || true  # its own session: the whole group
        wait "$localstripe_pid" 2>/dev/null || true
    fi
}
trap stop_all EXIT
trap 'exit 0' INT  # Ctrl-C is the normal way to stop
trap 'exit 143' TERM HUP

localstripe_answers() {
    curl -fsS -o /dev/null -u "$STRIPE_SECRET_KEY:" "$STRIPE_API_BASE/v1/customers?limit=1" 2>/dev/null
}
setsid python scripts/localstripe_server.py --host "$HOST" --port "$LOCALSTRIPE_PORT" \
    --state-file "$STATE/localstripe.pickle" \
    --webhook-url "http://$HOST:$PORT/payments/stripe/webhook/" --webhook-secret "$STRIPE_WEBHOOK_SECRET" \
    > "$STATE/localstripe.log" 2>&1 &
localstripe_pid=$!
for _ in $(seq 100); do
    localstripe_answers && break
    kill -0 "$localstripe_pid" 2>/dev/null || fail "localstripe failed to start (see $STATE/localstripe.log)."
    sleep 0.1
done
localstripe_answers || fail "localstripe did not answer on $STRIPE_API_BASE."

# --- release (the Procfile's own line), demo data once, then the processes -------------------
release=$(sed -n 's/^release:[[:space:]]*//p' Procfile)
say "release: $release"
bash -c "$release"
python manage.py load_demo_data --allow-production --skip-if-loaded

cat <<EOF
==> Artiqo with production settings on http://$HOST:$PORT/ (studio /cms/, API /api/v1/docs/, /readyz)
    Plain HTTP on loopback only: SECURE_SSL_REDIRECT=false and SECURE_COOKIES=false. Never expose this.
    Email: EMAIL_URL=consolemail:// - the worker prints every message below instead of sending it.
    Stripe: localstripe on $STRIPE_API_BASE as the explicit staging Stripe (STRIPE_API_BASE, sk_test keys);
    pay with the test card 4242 4242 4242 4242. Demo accounts: ben, clara, maya, theo, admin / artiqo-demo.
    Ctrl-C stops gunicorn, the worker, the scheduler and localstripe.
EOF
# -e /dev/null: honcho would otherwise lay a developer's .env over this environment.
honcho start -f Procfile -e /dev/null web worker scheduler &
honcho_pid=$!
wait "$honcho_pid"
