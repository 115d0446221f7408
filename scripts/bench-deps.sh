#!/usr/bin/env bash
# What the benchmark scripts need beyond scripts/deps.sh (kept apart so CI stays
# fast): Xvfb, xdotool and imagemagick to drive and watch the real window,
# Debian's Chromium for bench/compare_chromium.sh, gnuplot for the growth plot
# of bench/growth.sh, sqlite3 to watch a database from outside, and util-linux
# (taskset, setpriv) for bench/old_pc.sh and running Chromium unprivileged.
# Idempotent; installs only what is missing.
set -euo pipefail
packages=(xvfb x11-utils xdotool imagemagick chromium gnuplot-nox sqlite3 util-linux python3)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
