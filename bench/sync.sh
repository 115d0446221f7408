#!/usr/bin/env bash
# Sync and end-of-day bundles with the real release binaries (whole processes):
# bundle export of a 500-dossier day, export and hub import of a 100,000-event
# bundle, and 100,000 events synced over loopback to a real quay-hub.
# Usage: bench/sync.sh            QUAY_BENCH_EVENTS=20000 bench/sync.sh
# The counter databases are built on the first run (≈ 1 min for 100,000
# dossiers through the store API) and kept in target/bench-data/.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --bench sync 2>&1 | grep -E '^(bench data|bundle|hub|network)'
