#!/usr/bin/env bash
# How each core operation grows with the database: runs `cargo bench --bench
# growth` (criterion, in-process, at 1,000 / 100,000 / 1,000,000 synthetic
# dossiers), then writes docs/benchmarks-growth.csv (criterion's median and its
# 95 % confidence interval, in ms) and plots docs/benchmarks-growth.png with
# gnuplot (log scale both ways, one line per operation).
#
# Sync and bundles are whole-process figures at one size (100,000 events):
# with --sync this also runs bench/sync.sh and adds its lines to the CSV and,
# as separate points, to the plot; without it, the last bench/out/sync.txt is
# used when there is one.
#
# Usage: bench/growth.sh [--sync] [criterion filter]
#   QUAY_BENCH_SIZES=1000,100000 bench/growth.sh     (fewer sizes)
#   QUAY_BENCH_SKIP=1 bench/growth.sh                (CSV and plot from the last run)
# The 1,000-dossier database is built in a second, the others in ≈ 10 s and
# ≈ 90 s, once (target/bench-data/). Needs gnuplot (scripts/bench-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
with_sync=0
if [ "${1:-}" = --sync ]; then with_sync=1; shift; fi
export QUAY_BENCH_SIZES=${QUAY_BENCH_SIZES:-1000,100000,1000000}
target=${CARGO_TARGET_DIR:-target}
mkdir -p bench/out
if [ -z "${QUAY_BENCH_SKIP:-}" ]; then
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee bench/out/growth.txt
    cargo bench --bench growth -- "$@" 2>&1 |
        grep -E '^(growth_|bench data|[0-9]+ dossiers|  due list)|time:' | tee -a bench/out/growth.txt
    echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a bench/out/growth.txt
fi
if [ "$with_sync" = 1 ]; then
    {
        echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
        bench/sync.sh
        echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
    } | tee bench/out/sync.txt
fi

python3 - "$target/criterion" docs/benchmarks-growth.csv bench/out/sync.txt bench/out/growth.gp <<'EOF'
import csv, json, os, re, sys
crit, csv_path, sync_txt, gp_path = sys.argv[1:5]
ops = [  # criterion group → label in the CSV and the plot
    ("growth_save_dossier_durable", "Save a dossier durably"),
    ("growth_ticket_issue_durable", "Issue a queue ticket durably"),
    ("growth_procedure_search", "Procedure search, 80 procedures"),
    ("growth_dossier_search_name", "Dossier search: name"),
    ("growth_dossier_search_code", "Dossier search: code tail"),
    ("growth_dossier_search_cccd", "Dossier search: CCCD prefix"),
    ("growth_daily_due_list", "Daily due list (overdue + due today)"),
    ("growth_quarterly_report", "Quarterly report (Q3 2026)"),
    ("growth_slip_pdf", "Slip PDF of a stored dossier"),
]
sizes = [int(s) for s in os.environ["QUAY_BENCH_SIZES"].split(",")]
rows = []
for group, label in ops:
    for n in sizes:
        f = os.path.join(crit, group, str(n), "new", "estimates.json")
        if not os.path.exists(f):
            continue
        m = json.load(open(f))["median"]
        ci = m["confidence_interval"]
        rows.append([group.removeprefix("growth_"), label, n, "criterion median, in-process",
                     f"{m['point_estimate'] / 1e6:.4f}", f"{ci['lower_bound'] / 1e6:.4f}",
                     f"{ci['upper_bound'] / 1e6:.4f}"])
single = []
if os.path.exists(sync_txt):
    text = open(sync_txt).read()
    for key, label, pat in [
        ("sync_loopback", "Sync over loopback to quay-hub", r"network sync, (\d+) events over loopback: ([\d.]+) s"),
        ("bundle_export", "Bundle export", r"bundle export, (\d+) events: ([\d.]+) s"),
        ("bundle_import", "Bundle import at the hub", r"hub import, (\d+)-event bundle: ([\d.]+) s"),
    ]:
        m = re.search(pat, text)
        if m:
            n, secs = int(m.group(1)), float(m.group(2))
            single.append((key, label, n, secs * 1000))
            rows.append([key, label, n, "whole process, one run, events (bench/sync.sh)",
                         f"{secs * 1000:.1f}", "", ""])
with open(csv_path, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["operation", "label", "size", "method", "median_ms", "ci_low_ms", "ci_high_ms"])
    w.writerows(rows)
print(f"wrote {csv_path} ({len(rows)} rows)")

# gnuplot: one inline data block per operation.
gp = ['set terminal pngcairo size 1100,820 font "Noto Sans,10"',
      'set output "docs/benchmarks-growth.png"',
      'set title "Quầy: core operations against database size (criterion medians, release build, 2-core VM)"',
      'set logscale xy', 'set xrange [600:1800000]', 'set yrange [0.001:20000]',
      'set xtics ("1,000" 1000, "10,000" 10000, "100,000" 100000, "1,000,000" 1000000)',
      'set ytics ("1 µs" 0.001, "0.01" 0.01, "0.1" 0.1, "1" 1, "10" 10, "100" 100, "1 s" 1000, "10 s" 10000)',
      'set xlabel "dossiers in the database (sync and bundles: events, one size)"',
      'set ylabel "time per operation, ms (log scale)"',
      'set grid xtics ytics mytics', 'set key below maxrows 6 width 2 spacing 1.2',
      'set border lw 1.2']
# One colour per line: gnuplot's default cycle repeats after eight.
colours = ["#7b2cbf", "#2a9d8f", "#56b4e9", "#e69f00", "#e377c2", "#0072b2",
           "#d62828", "#000000", "#8c564b", "#009e73", "#7f7f7f", "#e69f00"]
plots = []
for i, (group, label) in enumerate(ops):
    pts = [(r[2], r[4]) for r in rows if r[0] == group.removeprefix("growth_")]
    if not pts:
        continue
    gp.append(f"$d{i} << EOD")
    gp += [f"{n} {ms}" for n, ms in pts]
    gp.append("EOD")
    plots.append(f'$d{i} using 1:2 with linespoints lw 2 pt 7 ps 0.9 lc rgb "{colours[i]}" title "{label}"')
for j, (key, label, n, ms) in enumerate(single):
    gp.append(f"$s{j} << EOD")
    gp.append(f"{n} {ms}")
    gp.append("EOD")
    plots.append(f'$s{j} using 1:2 with points pt {[9, 11, 13][j % 3]} ps 2 lc rgb "{colours[9 + j % 3]}" title "{label} ({n:,} events, {ms / 1000:.1f} s)"')
gp.append("plot " + ", \\\n     ".join(plots))
open(gp_path, "w").write("\n".join(gp) + "\n")
EOF
gnuplot bench/out/growth.gp
echo "wrote docs/benchmarks-growth.png"
column -s, -t < docs/benchmarks-growth.csv | cut -c1-160
