#!/usr/bin/env bash
# Runs every test of the product on a fresh machine (Debian, .NET 10 SDK, Node 20):
# installs the pinned tools, builds, runs every test project (each storage test assembly starts its
# own Azurite on free ports with in-memory persistence), and closes with "N passed, M failed"
# counted from the TRX results. The build also restores the Bicep CLI from NuGet (a PackageDownload of
# tests/Integration); tests/Integration/Infra/BicepCompileTests compiles and lints infra/bicep with it, one
# counted test per entry point, failing on any error or warning.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"

echo "== installing tools (npm ci: azurite)"
if [ ! -d node_modules ] || ! npm ls --depth=0 >/dev/null 2>&1; then
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ -x scripts/install-browser.sh ] && [ -d tests/e2e ]; then
  echo "== installing Chromium for browser tests"
  bash scripts/install-browser.sh
fi

echo "== building"
dotnet build Serverless.sln -c Debug -nologo -clp:ErrorsOnly

echo "== running .NET tests"
status=0
dotnet test Serverless.sln --no-build -c Debug --nologo \
  --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false || status=$?

if [ -d tests/e2e ] && [ -f tests/e2e/run.mjs ]; then
  # The browser tests run on the front end as it is deployed: built, content-hashed and pre-compressed.
  echo "== building the front end (out/web)"
  bash scripts/build-web.sh "$root/out/web" || status=$?
  echo "== running browser tests"
  E2E_WEB_BUILT="$root/out/web" node tests/e2e/run.mjs --trx "$results/e2e.trx" || status=$?
fi

py=0
python3 - "$results" <<'PY' || py=$?
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + "/**/*.trx", recursive=True)
for f in files:
    counters = ET.parse(f).getroot().find(".//{*}Counters")
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"{len(files)} result file(s) read from {sys.argv[1]}")
print(f"{passed} passed, {failed} failed, {skipped} skipped")
if passed == 0 or failed:
    sys.exit(1)
PY
if [ $status -ne 0 ] || [ $py -ne 0 ]; then exit 1; fi
