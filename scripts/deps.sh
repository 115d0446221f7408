#!/usr/bin/env bash
# Installs what Quầy needs on Debian/Ubuntu, idempotently: a C compiler (SQLite is
# built from source), the X11 libraries the window loads at run time, poppler-utils
# (the tests read PDFs back with pdftotext), CUPS' lp for printing, aplay and the
# offline speech engine espeak-ng for the now-serving display's chime and spoken
# calls, sqlite3 (the audit-chain tests edit a database behind the app's back
# with it, and an administrator inspects a database with it), and Rust itself
# when it is missing.
set -euo pipefail

packages=(gcc libc6-dev pkg-config libx11-6 libx11-xcb1 libxcursor1 libxi6 libxrandr2
          libxkbcommon-x11-0 poppler-utils cups-client alsa-utils espeak-ng sqlite3)
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

if ! command -v cargo >/dev/null 2>&1; then
    if [ -x "$HOME/.cargo/bin/cargo" ]; then
        echo "Rust is installed in ~/.cargo/bin: run '. ~/.cargo/env' first." >&2
    else
        curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c rustfmt,clippy
        echo "Rust installed: run '. ~/.cargo/env' (or open a new shell) before cargo." >&2
    fi
fi
