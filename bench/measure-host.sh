#!/usr/bin/env bash
# Plugin host figures: publishes terraform-provider-nutanix (native AOT) and measures exec->handshake latency,
# binary size and RSS after GetProviderSchema. Usage: bench/measure-host.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
out="artifacts/bench/nutanix-aot"
dotnet publish src/TerraformProvider.Nutanix -c Release -r linux-x64 -o "$out" -nologo -v q
dotnet run -c Release --project bench/Terraform.Plugin.HostMeasure -- "$out/terraform-provider-nutanix" "${1:-30}"
