#!/usr/bin/env bash
# Quickstart: build the provider (native AOT) and nutanix-sim, start the simulator on free loopback ports in a
# temporary state directory, install the provider into a local filesystem mirror, and `terraform apply`
# examples/quickstart (gateway, Prism Central account, a 3 control-plane + 2 worker cluster).
#
#   ./scripts/quickstart.sh            build, start, apply, print; then keep the simulator running until Ctrl-C
#   ./scripts/quickstart.sh --no-wait  same, but stop the simulator as soon as the outputs are printed
#   ./scripts/quickstart.sh destroy    (from a second terminal, while the first one runs) terraform destroy
#
# The simulator belongs to this script: it is stopped, and its temporary state directory deleted, when the
# script exits for any reason (end, error, Ctrl-C, SIGTERM). Re-running starts from scratch every time.
#
# Environment (optional): QUICKSTART_DIR (default <repo>/.quickstart), NUTANIX_PROVIDER_BINARY and
# NUTANIX_SIM_BINARY (use prebuilt binaries instead of building), TERRAFORM (terraform executable).
set -euo pipefail

script_dir="${BASH_SOURCE[0]%/*}"
[[ "$script_dir" == "${BASH_SOURCE[0]}" ]] && script_dir=.
repo="$(cd "$script_dir/.." && pwd)"
qs="${QUICKSTART_DIR:-$repo/.quickstart}"
terraform="${TERRAFORM:-terraform}"
provider_address="registry.terraform.io/nutanix-cloud-native/nutanix"
mode="up"
wait_after=1

for arg in "$@"; do
  case "$arg" in
    up) mode="up" ;;
    destroy) mode="destroy" ;;
    --no-wait) wait_after=0 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "quickstart: unknown argument '$arg' (use: up [--no-wait] | destroy)" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'quickstart: %s\n' "$*" >&2; exit 1; }

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is not installed or not on PATH. $2"
}

tf() { TF_CLI_CONFIG_FILE="$qs/terraformrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1 "$terraform" -chdir="$qs/work" "$@"; }

json_string() { sed -n "s/^ *\"$1\": *\"\(.*\)\",\{0,1\}\$/\1/p" "$2" | head -n1; }
json_number() { sed -n "s/^ *\"$1\": *\([0-9][0-9]*\),\{0,1\}\$/\1/p" "$2" | head -n1; }

# The simulator's endpoint, credentials, CA and management kubeconfig as the example's variables (the password only
# through the environment, never on a command line). Used by both apply and destroy.
export_sim_variables() {
  local conn="$1"
  export TF_VAR_mgmt_kubeconfig TF_VAR_pc_endpoint TF_VAR_pc_port TF_VAR_pc_username TF_VAR_pc_ca_file TF_VAR_pc_password
  TF_VAR_mgmt_kubeconfig="$(json_string kubeconfig "$conn")"
  TF_VAR_pc_endpoint="$(json_string endpoint "$conn")"
  TF_VAR_pc_port="$(json_number port "$conn")"
  TF_VAR_pc_username="$(json_string username "$conn")"
  TF_VAR_pc_ca_file="$(json_string ca_cert_file "$conn")"
  TF_VAR_pc_password="$(json_string password "$conn")"
  [[ -n "$TF_VAR_pc_port" && -n "$TF_VAR_pc_password" && -f "$TF_VAR_mgmt_kubeconfig" ]] || die "could not read $conn"
}

need "$terraform" "Install Terraform >= 1.11: https://developer.hashicorp.com/terraform/install (Debian/Ubuntu: HashiCorp's apt repository, then 'apt-get install terraform')."

if [[ "$mode" == "destroy" ]]; then
  [[ -f "$qs/session.env" ]] || die "no quickstart session in $qs (run ./scripts/quickstart.sh first)."
  # shellcheck disable=SC1091
  source "$qs/session.env"
  [[ -n "${SIM_PID:-}" ]] && kill -0 "$SIM_PID" 2>/dev/null \
    || die "the simulator of the last session is not running any more; its resources went with it (nothing to destroy)."
  export_sim_variables "$SIM_CONNECTION"
  say "terraform destroy"
  tf destroy -auto-approve -input=false
  say "Destroyed. Stop the simulator with Ctrl-C in the terminal running ./scripts/quickstart.sh."
  exit 0
fi

dotnet_hint="Install the .NET 10 SDK: https://dot.net (Debian/Ubuntu: 'apt-get install dotnet-sdk-10.0'; or the dotnet-install.sh script, then add \$HOME/.dotnet to PATH)."
if [[ -z "${NUTANIX_PROVIDER_BINARY:-}" || -z "${NUTANIX_SIM_BINARY:-}" ]]; then
  need dotnet "$dotnet_hint"
  sdks="$(dotnet --list-sdks 2>/dev/null | cut -d' ' -f1 | tr '\n' ' ')"; sdks="${sdks% }"
  [[ " $sdks" == *" 10."* ]] || die "the .NET 10 SDK is required to build (found: ${sdks:-none}). $dotnet_hint"
fi
tf_version="$("$terraform" version 2>/dev/null | sed -n '1s/^Terraform v\([0-9.]*\).*/\1/p')"
case "$tf_version" in
  0.*|1.[0-9]|1.[0-9].*|1.10|1.10.*|"") die "Terraform >= 1.11 is required (found '${tf_version:-unknown}'). See https://developer.hashicorp.com/terraform/install." ;;
esac

# A previous session that is still running (another terminal) would fight over $qs: stop it first.
if [[ -f "$qs/session.env" ]]; then
  old_pid="$(sed -n 's/^SIM_PID=//p' "$qs/session.env")"
  if [[ -n "$old_pid" ]] && kill -0 "$old_pid" 2>/dev/null; then
    say "Stopping the simulator of a previous session (pid $old_pid)"
    kill "$old_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$old_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$qs/session.env"
fi

sim_pid=""
sim_dir=""
cleanup() {
  local code=$?
  trap - EXIT INT TERM
  if [[ -n "$sim_pid" ]] && kill -0 "$sim_pid" 2>/dev/null; then
    echo "quickstart: stopping nutanix-sim (pid $sim_pid)" >&2
    kill "$sim_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$sim_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$sim_pid" 2>/dev/null || true
  fi
  [[ -n "$sim_dir" ]] && rm -rf "$sim_dir"
  # Only our own session file: a re-run that replaced this session has (or will have) its own.
  if [[ -n "$sim_pid" ]] && grep -qx "SIM_PID=$sim_pid" "$qs/session.env" 2>/dev/null; then rm -f "$qs/session.env"; fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$qs"

# 1. Build.
if [[ -n "${NUTANIX_PROVIDER_BINARY:-}" ]]; then
  provider_bin="$NUTANIX_PROVIDER_BINARY"
else
  say "Publishing terraform-provider-nutanix (native AOT, linux-x64; several minutes on a first build)"
  dotnet publish "$repo/src/TerraformProvider.Nutanix" -c Release -r linux-x64 -o "$qs/publish/provider" -nologo -v quiet
  provider_bin="$qs/publish/provider/terraform-provider-nutanix"
fi
if [[ -n "${NUTANIX_SIM_BINARY:-}" ]]; then
  sim_bin="$NUTANIX_SIM_BINARY"
else
  say "Building nutanix-sim"
  dotnet build "$repo/src/Nutanix.Simulator" -c Release -nologo -v quiet
  sim_bin="$repo/src/Nutanix.Simulator/bin/Release/net10.0/nutanix-sim"
fi
[[ -x "$provider_bin" ]] || die "provider binary $provider_bin is missing"
[[ -x "$sim_bin" ]] || die "simulator binary $sim_bin is missing"
version="$("$provider_bin" --version | awk '{print $2}')"
[[ -n "$version" ]] || die "could not read the provider version from '$provider_bin --version'"

# 2. Local filesystem mirror + CLI configuration (no registry access for this provider).
mirror="$qs/mirror"
rm -rf "$mirror"
platform_dir="$mirror/$provider_address/$version/linux_amd64"
mkdir -p "$platform_dir"
cp "$provider_bin" "$platform_dir/terraform-provider-nutanix"
cat > "$qs/terraformrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["$provider_address"]
  }
  direct {
    exclude = ["$provider_address"]
  }
}
RC

# 3. Simulator on free loopback ports (port 0) in a temporary state directory.
sim_dir="$(mktemp -d "${TMPDIR:-/tmp}/nutanix-sim.XXXXXX")"
say "Starting nutanix-sim (state in $sim_dir)"
"$sim_bin" --state-dir "$sim_dir" --fast >"$qs/sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 300); do
  [[ -f "$sim_dir/connection.json" ]] && break
  kill -0 "$sim_pid" 2>/dev/null || die "nutanix-sim exited during start-up; see $qs/sim.log"
  sleep 0.2
done
[[ -f "$sim_dir/connection.json" ]] || die "nutanix-sim did not write connection.json within 60s; see $qs/sim.log"
conn="$sim_dir/connection.json"
cat > "$qs/session.env" <<ENV
SIM_PID=$sim_pid
SIM_CONNECTION=$conn
ENV

export_sim_variables "$conn"

# 4. A fresh working copy of examples/quickstart (state from an earlier run belonged to an earlier simulator).
rm -rf "$qs/work"
mkdir -p "$qs/work"
cp "$repo"/examples/quickstart/*.tf "$qs/work/"

say "terraform init (provider $version from the local mirror)"
tf init -input=false -no-color >"$qs/init.log" 2>&1 || { cat "$qs/init.log" >&2; die "terraform init failed"; }
say "terraform apply"
tf apply -auto-approve -input=false

kubeconfig_out="$qs/$(tf output -raw cluster_id | tr '/' '_').kubeconfig"
tf output -raw kubeconfig >"$kubeconfig_out" 2>/dev/null || true
chmod 600 "$kubeconfig_out"

echo
say "Done"
echo "  cluster phase : $(tf output -raw cluster_phase)"
echo "  nodes         :"
tf output -json nodes | tr -d '[]"' | tr ',' '\n' | sed '/^$/d; s/^/    /'
echo "  kubeconfig    : $kubeconfig_out (workload cluster)"
echo "  management    : $TF_VAR_mgmt_kubeconfig"
echo
echo "Look around (while the simulator runs):"
echo "  kubectl --kubeconfig $TF_VAR_mgmt_kubeconfig get clusters,machines,kubeadmcontrolplanes,machinedeployments -A"
echo "  kubectl --kubeconfig $TF_VAR_mgmt_kubeconfig get nutanixclusters,nutanixmachines -n quickstart"
echo "  TF_CLI_CONFIG_FILE=$qs/terraformrc terraform -chdir=$qs/work state list"
echo "Destroy:"
echo "  ./scripts/quickstart.sh destroy      (in another terminal, while this one runs)"
echo "  Ctrl-C here stops the simulator and deletes its state directory."

if [[ "$wait_after" == 1 ]]; then
  echo
  say "nutanix-sim keeps running (pid $sim_pid). Press Ctrl-C to stop it."
  wait "$sim_pid" || true
  grep -qx "SIM_PID=$sim_pid" "$qs/session.env" 2>/dev/null \
    || die "nutanix-sim was stopped by a newer ./scripts/quickstart.sh run, which replaces the running session."
  die "nutanix-sim stopped unexpectedly; see $qs/sim.log"
fi
