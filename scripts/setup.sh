#!/usr/bin/env bash
# Prepares this checkout for running the app or its tests; safe to run again.
#
#   scripts/setup.sh          everything the tests need: Debian's chromium for the
#                             browser tests, Debian's postgresql for the database
#                             tests, and requirements-dev.txt in .venv
#   scripts/setup.sh --app    only what the app needs: requirements.txt in .venv
#
# The Python packages are installed again only when a requirements file changed
# since the last install (a checksum is kept inside .venv).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

mode=dev
for arg in "$@"; do
    case "$arg" in
        --app) mode=app ;;
        -h | --help)
            sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "setup.sh: unknown option '$arg' (try --help)" >&2
            exit 2
            ;;
    esac
done

log() { echo "setup: $*"; }

quietly() {
    # Runs a command with its output kept in a file, shown only if the command fails:
    # apt and pip print hundreds of lines that would hide the ones that matter.
    local out status=0
    out=$(mktemp -t setup.XXXXXX.log)
    "$@" >"$out" 2>&1 || status=$?
    if [[ $status -ne 0 ]]; then
        tail -n 40 "$out" >&2
        log "failed: $* (full output in $out)"
        return "$status"
    fi
    rm -f "$out"
}

apt_install() {
    # The package lists on a machine may be missing or older than the mirror, whose
    # old package files are then gone: refresh them only when an install needs it.
    export DEBIAN_FRONTEND=noninteractive
    local candidate
    candidate=$(apt-cache policy "$@" 2>/dev/null | awk '/Candidate:/ {print $2}')
    if [[ -z "$candidate" || "$candidate" == *"(none)"* ]]; then
        quietly apt-get update
    fi
    if ! quietly apt-get install -y "$@"; then
        log "refreshing the package lists and trying again"
        quietly apt-get update
        quietly apt-get install -y "$@"
    fi
}

install_chromium() {
    if [[ -x /usr/bin/chromium ]]; then
        return
    fi
    if [[ $(id -u) -ne 0 ]]; then
        log "/usr/bin/chromium is missing and this is not root, so it was not" \
            "installed; the browser tests need it: run 'sudo apt-get install chromium'."
        return
    fi
    log "installing Debian's chromium for the browser tests"
    apt_install chromium
}

install_postgresql() {
    # The database tests start their own throwaway server from Debian's binaries;
    # the package's own cluster is not used.
    if compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; then
        return
    fi
    if [[ $(id -u) -ne 0 ]]; then
        log "PostgreSQL is missing and this is not root, so it was not installed;" \
            "the database tests need it: run 'sudo apt-get install postgresql'."
        return
    fi
    log "installing Debian's postgresql for the database tests"
    apt_install postgresql
}

create_venv() {
    if [[ -x .venv/bin/python ]]; then
        return
    fi
    log "creating .venv"
    if ! python3 -m venv .venv; then
        # Debian's own python3 ships venv support in a separate package.
        if [[ $(id -u) -ne 0 ]]; then
            log "python3 cannot create a venv; install python3-venv and run me again."
            exit 1
        fi
        rm -rf .venv
        apt_install python3-venv
        python3 -m venv .venv
    fi
}

install_requirements() {
    local file=requirements.txt stamp=.venv/.requirements.sha256 wanted
    if [[ $mode == dev ]]; then
        file=requirements-dev.txt
        stamp=.venv/.requirements-dev.sha256
    fi
    wanted=$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)
    # requirements-dev.txt includes requirements.txt, so either stamp serves the app.
    if grep -qsx "$wanted" "$stamp" .venv/.requirements-dev.sha256; then
        return
    fi
    log "installing $file into .venv"
    quietly .venv/bin/python -m pip install --disable-pip-version-check -r "$file"
    echo "$wanted" >"$stamp"
}

if [[ $mode == dev ]]; then
    install_chromium
    install_postgresql
fi
create_venv
install_requirements
log "ready ($mode)"
