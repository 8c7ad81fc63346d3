#!/usr/bin/env bash
# Lints, checks formatting and runs the tests; arguments go to pytest.
#
#   scripts/test.sh                  everything, the browser tests included
#   scripts/test.sh -m "not browser" the quick tests only
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh

echo "== ruff check"
.venv/bin/ruff check .
echo "== ruff format --check"
.venv/bin/ruff format --check .
echo "== pytest"
.venv/bin/python -m pytest -q "$@"
