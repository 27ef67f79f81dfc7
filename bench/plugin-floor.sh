#!/usr/bin/env bash
# The floor of benchmark (d) for any provider built on src/Terraform.Plugin: `terraform plan` (refresh on) of N
# resources of the test-only fixture provider (tests/Terraform.Plugin.FixtureProvider, native AOT; its objects are
# small JSON files, so reading one costs next to nothing) next to N terraform_data, interleaved A B B A, REPS times.
# What is left is Terraform's plugin model itself: three provider processes per plan, the gRPC round trips per
# instance, and the plugin host's start.
# Usage: bench/plugin-floor.sh [N=100] [REPS=5]. Needs dotnet, terraform, python3. Prints medians and the ratio.
set -euo pipefail
N=${1:-100}
REPS=${2:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/artifacts/bench/fixture-aot
if [[ ${REBUILD:-0} == 1 || ! -x $OUT/terraform-provider-fixture ]]; then
  echo "publishing terraform-provider-fixture (native AOT) into $OUT" >&2
  dotnet publish "$ROOT/tests/Terraform.Plugin.FixtureProvider" -c Release -r linux-x64 -o "$OUT" -nologo -v q >&2
fi
WORK=$(mktemp -d /tmp/plugin-floor-XXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/fixture" "$WORK/data" "$WORK/things"
cat >"$WORK/terraformrc" <<EOF
provider_installation {
  dev_overrides { "registry.terraform.io/test/fixture" = "$OUT" }
  direct {}
}
EOF
cat >"$WORK/fixture/main.tf" <<EOF
terraform {
  required_providers {
    fixture = { source = "test/fixture" }
  }
}
provider "fixture" {
  state_dir = "$WORK/things"
}
resource "fixture_thing" "t" {
  count = $N
  name  = "thing-\${count.index}"
}
EOF
cat >"$WORK/data/main.tf" <<EOF
resource "terraform_data" "t" {
  count = $N
  input = { name = "thing-\${count.index}" }
}
EOF
export TF_CLI_CONFIG_FILE=$WORK/terraformrc TF_IN_AUTOMATION=1
terraform -chdir="$WORK/data" init -input=false >/dev/null
for ws in fixture data; do
  terraform -chdir="$WORK/$ws" apply -auto-approve -input=false -parallelism=10 >/dev/null
  terraform -chdir="$WORK/$ws" plan -input=false >/dev/null   # warm-up
done
python3 - "$WORK" "$REPS" "$N" <<'EOF'
import os, statistics, subprocess, sys, time
work, reps, n = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def plan(ws):
    before = os.times()
    t = time.monotonic()
    subprocess.run(["terraform", f"-chdir={work}/{ws}", "plan", "-input=false", "-detailed-exitcode"], check=True, stdout=subprocess.DEVNULL)
    wall = time.monotonic() - t
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)
samples = {"fixture": [], "data": []}
for r in range(reps):
    for ws in (["fixture", "data", "data", "fixture"] if r % 2 == 0 else ["data", "fixture", "fixture", "data"]):
        samples[ws].append(plan(ws))
med = lambda xs: statistics.median(xs)
fw, fc = med([s[0] for s in samples["fixture"]]), med([s[1] for s in samples["fixture"]])
dw, dc = med([s[0] for s in samples["data"]]), med([s[1] for s in samples["data"]])
load = open("/proc/loadavg").read().split()[:3]
print(f"plan (refresh) of {n}: fixture_thing (native AOT, Terraform.Plugin) median {fw:.3f} s wall, {fc:.3f} s CPU; "
      f"terraform_data {dw:.3f} s wall, {dc:.3f} s CPU; ratio {fw / dw:.2f} wall, {fc / dc:.2f} CPU "
      f"({2 * reps} plans each; load average {' '.join(load)})")
print("samples wall fixture", [round(s[0], 3) for s in samples["fixture"]], "data", [round(s[0], 3) for s in samples["data"]])
EOF
