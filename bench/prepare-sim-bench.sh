# Sourced by the benchmarks that drive terraform against nutanix-sim (terraform-bench.sh, refresh-scale.sh), with ROOT
# set: publishes the native-AOT provider into PROVIDER_DIR (default artifacts/bench/nutanix-aot) unless it exists and
# builds nutanix-sim (Release) unless built; REBUILD=1 forces both. Sets PROVIDER_DIR and SIM_DLL.
PROVIDER_DIR=${PROVIDER_DIR:-$ROOT/artifacts/bench/nutanix-aot}
if [[ ${REBUILD:-0} == 1 || ! -x $PROVIDER_DIR/terraform-provider-nutanix ]]; then
  echo "publishing terraform-provider-nutanix (native AOT) into $PROVIDER_DIR" >&2
  dotnet publish "$ROOT/src/TerraformProvider.Nutanix" -c Release -r linux-x64 -o "$PROVIDER_DIR" -nologo -v q >&2
fi
SIM_DLL=$ROOT/src/Nutanix.Simulator/bin/Release/net10.0/nutanix-sim.dll
if [[ ${REBUILD:-0} == 1 || ! -f $SIM_DLL ]]; then
  echo "building nutanix-sim (Release)" >&2
  dotnet build "$ROOT/src/Nutanix.Simulator" -c Release -nologo -v q >&2
fi
