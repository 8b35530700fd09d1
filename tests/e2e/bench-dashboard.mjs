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
    const body = await r.json();
    // Loaded when the national totals are there: the projection writes them last.
    if (body.children?.total >= 34 && body.unit?.years?.length >= 11) break;
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
  const breakdowns = [];
  const stepBreakdowns = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ baseURL: env.baseUrl, viewport: { width: 1366, height: 900 } });
    // Signed in as the national leader: the token goes in sessionStorage as the sign-in module keeps it.
    const fresh = await devToken(env.baseUrl, "lanh-dao-trung-uong");
    await context.addInitScript((t) => sessionStorage.setItem("nolb.dev.token", JSON.stringify({ token: t, expiresAt: Date.now() + 3_000_000 })), fresh);
    const page = await context.newPage();
    await page.goto("/dashboards/");
    await page.waitForFunction(() => document.getElementById("dashboard")?.dataset.state === "ready", null, { timeout: 60_000 });
    first.push(Number(await page.evaluate(() => document.getElementById("dashboard").dataset.firstRenderMs)));
    // Where the first render's time went (ms from navigation start): requests' start → end, the viewer's start.
    breakdowns.push(await page.evaluate(() => {
      const at = (part) => performance.getEntriesByType("resource").find((e) => e.name.includes(part));
      const span = (part) => { const e = at(part); return e ? [Math.round(e.startTime), Math.round(e.responseStart), Math.round(e.responseEnd)] : null; };
      const nav = performance.getEntriesByType("navigation")[0];
      return {
        document: [0, Math.round(nav.responseStart), Math.round(nav.domContentLoadedEventEnd)],
        config: span("/api/auth-config"),
        me: span("/api/me"),
        national: span("/api/statistics/national"),
        echarts: span("echarts.esm"),
        geo: span(".geojson"),
        viewerStart: Math.round(performance.getEntriesByName("dashboard-start")[0]?.startTime ?? -1),
        data: Math.round(performance.getEntriesByName("dashboard-first-data")[0]?.startTime ?? -1),
        server: Object.fromEntries(performance.getEntriesByType("resource").filter((e) => e.name.includes("/api/statistics/"))
          .flatMap((e) => e.serverTiming.map((st) => [st.name, Math.round(st.duration)]))),
        visuals: Object.fromEntries(performance.getEntriesByType("measure").filter((m) => m.name.startsWith("dashboard-visual-"))
          .slice(0, 4).map((m) => [m.name.slice("dashboard-visual-".length), Math.round(m.duration)])),
      };
    }));
    // Drill into the province ranked first, through the viewer (same code path as a click).
    await page.evaluate(() => {
      const d = window.dashboard;
      d.drillTo(d.childRows()[0].child);
    });
    await page.waitForFunction(() => document.getElementById("dashboard").dataset.lastStepMs, null, { timeout: 60_000 });
    steps.push(Number(await page.evaluate(() => document.getElementById("dashboard").dataset.lastStepMs)));
    stepBreakdowns.push(await page.evaluate(() => {
      const step = performance.getEntriesByName("dashboard-step").at(-1);
      const requests = performance.getEntriesByType("resource").filter((e) => e.name.includes("/api/statistics/units/") && e.startTime >= step.startTime - 1);
      const span = (e) => (e ? `${Math.round(e.startTime - step.startTime)} → ${Math.round(e.responseStart - step.startTime)} → ${Math.round(e.responseEnd - step.startTime)}` : "–");
      const storage = (e) => Math.round(e?.serverTiming.find((t) => t.name === "storage")?.duration ?? -1);
      const unit = requests[0];
      return {
        requests: requests.length,
        unit: span(unit), unitStorage: storage(unit), unitKb: Math.round((unit?.decodedBodySize ?? 0) / 1024),
        data: Math.round((performance.getEntriesByName("dashboard-step-data").at(-1)?.startTime ?? 0) - step.startTime),
        visuals: performance.getEntriesByType("measure").filter((m) => m.name.startsWith("dashboard-visual-") && m.startTime >= step.startTime)
          .map((m) => `${m.name.slice("dashboard-visual-".length)} ${Math.round(m.duration)}`).join(", "),
      };
    }));
    await context.close();
  }
  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return `median ${s[Math.floor(s.length / 2)]} ms, min ${s[0]} ms, max ${s.at(-1)} ms (n=${s.length})`;
  };
  console.log(`first meaningful render (national, 34 provinces × 11 years, map + 4 visuals): ${stats(first)}`);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log("  where the first render's time goes (medians, ms from navigation start: request sent, first byte, done):");
  for (const part of ["document", "config", "me", "national", "echarts", "geo"]) {
    const spans = breakdowns.map((b) => b[part]).filter(Boolean);
    if (spans.length) console.log(`    ${part}: ${[0, 1, 2].map((i) => median(spans.map((x) => x[i]))).join(" → ")}`);
  }
  const keys = (field) => [...new Set(breakdowns.flatMap((b) => Object.keys(b[field])))];
  console.log(`    server (Server-Timing): ${keys("server").map((k) => `${k} ${median(breakdowns.map((b) => b.server[k] ?? 0))}`).join(", ")}`);
  console.log(`    visuals drawn after the figures arrived: ${keys("visuals").map((k) => `${k} ${median(breakdowns.map((b) => b.visuals[k] ?? 0))}`).join(", ")}`);
  console.log(`    per run: ${breakdowns.map((b) => `${b.national?.[1] - b.national?.[0]}/${b.server.storage}`).join(", ")} (national time to first byte / storage, ms)`);
  console.log(`    viewer started: ${median(breakdowns.map((b) => b.viewerStart))}, figures in the viewer: ${median(breakdowns.map((b) => b.data))}`);
  console.log(`drill-down step (province → its communes, data not cached): ${stats(steps)}`);
  console.log("  each step (ms from the click: request sent → first byte → done; storage = Server-Timing):");
  for (const b of stepBreakdowns) {
    console.log(`    ${b.requests} request: ${b.unit} (storage ${b.unitStorage}, ${b.unitKb} KB), figures in the viewer ${b.data}; visuals: ${b.visuals}`);
  }
} finally {
  await browser?.close();
  await env.stop();
}
