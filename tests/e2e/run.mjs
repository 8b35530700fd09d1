#!/usr/bin/env node
// Browser tests: starts Azurite and the app (see lib/env.mjs), drives Debian's Chromium through
// playwright-core, saves screenshots of the main screens to docs/screenshots/, stops everything it
// started (Playwright gives Chromium a new, temporary user-data-dir), writes a TRX file and exits non-zero on any failure.
//
//   node tests/e2e/run.mjs [--trx TestResults/e2e.trx] [--grep text] [--headed]
//   E2E_APP_DLL=/path/NoOneLeftBehind.Functions.dll  (default: src/Functions/bin/Debug/net10.0/...)
//
// Every test gets a fresh browser context (no tokens, no language choice) and fails on a page error,
// a console error, a Content-Security-Policy violation, or a request to any host other than the app's
// own (and the Blob endpoint, for direct uploads).
import { mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { startEnvironment } from "./lib/env.mjs";
import { writeTrx } from "./lib/trx.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const { values: args } = parseArgs({
  options: {
    trx: { type: "string" },
    grep: { type: "string" },
    headed: { type: "boolean", default: false },
  },
});

const TEST_TIMEOUT_MS = 90_000;
const CHROMIUM = process.env.E2E_CHROMIUM ?? "/usr/bin/chromium";
const appDll = process.env.E2E_APP_DLL ?? path.join(root, "src", "Functions", "bin", "Debug", "net10.0", "NoOneLeftBehind.Functions.dll");
const screenshotDir = path.join(root, "docs", "screenshots");
const logDir = path.join(root, "TestResults", "e2e-logs");

const tests = [];
class Skip extends Error {}
function skip(reason) {
  throw new Skip(reason);
}
function test(name, fn, { suite = "browser", allowConsole = [] } = {}) {
  tests.push({ name, fn, suite, allowConsole });
}

for (const file of readdirSync(path.join(here, "specs")).filter((f) => f.endsWith(".spec.mjs")).sort()) {
  const spec = await import(pathToFileURL(path.join(here, "specs", file)).href);
  spec.register({ test });
}
const selected = tests.filter((t) => !args.grep || t.name.includes(args.grep));

const results = [];
let env;
let browser;
let exitCode = 0;

async function cleanup() {
  await browser?.close().catch(() => {});
  await env?.stop().catch(() => {});
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await cleanup();
    process.exit(130);
  });
}

try {
  mkdirSync(screenshotDir, { recursive: true });
  const started = Date.now();
  env = await startEnvironment({ root, logDir, appDll });
  console.log(`app ${env.baseUrl} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s), blob ${env.blobUrl}`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: !args.headed,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ].filter((a) => args.headed ? a !== "--headless" : true),
  });

  const allowedOrigins = new Set([new URL(env.baseUrl).origin, new URL(env.blobUrl).origin]);
  for (const t of selected) {
    const start = new Date();
    const problems = [];
    const context = await browser.newContext({ baseURL: env.baseUrl, viewport: { width: 1280, height: 900 } });
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === "data:" || url.protocol === "blob:" || allowedOrigins.has(url.origin)) return route.continue();
      // No exception for Chromium's own PDF viewer (chrome-extension://…, chrome://resources): no page may open a
      // PDF as a document; the reviewers' console draws evidence PDFs with PDF.js (src/Web/review/pdf-viewer.js).
      problems.push(`request to a foreign host: ${url.href}`);
      return route.abort("blockedbyclient");
    });
    const watch = (page) => {
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}\n${(error.stack ?? "").split("\n").slice(1, 6).join("\n")}`));
      page.on("console", (message) => {
        if (message.type() !== "error") return;
        const text = message.text();
        if (t.allowConsole.some((pattern) => text.includes(pattern))) return;
        problems.push(`console error: ${text}`);
      });
    };
    context.on("page", watch);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const helpers = {
      page, context, browser, baseUrl: env.baseUrl, blobUrl: env.blobUrl, root,
      screenshot: (name, target = page, options = {}) => target.screenshot({ path: path.join(screenshotDir, `${name}.png`), ...options }),
      problems,
      skip,
    };
    let error;
    let skipped = null;
    try {
      await Promise.race([
        t.fn(helpers),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT_MS / 1000} s`)), TEST_TIMEOUT_MS)),
      ]);
      if (problems.length) throw new Error(problems.join("\n"));
    } catch (e) {
      if (e instanceof Skip) skipped = e.message;
      else {
        error = e;
        await page.screenshot({ path: path.join(logDir, `${t.name.replace(/[^\w.-]+/g, "_")}.failed.png`) }).catch(() => {});
      }
    }
    await context.close().catch(() => {});
    const end = new Date();
    const outcome = error ? "Failed" : skipped ? "NotExecuted" : "Passed";
    results.push({ name: t.name, suite: t.suite, outcome, start, end, error: error ? `${error.message}\n${error.stack ?? ""}` : skipped ?? undefined });
    console.log(`${error ? "✗" : skipped ? "-" : "✓"} ${t.name} (${end - start} ms)${error ? `\n    ${error.message.split("\n").join("\n    ")}` : skipped ? ` skipped: ${skipped}` : ""}`);
  }
} catch (error) {
  console.error(`e2e: ${error.message}`);
  results.push({ name: "e2e environment", suite: "setup", outcome: "Failed", start: new Date(), end: new Date(), error: error.stack ?? error.message });
} finally {
  await cleanup();
}

const failed = results.filter((r) => r.outcome === "Failed").length;
const skippedCount = results.filter((r) => r.outcome === "NotExecuted").length;
if (args.trx) writeTrx(args.trx, results);
console.log(`e2e: ${results.length - failed - skippedCount} passed, ${failed} failed, ${skippedCount} skipped`);
if (failed || results.length === 0) exitCode = 1;
process.exit(exitCode);
