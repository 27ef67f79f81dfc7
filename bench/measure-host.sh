#!/usr/bin/env bash
# Plugin host figures (a, b first half): publishes terraform-provider-nutanix (native AOT) into artifacts/bench/nutanix-aot
# (SKIP_PUBLISH=1 reuses it) and measures exec->handshake latency and CPU, binary size, the first GetProviderSchema call,
# and RSS after GetProviderSchema. Usage: bench/measure-host.sh [runs=30]
set -euo pipefail
cd "$(dirname "$0")/.."
out="artifacts/bench/nutanix-aot"
if [[ ${SKIP_PUBLISH:-0} != 1 || ! -x $out/terraform-provider-nutanix ]]; then
  dotnet publish src/TerraformProvider.Nutanix -c Release -r linux-x64 -o "$out" -nologo -v q
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet run -c Release --project bench/Terraform.Plugin.HostMeasure -- "$out/terraform-provider-nutanix" "${1:-30}"
