#!/usr/bin/env bash
# Power-loss loop (issue 7): ROUNDS rounds (default 300) of `quay dossier add`
# and `quay ticket issue` processes killed with SIGKILL at seeded random
# moments, every acknowledged write checked after each round. It runs
# tests/reliability_power_loss.rs (which `cargo test` runs with 25 rounds)
# with QUAY_RELIABILITY_ROUNDS, on release binaries.
#
#   bench/reliability/power_loss.sh [ROUNDS]
#
# QUAY_RELIABILITY_SEED=N replays a run; QUAY_RELIABILITY_PROFILE=debug uses
# the debug build. The figures are the line starting "RESULT power-loss",
# also kept in target/reliability/power_loss.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-300}
profile=()
[ "${QUAY_RELIABILITY_PROFILE:-release}" = debug ] || profile=(--release)
mkdir -p target/reliability
log=target/reliability/power_loss.log
echo "power_loss: $rounds rounds (${profile[*]:-debug})" >&2
status=0
QUAY_RELIABILITY_ROUNDS=$rounds cargo test "${profile[@]}" --locked \
    --test reliability_power_loss -- --nocapture >"$log" 2>&1 || status=$?
grep -E '^RESULT|panicked|^round ' "$log" || true
if [ "$status" -ne 0 ]; then
    echo "power_loss: FAILED (see $log)" >&2
    exit "$status"
fi
