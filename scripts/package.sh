#!/usr/bin/env bash
# Builds the deployable Functions package (.NET isolated worker, ADR 0009):
#   out/package/host.json, functions.metadata, worker.config.json, extensions.json (Worker.Sdk's build output)
#   out/package/NoOneLeftBehind.Functions        (self-contained linux-x64 executable + its files)
#   out/package/wwwroot/                          (the front end, scripts/build-web.sh)
# and zips it to out/functionapp.zip. Usage: scripts/package.sh [output-dir]
#
# The app serves the front end itself (same origin as /api: no CORS, api.js unchanged), from wwwroot with
# Web__Root=wwwroot and Web__Layout=built (infra/bicep/modules/function-app.bicep): host.json's routePrefix is "",
# every API function's route starts with api/, and the FrontEnd function takes every other path ({*path}).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out="${1:-$root/out}"
pkg="$out/package"
rm -rf "$pkg" "$out/functionapp.zip"
mkdir -p "$pkg"

# PACKAGE_R2R_COMPOSITE=false publishes plain ReadyToRun instead of the composite image of app + framework
# (Functions.csproj, issue 16: keeps the first plan-catalogue load under 50 ms, but costs 2.5-8 minutes of CPU).
# The package tests use it: they check the layout and serving, which do not depend on how the code is precompiled.
composite="${PACKAGE_R2R_COMPOSITE:-true}"
echo "== publishing the worker (linux-x64, self-contained, composite ReadyToRun: $composite)"
dotnet publish src/Functions/Functions.csproj -c Release -r linux-x64 --self-contained true \
  -p:PublishSingleFile=false -p:DebugType=none -p:PublishReadyToRunComposite="$composite" -nologo -clp:ErrorsOnly -o "$pkg"

cp host.json "$pkg/host.json"
[ -f "$pkg/functions.metadata" ] && [ -f "$pkg/worker.config.json" ] || { echo "the publish has no functions.metadata/worker.config.json (Worker.Sdk)"; exit 1; }

echo "== front end"
bash scripts/build-web.sh "$pkg/wwwroot" >/dev/null

python3 - "$pkg" "$out/functionapp.zip" <<'PY'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
    for base, _, files in os.walk(src):
        for f in sorted(files):
            p = os.path.join(base, f)
            info = zipfile.ZipInfo.from_file(p, os.path.relpath(p, src))
            with open(p, "rb") as fh:
                z.writestr(info, fh.read(), zipfile.ZIP_DEFLATED)
PY
echo "package: $out/functionapp.zip ($(du -h "$out/functionapp.zip" | cut -f1))"
