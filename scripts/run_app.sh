#!/usr/bin/env bash
# Starts the app on this machine only (127.0.0.1); PORT chooses the port (8501).
# Arguments are passed on to `streamlit run`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh --app

port=${PORT:-8501}
echo "Open http://127.0.0.1:$port in a browser on this machine (Ctrl+C stops the app)."
# The address is a flag, not a line in .streamlit/config.toml: that file is also
# read where the app is deployed, and there the server listens on its own address.
exec .venv/bin/python -m streamlit run app.py \
    --server.headless true \
    --server.address 127.0.0.1 \
    --server.port "$port" \
    --browser.gatherUsageStats false \
    "$@"
