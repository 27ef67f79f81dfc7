#!/usr/bin/env bash
# Benchmarks (d) and (e): terraform plan (with refresh) of N existing nutanix_cluster resources on nutanix-sim --fast,
# and terraform apply of N clusters at -parallelism=10, each measured side by side with the same count of Terraform's
# built-in terraform_data. Prints medians and ratios and appends them to bench/results/terraform-bench.txt.
# Usage: bench/terraform-bench.sh [N=100] [REPS=3]   (needs terraform, dotnet; publishes the AOT provider if missing)
set -euo pipefail
N=${1:-100}
REPS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROVIDER_DIR=${PROVIDER_DIR:-$ROOT/artifacts/bench-publish/provider}
if [[ ! -x $PROVIDER_DIR/terraform-provider-nutanix ]]; then
  dotnet publish "$ROOT/src/TerraformProvider.Nutanix/TerraformProvider.Nutanix.csproj" -c Release -r linux-x64 -p:PublishAot=true \
    --artifacts-path "$ROOT/artifacts/bench-publish/artifacts" -o "$PROVIDER_DIR" -nologo >/dev/null
fi
SIM_DLL=$ROOT/src/Nutanix.Simulator/bin/Debug/net10.0/nutanix-sim.dll
[[ -f $SIM_DLL ]] || dotnet build "$ROOT/src/Nutanix.Simulator" -nologo -v q >/dev/null

WORK=$(mktemp -d /tmp/tfbench-XXXX)
cleanup() { [[ -n ${SIM_PID:-} ]] && kill "$SIM_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
mkfifo "$WORK/sim-stdin"
dotnet "$SIM_DLL" --state-dir "$WORK/sim" --fast --exit-on-stdin-eof <"$WORK/sim-stdin" >"$WORK/sim.log" 2>&1 &
SIM_PID=$!
exec 9>"$WORK/sim-stdin"
for _ in $(seq 1 600); do [[ -f $WORK/sim/connection.json ]] && break; sleep 0.1; done
CONN=$WORK/sim/connection.json
read -r PC_HOST PC_PORT PC_USER PC_PASS CA KUBECONFIG_PATH < <(python3 -c "
import json,sys; c=json.load(open('$CONN')); p=c['prism_central']
print(p['endpoint'], p['port'], p['username'], p['password'], p['ca_cert_file'], c['kubeconfig'])")

cat >"$WORK/terraformrc" <<RC
provider_installation {
  dev_overrides { "registry.terraform.io/nutanix-cloud-native/nutanix" = "$PROVIDER_DIR" }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE=$WORK/terraformrc TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1 TF_INPUT=0 TF_VAR_pc_password=$PC_PASS
unset TF_LOG KUBECONFIG

mkdir -p "$WORK/nutanix" "$WORK/data"
{
  cat <<HCL
variable "pc_password" {
  type      = string
  sensitive = true
  ephemeral = true
}
provider "nutanix" {
  kubeconfig_path = "$KUBECONFIG_PATH"
}
resource "nutanix_pcg" "gw" {
  name = "bench"
}
resource "nutanix_cloud_account" "pc" {
  name                    = "pc"
  pcg_id                  = nutanix_pcg.gw.id
  endpoint                = "$PC_HOST"
  port                    = $PC_PORT
  additional_trust_bundle = file("$CA")
  username                = "$PC_USER"
  password_wo             = var.pc_password
  password_wo_version     = 1
}
resource "nutanix_cluster" "c" {
  count                 = $N
  name                  = "bench-\${count.index}"
  cloud_account_id      = nutanix_cloud_account.pc.id
  kubernetes_version    = "v1.33.2"
  prism_element_cluster = "pe-cluster-a"
  subnets               = ["vlan-100-k8s"]
  image                 = "ubuntu-2204-kube-v1.33.2"
  control_plane         = { endpoint_ip = cidrhost("10.20.0.0/16", count.index + 10) }
}
HCL
} >"$WORK/nutanix/main.tf"
cat >"$WORK/data/main.tf" <<HCL
resource "terraform_data" "c" {
  count = $N
  input = { name = "bench-\${count.index}", replicas = 1 }
}
HCL

(cd "$WORK/nutanix" && terraform apply -auto-approve -no-color -target=nutanix_cloud_account.pc >/dev/null)
timed() { local s e; s=$(date +%s.%N); "$@" >"$WORK/last.log" 2>&1 || { cat "$WORK/last.log"; exit 1; }; e=$(date +%s.%N); python3 -c "print(f'{$e-$s:.3f}')"; }
median() { python3 -c "import statistics,sys; print(f'{statistics.median(float(x) for x in sys.argv[1:]):.3f}')" "$@"; }

apply_n=(); apply_d=(); plan_n=(); plan_d=()
for r in $(seq 1 "$REPS"); do
  apply_n+=("$(cd "$WORK/nutanix" && timed terraform apply -auto-approve -no-color -parallelism=10)")
  apply_d+=("$(cd "$WORK/data" && timed terraform apply -auto-approve -no-color -parallelism=10)")
  for _ in 1 2; do
    plan_n+=("$(cd "$WORK/nutanix" && timed terraform plan -no-color)")
    plan_d+=("$(cd "$WORK/data" && timed terraform plan -no-color)")
  done
  if [[ $r -lt $REPS ]]; then
    (cd "$WORK/nutanix" && terraform destroy -auto-approve -no-color -target=nutanix_cluster.c >/dev/null)
    (cd "$WORK/data" && terraform destroy -auto-approve -no-color >/dev/null)
  fi
done
ma=$(median "${apply_n[@]}"); md=$(median "${apply_d[@]}"); pa=$(median "${plan_n[@]}"); pd=$(median "${plan_d[@]}")
mkdir -p "$ROOT/bench/results"
{
  echo "## terraform-bench $(date -u +%Y-%m-%dT%H:%MZ) N=$N reps=$REPS ($(nproc) cores, $(terraform version | head -1))"
  echo "(d) plan+refresh of $N existing: nutanix_cluster median ${pa}s [${plan_n[*]}], terraform_data median ${pd}s [${plan_d[*]}], ratio $(python3 -c "print(f'{$pa/$pd:.2f}')") (target <= 1.2)"
  echo "(e) apply of $N at -parallelism=10: nutanix_cluster median ${ma}s [${apply_n[*]}], terraform_data median ${md}s [${apply_d[*]}], ratio $(python3 -c "print(f'{$ma/$md:.2f}')") (target <= 1.3)"
} | tee -a "$ROOT/bench/results/terraform-bench.txt"
(cd "$WORK/nutanix" && terraform destroy -auto-approve -no-color >/dev/null) || true
