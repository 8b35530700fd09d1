#!/usr/bin/env bash
# Builds the deployable Functions package (custom handler):
#   out/package/host.json
#   out/package/<FunctionName>/function.json     (one folder per function)
#   out/package/NoOneLeftBehind.Functions        (self-contained linux-x64 executable + its files)
#   out/package/WebFrontEnd/function.json         (GET/HEAD of every other path: the front end)
#   out/package/wwwroot/                          (the front end, scripts/build-web.sh)
# and zips it to out/functionapp.zip. Usage: scripts/package.sh [output-dir]
#
# The app serves the front end itself (same origin as /api: no CORS, api.js unchanged), from wwwroot with
# Web__Root=wwwroot and Web__Layout=built (infra/bicep/modules/function-app.bicep). For the Functions host to
# forward / and /dashboards/ to the handler, the packaged host.json has routePrefix "" and every packaged
# HTTP route gets the "api/" the source's host.json prefix gave it; the source tree keeps routePrefix "api".
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
echo "== publishing the handler (linux-x64, self-contained, composite ReadyToRun: $composite)"
dotnet publish src/Functions/Functions.csproj -c Release -r linux-x64 --self-contained true \
  -p:PublishSingleFile=false -p:DebugType=none -p:PublishReadyToRunComposite="$composite" -nologo -clp:ErrorsOnly -o "$pkg"

echo "== laying out functions"
# The publish copied every function.json under its source folder (e.g. Evaluation/Evaluate/);
# the Functions host wants <FunctionName>/function.json at the root.
find "$pkg" -mindepth 2 -name function.json | while read -r f; do
  name="$(basename "$(dirname "$f")")"
  if [ "$(dirname "$f")" != "$pkg/$name" ]; then
    [ -e "$pkg/$name/function.json" ] && { echo "duplicate function name $name"; exit 1; }
    mkdir -p "$pkg/$name"
    mv "$f" "$pkg/$name/function.json"
  fi
done
# remove the now-empty source folders the publish created
find "$pkg" -mindepth 1 -type d -empty -delete
cp host.json "$pkg/host.json"

echo "== front end"
bash scripts/build-web.sh "$pkg/wwwroot" >/dev/null

python3 - "$pkg" <<'PY'
import json, os, sys
pkg = sys.argv[1]
host_path = os.path.join(pkg, "host.json")
host = json.load(open(host_path, encoding="utf-8"))
http = host.setdefault("extensions", {}).setdefault("http", {})
prefix = http.get("routePrefix", "api").strip("/")
http["routePrefix"] = ""
with open(host_path, "w", encoding="utf-8") as f:
    json.dump(host, f, indent=2)
    f.write("\n")
for name in sorted(os.listdir(pkg)):
    path = os.path.join(pkg, name, "function.json")
    if not os.path.isfile(path):
        continue
    manifest = json.load(open(path, encoding="utf-8"))
    for b in manifest.get("bindings", []):
        if b.get("type") == "httpTrigger":
            b["route"] = (prefix + "/" if prefix else "") + b.get("route", name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
if os.path.exists(os.path.join(pkg, "WebFrontEnd")):
    sys.exit("a function named WebFrontEnd already exists")
os.mkdir(os.path.join(pkg, "WebFrontEnd"))
with open(os.path.join(pkg, "WebFrontEnd", "function.json"), "w", encoding="utf-8") as f:
    json.dump({"bindings": [
        {"type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "anonymous",
         "methods": ["get", "head"], "route": "{*path}"},
        {"type": "http", "direction": "out", "name": "res"}]}, f, indent=2)
    f.write("\n")
PY

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
