# Helpers shared by bench/compare_chromium.sh and bench/old_pc.sh: an Xvfb
# screen, memory of a process tree, the first painted frame, and a driver that
# types intakes into a window with xdotool. Source it; it runs nothing itself.

# Milliseconds since the epoch.
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Load average over the last minute, as `uptime` shows it.
load1() { cut -d' ' -f1 /proc/loadavg; }

# Starts Xvfb at 1366×768×24 on display $1, or the next free one (another
# program's screen must never be measured); sets XVFB_PID and DISPLAY.
start_xvfb() {
    local n=${1#:}
    while [ -e /tmp/.X$n-lock ] || [ -e /tmp/.X11-unix/X$n ]; do n=$((n + 1)); done
    Xvfb ":$n" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
    XVFB_PID=$!
    export DISPLAY=:$n
    for _ in $(seq 1 100); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.05; done
    kill -0 "$XVFB_PID" 2>/dev/null || { echo "Xvfb :$n did not start" >&2; return 1; }
    [ "$(xdotool search --onlyvisible --name . 2>/dev/null | wc -l)" -eq 0 ] ||
        { echo "display :$n already has windows" >&2; return 1; }
}

# A checksum of the whole screen, to see when something was drawn.
screen_sum() { import -window root -depth 8 rgb:- 2>/dev/null | md5sum; }

# Waits until the screen differs from checksum $1 (polling as fast as import
# can grab it, ≈ 10–20 ms); prints the time it saw the change.
wait_painted() {
    while [ "$(screen_sum)" = "$1" ]; do :; done
    now_ms
}

# Waits (at most 5 s) until the screen is empty again after a window closed.
wait_blank() {
    local t0
    t0=$(now_ms)
    while [ "$(screen_sum)" != "$blank" ] && [ $(( $(now_ms) - t0 )) -lt 5000 ]; do sleep 0.05; done
}

# Watches the screen from now until $2 ms after time $1 (epoch ms), grabbing
# it as fast as import can; prints "FIRST COMPLETE" in ms after $1: FIRST is
# the first grab that differs from checksum $3 (the empty screen), COMPLETE
# the first grab that already looks like the end of the watch (any state seen
# in its last second: a blinking text cursor gives two). "- -" if nothing
# changed. The same rule for every window, whatever it draws first.
watch_screen() {
    local t0=$1 until=$(($1 + $2)) blank=$3 t log=""
    while :; do
        t=$(now_ms)
        [ "$t" -ge "$until" ] && break
        log+="$((t - t0)) $(screen_sum | cut -c1-12)"$'\n'
    done
    printf '%s' "$log" | awk -v blank="${blank:0:12}" -v end="$2" '
        { t[NR] = $1; s[NR] = $2 }
        END {
            for (i = 1; i <= NR; i++) if (t[i] >= end - 1000) final[s[i]] = 1
            first = "-"; done = "-"
            for (i = 1; i <= NR; i++) {
                if (first == "-" && s[i] != blank) first = t[i]
                if (done == "-" && s[i] != blank && (s[i] in final)) done = t[i]
            }
            print first, done
        }'
}

# Every process of the tree under $1, plus any process whose command line holds
# $2 (when given: Chromium's crash handler leaves the tree but names the profile).
tree_pids() {
    local root=$1 marker=${2:-} all=() queue=("$1") p kids
    while [ ${#queue[@]} -gt 0 ]; do
        p=${queue[0]}; queue=("${queue[@]:1}")
        [ -d /proc/$p ] || continue
        all+=("$p")
        kids=$(cat /proc/"$p"/task/*/children 2>/dev/null || true)
        for k in $kids; do queue+=("$k"); done
    done
    if [ -n "$marker" ]; then
        for p in $(pgrep -f -- "$marker" || true); do
            [[ " ${all[*]} " == *" $p "* ]] || all+=("$p")
        done
    fi
    echo "${all[@]}"
}

# "PROCS RSS_KB PSS_KB" summed over the given pids. RSS counts a shared page in
# every process that maps it; PSS (from /proc/PID/smaps_rollup) divides it
# among them, so PSS is the fair sum for a multi-process program.
mem_of() {
    local n=0 rss=0 pss=0 p r s
    for p in "$@"; do
        [ -r /proc/"$p"/status ] || continue
        r=$(awk '/^VmRSS:/ {print $2}' /proc/"$p"/status 2>/dev/null || true)
        s=$(awk '/^Pss:/ {print $2}' /proc/"$p"/smaps_rollup 2>/dev/null || true)
        [ -n "$r" ] || continue
        n=$((n + 1)); rss=$((rss + r)); pss=$((pss + ${s:-0}))
    done
    echo "$n $rss $pss"
}

# Gives database $1 the center's settings and an administrator (admin /
# matkhau-2026), so the app opens on its login screen as a counter PC does.
# Needs $bin, the quay binary.
prepare_db() {
    "$bin" --db "$1" settings set --agency-id 000.00.12.H56 --counter 1 \
        --center-name "Trung tâm Phục vụ hành chính công xã Yên Kỳ" >/dev/null
    QUAY_PASSWORD=matkhau-2026 "$bin" --db "$1" staff add --username admin \
        --name "Quản trị" --role admin >/dev/null 2>&1
}

# Peak resident memory of one process (VmHWM), kB.
peak_kb() { awk '/^VmHWM:/ {print $2}' /proc/"$1"/status 2>/dev/null || echo 0; }

# Stops a process and whatever is left of its tree, by process id.
stop_tree() {
    local pids
    pids=$(tree_pids "$1" "${2:-}")
    # shellcheck disable=SC2086
    kill $pids 2>/dev/null || true
    sleep 0.5
    # shellcheck disable=SC2086
    kill -9 $pids 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# ASCII test data for intake $1 (xdotool types ASCII quickly and reliably; the
# Vietnamese keymap juggling for accented letters is xdotool's cost, not the
# app's). The CCCD is valid: Thanh Hóa (038), born 1960–1999.
FAMILY=(Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do)
MIDDLE=(Van Thi Duc Minh Thu Ngoc Huu Thanh)
GIVEN=(Hung Lan Dung Hoa Tuan Mai Nam Linh Hai Trang Long Hang)
intake_fields() {
    local i=$1
    NAME="${FAMILY[i % 10]} ${MIDDLE[i % 8]} ${GIVEN[i % 12]}"
    CCCD=$(printf '038%d%02d%06d' $((i % 2)) $((60 + i % 40)) $((i % 1000000)))
    PHONE=$(printf '09%08d' "$i")
    ADDRESS="Thon $((1 + i % 9)), xa Yen Ky, tinh Thanh Hoa"
}

# Types $2 intakes into window $1 the way an officer does: the procedure search
# ("ket hon", Enter takes the first), name, Tab, CCCD, Tab, phone, Tab,
# address, Enter saves; once the save shows (the function named by $3 prints
# the number of dossiers saved so far) Esc starts the next one. A save that
# does not show within 5 s is retried after Esc Esc; RETRIES counts them.
# XDO_DELAY (ms between keystrokes, default 4) sets the typing speed.
drive_intakes() {
    local win=$1 n=$2 count_fn=$3 d=${XDO_DELAY:-4} i have want t0
    RETRIES=0
    xdotool windowfocus --sync "$win" 2>/dev/null || true
    have=$($count_fn)
    for i in $(seq 1 "$n"); do
        intake_fields "$((have + i))"
        want=$((have + i))
        while :; do
            xdotool type --delay "$d" "ket hon"; xdotool key Return; sleep 0.05
            xdotool type --delay "$d" "$NAME"; xdotool key Tab
            xdotool type --delay "$d" "$CCCD"; xdotool key Tab
            xdotool type --delay "$d" "$PHONE"; xdotool key Tab
            xdotool type --delay "$d" "$ADDRESS"; xdotool key Return
            t0=$(now_ms)
            while [ "$($count_fn)" -lt "$want" ] && [ $(( $(now_ms) - t0 )) -lt 5000 ]; do sleep 0.01; done
            if [ "$($count_fn)" -ge "$want" ]; then break; fi
            RETRIES=$((RETRIES + 1))
            [ "$RETRIES" -gt 50 ] && { echo "drive_intakes: too many failed saves" >&2; return 1; }
            xdotool key Escape; sleep 0.3; xdotool key Escape; sleep 0.3
        done
        sleep 0.05
        xdotool key Escape; sleep 0.05
        if [ $((i % 100)) -eq 0 ]; then echo "  … $i intakes" >&2; fi
    done
}
