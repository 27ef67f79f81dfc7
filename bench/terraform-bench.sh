#!/usr/bin/env bash
# Benchmarks (b, second half), (d) and (e): terraform plan (with refresh) of N existing nutanix_cluster resources on
# nutanix-sim --fast and terraform apply of N clusters at -parallelism=10, each measured interleaved with the same count
# of Terraform's built-in terraform_data (wall + CPU time, load average), plus the provider's RSS during the plan.
# Prints medians and ratios and appends them to bench/results/terraform-bench.txt.
# Usage: bench/terraform-bench.sh [N=100] [REPS=3] [extra terraform_bench.py options, e.g. --keep --tf-log=trace]
# Needs terraform, dotnet, python3. Publishes the AOT provider into artifacts/bench/nutanix-aot unless it exists
# (REBUILD=1 forces a publish) and builds nutanix-sim (Release).
set -euo pipefail
N=${1:-100}
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
exec python3 "$ROOT/bench/terraform_bench.py" --n "$N" --reps "$REPS" --provider-dir "$PROVIDER_DIR" \
  --sim-cmd "dotnet $SIM_DLL" "$@"
