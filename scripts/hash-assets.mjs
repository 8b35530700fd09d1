#!/usr/bin/env node
// Content-hashed, pre-compressed static files for the built front end (scripts/build-web.sh runs it on out/web).
//
//   node scripts/hash-assets.mjs <dir>
//
// 1. Every script, style sheet, data and image file gets a copy under /assets/ whose name carries a hash of its
//    content: /vendor/echarts/echarts.esm.min.mjs → /assets/vendor/echarts/echarts.esm.min.<10 hex>.mjs. The
//    references to other files are rewritten first (ES module specifiers, relative or absolute; any string literal
//    that is exactly a file's absolute path, e.g. the PDF.js and MSAL URLs; CSS url(); JSON strings such as a
//    definition's "geo"), so a change anywhere renames every file that reaches it. Modules that import each other
//    (a cycle) share one hash of all their contents.
// 2. HTML pages are rewritten to the hashed names (src, href, modulepreload) and keep their own names: they are
//    served with "Cache-Control: no-cache", the /assets/ files with "immutable" (src/Functions/Web/WebFrontEnd.cs,
//    and staticwebapp.config.json on a Static Web App). The unhashed files stay for URLs built at run time
//    (/dashboards/definitions/<id>.json) and are revalidated (no-cache + ETag).
// 3. Every text file of 1 KiB or more gets <file>.br (Brotli, quality 11) and <file>.gz (gzip -9) beside it; the
//    app answers with them when the browser's Accept-Encoding allows (Content-Encoding, Vary: Accept-Encoding).
// 4. asset-manifest.json: original path → hashed path.
// No dependencies (node:crypto, node:zlib): runs on a fresh clone after npm ci.
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const dir = path.resolve(process.argv[2] ?? "out/web");
const HASHED = /\.(js|mjs|css|json|geojson|svg|png|ico|woff2)$/;
const TEXT = /\.(html|js|mjs|css|json|geojson|svg|txt|csv|map|webmanifest)$/;
const MIN_COMPRESS = 1024;
const SKIP = new Set(["/staticwebapp.config.json", "/asset-manifest.json"]);

function walk(folder, out = []) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

const urlOf = (file) => "/" + path.relative(dir, file).split(path.sep).join("/");
const files = walk(dir).filter((f) => !urlOf(f).startsWith("/assets/"));
const assets = new Map(); // url → { file, text?, bytes }
for (const file of files) {
  const url = urlOf(file);
  if (!HASHED.test(url) || SKIP.has(url)) continue;
  const bytes = readFileSync(file);
  assets.set(url, { file, bytes, text: TEXT.test(url) ? bytes.toString("utf8") : null });
}

/** Resolves a reference written in the file at `from` (absolute or ./ ../) to an asset URL, or null. */
function resolve(from, spec) {
  if (!spec || /^[a-z]+:|^\/\//i.test(spec)) return null;
  let target;
  if (spec.startsWith("/")) target = spec;
  else if (spec.startsWith("./") || spec.startsWith("../")) target = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  else return null;
  const clean = target.split(/[?#]/)[0];
  return assets.has(clean) && clean === target ? clean : null;
}

/** The references in a text: [{ start, end, target }] (the span of the specifier, without quotes). */
function references(url, text) {
  const found = [];
  const add = (index, spec) => {
    const target = resolve(url, spec);
    if (target && !found.some((r) => r.start === index)) found.push({ start: index, end: index + spec.length, target });
  };
  let patterns;
  if (/\.(m?js)$/.test(url)) {
    // import … from "x", import "x", import("x"), export … from "x"; and any string literal that is an asset's absolute path.
    patterns = [/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])([^"'\n]+)\1/g, /(["'`])(\/[^"'`\s]+)\1/g];
  } else if (/\.css$/.test(url)) {
    patterns = [/url\(\s*(["']?)([^"')\s]+)\1\s*\)/g, /@import\s+(["'])([^"']+)\1/g];
  } else if (/\.(json|geojson|webmanifest)$/.test(url)) {
    patterns = [/(")(\/[^"\s]+)"/g];
  } else if (/\.html$/.test(url)) {
    patterns = [/\b(?:src|href)=(["'])([^"']+)\1/g, /(["'])(\/[^"'\s]+\.(?:m?js|css|json|geojson))\1/g];
  } else return found;
  for (const pattern of patterns) {
    for (const m of text.matchAll(pattern)) add(m.index + m[0].indexOf(m[1] + m[2]) + m[1].length, m[2]);
  }
  return found.sort((a, b) => a.start - b.start);
}

function rewrite(text, refs, nameOf) {
  let out = "";
  let at = 0;
  for (const r of refs) {
    out += text.slice(at, r.start) + nameOf(r.target);
    at = r.end;
  }
  return out + text.slice(at);
}

// The graph of references between assets, and its strongly connected components (Tarjan), dependencies first.
const refsOf = new Map([...assets].map(([url, a]) => [url, a.text === null ? [] : references(url, a.text)]));
const components = [];
{
  let index = 0;
  const stack = [];
  const info = new Map();
  const visit = (v) => {
    info.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of new Set(refsOf.get(v).map((r) => r.target))) {
      if (!info.has(w)) {
        visit(w);
        info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
      } else if (info.get(w).onStack) info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
    }
    if (info.get(v).low === info.get(v).index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        info.get(w).onStack = false;
        component.push(w);
      } while (w !== v);
      components.push(component.sort());
    }
  };
  for (const v of [...assets.keys()].sort()) if (!info.has(v)) visit(v);
}

const hashed = new Map(); // url → /assets/… name
const hashedName = (url, hash) => {
  const ext = path.posix.extname(url);
  return `/assets${url.slice(0, -ext.length)}.${hash}${ext}`;
};
for (const component of components) {
  // Dependencies outside the component have their names already; inside, the original URL stands in.
  const members = new Set(component);
  const digest = createHash("sha256");
  for (const url of component) {
    const a = assets.get(url);
    digest.update(url).update("\0");
    digest.update(a.text === null ? a.bytes : rewrite(a.text, refsOf.get(url), (t) => (members.has(t) ? t : hashed.get(t)))).update("\0");
  }
  const hash = digest.digest("hex").slice(0, 10);
  for (const url of component) hashed.set(url, hashedName(url, hash));
}

const written = [];
for (const [url, a] of assets) {
  const target = path.join(dir, ...hashed.get(url).split("/").filter(Boolean));
  mkdirSync(path.dirname(target), { recursive: true });
  if (a.text === null) copyFileSync(a.file, target);
  else writeFileSync(target, rewrite(a.text, refsOf.get(url), (t) => hashed.get(t)));
  written.push(target);
}

// HTML pages point at the hashed files; they keep their names (no-cache). So do the unhashed originals (a definition
// fetched by a URL built at run time names the hashed map), so a module is never loaded twice under two names.
for (const file of files.filter((f) => f.endsWith(".html"))) {
  const url = urlOf(file);
  const text = readFileSync(file, "utf8");
  writeFileSync(file, rewrite(text, references(url, text), (t) => hashed.get(t)));
}
for (const [url, a] of assets) {
  if (a.text !== null && refsOf.get(url).length) writeFileSync(a.file, rewrite(a.text, refsOf.get(url), (t) => hashed.get(t)));
}

writeFileSync(path.join(dir, "asset-manifest.json"), JSON.stringify(Object.fromEntries([...hashed].sort()), null, 1) + "\n");

// Pre-compressed copies of every text file (the originals too: they are still served, revalidated).
const compressed = new Map(); // content hash → [br, gz], so that a hashed copy and its unchanged original are compressed once
let raw = 0;
let br = 0;
for (const file of walk(dir)) {
  if (!TEXT.test(file)) continue;
  const bytes = readFileSync(file);
  if (bytes.length < MIN_COMPRESS) continue;
  const key = createHash("sha256").update(bytes).digest("hex");
  if (!compressed.has(key)) {
    compressed.set(key, [
      brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
      gzipSync(bytes, { level: 9 }),
    ]);
  }
  const [b, g] = compressed.get(key);
  writeFileSync(file + ".br", b);
  writeFileSync(file + ".gz", g);
  raw += bytes.length;
  br += b.length;
}
const total = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
console.log(`hash-assets: ${hashed.size} files hashed under /assets/, ${components.filter((c) => c.length > 1).length} cycle(s); text ${total(raw)} → ${total(br)} Brotli`);
