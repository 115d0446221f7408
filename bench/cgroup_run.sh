#!/usr/bin/env bash
# Runs a command as on an old PC's budget, with the kernel's own limits rather
# than ulimit: at most MEM_MB of memory in use (RSS and the page cache its
# files pull in, no swap), and CPU_PCT percent of one core (a CFS quota: a
# slow CPU, not only a single one). For bench/old_pc.sh, where systemd-run is
# not available:
#
#   OLD_PC_CAP_MB=512 OLD_PC_CAP_CMD="bench/cgroup_run.sh 512 50" bench/old_pc.sh
#
# Usage: bench/cgroup_run.sh MEM_MB CPU_PCT command [args…]
# Needs root and the memory and cpu controllers (cgroup v2 at /sys/fs/cgroup,
# or v1 under /sys/fs/cgroup/{memory,cpu}). Each run gets its own group, removed
# when the command ends; the exit status is the command's.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 MEM_MB CPU_PCT command [args…]" >&2; exit 2; }
mem_mb=$1 cpu_pct=$2
shift 2
name=quay-oldpc-$$
period=100000
quota=$((period * cpu_pct / 100))
groups=()
cleanup() {
    local g
    for g in "${groups[@]}"; do rmdir "$g" 2>/dev/null || true; done
}
trap cleanup EXIT
# Groups left by earlier runs that were killed before their cleanup (a
# benchmark stops the whole process tree at once): rmdir removes only the
# empty ones.
for g in /sys/fs/cgroup/quay-oldpc-* /sys/fs/cgroup/memory/quay-oldpc-* /sys/fs/cgroup/cpu/quay-oldpc-*; do
    [ -d "$g" ] && rmdir "$g" 2>/dev/null || true
done
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    g=/sys/fs/cgroup/$name
    mkdir "$g"; groups+=("$g")
    echo "$((mem_mb * 1024 * 1024))" >"$g/memory.max"
    echo 0 >"$g/memory.swap.max" 2>/dev/null || true
    echo "$quota $period" >"$g/cpu.max"
    echo $$ >"$g/cgroup.procs"
elif [ -d /sys/fs/cgroup/memory ] && [ -d /sys/fs/cgroup/cpu ]; then
    m=/sys/fs/cgroup/memory/$name c=/sys/fs/cgroup/cpu/$name
    mkdir "$m" "$c"; groups+=("$m" "$c")
    echo "$((mem_mb * 1024 * 1024))" >"$m/memory.limit_in_bytes"
    echo "$period" >"$c/cpu.cfs_period_us"
    echo "$quota" >"$c/cpu.cfs_quota_us"
    echo $$ >"$m/tasks"
    echo $$ >"$c/tasks"
else
    echo "$0: no cgroup memory and cpu controllers here" >&2
    exit 1
fi
# Not exec: the groups are removed once the command (and its children) end.
status=0
"$@" || status=$?
# Leave the groups before removing them.
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    echo $$ >/sys/fs/cgroup/cgroup.procs
else
    echo $$ >/sys/fs/cgroup/memory/tasks
    echo $$ >/sys/fs/cgroup/cpu/tasks
fi
exit "$status"
