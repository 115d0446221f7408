#!/usr/bin/env bash
# Whole-program figures under Xvfb with the software renderer (no GPU):
#   - time from exec to the window being mapped and visible,
#   - time from exec to the intake screen being ready (the app logs it),
#   - time from exec to the first frame that differs from the empty screen,
#   - resident memory (RSS) after 5 s idle.
# Usage: bench/startup.sh [runs]   (needs xvfb, xdotool, imagemagick; builds --release)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
command -v Xvfb >/dev/null && command -v xdotool >/dev/null && command -v import >/dev/null || {
    echo "needs: apt-get install xvfb xdotool imagemagick" >&2; exit 1; }
cargo build --release --quiet
bin=target/release/quay
out=bench/out; mkdir -p "$out"
display=:77
Xvfb $display -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
export DISPLAY=$display
blank=$(import -window root -depth 8 rgb:- | md5sum)

db="$out/startup.sqlite3"
rm -f "$db"*
"$bin" --db "$db" settings set --agency-id 000.00.12.H56 --counter 1 >/dev/null
# With an account the app opens on the login screen: what a counter PC shows at start.
QUAY_PASSWORD=matkhau-2026 "$bin" --db "$db" staff add --username admin --name "Quản trị" --role admin >/dev/null

for i in $(seq 1 "$runs"); do
    start=$(date +%s%N)
    RUST_LOG=quay=info "$bin" --db "$db" 2>"$out/startup.log" &
    pid=$!
    # xdotool's own --sync polls twice a second: poll faster. (It cannot match the
    # non-ASCII "Quầy" in the title, hence "Trung" from the center's name.)
    until xdotool search --onlyvisible --name "Trung" >/dev/null 2>&1; do sleep 0.005; done
    mapped=$(date +%s%N)
    while [ "$(import -window root -depth 8 rgb:- | md5sum)" = "$blank" ]; do :; done
    painted=$(date +%s%N)
    sleep 5
    rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
    [ "$i" -eq 1 ] && import -window root "$out/intake-screen.png"
    kill $pid; wait $pid 2>/dev/null || true
    ready=$(grep -o 'ready screen after [0-9]* ms' "$out/startup.log" | grep -o '[0-9]*' || echo '?')
    printf 'run %d: window visible %d ms, ready screen %s ms, first painted frame %d ms, idle RSS %d MB\n' \
        "$i" $(( (mapped - start) / 1000000 )) "$ready" $(( (painted - start) / 1000000 )) $(( rss / 1024 ))
done
