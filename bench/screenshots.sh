#!/usr/bin/env bash
# Drives the real window under Xvfb (software renderer) and saves screenshots of the
# intake flow at a given screen size, for review and for the README.
# Usage: bench/screenshots.sh [WIDTHxHEIGHT] [OUTDIR] [BINARY]
# Needs xvfb, xdotool, imagemagick. Typing Vietnamese through xdotool is slow and
# occasionally drops a character: that is xdotool's keymap juggling, not the app.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1366x768}; out=${2:-bench/out}; bin=${3:-target/debug/quay}
w=${size%x*}; h=${size#*x}
mkdir -p "$out"
display=:78
Xvfb $display -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
db=$(mktemp -d)/quay.sqlite3
trap 'kill $app $xvfb 2>/dev/null || true' EXIT
sleep 1
export DISPLAY=$display
"$bin" --db "$db" settings set --agency-id 000.00.12.H56 --counter 2 --officer "Lê Văn Tâm" \
    --center-name "Trung tâm Phục vụ hành chính công xã Yên Kỳ" --parent-agency "Ủy ban nhân dân xã Yên Kỳ" >/dev/null
# The first account (an empty database runs the CLI as the system), then log in in the window.
QUAY_PASSWORD=matkhau-2026 "$bin" --db "$db" staff add --username tam.lv --name "Lê Văn Tâm" --role admin >/dev/null
"$bin" --db "$db" >/dev/null 2>&1 &
app=$!
win=$(xdotool search --sync --name "Trung")
xdotool windowsize "$win" "$w" "$h"
xdotool windowfocus --sync "$win"
sleep 1
say() { xdotool type --delay 220 "$1"; sleep 0.5; }
say "tam.lv"; xdotool key Return; say "matkhau-2026"; xdotool key Return; sleep 1.5
say "ket hon"; xdotool key Return; sleep 0.8
say "Nguyễn Thị Hường"; xdotool key Tab; sleep 0.5
say "038303001234"; xdotool key Tab; sleep 0.5
say "0912345678"; xdotool key Tab; sleep 0.5
say "Thôn Yên Kỳ, xã Yên Kỳ"; sleep 0.8
import -window root "$out/intake-$size.png"
xdotool key Return; sleep 1.5
import -window root "$out/saved-$size.png"
echo "wrote $out/intake-$size.png $out/saved-$size.png"
