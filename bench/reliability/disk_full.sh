#!/usr/bin/env bash
# Disk full, the real thing (issue 7): mounts a small tmpfs, puts a counter's
# database on it, stores dossiers with `quay dossier add` until the disk is
# full, then tickets until even they do not fit; every failure must say
# "database or disk is full". Then, freeing nothing, it opens the database
# again and checks that every dossier and ticket acknowledged (code or number
# printed) is there with what was sent, nothing repeats, `PRAGMA
# integrity_check` is ok and `quay audit verify` accepts the hash chain.
# Last, another program takes the very last bytes of the disk, before and
# after a clean close: what opening the database says then is shown (see
# docs/reliability.md), and once that file is deleted everything is checked
# again.
#
#   sudo bench/reliability/disk_full.sh          # root: mounts the tmpfs
#   bench/reliability/disk_full.sh               # not root: says so, exits 0
#
# QUAY_BIN=path/to/quay uses that binary (default: a release build, or the
# debug one with QUAY_RELIABILITY_PROFILE=debug);
# QUAY_DISK_FULL_SIZE=8m the tmpfs size. `tests/reliability_disk_full.rs` runs
# this script as root of a user namespace when the kernel allows it.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "$(id -u)" != 0 ]; then
    echo "disk_full: skipped: mounting a tmpfs needs root (sudo $0)"
    exit 0
fi

quay=${QUAY_BIN:-}
if [ -z "$quay" ]; then
    if [ "${QUAY_RELIABILITY_PROFILE:-release}" = debug ]; then
        cargo build --locked --bin quay >&2
        quay=${CARGO_TARGET_DIR:-target}/debug/quay
    else
        cargo build --release --locked --bin quay >&2
        quay=${CARGO_TARGET_DIR:-target}/release/quay
    fi
fi
size=${QUAY_DISK_FULL_SIZE:-8m}

work=$(mktemp -d)            # the ledger lives off the full disk
mnt=$work/disk
mkdir "$mnt"
cleanup() {
    umount "$mnt" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
if ! mount -t tmpfs -o "size=$size,mode=0700" tmpfs "$mnt" 2>"$work/mount.err"; then
    # Root without the right to mount (a container): nothing to measure here.
    echo "disk_full: skipped: cannot mount a tmpfs here ($(cat "$work/mount.err"))"
    exit 0
fi
db=$mnt/quay.sqlite3
q() { env -u QUAY_DB -u QUAY_USER -u QUAY_PASSWORD -u QUAY_HUB_URL "$quay" --db "$db" "$@"; }
fail() {
    echo "disk_full: FAILED: $*" >&2
    exit 1
}

q settings set --agency-id 000.00.12.H56 --counter 1 >/dev/null
: >"$work/dossiers"
: >"$work/tickets"
# Another program's file on the same disk, deleted near the end.
dd if=/dev/zero of="$mnt/other-program.dat" bs=64k count=4 status=none

# A distinct name part per number (names take letters only).
letters() {
    local n=$1 out=""
    while :; do
        out=$(printf "\\$(printf %o $((97 + n % 26)))")$out
        n=$((n / 26))
        [ "$n" -eq 0 ] && break
    done
    printf %s "$out"
}

note=$(printf 'Ghi chú kiểm thử đầy đĩa. %.0s' $(seq 1 30))
full_msg="database or disk is full"
dossiers=0 dossier_fails=0 i=0
# Dossiers until three in a row do not fit.
while [ "$dossier_fails" -lt 3 ]; do
    name="Nguyễn Thị $(letters $i)"
    i=$((i + 1))
    json=$(printf '{"procedure_code":"1.000894","applicant":{"name":"%s","id_number":"038303001234","phone":"0912345678","address":"Thôn Yên Kỳ, xã Yên Kỳ"},"note":"%s"}' "$name" "$note")
    if code=$(printf %s "$json" | q dossier add --json - 2>"$work/err"); then
        [ -n "$code" ] || fail "dossier add succeeded without printing a code"
        printf '%s\t%s\n' "$code" "$name" >>"$work/dossiers"
        dossiers=$((dossiers + 1))
        dossier_fails=0
    else
        grep -q "$full_msg" "$work/err" || fail "dossier add: unexpected error: $(cat "$work/err")"
        [ -z "$code" ] || fail "a failed save printed $code"
        first_error=${first_error:-$(cat "$work/err")}
        dossier_fails=$((dossier_fails + 1))
    fi
done
# Then tickets, which need fewer pages, until three in a row do not fit.
tickets=0 ticket_fails=0
while [ "$ticket_fails" -lt 3 ]; do
    if number=$(q ticket issue --area A --at 2026-11-25T09:00 2>"$work/err"); then
        echo "$number" >>"$work/tickets"
        tickets=$((tickets + 1))
        ticket_fails=0
    else
        grep -q "$full_msg" "$work/err" || fail "ticket issue: unexpected error: $(cat "$work/err")"
        ticket_fails=$((ticket_fails + 1))
    fi
    [ "$tickets" -lt 100000 ] || fail "the disk never filled"
done
free_kb=$(df -k --output=avail "$mnt" | tail -1 | tr -d ' ')
files=$(cd "$mnt" && for f in *; do printf '%s %s B; ' "$f" "$(stat -c %s "$f")"; done)

integrity() {
    if command -v sqlite3 >/dev/null; then
        sqlite3 "$db" 'PRAGMA integrity_check'
    elif command -v python3 >/dev/null; then
        python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$db"
    else
        echo "neither sqlite3 nor python3 here to run PRAGMA integrity_check (scripts/deps.sh installs sqlite3)"
    fi
}

# Every acknowledged write is there with what was sent; nothing repeats.
verify() {
    local when=$1
    q dossier list --sort code --limit 1000000 >"$work/list" 2>"$work/err" ||
        fail "$when: dossier list: $(cat "$work/err")"
    cut -f1,6 "$work/list" | sort >"$work/stored"
    sort "$work/dossiers" >"$work/acked"
    lost=$(comm -23 "$work/acked" "$work/stored" | wc -l)
    [ "$lost" -eq 0 ] || fail "$when: $lost acknowledged dossiers lost: $(comm -23 "$work/acked" "$work/stored" | head -3)"
    [ -z "$(cut -f1 "$work/stored" | uniq -d)" ] || fail "$when: a dossier code repeats"
    q ticket list --date 2026-11-25 >"$work/tlist" 2>"$work/err" ||
        fail "$when: ticket list: $(cat "$work/err")"
    cut -f1 "$work/tlist" | sort >"$work/tstored"
    sort "$work/tickets" >"$work/tacked"
    tlost=$(comm -23 "$work/tacked" "$work/tstored" | wc -l)
    [ "$tlost" -eq 0 ] || fail "$when: $tlost acknowledged tickets lost"
    [ -z "$(uniq -d "$work/tstored")" ] || fail "$when: a ticket number repeats"
    check=$(integrity 2>&1) || true
    [ "${check%% *}" = ok ] || fail "$when: integrity_check: $check"
    q audit verify >"$work/audit" 2>&1 || fail "$when: audit verify: $(cat "$work/audit")"
    stored_dossiers=$(wc -l <"$work/stored")
    stored_tickets=$(wc -l <"$work/tstored")
}

verify "disk full, nothing freed"
echo "disk_full: tmpfs $size: $dossiers dossiers and $tickets tickets acknowledged before the disk was full ($((dossier_fails + ticket_fails)) refusals, all \"$full_msg\", ${free_kb} KB left)"
echo "disk_full: first refusal: $first_error"
echo "disk_full: on the full disk: $files"
echo "disk_full: reopened with nothing freed: $stored_dossiers dossiers, $stored_tickets tickets stored, 0 lost, none repeated, integrity ok, $(cat "$work/audit")"

# Another program takes the last bytes of the disk. First with the WAL and
# its shared-memory index still there, as the failed saves left them (the
# last commits wait in the WAL: a checkpoint needs room the disk no longer
# has).
at_full() {
    dd if=/dev/zero of="$mnt/filler" bs=4k status=none 2>/dev/null || true
    local files
    files=$(cd "$mnt" && ls quay.sqlite3* | tr '\n' ' ')
    if q dossier list --limit 1 >/dev/null 2>"$work/err"; then
        echo "disk_full: disk at 100 % ($1; files: $files): the database opens"
        opens=yes
    else
        echo "disk_full: disk at 100 % ($1; files: $files): opening fails: $(cat "$work/err")"
        opens=no
    fi
    rm -f "$mnt/filler"
}
at_full "WAL left by the failed saves"
verify "after the filler was deleted"
opens_with_wal=$opens
# Then the other program deletes its own file: the next close checkpoints
# and removes the WAL and its index. Later the disk fills to the last byte
# while Quầy is closed: SQLite must create the index again to open.
rm -f "$mnt/other-program.dat"
verify "after space was freed"
at_full "after a clean close"
verify "after the filler was deleted"
opens_after_clean_close=$opens
echo "disk_full: after deleting the filler: $stored_dossiers dossiers, $stored_tickets tickets, 0 lost, integrity ok, audit chain intact"
echo "RESULT disk-full size=$size dossiers_acked=$dossiers tickets_acked=$tickets refusals=$((dossier_fails + ticket_fails)) checked=$((dossiers + tickets)) lost=0 repeated=0 integrity=ok audit=intact opens_at_100pct_with_wal=$opens_with_wal opens_at_100pct_after_clean_close=$opens_after_clean_close"
