#!/usr/bin/env bash
# Builds the front end for deployment into one folder with the URL layout the app serves:
#   /                            src/Web (form, dossiers, reviewers' console, sign-in module)
#   /dashboards/                 dashboards/ (index.html, embed.*, viewer/, definitions/, geo/)
#   /vendor/echarts/             the ECharts the viewer imports (echarts.esm.min.mjs): built here by
#                                scripts/build-echarts.mjs with only the parts the dashboards use, from the `echarts`
#                                package's modules, bundled by esbuild; its licences beside it
#   /vendor/pdfjs/               PDF.js and its worker, the reviewers' evidence viewer (node_modules/pdfjs-dist/build)
#   /vendor/msal-browser/        MSAL (node_modules/@azure/msal-browser/lib)
#   /auth/vendor/msal-browser/   the same MSAL file, where src/Web/auth/auth.js loads it
#   /staticwebapp.config.json    headers and CSP from src/Functions/Web/security-headers.json (the app's own
#                                source), for hosting the same folder on an Azure Static Web App
# No network: files copied from the checkout (run `npm ci` first for node_modules), the one bundled file above (the
# checkout layout serves the full prebuilt node_modules/echarts/dist/echarts.esm.min.mjs at the same URL), then
# scripts/hash-assets.mjs: content-hashed copies under /assets/ (served immutable), the pages pointed at them, and
# Brotli/gzip copies (<file>.br, <file>.gz) of every text file, which the app and a Static Web App serve compressed.
# The packaged function app serves this folder from its wwwroot (scripts/package.sh, Web:Layout=built).
#
# Usage: scripts/build-web.sh [out-dir]            (default: out/web)
# Optional, for the Static Web App's CSP only (the function app computes its own from its settings):
#   WEB_BLOB_ENDPOINT=https://<account>.blob.core.windows.net/   direct uploads and inline evidence
#   WEB_ENTRA_INSTANCE=https://login.microsoftonline.com/       Entra ID sign-in
#   WEB_EMBEDDING_ORIGINS="https://portal.example.gov.vn ..."     portals that may frame the embed page
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/out/web}"
modules="$root/node_modules"

# The files the pages reference (src/Web/auth/auth.js, src/Web/review/pdf-viewer.js) and the licences.
pdfjs_files=(pdf.min.mjs pdf.worker.min.mjs)
msal_files=(msal-browser.min.js)
for f in "${pdfjs_files[@]/#/$modules/pdfjs-dist/build/}" "${msal_files[@]/#/$modules/@azure/msal-browser/lib/}" \
         "$modules/echarts/package.json" "$modules/esbuild/package.json" "$modules/pdfjs-dist/LICENSE"; do
  [ -f "$f" ] || { echo "build-web: missing $f (run npm ci)" >&2; exit 1; }
done

rm -rf "$out"
mkdir -p "$out"
# src/Web without notes for developers (README.md) or an old build.
cp -r "$root/src/Web/." "$out/"
cp -r "$root/dashboards" "$out/dashboards"
rm -rf "$out/dist" "$out/dashboards/dist"
find "$out" -name '*.md' -delete

mkdir -p "$out/vendor/pdfjs" "$out/vendor/msal-browser" "$out/auth/vendor/msal-browser"
node "$root/scripts/build-echarts.mjs" "$out/vendor/echarts"
for f in "${pdfjs_files[@]}"; do cp "$modules/pdfjs-dist/build/$f" "$out/vendor/pdfjs/"; done
cp "$modules/pdfjs-dist/LICENSE" "$out/vendor/pdfjs/LICENSE.txt"
for f in "${msal_files[@]}"; do
  cp "$modules/@azure/msal-browser/lib/$f" "$out/vendor/msal-browser/"
  cp "$modules/@azure/msal-browser/lib/$f" "$out/auth/vendor/msal-browser/"
done
[ -f "$modules/@azure/msal-browser/LICENSE" ] && cp "$modules/@azure/msal-browser/LICENSE" "$out/vendor/msal-browser/LICENSE.txt"

python3 - "$root/src/Functions/Web/security-headers.json" "$out/staticwebapp.config.json" <<'PY'
import json, os, sys
from urllib.parse import urlsplit

source = json.load(open(sys.argv[1], encoding="utf-8"))

def origin(url):
    u = urlsplit(url.strip())
    if u.scheme not in ("http", "https") or not u.hostname:
        sys.exit(f"build-web: '{url}' is not an absolute http(s) URL")
    default = {"http": 80, "https": 443}[u.scheme]
    port = f":{u.port}" if u.port and u.port != default else ""
    return f"{u.scheme}://{u.hostname}{port}"

blob_url = os.environ.get("WEB_BLOB_ENDPOINT", "").strip()
entra_url = os.environ.get("WEB_ENTRA_INSTANCE", "").strip()
blob = f" {origin(blob_url)}" if blob_url else ""
# The dossier files' container (Infrastructure.Dossiers.DossierStorageNames.FilesContainer); a test compares
# this output with the app's policy for the same settings.
blob_frames = ""
if blob_url:
    path = urlsplit(blob_url).path.rstrip("/")
    blob_frames = f" {origin(blob_url)}{path}/dossier-files/"
entra = f" {origin(entra_url)}" if entra_url else ""
ancestors = [origin(o) for o in os.environ.get("WEB_EMBEDDING_ORIGINS", "").split()]

def policy(frame_ancestors):
    return "; ".join(d.replace("{blobFrames}", blob_frames).replace("{blob}", blob)
                      .replace("{entra}", entra).replace("{frameAncestors}", frame_ancestors)
                     for d in source["contentSecurityPolicy"])

page = dict(source["pageHeaders"], **{"Content-Security-Policy": policy("'self'")})
embed = dict(source["embedHeaders"], **{"Content-Security-Policy": policy(" ".join(["'self'"] + ancestors))})
config = {
    # Routes: first match wins. The embed page may be framed by the listed portals; every other file not. The
    # content-hashed copies under /assets/ never change under their name: cached for a year; everything else revalidated.
    "routes": [
        {"route": "/dashboards/embed.html", "headers": dict(embed, **{"Cache-Control": "no-cache"})},
        {"route": "/assets/*", "headers": dict(page, **{"Cache-Control": "public, max-age=31536000, immutable"})},
        {"route": "/*", "headers": dict(page, **{"Cache-Control": "no-cache"})},
    ],
    "globalHeaders": source["headers"],
    # A deep link to an unknown page gets the start page; files, the API and the dashboards' own URLs don't.
    "navigationFallback": {
        "rewrite": "/index.html",
        "exclude": ["/api/*", "/assets/*", "/dashboards/*", "/vendor/*", "/auth/*", "/app/*", "/review/*",
                    "*.{js,mjs,css,json,geojson,png,svg,ico,woff2,csv,map}"],
    },
    "mimeTypes": {".mjs": "text/javascript", ".geojson": "application/geo+json", ".webmanifest": "application/manifest+json"},
}
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(config, f, ensure_ascii=False, indent=2)
    f.write("\n")
PY
node "$root/scripts/hash-assets.mjs" "$out"
echo "front end: $out ($(du -sh "$out" | cut -f1))"
