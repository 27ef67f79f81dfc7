#!/usr/bin/env bash
# Regenerates docs/ (Terraform Registry layout) from the provider's schema and examples/.
#
#   ./scripts/docs.sh            build the provider, write docs/
#   ./scripts/docs.sh --check    only compare; exit 1 listing what is out of date or has no description
#
# The schema is what Terraform itself reports (`terraform providers schema -json`) for the locally built
# provider; the generator is tools/TerraformDocs. NUTANIX_PROVIDER_BINARY skips the build. Schema attributes, blocks,
# resources and data sources without a description are listed as "no description: ..." (an error with --check).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v dotnet >/dev/null || { echo "docs: dotnet is not on PATH; install the .NET 10 SDK (https://dot.net)" >&2; exit 1; }
command -v "${TERRAFORM_PATH:-terraform}" >/dev/null || { echo "docs: terraform is not on PATH; see https://developer.hashicorp.com/terraform/install" >&2; exit 1; }

binary="${NUTANIX_PROVIDER_BINARY:-}"
if [[ -z "$binary" ]]; then
  out="$repo/artifacts/docs-provider"
  echo "==> dotnet publish terraform-provider-nutanix (native AOT)" >&2
  dotnet publish "$repo/src/TerraformProvider.Nutanix" -c Release -r linux-x64 -nologo -v quiet \
    --artifacts-path "$out/artifacts" -o "$out/bin"
  binary="$out/bin/terraform-provider-nutanix"
fi

exec dotnet run --project "$repo/tools/TerraformDocs" -c Release -- \
  --provider registry.terraform.io/nutanix-cloud-native/nutanix \
  --provider-binary "$binary" \
  --examples "$repo/examples" \
  --preamble "$repo/examples/provider/index-preamble.md" \
  --out "$repo/docs" "$@"
