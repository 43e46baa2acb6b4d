#!/usr/bin/env bash
# `make lock`: pin requirements.in into requirements.txt (production) and requirements-dev.in into
# requirements-dev.txt (production + tests, lint, local fakes) with pip-tools' pip-compile.
# Existing pins are kept unless the .in file asks otherwise; `UPGRADE=1 make lock` moves them all.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "pip-tools==7.6.2" \
    2> >(grep -v "^WARNING: Location 'file://.*' is ignored" >&2)
args=(--quiet --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links)
[ -z "${UPGRADE:-}" ] || args+=(--upgrade)
"$VENV/bin/pip-compile" "${args[@]}" --output-file requirements.txt requirements.in
"$VENV/bin/pip-compile" "${args[@]}" --output-file requirements-dev.txt requirements-dev.in
echo "==> requirements.txt and requirements-dev.txt pinned; \`make install\` installs them"
