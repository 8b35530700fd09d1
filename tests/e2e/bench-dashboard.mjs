#!/usr/bin/env node
// Benchmark: the national dashboard's first meaningful render and a drill-down step, with the generated
// national data (every commune, 2015–2025), measured in Chromium with the Performance API
// (performance.measure from navigation start to the moment every chart has drawn its first frame).
//
//   node tests/e2e/bench-dashboard.mjs [--runs 7]     (E2E_APP_DLL as for run.mjs)
//
// Targets (issue #7): first render < 1.5 s locally, drill-down step < 300 ms.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { startEnvironment } from "./lib/env.mjs";
import { devToken } from "./lib/statistics.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const { values: args } = parseArgs({ options: { runs: { type: "string", default: "7" } } });
const runs = Number(args.runs);
const appDll = process.env.E2E_APP_DLL ?? path.join(root, "src", "Functions", "bin", "Debug", "net10.0", "NoOneLeftBehind.Functions.dll");

const env = await startEnvironment({ root, logDir: path.join(root, "TestResults", "bench-logs"), appDll, extraEnv: { Statistics__SeedDemoData: "true" } });
let browser;
try {
  const token = await devToken(env.baseUrl, "lanh-dao-trung-uong");
  const started = Date.now();
  for (;;) {
    const r = await fetch(`${env.baseUrl}/api/statistics/national?basis=2025&pageSize=1`, { headers: { Authorization: `Bearer ${token}` } });
    if (r.status === 404) throw new Error("this build has no statistics API");
    if ((await r.json()).children?.total >= 34) break;
    if (Date.now() - started > 15 * 60_000) throw new Error("the generated data did not load in 15 minutes");
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  console.log(`generated data loaded in ${Math.round((Date.now() - started) / 1000)} s`);
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const first = [];
  const steps = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ baseURL: env.baseUrl, viewport: { width: 1366, height: 900 } });
    // Signed in as the national leader: the token goes in sessionStorage as the sign-in module keeps it.
    const fresh = await devToken(env.baseUrl, "lanh-dao-trung-uong");
    await context.addInitScript((t) => sessionStorage.setItem("nolb.dev.token", JSON.stringify({ token: t, expiresAt: Date.now() + 3_000_000 })), fresh);
    const page = await context.newPage();
    await page.goto("/dashboards/");
    await page.waitForFunction(() => document.getElementById("dashboard")?.dataset.state === "ready", null, { timeout: 60_000 });
    first.push(Number(await page.evaluate(() => document.getElementById("dashboard").dataset.firstRenderMs)));
    // Drill into the province ranked first, through the viewer (same code path as a click).
    await page.evaluate(() => {
      const d = window.dashboard;
      d.drillTo(d.childRows()[0].child);
    });
    await page.waitForFunction(() => document.getElementById("dashboard").dataset.lastStepMs, null, { timeout: 60_000 });
    steps.push(Number(await page.evaluate(() => document.getElementById("dashboard").dataset.lastStepMs)));
    await context.close();
  }
  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return `median ${s[Math.floor(s.length / 2)]} ms, min ${s[0]} ms, max ${s.at(-1)} ms (n=${s.length})`;
  };
  console.log(`first meaningful render (national, 34 provinces × 11 years, map + 4 visuals): ${stats(first)}`);
  console.log(`drill-down step (province → its communes, data not cached): ${stats(steps)}`);
} finally {
  await browser?.close();
  await env.stop();
}
