#!/usr/bin/env bash
# Runs the product on this machine (Debian, .NET 10 SDK, Node 20): installs the pinned tools,
# starts Azurite (127.0.0.1, data kept in .azurite/ across restarts), starts the app — the isolated worker run by
# the local Functions host tools/FunctionsHost (ADR 0009; `func start` in src/Functions/bin/Debug/net10.0 does the
# same where Core Tools exist) — on http://127.0.0.1:7071 in Development (demo users, demo data seeded idempotently on start),
# prints the URL, and stops both on Ctrl-C. The front end is served as it is deployed: built by scripts/build-web.sh
# into out/web (content-hashed files under /assets/, cached immutable; Brotli/gzip copies served as the browser
# accepts). WEB_LAYOUT=checkout serves the checkout's files as they are instead (edit and reload, no build).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

app_port="${APP_PORT:-7071}"
portal_port="${DEMO_PORTAL_PORT:-7072}"   # the demo portal that embeds the dashboards (another origin)
blob_port="${AZURITE_BLOB_PORT:-10000}"
queue_port="${AZURITE_QUEUE_PORT:-10001}"
table_port="${AZURITE_TABLE_PORT:-10002}"

if [ ! -d node_modules ] || ! npm ls --depth=0 >/dev/null 2>&1; then
  echo "== installing tools (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "== building"
dotnet build src/Functions/Functions.csproj -c Debug -nologo -clp:ErrorsOnly
dotnet build tools/FunctionsHost/FunctionsHost.csproj -c Debug -nologo -clp:ErrorsOnly
if [ "${WEB_LAYOUT:-built}" = "built" ]; then
  echo "== building the front end (out/web)"
  bash scripts/build-web.sh "$root/out/web"
fi

pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "stopped."
}
trap cleanup INT TERM EXIT

wait_port() { # host port seconds
  for _ in $(seq 1 $(( $3 * 10 ))); do
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

mkdir -p .azurite
echo "== starting Azurite (data in .azurite/)"
node_modules/.bin/azurite --silent --disableTelemetry --skipApiVersionCheck --location .azurite \
  --blobHost 127.0.0.1 --blobPort "$blob_port" \
  --queueHost 127.0.0.1 --queuePort "$queue_port" \
  --tableHost 127.0.0.1 --tablePort "$table_port" > .azurite/azurite.out 2>&1 &
pids+=($!)
# Azurite reads its saved tables (≈ 200 MB with the demo statistics) before it listens: allow time.
wait_port 127.0.0.1 "$table_port" 300 || { echo "Azurite did not start within 5 minutes; see .azurite/azurite.out"; exit 1; }
# The agency form PUTs file blocks straight to Blob storage from the page (SAS): allow the app's origin.
node tests/e2e/lib/blob-cors.mjs "http://127.0.0.1:${blob_port}/devstoreaccount1" "http://127.0.0.1:${app_port}" "http://localhost:${app_port}"

# Azurite's development account, on the ports started above.
export DataStorage__ConnectionString="UseDevelopmentStorage=true"
export DataStorage__BlobServiceUri="http://127.0.0.1:${blob_port}/devstoreaccount1"
export DataStorage__QueueServiceUri="http://127.0.0.1:${queue_port}/devstoreaccount1"
export DataStorage__TableServiceUri="http://127.0.0.1:${table_port}/devstoreaccount1"
# The host's queue triggers (connection "DataStorage") take a connection string naming the same ports.
azurite_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export AzureWebJobsDataStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${azurite_key};BlobEndpoint=http://127.0.0.1:${blob_port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${queue_port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${table_port}/devstoreaccount1;"
export AZURE_FUNCTIONS_ENVIRONMENT="${AZURE_FUNCTIONS_ENVIRONMENT:-${ASPNETCORE_ENVIRONMENT:-Development}}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
# The demo portal's origin may frame the embed page and ask for embed tokens (ADR 0005).
export Embedding__AllowedOrigins__0="http://127.0.0.1:${portal_port}" Embedding__AllowedOrigins__1="http://localhost:${portal_port}"
export Identity__DevIssuer__Issuer="http://127.0.0.1:${app_port}/dev-issuer"   # the development issuer on the chosen port
if [ "${WEB_LAYOUT:-built}" = "built" ]; then
  export Web__Root="$root/out/web" Web__Layout=built   # the built front end, as the package serves it (src/Functions/Web)
else
  export Web__Root="$root/src/Web"   # the checkout: src/Web at /, dashboards/ and vendored libraries (src/Functions/Web)
fi

echo "== starting the app (tools/FunctionsHost + the isolated worker)"
dotnet tools/FunctionsHost/bin/Debug/net10.0/NoOneLeftBehind.FunctionsHost.dll \
  --script-root "$root/src/Functions/bin/Debug/net10.0" --port "$app_port" &
pids+=($!)
wait_port 127.0.0.1 "$app_port" 60 || { echo "The app did not start."; exit 1; }
# The host listens at once and answers 503 until the worker has loaded its functions.
for _ in $(seq 1 600); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${app_port}/api/health" || true)" != "503" ] && break
  sleep 0.1
done
node scripts/demo-portal.mjs --port "$portal_port" --app "http://127.0.0.1:${app_port}" &
pids+=($!)

echo
echo "  Ready:   http://127.0.0.1:${app_port}/"
echo "  Health:  http://127.0.0.1:${app_port}/api/health"
echo "  Embed:   http://127.0.0.1:${portal_port}/  (a demo portal on another origin framing the dashboards; tokens: /dashboards/embed-admin.html)"
echo "  Press Ctrl-C to stop the app and Azurite."
echo
wait -n "${pids[@]}" || true
