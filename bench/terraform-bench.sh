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
source "$ROOT/bench/prepare-sim-bench.sh"
exec python3 "$ROOT/bench/terraform_bench.py" --n "$N" --reps "$REPS" --provider-dir "$PROVIDER_DIR" \
  --sim-cmd "dotnet $SIM_DLL" "$@"
