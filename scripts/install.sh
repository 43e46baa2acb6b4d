#!/usr/bin/env bash
# Make the machine and .venv ready for `make run` / `make test`; a second run does nothing and takes well under a second.
#   1. Debian packages: the headers mysqlclient builds against, and Chromium for the browser tests,
#   2. the virtualenv in .venv,
#   3. requirements-dev.txt (production's requirements.txt plus tests, lint and the local fakes),
#      reinstalled only when either file changed since the last successful install.
# Chromium is only needed by the tests, so it installs in the background while pip runs.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}
# Production installs requirements.txt alone; every make target here needs the dev tools too.
REQUIREMENTS=${REQUIREMENTS:-requirements-dev.txt}
BUILD_PACKAGES=(libmariadb-dev pkg-config)
BROWSER_PACKAGES=(chromium)
STAMP="$VENV/.requirements.sha256"

say() { printf '==> %s\n' "$*"; }

missing_packages() {
    local package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || echo "$package"
    done
}

apt_install() {
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    # The package lists may be stale or absent on a fresh machine: refresh them only if the install fails.
    if ! "${sudo[@]}" apt-get install -y -q "$@"; then
        say "apt-get install failed; refreshing the package lists and trying again"
        "${sudo[@]}" apt-get update -q
        "${sudo[@]}" apt-get install -y -q "$@"
    fi
}

create_venv() {
    if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "" 2>/dev/null; then
        return 0
    fi
    say "creating $VENV with $("$PYTHON" --version)"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
}

install_requirements() {
    local wanted
    wanted=$(cat requirements.txt "$REQUIREMENTS" | sha256sum | cut -d' ' -f1)
    if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$wanted" ]; then
        return 0
    fi
    say "installing $REQUIREMENTS into $VENV"
    # This machine's pip config lists local index folders that may be absent; drop pip's note about each.
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS" \
        2> >(grep -v "^WARNING: Location 'file://.*' is ignored" >&2)
    echo "$wanted" >"$STAMP"
}

mapfile -t missing_build < <(missing_packages "${BUILD_PACKAGES[@]}")
mapfile -t missing_browser < <(missing_packages "${BROWSER_PACKAGES[@]}")
if [ ${#missing_build[@]} -gt 0 ] || [ ${#missing_browser[@]} -gt 0 ]; then
    command -v apt-get >/dev/null || {
        echo "missing Debian packages: ${missing_build[*]} ${missing_browser[*]}; install them by hand" >&2
        exit 1
    }
fi
if [ ${#missing_build[@]} -gt 0 ]; then
    say "installing system packages: ${missing_build[*]}"
    apt_install "${missing_build[@]}"
fi

browser_pid=""
browser_log=""
if [ ${#missing_browser[@]} -gt 0 ]; then
    browser_log=$(mktemp)
    say "installing system packages in the background: ${missing_browser[*]}"
    apt_install "${missing_browser[@]}" >"$browser_log" 2>&1 &
    browser_pid=$!
fi

create_venv
install_requirements

if [ -n "$browser_pid" ]; then
    if ! wait "$browser_pid"; then
        cat "$browser_log" >&2
        echo "installing ${missing_browser[*]} failed" >&2
        exit 1
    fi
    rm -f "$browser_log"
    say "installed ${missing_browser[*]}"
fi
