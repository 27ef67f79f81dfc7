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
PROVIDER_DIR=${PROVIDER_DIR:-$ROOT/artifacts/bench/nutanix-aot}
if [[ ${REBUILD:-0} == 1 || ! -x $PROVIDER_DIR/terraform-provider-nutanix ]]; then
  echo "publishing terraform-provider-nutanix (native AOT) into $PROVIDER_DIR" >&2
  dotnet publish "$ROOT/src/TerraformProvider.Nutanix" -c Release -r linux-x64 -o "$PROVIDER_DIR" -nologo -v q >&2
fi
SIM_DLL=$ROOT/src/Nutanix.Simulator/bin/Release/net10.0/nutanix-sim.dll
if [[ ${REBUILD:-0} == 1 || ! -f $SIM_DLL ]]; then
  echo "building nutanix-sim (Release)" >&2
  dotnet build "$ROOT/src/Nutanix.Simulator" -c Release -nologo -v q >&2
fi
exec python3 "$ROOT/bench/refresh_scale.py" --sizes "$SIZES" --reps "$REPS" --provider-dir "$PROVIDER_DIR" \
  --sim-cmd "dotnet $SIM_DLL" "$@"
