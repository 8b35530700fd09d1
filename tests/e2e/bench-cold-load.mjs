#!/usr/bin/env node
// Benchmark: a cold load of the dashboards page (empty cache, new browser context each run) in Chromium on a link
// throttled to 1.6 Mbit/s with the DevTools protocol (Network.emulateNetworkConditions through playwright-core's CDP
// session), for the front end as deployed (scripts/build-web.sh: content-hashed, Brotli) and, to compare, the
// checkout's files as they are (uncompressed). Reported: the dashboard's first render (performance.measure from
// navigation start until every chart has drawn, #dashboard[data-first-render-ms]) and the bytes transferred.
//
//   node tests/e2e/bench-cold-load.mjs [--runs 5] [--latency 150] [--layouts built,checkout] [--repeat]   (E2E_APP_DLL as for run.mjs)
//
// --repeat: each run also loads the page a second time in the same context (a repeat visit: the immutable /assets/ files
// from the cache, the pages and the figures over the throttled link) and reports that first render too.
//
// The figures are the browser tests' small fixture (tests/e2e/lib/statistics.mjs): the national view's answer is a few
// KB either way; what a cold load pays for is the code (ECharts: 1.1 MB in the checkout, 632 KB in the
// built front end) and the map. Target (issue 17): < 3 s.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { startEnvironment } from "./lib/env.mjs";
import { devToken, importFixture } from "./lib/statistics.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    latency: { type: "string", default: "150" },
    layouts: { type: "string", default: "built,checkout" },
    repeat: { type: "boolean", default: false },
  },
});
const runs = Number(args.runs);
const latency = Number(args.latency);
const MBIT = 1.6;
const bytesPerSecond = (MBIT * 1_000_000) / 8;
const appDll = process.env.E2E_APP_DLL ?? path.join(root, "src", "Functions", "bin", "Debug", "net10.0", "NoOneLeftBehind.Functions.dll");
const built = path.join(root, "out", "web");

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
for (const layout of args.layouts.split(",")) {
  if (layout === "built") {
    console.log("building the front end (scripts/build-web.sh out/web)");
    execFileSync("bash", [path.join(root, "scripts", "build-web.sh"), built], { stdio: "inherit" });
  }
  const previous = process.env.E2E_WEB_BUILT;
  if (layout === "built") process.env.E2E_WEB_BUILT = built;
  else delete process.env.E2E_WEB_BUILT;
  const env = await startEnvironment({ root, logDir: path.join(root, "TestResults", "bench-logs"), appDll });
  if (previous === undefined) delete process.env.E2E_WEB_BUILT;
  else process.env.E2E_WEB_BUILT = previous;
  let browser;
  try {
    await importFixture(env.baseUrl, root);
    browser = await chromium.launch({
      executablePath: process.env.E2E_CHROMIUM ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const first = [];
    const loaded = [];
    const bytes = [];
    const again = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ baseURL: env.baseUrl, viewport: { width: 1366, height: 900 } });
      const token = await devToken(env.baseUrl, "lanh-dao-trung-uong");
      await context.addInitScript((t) => sessionStorage.setItem("nolb.dev.token", JSON.stringify({ token: t, expiresAt: Date.now() + 3_000_000 })), token);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: false });
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency, downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond });
      let transferred = 0;
      cdp.on("Network.loadingFinished", (e) => { transferred += e.encodedDataLength; });
      const started = Date.now();
      await page.goto("/dashboards/");
      await page.waitForFunction(() => document.getElementById("dashboard")?.dataset.state === "ready", null, { timeout: 120_000 });
      loaded.push(Date.now() - started);
      first.push(Number(await page.evaluate(() => document.getElementById("dashboard").dataset.firstRenderMs)));
      bytes.push(transferred);
      if (args.repeat) {
        await page.goto("/dashboards/");
        await page.waitForFunction(() => document.getElementById("dashboard")?.dataset.state === "ready", null, { timeout: 120_000 });
        again.push(Number(await page.evaluate(() => document.getElementById("dashboard").dataset.firstRenderMs)));
      }
      await context.close();
    }
    const row = { layout, runs, latency, firstRenderMs: first, medianFirstRenderMs: median(first), medianWallMs: median(loaded), medianTransferredKB: Math.round(median(bytes) / 1024),
      ...(again.length ? { repeatFirstRenderMs: again, medianRepeatFirstRenderMs: median(again) } : {}) };
    results.push(row);
    console.log(JSON.stringify(row));
  } finally {
    await browser?.close();
    await env.stop();
  }
}
console.log(`\n| front end | link | first render, median of ${runs} (ms) | runs (ms) | transferred (KB) |\n|---|---|---|---|---|`);
for (const r of results) {
  console.log(`| ${r.layout === "built" ? "built (hashed, Brotli)" : "checkout (uncompressed)"} | ${MBIT} Mbit/s, ${r.latency} ms | ${r.medianFirstRenderMs} | ${r.firstRenderMs.join(", ")} | ${r.medianTransferredKB} |`);
  if (r.repeatFirstRenderMs) console.log(`| ${r.layout}, repeat visit | ${MBIT} Mbit/s, ${r.latency} ms | ${r.medianRepeatFirstRenderMs} | ${r.repeatFirstRenderMs.join(", ")} | |`);
}
if (!existsSync(appDll)) console.log(`(app: ${appDll})`);
