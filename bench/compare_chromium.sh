#!/usr/bin/env bash
# Quầy beside Chromium showing the same intake screen as one web page
# (bench/web/intake.html), on the same Xvfb screen, in the same run:
#   - start-up: exec → window visible → first painted frame (the screen
#     changes) for the windows; exec → the page's first contentful paint and
#     load event (from the page's own Performance entries, in epoch ms) for
#     Chromium, headless or in a window;
#   - memory after 5 s idle: RSS and PSS summed over every process of the
#     program (Chromium runs 6–10; Quầy one), from /proc/PID/status and
#     /proc/PID/smaps_rollup;
#   - memory 5 s after N intakes typed into each window with xdotool (Quầy on
#     an empty database and on a copy of the 1,000,000-dossier one; Chromium
#     into IndexedDB).
# Quầy is the release build; it opens on its login screen (an administrator
# exists), as a counter PC does, and is logged in before the intakes. Chromium
# is Debian's package, run as the unprivileged user "nobody" so its sandbox is
# on as on a real PC, with a profile made by a warm-up run and kept (an
# installed browser), the window in --app mode (no tabs or toolbar).
#
# Usage: bench/compare_chromium.sh [runs] [intakes]     (defaults 5 and 1000)
#   QUAY_BENCH_BIG=FILE   the 1,000,000-dossier database (default: the newest
#                         target/bench-data/dossiers-1000000-schema*-gen*.sqlite3,
#                         made by `cargo bench --bench growth` or bench/dossiers.sh)
#   XDO_DELAY=4           milliseconds between typed keys
# Needs chromium xvfb xdotool imagemagick sqlite3 (scripts/bench-deps.sh).
# Writes bench/out/compare/*.tsv and prints a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
runs=${1:-5}
intakes=${2:-1000}
for c in chromium Xvfb xdotool import sqlite3 setpriv; do
    command -v "$c" >/dev/null || { echo "needs $c: run scripts/bench-deps.sh" >&2; exit 1; }
done
cargo build --release --quiet
python3 bench/web/embed_catalog.py
bin=target/release/quay
out=bench/out/compare
mkdir -p "$out"
work=$(mktemp -d /tmp/quay-compare.XXXXXX)
chmod 755 "$work"
page="file://$PWD/bench/web/intake.html"
# The page and its font must be readable by "nobody".
chmod o+rx . bench bench/web assets assets/fonts 2>/dev/null || true

big=${QUAY_BENCH_BIG:-$(ls -t target/bench-data/dossiers-1000000-schema*-gen*.sqlite3 2>/dev/null | head -1 || true)}
[ -f "$big" ] || { echo "no 1,000,000-dossier database: run 'cargo bench --bench growth' first" >&2; exit 1; }

start_xvfb :79
app=""
cleanup() {
    [ -n "$app" ] && stop_tree "$app" "$work" 2>/dev/null
    kill "$XVFB_PID" 2>/dev/null || true
    rm -rf "$work"
    rm -f target/bench-data/compare-1m.sqlite3*
}
trap cleanup EXIT
blank=$(screen_sum)

# Databases: an empty one and a copy of the big one (prepare_db, bench/lib.sh).
small_db="$work/empty.sqlite3"
prepare_db "$small_db"
big_db=target/bench-data/compare-1m.sqlite3
rm -f "$big_db"*
echo "copying $big ($(( $(stat -c %s "$big") / 1000000 )) MB)…" >&2
cp "$big" "$big_db"
prepare_db "$big_db"
echo "1,000,000-dossier copy: $(sqlite3 "$big_db" 'select count(*) from dossier') dossiers" >&2

chromium_cmd() { # $1 = headless|window; the rest: chromium's own arguments
    local mode=$1; shift
    local display_args=(--headless=new)
    [ "$mode" = window ] && display_args=(--ozone-platform=x11 --window-position=0,0 --window-size=1280,720)
    setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$work/home" \
        chromium "${display_args[@]}" --no-first-run --no-default-browser-check \
        --user-data-dir="$work/profile-$mode" --enable-logging=stderr --v=0 "$@"
}
mkdir -p "$work/home" "$work/profile-headless" "$work/profile-window"
chown -R 65534:65534 "$work/home" "$work/profile-headless" "$work/profile-window"

# One start-up of program $1 (quay-empty | quay-1m | chromium-headless |
# chromium-window); appends a line to $out/startup.tsv. For the windows the
# screen is watched for 4 s from exec (watch_screen in bench/lib.sh): the
# first frame, and the frame from which the screen looks as it will stay.
startup_run() {
    local what=$1 label=${2:-run} log="$work/$1.log" t0 visible=- frames="- -" fcp=- load=- ready=- mem name=""
    rm -f "$work/visible"
    case $what in quay-*) name="Trung" ;; chromium-window) name="Quay web" ;; esac
    t0=$(now_ms)
    case $what in
        quay-empty|quay-1m)
            local db=$small_db; [ "$what" = quay-1m ] && db=$big_db
            RUST_LOG=quay=info "$bin" --db "$db" 2>"$log" &
            app=$!
            ;;
        chromium-window)
            chromium_cmd window --app="$page" 2>"$log" &
            app=$!
            ;;
        chromium-headless)
            chromium_cmd headless "$page" 2>"$log" &
            app=$!
            ;;
    esac
    if [ -n "$name" ]; then
        # Polled every 20 ms, and not past the program's death: each poll is
        # one more X client beside the screen grabs, and an X server that
        # cannot accept connections fast enough refuses the program's own.
        ( until xdotool search --onlyvisible --name "$name" >/dev/null 2>&1; do
              kill -0 "$app" 2>/dev/null || exit 0
              sleep 0.02
          done
          now_ms >"$work/visible" ) &
        local watcher=$!
        frames=$(watch_screen "$t0" 4000 "$blank")
        wait "$watcher" 2>/dev/null || true
        visible=$(( $(cat "$work/visible" 2>/dev/null || echo "$t0") - t0 ))
        sleep 1
    else
        sleep 5
    fi
    case $what in
        quay-*) ready=$(grep -ao 'ready screen after [0-9]*' "$log" | grep -o '[0-9]*$' || echo -) ;;
        chromium-*)
            local line
            line=$(grep -ao 'QUAY-WEB load=[0-9.]* fcp=[0-9.]*' "$log" | head -1 || true)
            if [ -n "$line" ]; then
                load=$(echo "$line" | sed -E 's/.*load=([0-9]+).*/\1/'); load=$((load - t0))
                fcp=$(echo "$line" | sed -E 's/.*fcp=([0-9]+).*/\1/'); fcp=$((fcp - t0))
            fi
            ;;
    esac
    # shellcheck disable=SC2046
    mem=$(mem_of $(tree_pids "$app" "$work/profile"))
    # A program that is gone by now died: keep what it said, and run again.
    if [ "${mem%% *}" = 0 ]; then
        cp "$log" "$out/$what-died-$(now_ms).log"
        printf '%s\t%s\tdied, run again (see %s-died-*.log)\n' "$what" "$label" "$what" | tee -a "$out/died.tsv" >&2
        stop_tree "$app" "$work/profile"; app=""
        return 1
    fi
    [ "$label" = run ] && [ "$what" != chromium-headless ] && [ ! -f "$out/$what.png" ] && import -window root "$out/$what.png"
    stop_tree "$app" "$work/profile"; app=""
    sleep 1
    # shellcheck disable=SC2086
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$what" "$label" "$visible" $frames "$ready" "$fcp" "$load" \
        $(echo "$mem" | awk '{printf "%s\t%.1f\t%.1f", $1, $2/1024, $3/1024}') "$(load1)" | tee -a "$out/startup.tsv"
}

printf 'program\trun\tvisible_ms\tfirst_frame_ms\tcomplete_ms\tquay_ready_ms\tpage_fcp_ms\tpage_load_ms\tprocesses\trss_mb\tpss_mb\tload1\n' | tee "$out/startup.tsv"
rm -f "$out"/*.png
rm -f "$out"/*-died-*.log "$out/died.tsv"
# A run whose program died (it could not reach the X server) is run again,
# at most three times, and counted in died.tsv.
start_once() { startup_run "$@" || startup_run "$@" || startup_run "$@"; }
for what in quay-empty quay-1m chromium-headless chromium-window; do
    start_once "$what" warmup >/dev/null   # page cache, Chromium's profile
done
for i in $(seq 1 "$runs"); do
    for what in quay-empty quay-1m chromium-headless chromium-window; do
        start_once "$what"
    done
done

# N intakes typed into each window; memory idle before and 5 s after.
printf 'program\tintakes\tseconds\tretries\tprocesses_before\trss_before_mb\tpss_before_mb\tprocesses_after\trss_after_mb\tpss_after_mb\tload1\n' >"$out/intakes.tsv"
intake_run() {
    local what=$1 win before after t0 t1 count_fn
    case $what in
        quay-empty|quay-1m)
            local db=$small_db; [ "$what" = quay-1m ] && db=$big_db
            "$bin" --db "$db" 2>/dev/null &
            app=$!
            win=$(timeout 30 xdotool search --sync --onlyvisible --name "Trung" | head -1 || true)
            [ -n "$win" ] || { echo "$what: no window within 30 s" >&2; stop_tree "$app"; app=""; return 1; }
            sleep 1
            xdotool windowfocus --sync "$win"
            xdotool type --delay 20 admin; xdotool key Return; sleep 0.3
            xdotool type --delay 20 matkhau-2026; xdotool key Return; sleep 2
            QUAY_DB_COUNT=$db
            count_fn=quay_count
            ;;
        chromium-window)
            chromium_cmd window --app="$page" 2>/dev/null &
            app=$!
            win=$(timeout 30 xdotool search --sync --onlyvisible --name "Quay web" | head -1 || true)
            [ -n "$win" ] || { echo "$what: no window within 30 s" >&2; stop_tree "$app" "$work/profile"; app=""; return 1; }
            sleep 2
            CHROMIUM_WIN=$win
            count_fn=chromium_count
            ;;
    esac
    sleep 5
    # shellcheck disable=SC2046
    before=$(mem_of $(tree_pids "$app" "$work/profile"))
    local c0 c1
    c0=$($count_fn)
    t0=$(now_ms)
    drive_intakes "$win" "$intakes" "$count_fn" || echo "$what: the intakes stopped early (see $out/$what-after-intakes.png)" >&2
    t1=$(now_ms)
    c1=$($count_fn)
    sleep 5
    # shellcheck disable=SC2046
    after=$(mem_of $(tree_pids "$app" "$work/profile"))
    import -window root "$out/$what-after-intakes.png"
    stop_tree "$app" "$work/profile"; app=""
    # shellcheck disable=SC2086
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$what" "$((c1 - c0))" "$(( (t1 - t0) / 1000 ))" "$RETRIES" \
        "$(echo "$before" | awk '{printf "%s\t%.1f\t%.1f", $1, $2/1024, $3/1024}')" \
        "$(echo "$after" | awk '{printf "%s\t%.1f\t%.1f", $1, $2/1024, $3/1024}')" "$(load1)" | tee -a "$out/intakes.tsv"
}
# The newest dossier id: one index probe, even on 1,000,000 rows.
quay_count() { sqlite3 "file:$QUAY_DB_COUNT?mode=ro" "select coalesce(max(id), 0) from dossier" 2>/dev/null || echo 0; }
chromium_count() { xdotool getwindowname "$CHROMIUM_WIN" 2>/dev/null | sed -nE 's/.*: ([0-9]+) saved.*/\1/p' | grep . || echo 0; }
if [ "$intakes" -gt 0 ]; then
    for what in quay-empty chromium-window quay-1m; do
        echo "$what: $intakes intakes…" >&2
        intake_run "$what" || intake_run "$what"
    done
fi

# Summary: medians of the start-up runs, and the ratios.
python3 - "$out" <<'EOF'
import csv, statistics, sys
out = sys.argv[1]
rows = [r for r in csv.DictReader(open(f"{out}/startup.tsv"), delimiter="\t") if r["run"] == "run"]
def med(prog, col):
    v = [float(r[col]) for r in rows if r["program"] == prog and r[col] not in ("-", "")]
    return (statistics.median(v), min(v), max(v)) if v else None
def fmt(m, unit):
    return "-" if m is None else f"{m[0]:.0f} {unit} ({m[1]:.0f}–{m[2]:.0f})"
cols = [("visible_ms", "window visible", "ms"), ("first_frame_ms", "first frame", "ms"),
        ("complete_ms", "screen complete", "ms"), ("quay_ready_ms", "Quầy ready (log)", "ms"),
        ("page_fcp_ms", "page FCP", "ms"), ("page_load_ms", "page load", "ms"),
        ("rss_mb", "idle RSS", "MB"), ("pss_mb", "idle PSS", "MB"), ("processes", "processes", "")]
print("\nmedian (min–max) of the runs, ms after exec")
for c, label, unit in cols:
    print(f"{label:18}" + "".join(f"{fmt(med(p, c), unit):>24}" for p in
          ["quay-empty", "quay-1m", "chromium-headless", "chromium-window"]))
print(f"{'':18}" + "".join(f"{p:>24}" for p in ["quay-empty", "quay-1m", "chromium-headless", "chromium-window"]))
def m(p, c):
    x = med(p, c)
    return x[0] if x else None
print("\nratios, Chromium ÷ Quầy (empty database)")
for p in ["chromium-headless", "chromium-window"]:
    parts = []
    for c, label in [("pss_mb", "idle PSS"), ("rss_mb", "idle RSS (summed)")]:
        if m(p, c) and m("quay-empty", c):
            parts.append(f"{label} ×{m(p, c) / m('quay-empty', c):.1f}")
    if m(p, "page_load_ms") and m("quay-empty", "complete_ms"):
        parts.append(f"start-up, page load ÷ Quầy screen complete ×{m(p, 'page_load_ms') / m('quay-empty', 'complete_ms'):.1f}")
    if p == "chromium-window" and m(p, "complete_ms") and m("quay-empty", "complete_ms"):
        parts.append(f"screen complete ×{m(p, 'complete_ms') / m('quay-empty', 'complete_ms'):.1f}")
    print(f"  {p}: " + ", ".join(parts))
EOF
[ -s "$out/intakes.tsv" ] && { echo; column -t -s$'\t' "$out/intakes.tsv"; }
