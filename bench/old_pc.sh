#!/usr/bin/env bash
# The key figures on a simulated old PC: one core (`taskset -c 0`) and a capped
# memory budget, beside the same figures on the whole machine, in one run:
#   - start-up to the first painted frame and idle memory of the window
#     (Xvfb, tiny-skia), on an empty database and on a copy of the
#     1,000,000-dossier one;
#   - save a dossier durably, dossier search (name), quarterly report, at
#     100,000 dossiers (criterion, `benches/growth.rs`);
#   - 100,000 events synced over loopback, and the 100,000-event bundle
#     exported and imported (`benches/sync.rs`, real processes).
#
# The memory cap: `systemd-run --scope -p MemoryMax=…` needs systemd as the
# init and a cgroup of one's own; where that works, set OLD_PC_CAP_CMD (e.g.
# OLD_PC_CAP_CMD="systemd-run --scope -q -p MemoryMax=512M"). As root without
# systemd, bench/cgroup_run.sh does the same with the kernel's cgroups and can
# also slow the core down (OLD_PC_CAP_CMD="bench/cgroup_run.sh 512 50": 512 MB,
# half a core). Otherwise the cap is `ulimit -v`: a limit on the address space,
# which is stricter than a limit on memory in use (reserved but untouched
# address space counts: thread stacks, malloc arenas, the font files mapped).
# The script first finds, by bisection to 16 MB, the smallest `ulimit -v` each
# figure still runs under on one core, then measures every figure under one
# cap: the largest of those, rounded up to 64 MB (or OLD_PC_CAP_MB).
#
# Usage: bench/old_pc.sh [runs]          (start-ups per configuration, default 5)
#   OLD_PC_CAP_MB=512 bench/old_pc.sh    (skip the search, use this cap)
#   OLD_PC_GUI_CAP_MB=192                (the window's cap; default: the smallest
#                                         it needs, rounded up to 64 MB, + 64 MB)
#   OLD_PC_SIZES=100000                  (criterion sizes; default 100,000 and 1,000,000)
#   OLD_PC_OUT=bench/out/old_pc-cgroup   (where the figures go; default bench/out/old_pc)
#   OLD_PC_CAPS_ONLY=1 bench/old_pc.sh   (only the search: it times nothing, so
#                                         it may run while other work loads the machine)
#   QUAY_BENCH_BIG=FILE                  (the 1,000,000-dossier database)
# Needs xvfb xdotool imagemagick (scripts/bench-deps.sh). Writes bench/out/old_pc/.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
runs=${1:-5}
out=${OLD_PC_OUT:-bench/out/old_pc}
mkdir -p "$out"
cargo build --release --quiet
# The bench executables, built once, run directly (cargo itself not capped).
exe_of() {
    cargo bench --bench "$1" --no-run --message-format=json 2>/dev/null |
        python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == sys.argv[1]:
        print(m["executable"])' "$1" | tail -1
}
growth_exe=$(exe_of growth)
sync_exe=$(exe_of sync)
[ -x "$growth_exe" ] && [ -x "$sync_exe" ] || { echo "could not build the bench executables" >&2; exit 1; }
bin=$PWD/target/release/quay
big=${QUAY_BENCH_BIG:-$(ls -t target/bench-data/dossiers-1000000-schema*-gen*.sqlite3 2>/dev/null | head -1 || true)}
[ -f "$big" ] || { echo "no 1,000,000-dossier database: run 'cargo bench --bench growth' first" >&2; exit 1; }
# The sync bench reads its cached counter databases from here.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}

work=$(mktemp -d /tmp/quay-oldpc.XXXXXX)
start_xvfb :81
app=""
cleanup() {
    [ -n "$app" ] && stop_tree "$app" 2>/dev/null
    kill "$XVFB_PID" 2>/dev/null || true
    rm -rf "$work"
    rm -f target/bench-data/oldpc-1m.sqlite3*
}
trap cleanup EXIT
blank=$(screen_sum)

small_db=$work/empty.sqlite3
prepare_db "$small_db"
big_db=target/bench-data/oldpc-1m.sqlite3
rm -f "$big_db"*
cp "$big" "$big_db"
prepare_db "$big_db"

# Runs "$@" as configuration $CONF: "machine" (2 cores, no cap) or "old"
# (core 0 only, the cap $CAP_MB).
run_as() {
    if [ "$CONF" = machine ]; then
        "$@"
    elif [ -n "${OLD_PC_CAP_CMD:-}" ]; then
        # shellcheck disable=SC2086
        taskset -c 0 $OLD_PC_CAP_CMD "$@"
    else
        taskset -c 0 bash -c 'ulimit -v "$0"; exec "$@"' $((CAP_MB * 1024)) "$@"
    fi
}

# The quay process under the process $1 (run_as puts a shell, taskset or
# both in between).
quay_in_tree() {
    local p
    for p in $(tree_pids "$1"); do
        [ "$(cat /proc/"$p"/comm 2>/dev/null)" = quay ] && { echo "$p"; return; }
    done
}

# One start-up of the window on database $1: prints "first_frame_ms rss_mb
# pss_mb peak_mb", or "fail" if it did not paint within 20 s or died.
gui_start() {
    local db=$1 t0 t painted=fail mem peak
    wait_blank
    t0=$(now_ms)
    run_as "$bin" --db "$db" 2>"$work/gui.log" &
    app=$!
    while [ $(( $(now_ms) - t0 )) -lt 20000 ] && kill -0 "$app" 2>/dev/null; do
        if [ "$(screen_sum)" != "$blank" ]; then painted=$(( $(now_ms) - t0 )); break; fi
    done
    if [ "$painted" != fail ]; then
        sleep 5
        kill -0 "$app" 2>/dev/null || painted=fail
    fi
    if [ "$painted" = fail ]; then
        stop_tree "$app"; app=""; echo fail; return
    fi
    # $app is the subshell that runs run_as; measure the quay process in it.
    local q
    q=$(quay_in_tree "$app")
    mem=$(mem_of $q); peak=$(peak_kb "${q:-$app}")
    stop_tree "$app"; app=""
    sleep 0.5
    echo "$painted $(echo "$mem" | awk '{printf "%.1f %.1f", $2/1024, $3/1024}') $(awk -v p="$peak" 'BEGIN {printf "%.1f", p/1024}')"
}

# The criterion figures at 100,000 dossiers; the log goes to $1.
# The bisection probes three operations at 100,000 (the copy of the
# 1,000,000-dossier database alone takes ≈ 10 s); the figures are every
# operation at 100,000 and 1,000,000 (OLD_PC_SIZES).
core_figures() {
    # Criterion's own directory, so bench/growth.sh's figures are not replaced.
    CRITERION_HOME=$work/criterion QUAY_BENCH_SIZES=${2:-100000} run_as "$growth_exe" --bench \
        "${3:-growth_(save_dossier_durable|dossier_search_name|quarterly_report)/}" >"$1" 2>&1
}
# Sync and bundles of 100,000 events; the log goes to $1.
sync_figures() {
    run_as "$sync_exe" >"$1" 2>&1
}

# Bisection: the smallest cap (MB, to 16 MB) under which "$@" succeeds.
smallest_cap() {
    local lo=16 hi=4096 mid
    CAP_MB=$hi
    "$@" || "$@" || { echo "none"; return; }
    while [ $((hi - lo)) -gt 16 ]; do
        mid=$(( (lo + hi) / 2 ))
        CAP_MB=$mid
        # A failure is tried once more: an X connection can fail by chance.
        if "$@" || "$@"; then hi=$mid; else lo=$mid; fi
    done
    echo "$hi"
}
gui_ok() { [ "$(gui_start "$1")" != fail ]; }
core_ok() { core_figures "$work/probe.log" && grep -q 'time:' "$work/probe.log"; }
sync_ok() { sync_figures "$work/probe.log" && grep -q 'network sync' "$work/probe.log"; }

CONF=old
echo "load $(load1): finding the smallest ulimit -v on one core…" | tee "$out/caps.txt"
if [ -n "${OLD_PC_CAP_MB:-}" ]; then
    cap=$OLD_PC_CAP_MB
    echo "cap given: $cap MB" | tee -a "$out/caps.txt"
else
    c_gui=$(smallest_cap gui_ok "$small_db");     echo "window, empty database: $c_gui MB" | tee -a "$out/caps.txt"
    c_big=$(smallest_cap gui_ok "$big_db");       echo "window, 1,000,000 dossiers: $c_big MB" | tee -a "$out/caps.txt"
    c_core=$(smallest_cap core_ok);               echo "save, search, report at 100,000 (criterion process): $c_core MB" | tee -a "$out/caps.txt"
    c_sync=$(smallest_cap sync_ok);               echo "sync and bundles of 100,000 events (each process): $c_sync MB" | tee -a "$out/caps.txt"
    cap=$(printf '%s\n' "$c_gui" "$c_big" "$c_core" "$c_sync" | sort -n | tail -1)
    cap=$(( (cap + 63) / 64 * 64 ))
    echo "common cap: ulimit -v $((cap * 1024)) ($cap MB)" | tee -a "$out/caps.txt"
fi
CAP_MB=$cap
# The window is measured under the smallest cap it needs, rounded up to
# 64 MB with 64 MB to spare: the common cap is set by the 100,000-event
# bundles, which a counter PC builds only when catching up after months.
if [ -n "${OLD_PC_GUI_CAP_MB:-}" ]; then
    gui_cap=$OLD_PC_GUI_CAP_MB
elif [ -n "${c_big:-}" ] && [ "$c_big" != none ]; then
    gui_cap=$(( (c_big + 63) / 64 * 64 + 64 ))
else
    gui_cap=$cap
fi
echo "window measured under ulimit -v $((gui_cap * 1024)) ($gui_cap MB)" | tee -a "$out/caps.txt"
[ -n "${OLD_PC_CAPS_ONLY:-}" ] && exit 0

printf 'config\tdatabase\trun\tfirst_frame_ms\trss_mb\tpss_mb\tpeak_rss_mb\tload1\n' >"$out/startup.tsv"
for CONF in machine old; do
    for which in empty 1m; do
        db=$small_db; [ "$which" = 1m ] && db=$big_db
        CAP_MB=$gui_cap
        gui_start "$db" >/dev/null   # warm-up
        for i in $(seq 1 "$runs"); do
            printf '%s\t%s\t%s\t%s\t%s\n' "$CONF" "$which" "$i" "$(gui_start "$db" | tr ' ' '\t')" "$(load1)" | tee -a "$out/startup.tsv"
        done
        CAP_MB=$cap
    done
    echo "load $(load1): criterion figures ($CONF)…" >&2
    core_figures "$out/core-$CONF.txt" "${OLD_PC_SIZES:-100000,1000000}" 'growth_' || echo "core figures failed ($CONF): see $out/core-$CONF.txt" >&2
    echo "load $(load1): sync figures ($CONF)…" >&2
    sync_figures "$out/sync-$CONF.txt" || echo "sync figures failed ($CONF): see $out/sync-$CONF.txt" >&2
    echo "load $(load1) after $CONF" >>"$out/caps.txt"
done

python3 - "$out" "$cap" "$gui_cap" "${OLD_PC_SIZES:-100000,1000000}" <<'EOF'
import csv, os, re, statistics, sys
out, cap, gui_cap, sizes = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(",")
rows = list(csv.DictReader(open(f"{out}/startup.tsv"), delimiter="\t"))
def med(conf, db, col):
    v = [float(r[col]) for r in rows if r["config"] == conf and r["database"] == db and r[col] not in ("", "fail")]
    return f"{statistics.median(v):.0f}" if v else "fail"
def crit(conf, name, n):
    try:
        t = open(f"{out}/core-{conf}.txt").read()
    except FileNotFoundError:
        return "fail"
    m = re.search(rf"growth_{name}/{n}\s+time:\s+\[[^\]]*?\s([\d.]+) (ms|µs|us|ns)\s+[\d.]+ \w+\]", t)
    if not m:
        return "fail"
    v, u = float(m.group(1)), m.group(2)
    ms = v * {'ms': 1, 'µs': 1e-3, 'us': 1e-3, 'ns': 1e-6}[u]
    return f"{ms:.2f} ms" if ms >= 0.01 else f"{ms * 1000:.1f} µs"
def sync(conf, pat):
    try:
        m = re.search(pat, open(f"{out}/sync-{conf}.txt").read())
    except FileNotFoundError:
        m = None
    return m.group(1) + " s" if m else "fail"
figures = [
    (f"start-up to first frame, empty database (ms; window capped at {gui_cap} MB)", lambda c: med(c, "empty", "first_frame_ms")),
    ("idle RSS, empty database (MB)", lambda c: med(c, "empty", "rss_mb")),
    ("start-up to first frame, 1,000,000 dossiers (ms)", lambda c: med(c, "1m", "first_frame_ms")),
    ("idle RSS, 1,000,000 dossiers (MB)", lambda c: med(c, "1m", "rss_mb")),
    ("peak RSS, 1,000,000 dossiers (MB)", lambda c: med(c, "1m", "peak_rss_mb")),
]
for name, label in [("save_dossier_durable", "save a dossier durably"), ("ticket_issue_durable", "issue a ticket durably"),
                    ("procedure_search", "procedure search"), ("dossier_search_name", "dossier search: name"),
                    ("dossier_search_code", "dossier search: code tail"), ("dossier_search_cccd", "dossier search: CCCD prefix"),
                    ("daily_due_list", "daily due list"), ("quarterly_report", "quarterly report"), ("slip_pdf", "slip PDF")]:
    for n in sizes:
        figures.append((f"{label}, {int(n):,}", lambda c, name=name, n=n: crit(c, name, n)))
figures += [
    ("sync 100,000 events over loopback", lambda c: sync(c, r"network sync, \d+ events over loopback: ([\d.]+) s")),
    ("bundle export, 100,000 events", lambda c: sync(c, r"bundle export, \d+ events: ([\d.]+) s")),
    ("bundle verify at the counter, 100,000 events", lambda c: sync(c, r"bundle verify, \d+ events: ([\d.]+) s")),
    ("bundle import at the hub, 100,000 events", lambda c: sync(c, r"hub import, \d+-event bundle: ([\d.]+) s")),
]
label = os.environ.get('OLD_PC_CAP_CMD') or f'1 core, {cap} MB'
print(f"\n{'figure':72} {'2 cores, no cap':>16} {label:>16}")
for label, f in figures:
    print(f"{label:72} {f('machine'):>16} {f('old'):>16}")
EOF
cat "$out/caps.txt"
