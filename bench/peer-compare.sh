#!/usr/bin/env bash
# Side by side with the Go peer: a provider built the way HashiCorp builds theirs (go-plugin, tfplugin6, go-cty),
# doing what tests/Terraform.Plugin.FixtureProvider does. One interleaved run on this machine, medians, load average
# of every phase, for
#   go     terraform-provider-gofixture (Debian's Go)          go123  the same built with Go 1.23 (when unpacked)
#   cs     the C# fixture provider (native AOT, this checkout)  nx     terraform-provider-nutanix (native AOT)
#   data   terraform_data (inside Terraform: no plugin at all)
# Measures
#   1. plugin start, the way Terraform starts a plugin (plugin-probe, a Go gRPC client like Terraform's go-plugin):
#      magic cookie, PLUGIN_PROTOCOL_VERSIONS=5,6, a fresh P-521 AutoMTLS client certificate per start; exec ->
#      handshake line, CPU and RSS at the line, mTLS connect, exec -> first GetProviderSchema answer and the CPU
#      spent until then, RSS after three GetProviderSchema, Shutdown -> exit; starts interleaved, order alternating;
#   2. `terraform plan` (refresh) of N existing resources: go, go123, cs, data (plans interleaved A B C C B A);
#   3. Terraform's own timeline (TF_LOG=trace) of one more plan per plugin provider: exec -> "using plugin",
#      line -> first RPC, per provider process.
# The peer's sources are read from ../shared/peers/go-fixture (override with PEER_DIR=...) and built with its own
# build.sh into ${GOFIXTURE_HOME:-$HOME/.cache/gofixture}; that is the only use of ../shared, and only here.
# Usage (from anywhere): bench/peer-compare.sh [N=100] [PLAN_REPS=3] [STARTS=30] [SCHEMA_STARTS=9]
#   REBUILD=1 republishes the C# binaries and rebuilds the peer. MAX_LOAD (1.5) / MAX_WAIT_S (600): wait for a quiet
#   machine first (the wait and the load of every phase are recorded). Needs terraform, dotnet, python3, and Go
#   with the Debian packages the peer's README lists (printed below when missing).
# Writes bench/results/peer-compare-<UTC>.txt (and prints it).
set -euo pipefail
N=${1:-100}
PLAN_REPS=${2:-3}
STARTS=${3:-30}
SCHEMA_STARTS=${4:-9}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEER_DIR=${PEER_DIR:-$ROOT/../shared/peers/go-fixture}
GOFIXTURE_HOME=${GOFIXTURE_HOME:-$HOME/.cache/gofixture}
export GOFIXTURE_HOME
GO_BIN=$GOFIXTURE_HOME/bin
GO123_BIN=$GOFIXTURE_HOME/bin-go1.23
CS_OUT=$ROOT/artifacts/bench/fixture-aot
NX_OUT=$ROOT/artifacts/bench/nutanix-aot

if ! command -v go >/dev/null 2>&1 && [[ ! -x $GO_BIN/plugin-probe ]]; then
  cat >&2 <<'EOF'
No Go toolchain: the Go peer and its probe cannot be built. On Debian 12, as root:
  apt-get update
  apt-get install -y golang-go golang-github-hashicorp-go-plugin-dev golang-google-grpc-dev golang-google-protobuf-dev \
    golang-github-golang-protobuf-1-5-dev protoc-gen-go protoc-gen-go-grpc protobuf-compiler \
    golang-github-zclconf-go-cty-dev golang-github-hashicorp-go-hclog-dev
(golang-github-golang-protobuf-1-5-dev must be named: it replaces the 1.3 package grpc would pull in.)
Optionally the Go 1.23 build as well: ../shared/peers/go-fixture/get-go1.23.sh. Then run this script again.
EOF
  exit 2
fi
for tool in terraform dotnet python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is required (see docs/performance.md)" >&2; exit 2; }
done
if [[ ${REBUILD:-0} == 1 || ! -x $GO_BIN/terraform-provider-gofixture || ! -x $GO_BIN/plugin-probe ]]; then
  [[ -x $PEER_DIR/build.sh ]] || { echo "no Go peer at $PEER_DIR (set PEER_DIR)" >&2; exit 2; }
  echo "building the Go peer into $GOFIXTURE_HOME" >&2
  "$PEER_DIR/build.sh" >&2
fi
if [[ ${REBUILD:-0} == 1 || ! -x $CS_OUT/terraform-provider-fixture ]]; then
  echo "publishing the C# fixture provider (native AOT) into $CS_OUT" >&2
  dotnet publish "$ROOT/tests/Terraform.Plugin.FixtureProvider" -c Release -r linux-x64 -o "$CS_OUT" -nologo -v q >&2
fi
if [[ ${REBUILD:-0} == 1 || ! -x $NX_OUT/terraform-provider-nutanix ]]; then
  echo "publishing terraform-provider-nutanix (native AOT) into $NX_OUT" >&2
  dotnet publish "$ROOT/src/TerraformProvider.Nutanix" -c Release -r linux-x64 -o "$NX_OUT" -nologo -v q >&2
fi

MAX_LOAD=${MAX_LOAD:-1.5}
MAX_WAIT_S=${MAX_WAIT_S:-600}
waited=0
while awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v m="$MAX_LOAD" 'BEGIN { exit !(l > m) }'; do
  if ((waited >= MAX_WAIT_S)); then
    echo "load average still above $MAX_LOAD after ${waited} s: measuring anyway (recorded)" >&2
    break
  fi
  echo "load average $(cut -d' ' -f1 /proc/loadavg) > $MAX_LOAD, waiting 30 s" >&2
  sleep 30
  waited=$((waited + 30))
done

WORK=$(mktemp -d -t peer-compare.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$ROOT/bench/results" "$WORK/tmp"
RESULT=$ROOT/bench/results/peer-compare-$(date -u +%Y%m%dT%H%MZ).txt
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src tests/Terraform.Plugin.FixtureProvider || echo "+uncommitted")

python3 - "$WORK" "$N" "$PLAN_REPS" "$STARTS" "$SCHEMA_STARTS" "$waited" "$COMMIT" \
  "$GO_BIN" "$GO123_BIN" "$CS_OUT" "$NX_OUT" <<'PY' | tee "$RESULT"
import datetime, os, platform, statistics, subprocess, sys, time

work, n, plan_reps, starts, schema_starts, waited, commit, go_bin, go123_bin, cs_out, nx_out = sys.argv[1:]
n, plan_reps, starts, schema_starts = int(n), int(plan_reps), int(starts), int(schema_starts)
probe = f"{go_bin}/plugin-probe"
bins = {"go": f"{go_bin}/terraform-provider-gofixture", "go123": f"{go123_bin}/terraform-provider-gofixture",
        "cs": f"{cs_out}/terraform-provider-fixture", "nx": f"{nx_out}/terraform-provider-nutanix"}
bins = {k: v for k, v in bins.items() if os.access(v, os.X_OK)}
names = {"go": "Go peer (Go 1.19)", "go123": "Go peer (Go 1.23)", "cs": "C# fixture", "nx": "nutanix provider",
         "data": "terraform_data"}
loads = []

def load():
    return open("/proc/loadavg").read().split()[:3]

def mark(phase):
    loads.append((phase, time.strftime("%H:%M:%S", time.gmtime()), " ".join(load())))

# Terraform configurations: one directory per workspace, dev_overrides for the plugin ones.
def terraformrc(path, gofixture_dir):
    with open(path, "w") as f:
        f.write('provider_installation {\n  dev_overrides {\n'
                f'    "test/fixture" = "{cs_out}"\n    "test/gofixture" = "{gofixture_dir}"\n'
                '  }\n  direct {}\n}\n')

terraformrc(f"{work}/rc-go", go_bin)
terraformrc(f"{work}/rc-go123", go123_bin)
plan_ws = [w for w in ("go", "go123", "cs") if w in bins] + ["data"]
for ws in plan_ws:
    os.makedirs(f"{work}/{ws}", exist_ok=True)
    if ws == "data":
        body = f'resource "terraform_data" "t" {{\n  count = {n}\n  input = {{ name = "thing-${{count.index}}" }}\n}}\n'
    else:
        p = "fixture" if ws == "cs" else "gofixture"
        os.makedirs(f"{work}/{ws}-objects", exist_ok=True)
        body = (f'terraform {{\n  required_providers {{\n    {p} = {{ source = "test/{p}" }}\n  }}\n}}\n'
                f'provider "{p}" {{\n  state_dir = "{work}/{ws}-objects"\n}}\n'
                f'resource "{p}_thing" "t" {{\n  count = {n}\n  name  = "thing-${{count.index}}"\n}}\n')
    with open(f"{work}/{ws}/main.tf", "w") as f:
        f.write(body)

def env_for(ws, **extra):
    e = dict(os.environ, TF_IN_AUTOMATION="1", CHECKPOINT_DISABLE="1",
             TF_CLI_CONFIG_FILE=f"{work}/rc-go123" if ws == "go123" else f"{work}/rc-go", TMPDIR=f"{work}/tmp")
    e.update(extra)
    return e

def terraform(ws, *args, **extra):
    t0, c0 = time.monotonic(), os.times()
    subprocess.run(["terraform", f"-chdir={work}/{ws}", *args, "-input=false"], check=True, env=env_for(ws, **extra),
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    c1 = os.times()
    return time.monotonic() - t0, (c1.children_user - c0.children_user) + (c1.children_system - c0.children_system)

med = statistics.median
start_load = load()

# 1. Plugin start through the Go probe (all plugin binaries, interleaved by the probe itself).
mark("1. plugin start (probe)")
out = subprocess.run([probe, "-runs", str(starts), "-schema", str(schema_starts), *[f"{k}={v}" for k, v in bins.items()]],
                     check=True, capture_output=True, text=True, env=dict(os.environ, TMPDIR=f"{work}/tmp")).stdout
probe_res = {}
for line in out.splitlines():
    if line.startswith("RESULT "):
        _, who, key, val = line.split()
        probe_res[(who, key)] = float(val)
mark("1. plugin start (probe)")

# 2. terraform plan (refresh) of N existing resources, interleaved.
mark("2. plan")
if plan_ws[0] == "data" or "data" in plan_ws:
    subprocess.run(["terraform", f"-chdir={work}/data", "init", "-input=false"], check=True, env=env_for("data"),
                   stdout=subprocess.DEVNULL)
for ws in plan_ws:
    terraform(ws, "apply", "-auto-approve", "-parallelism=10")
    terraform(ws, "plan", "-detailed-exitcode")  # warm-up; exit 0 = nothing to change
plans = {ws: [] for ws in plan_ws}
for r in range(plan_reps):
    order = plan_ws[r % len(plan_ws):] + plan_ws[:r % len(plan_ws)]
    for ws in order + order[::-1]:
        plans[ws].append(terraform(ws, "plan", "-detailed-exitcode"))
    mark("2. plan")

# 3. Terraform's own timeline of one traced plan per plugin provider.
def timeline(ws):
    log = f"{work}/trace-{ws}.log"
    terraform(ws, "plan", "-detailed-exitcode", TF_LOG="trace", TF_LOG_PATH=log)
    when = lambda l: datetime.datetime.strptime(l[:23], "%Y-%m-%dT%H:%M:%S.%f")
    procs, cur, waiting = [], None, False
    for l in open(log, errors="replace"):
        if "provider: starting plugin:" in l:
            cur = {"exec": when(l)}
            procs.append(cur)
        elif cur is not None and "provider: using plugin:" in l:
            cur["line"], waiting = when(l), True
        elif cur is not None and waiting and "GRPCProvider.v6: " in l:
            cur["rpc"], waiting = when(l), False
    span = lambda a, b: [(p[b] - p[a]).total_seconds() * 1000 for p in procs if a in p and b in p]
    return {"procs": len(procs), "exec_line": span("exec", "line"), "line_rpc": span("line", "rpc"),
            "exec_rpc": span("exec", "rpc")}
mark("3. trace")
traces = {ws: timeline(ws) for ws in plan_ws if ws != "data"}
mark("3. trace")
for ws in plan_ws:
    terraform(ws, "destroy", "-auto-approve", "-parallelism=10")
end_load = load()

# Report.
cols = [w for w in ("go", "go123", "cs", "nx", "data") if w in bins or w == "data"]
ref = "go123" if "go123" in bins else "go"
ratio_cols = [w for w in ("cs", "nx") if w in bins]
def row(label, values, fmt):
    cells = [fmt.format(values[w]) if values.get(w) is not None else "—" for w in cols]
    ratios = [f"{values[w] / values[ref]:.2f}" if values.get(w) is not None and values.get(ref) else "—" for w in ratio_cols]
    print(f"| {label} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
def p(key):
    return {w: probe_res.get((w, key)) for w in bins}

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
tfv = subprocess.run(["terraform", "version"], capture_output=True, text=True).stdout.splitlines()[0]
print(f"# Go peer vs C# (bench/peer-compare.sh) — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {commit}")
print(f"machine: {os.cpu_count()} cores, {cpu}; {platform.platform()}; {tfv}")
print(f"load average: start {' '.join(start_load)} (waited {waited} s), end {' '.join(end_load)}; phases: "
      + "; ".join(f"{ph} {t} {l}" for ph, t, l in loads))
print(f"plugin starts: {starts} per binary to the handshake line, {schema_starts} to the first answer; "
      f"plans of {n}: {2 * plan_reps} per workspace after one warm-up; medians throughout")
print()
print("| measure | " + " | ".join(names[w] for w in cols) + " | " + " | ".join(f"{names[w]} / {names[ref]}" for w in ratio_cols) + " |")
print("|---" * (1 + len(cols) + len(ratio_cols)) + "|")
row("exec → handshake line, ms", p("handshake_ms_median"), "{:.1f}")
row("CPU at the handshake line (all threads), ms", p("handshake_cpu_ms_median"), "{:.1f}")
row("RSS at the handshake line, MiB", p("rss_at_line_mib_median"), "{:.1f}")
row("handshake line → mTLS + HTTP/2 connected, ms", p("connect_after_line_ms_median"), "{:.1f}")
row("first GetProviderSchema call, ms", p("first_schema_call_ms_median"), "{:.1f}")
row("**exec → first GetProviderSchema answer, ms**", p("exec_to_first_schema_answer_ms_median"), "{:.1f}")
row("**CPU until that answer (all threads), ms**", p("cpu_at_first_schema_answer_ms_median"), "{:.1f}")
row("**RSS after 3 GetProviderSchema, MiB**", p("rss_after_3_schema_mib_median"), "{:.1f}")
row("Shutdown → exit, ms", p("shutdown_to_exit_ms_median"), "{:.1f}")
row("GetProviderSchema answer, bytes", p("schema_bytes"), "{:.0f}")
row("binary, MiB", {w: os.path.getsize(b) / 1048576 for w, b in bins.items()}, "{:.1f}")
row(f"**plan of {n} (refresh), wall s**", {w: med([s[0] for s in v]) for w, v in plans.items()}, "{:.3f}")
row(f"plan of {n} (refresh), CPU s (terraform + providers)", {w: med([s[1] for s in v]) for w, v in plans.items()}, "{:.3f}")
row("provider processes per plan (Terraform trace)", {w: t["procs"] for w, t in traces.items()}, "{:.0f}")
row("exec → handshake line read, Terraform trace, ms", {w: med(t["exec_line"]) for w, t in traces.items() if t["exec_line"]}, "{:.1f}")
row("**line → first RPC, Terraform trace, ms**", {w: med(t["line_rpc"]) for w, t in traces.items() if t["line_rpc"]}, "{:.1f}")
print()
print("plan samples, wall s: " + "; ".join(f"{names[w]} {[round(s[0], 3) for s in v]}" for w, v in plans.items()))
print("trace, line → first RPC per process, ms: " + "; ".join(f"{names[w]} {[round(x) for x in t['line_rpc']]}" for w, t in traces.items()))
print("(nutanix_cluster plans need nutanix-sim: bench/terraform-bench.sh)")
PY
echo "written to $RESULT" >&2
