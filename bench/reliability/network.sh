#!/usr/bin/env bash
# Network faults during sync (issue 7): ROUNDS rounds (default 300) of a
# counter receiving dossiers and syncing with the real quay-hub through a
# seeded proxy that drops, resets, cuts, delays, duplicates and replays
# exchanges, with the hub killed and restarted now and then. It runs
# tests/reliability_network.rs (which `cargo test` runs with 30 rounds) with
# QUAY_RELIABILITY_ROUNDS, on release binaries.
#
#   bench/reliability/network.sh [ROUNDS]
#
# QUAY_RELIABILITY_SEED=N replays a run; QUAY_RELIABILITY_PROFILE=debug uses
# the debug build. The figures are the line starting "RESULT network", also
# kept in target/reliability/network.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-300}
profile=()
[ "${QUAY_RELIABILITY_PROFILE:-release}" = debug ] || profile=(--release)
mkdir -p target/reliability
log=target/reliability/network.log
echo "network: $rounds rounds (${profile[*]:-debug})" >&2
status=0
QUAY_RELIABILITY_ROUNDS=$rounds cargo test "${profile[@]}" --locked \
    --test reliability_network -- --nocapture >"$log" 2>&1 || status=$?
grep -E '^RESULT|^ANOMALY|panicked' "$log" || true
if [ "$status" -ne 0 ]; then
    echo "network: FAILED (see $log)" >&2
    exit "$status"
fi
