#!/usr/bin/env bash
# Runs every benchmark of issue #7 in sequence and writes one results file:
#   (a) exec -> handshake line of the AOT binary, (b) RSS after GetProviderSchema   -> bench/measure-host.sh
#   (c) msgpack/JSON codec round trip of a cluster-sized object                  -> BenchmarkDotNet
#   (d) plan of N existing nutanix_cluster vs terraform_data, (e) apply of N at -parallelism=10,
#   (b) provider RSS during the N-resource plan                                     -> bench/terraform-bench.sh
# Usage: bench/run-all.sh [N=100] [REPS=3] [HANDSHAKE_RUNS=30]
# Output: bench/results/run-all-<UTC timestamp>.txt (plus the per-script files the scripts append to).
# Unattended: needs dotnet, terraform, python3; publishes the provider once (artifacts/bench/nutanix-aot).
set -euo pipefail
N=${1:-100}
REPS=${2:-3}
RUNS=${3:-30}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
mkdir -p bench/results
OUT=bench/results/run-all-$(date -u +%Y%m%dT%H%MZ).txt

machine() {
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench || echo ' (with uncommitted changes)')"
  echo "cpu: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "os: $(uname -srm); dotnet $(dotnet --version); $(terraform version 2>/dev/null | head -1)"
}
section() { echo; echo "=== $1 — $(date -u +%H:%M:%SZ), uptime:$(uptime | sed 's/.*load average/ load average/')"; }

{
  echo "# terraform-provider-nutanix benchmarks (bench/run-all.sh N=$N REPS=$REPS HANDSHAKE_RUNS=$RUNS)"
  machine

  section "(a) exec -> handshake, (b) RSS after GetProviderSchema: bench/measure-host.sh $RUNS"
  bench/measure-host.sh "$RUNS" 2>&1
  echo "uptime after:$(uptime | sed 's/.*load average/ load average/')"

  section "(c) cty codecs, BenchmarkDotNet --job short"
  # In-process toolchain: no generated boilerplate project to build (its 2-minute build timeout fails on a loaded machine).
  BDN=$(mktemp -d /tmp/bdn-XXXX)
  dotnet run -c Release --project bench/Terraform.Plugin.Benchmarks -- --filter '*' --job short --iterationCount 15 --inProcess \
    --artifacts "$BDN" >"$BDN/console.txt" 2>&1 || { tail -40 "$BDN/console.txt"; echo "BenchmarkDotNet failed"; }
  sed -n '/^\/\/ \* Summary \*/,/^\/\/ \* Legends \*/p' "$BDN/console.txt" | grep -v '^// \* Legends' || true
  rm -rf "$BDN"
  echo "uptime after:$(uptime | sed 's/.*load average/ load average/')"

  section "(b) provider RSS during the plan, (d) plan, (e) apply: bench/terraform-bench.sh $N $REPS"
  bench/terraform-bench.sh "$N" "$REPS" 2>&1 | sed -n '/^## terraform-bench/,$p'
  echo "uptime after:$(uptime | sed 's/.*load average/ load average/')"
} 2>&1 | tee "$OUT"
echo "written to $OUT"
