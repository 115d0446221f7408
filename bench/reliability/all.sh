#!/usr/bin/env bash
# The whole reliability suite of issue 7, as CI runs it (well under 10 minutes
# on a 2-core VM): the power-loss loop, the network faults, and the disk-full
# script (which says "skipped" unless run as root).
#
#   bench/reliability/all.sh [POWER_LOSS_ROUNDS] [NETWORK_ROUNDS]
set -euo pipefail
cd "$(dirname "$0")"
start=$SECONDS
./power_loss.sh "${1:-300}"
./network.sh "${2:-300}"
./disk_full.sh
echo "reliability: all passed in $((SECONDS - start)) s"
