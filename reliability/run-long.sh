#!/usr/bin/env bash
# `make reliability`: the long runs behind RELIABILITY.md. Loopback only; every step is bounded.
#   $1: soak length in seconds (default 600)
set -euo pipefail
cd "$(dirname "$0")/.."
soak_seconds=${1:-600}
command -v wrk >/dev/null || { apt-get update && apt-get install -y wrk; }
.venv/bin/aga-kg build
echo "== load test: 50 clients, 120 s"
.venv/bin/python -m reliability.load_test --seconds 120 --clients 50
echo "== soak: 50 clients, ${soak_seconds} s, memory sampled"
.venv/bin/python -m reliability.load_test --seconds "$soak_seconds" --clients 50 --soak --sample-every 15
echo "== reliability tests with the long hypothesis profile"
.venv/bin/python -m pytest -q -s -p no:logging tests/reliability --hypothesis-profile long | grep -E "^figure:|passed|failed"
