#!/usr/bin/env bash
# Builds the deployable Functions package (custom handler):
#   out/package/host.json
#   out/package/<FunctionName>/function.json     (one folder per function)
#   out/package/NoOneLeftBehind.Functions        (self-contained linux-x64 executable + its files)
#   out/package/wwwroot/                          (front end, when there is one)
# and zips it to out/functionapp.zip. Usage: scripts/package.sh [output-dir]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out="${1:-$root/out}"
pkg="$out/package"
rm -rf "$pkg" "$out/functionapp.zip"
mkdir -p "$pkg"

echo "== publishing the handler (linux-x64, self-contained)"
dotnet publish src/Functions/Functions.csproj -c Release -r linux-x64 --self-contained true \
  -p:PublishSingleFile=false -p:DebugType=none -nologo -clp:ErrorsOnly -o "$pkg"

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

for dir in src/Web/dist dashboards/dist; do
  if [ -d "$dir" ]; then
    mkdir -p "$pkg/wwwroot"
    cp -r "$dir/." "$pkg/wwwroot/"
  fi
done

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
