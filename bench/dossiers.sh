#!/usr/bin/env bash
# The dossier list and the quarterly report on 100,000 and 1,000,000 synthetic
# dossiers: runs `cargo bench --bench dossiers` (criterion), then prints the
# median of every case in milliseconds, one column per database size, and the
# size of each generated database.
# Usage: bench/dossiers.sh [criterion filter]   e.g. bench/dossiers.sh name_
#   QUAY_BENCH_SIZES=100000 bench/dossiers.sh   (one size only)
# The databases are built on the first run (≈ 10 s and ≈ 75 s) and kept in
# target/bench-data/; delete them to build them again.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --bench dossiers -- "$@" 2>&1 | grep -E '^bench data|dossiers: |rows$' || true

target=${CARGO_TARGET_DIR:-target}
sizes=${QUAY_BENCH_SIZES:-100000,1000000}
IFS=, read -r -a sizes <<<"$sizes"

# Median point estimate (ns) from criterion's estimates.json, as ms.
median_ms() {
    local f=$1
    [ -f "$f" ] || { echo "-"; return; }
    sed -E 's/.*"median":\{"confidence_interval":\{[^}]*\},"point_estimate":([0-9.eE+-]+).*/\1/' "$f" |
        awk '{ printf "%.2f", $1 / 1e6 }'
}

for kind in dossiers report; do
    first="$target/criterion/${kind}_${sizes[0]}"
    [ -d "$first" ] || continue
    printf '\n%-26s' "median ms ($kind)"
    for n in "${sizes[@]}"; do printf '%12s' "$n"; done
    printf '\n'
    for case_dir in "$first"/*/; do
        case=$(basename "$case_dir")
        [ "$case" = report ] && continue
        printf '%-26s' "$case"
        for n in "${sizes[@]}"; do
            printf '%12s' "$(median_ms "$target/criterion/${kind}_${n}/$case/new/estimates.json")"
        done
        printf '\n'
    done
done

printf '\n'
for f in "$target"/bench-data/dossiers-*.sqlite3; do
    [ -f "$f" ] && printf '%s: %d MB\n' "$(basename "$f")" $(( $(stat -c %s "$f") / 1000000 ))
done
