#!/usr/bin/env bash
# Where a plugin process spends its CPU from exec to its first answers: perf over plugin-probe starts (the Go peer's
# probe, a Go gRPC client with a P-521 AutoMTLS certificate, as Terraform connects), samples of the provider's own
# threads classified by phase (bench/tools/perf-phases.py, frame-pointer stacks) and by the native entry point they
# are in (bench/tools/perf-native.py, DWARF stacks through libcrypto/libssl).
# Usage: bench/profile-host.sh BINARY [STARTS=20]   (BINARY: an AOT-published provider; its .dbg beside it is used)
# Needs perf, python3 and the probe (bench/peer-compare.sh builds it).
set -euo pipefail
BIN=$(realpath "$1")
STARTS=${2:-20}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROBE=${GOFIXTURE_HOME:-$HOME/.cache/gofixture}/bin/plugin-probe
[[ -x $PROBE ]] || { echo "no $PROBE: run bench/peer-compare.sh once (it builds the Go peer and its probe)" >&2; exit 2; }
command -v perf >/dev/null || { echo "perf is required (apt-get install linux-perf)" >&2; exit 2; }
[[ -f $BIN.dbg ]] && perf buildid-cache --add "$BIN.dbg" >/dev/null 2>&1 || true
W=$(mktemp -d -t profile-host.XXXXXX)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/tmp"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
perf record -q -F 4999 -g -o "$W/fp.data" -- env TMPDIR="$W/tmp" "$PROBE" -runs 1 -schema "$STARTS" p="$BIN" >/dev/null
perf script -i "$W/fp.data" -F comm,pid,tid,ip,sym,dso 2>/dev/null | python3 "$ROOT/bench/tools/perf-phases.py" 4999
echo
perf record -q -F 2999 --call-graph dwarf,16384 -o "$W/dw.data" -- env TMPDIR="$W/tmp" "$PROBE" -runs 1 -schema $((STARTS / 2)) p="$BIN" >/dev/null
perf script -i "$W/dw.data" -F comm,pid,tid,ip,sym,dso 2>/dev/null | python3 "$ROOT/bench/tools/perf-native.py" 2999
