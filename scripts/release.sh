#!/usr/bin/env bash
# Builds a Terraform Registry release of terraform-provider-nutanix for linux_amd64 into dist/:
#
#   terraform-provider-nutanix_VERSION_linux_amd64.zip    the native-AOT binary terraform-provider-nutanix_vVERSION
#   terraform-provider-nutanix_VERSION_manifest.json      copy of terraform-registry-manifest.json (protocol 6.0)
#   terraform-provider-nutanix_VERSION_SHA256SUMS         sha256 of the two files above
#
# Usage: ./scripts/release.sh VERSION [OUT_DIR]     VERSION is MAJOR.MINOR.PATCH (no leading v, no suffix).
# The version is stamped into the binary (-p:Version) and checked through `--version` before packaging.
# Sign the SUMS file afterwards (gpg --detach-sign) with the key registered in the Registry.
# NUTANIX_PROVIDER_PUBLISH_DIR (optional) reuses an already published directory built with the same version.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${1:-}"
out="${2:-$repo/dist}"
name="terraform-provider-nutanix"

die() { printf 'release: %s\n' "$*" >&2; exit 1; }

[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] \
  || die "usage: $0 MAJOR.MINOR.PATCH [OUT_DIR] (got '${version}'; prerelease suffixes are not supported: the binary reports its assembly version)"
command -v dotnet >/dev/null || die "dotnet is not on PATH. Install the .NET 10 SDK: https://dot.net"
command -v sha256sum >/dev/null || die "sha256sum (coreutils) is required"

publish="${NUTANIX_PROVIDER_PUBLISH_DIR:-}"
if [[ -z "$publish" ]]; then
  publish="$(mktemp -d "${TMPDIR:-/tmp}/release-publish.XXXXXX")"
  trap 'rm -rf "$publish"' EXIT
  echo "==> dotnet publish (native AOT, linux-x64, version $version)"
  dotnet publish "$repo/src/TerraformProvider.Nutanix" -c Release -r linux-x64 -nologo -v quiet \
    -p:Version="$version" --artifacts-path "$publish/artifacts" -o "$publish/out"
  publish="$publish/out"
fi

binary="$publish/$name"
[[ -x "$binary" ]] || die "$binary was not produced"
reported="$("$binary" --version)"
[[ "$reported" == "$name $version" ]] || die "the binary reports '$reported', expected '$name $version'"

mkdir -p "$out"
stage="$(mktemp -d "${TMPDIR:-/tmp}/release-stage.XXXXXX")"
cp "$binary" "$stage/${name}_v${version}"
chmod 755 "$stage/${name}_v${version}"
zip_name="${name}_${version}_linux_amd64.zip"
manifest_name="${name}_${version}_manifest.json"
sums_name="${name}_${version}_SHA256SUMS"
rm -f "$out/$zip_name" "$out/$manifest_name" "$out/$sums_name"
if command -v zip >/dev/null; then
  (cd "$stage" && zip -q -X "$out/$zip_name" "${name}_v${version}")
else
  python3 - "$stage/${name}_v${version}" "$out/$zip_name" <<'PY'
import sys, zipfile, os
src, dst = sys.argv[1], sys.argv[2]
info = zipfile.ZipInfo(os.path.basename(src), date_time=(1980, 1, 1, 0, 0, 0))
info.external_attr = 0o100755 << 16
info.compress_type = zipfile.ZIP_DEFLATED
with open(src, "rb") as f, zipfile.ZipFile(dst, "w") as z:
    z.writestr(info, f.read())
PY
fi
rm -rf "$stage"
cp "$repo/terraform-registry-manifest.json" "$out/$manifest_name"
(cd "$out" && sha256sum "$zip_name" "$manifest_name" > "$sums_name")

echo "==> $out"
(cd "$out" && ls -l "$zip_name" "$manifest_name" "$sums_name" && cat "$sums_name")
