#!/usr/bin/env bash
# Issue #14 item 3: Kubernetes API requests, time and memory of one `terraform plan` (refresh) of 10, 100 and 1,000
# existing nutanix_cluster resources on nutanix-sim --fast (with a larger IP pool), from the simulator's counters.
# Usage: bench/refresh-scale.sh [SIZES=10,100,1000] [REPS=3] [extra refresh_scale.py options, e.g. --keep]
# PROVIDER_DIR=... measures another build of the provider (e.g. one published from an older commit) against the same
# simulator. Needs terraform, dotnet, python3; publishes/builds as bench/terraform-bench.sh does (REBUILD=1 forces).
set -euo pipefail
SIZES=${1:-10,100,1000}
REPS=${2:-3}
shift $(( $# > 2 ? 2 : $# ))
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/bench/prepare-sim-bench.sh"
exec python3 "$ROOT/bench/refresh_scale.py" --sizes "$SIZES" --reps "$REPS" --provider-dir "$PROVIDER_DIR" \
  --sim-cmd "dotnet $SIM_DLL" "$@"
