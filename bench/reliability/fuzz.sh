#!/usr/bin/env bash
# Fuzzing (issue 7, "bad input"): tests/fuzz_import.rs (catalog and calendar
# CSV import) and tests/fuzz_bundle.rs (the bundle reader and the hub's
# import), the same properties `cargo test` checks on 200 cases each, here
# in release, both at once (one per core), round after round with a new
# seed until MINUTES (default 10) of wall time are used up.
#
#   bench/reliability/fuzz.sh [MINUTES]
#
# QUAY_FUZZ_ROUND=SECONDS is the length of a round (default 120);
# QUAY_FUZZ_SEED=N starts from seed N (default: a random one). Inside a
# round each test runs batches of PROPTEST_CASES cases (default 2,000),
# seed after seed. A failure prints the seed of its batch; replay it with
#   PROPTEST_RNG_SEED=N PROPTEST_CASES=2000 cargo test --release --test fuzz_bundle
# The log is target/reliability/fuzz.log; the last line starts "RESULT fuzz".
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=${1:-10}
round=${QUAY_FUZZ_ROUND:-120}
cases=${PROPTEST_CASES:-2000}
seed=${QUAY_FUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
mkdir -p target/reliability
log=target/reliability/fuzz.log
: >"$log"
echo "fuzz: building the release tests" >&2
cargo test --release --test fuzz_import --test fuzz_bundle --no-run >>"$log" 2>&1
# The test binaries are run directly, so the two never wait on cargo's lock.
binary() { grep -o "Executable tests/$1.rs ([^)]*)" "$log" | tail -1 | sed 's/.*(\(.*\))/\1/'; }
declare -A bin=([fuzz_import]=$(binary fuzz_import) [fuzz_bundle]=$(binary fuzz_bundle))

deadline=$((SECONDS + minutes * 60))
total_import=0
total_bundle=0
rounds=0
while ((SECONDS < deadline)); do
    left=$((deadline - SECONDS))
    budget=$((left < round ? left : round))
    rounds=$((rounds + 1))
    echo "fuzz: round $rounds, seed $seed, $budget s" | tee -a "$log" >&2
    pids=()
    for t in fuzz_import fuzz_bundle; do
        PROPTEST_CASES=$cases PROPTEST_RNG_SEED=$seed QUAY_FUZZ_SECONDS=$budget \
            "${bin[$t]}" --nocapture >"target/reliability/$t.out" 2>&1 &
        pids+=($!)
    done
    failed=0
    for pid in "${pids[@]}"; do
        wait "$pid" || failed=1
    done
    cat target/reliability/fuzz_import.out target/reliability/fuzz_bundle.out >>"$log"
    n_import=$(grep -o 'fuzz import: [0-9]*' target/reliability/fuzz_import.out | grep -o '[0-9]*$' || echo 0)
    n_bundle=$(grep -o 'fuzz bundle: [0-9]*' target/reliability/fuzz_bundle.out | grep -o '[0-9]*$' || echo 0)
    total_import=$((total_import + n_import))
    total_bundle=$((total_bundle + n_bundle))
    echo "fuzz: round $rounds: import $n_import cases, bundle $n_bundle cases" | tee -a "$log" >&2
    if ((failed)); then
        grep -h -E 'failed in the batch|panicked|minimal failing' target/reliability/fuzz_*.out >&2 || true
        echo "RESULT fuzz: FAILED in round $rounds (seed $seed); see $log" | tee -a "$log"
        exit 1
    fi
    # Each test used seeds seed, seed+1, … one per batch; start well past them.
    seed=$((seed + 1000))
done
elapsed=$((SECONDS - deadline + minutes * 60))
echo "RESULT fuzz: $rounds rounds, $((elapsed / 60)) min $((elapsed % 60)) s wall, both tests at once; import $total_import cases, bundle $total_bundle cases, no failure" | tee -a "$log"
