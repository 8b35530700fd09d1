// Embedded dashboards ("app owns data", ADR 0005): a portal on ANOTHER origin (http://localhost:<port>, while
// the app is http://127.0.0.1:<port>; allowed by Embedding:AllowedOrigins in lib/env.mjs) frames
// /dashboards/embed.html with a token for one province. The portal's page and its backend (which mints
// tokens with its own identity, as a portal's server would) are played by this spec through Playwright routes.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { signInAs } from "../lib/helpers.mjs";
import { devToken, hasStatisticsApi, importFixture } from "../lib/statistics.mjs";

const PROVINCE_A = "52"; // Gia Lai (since 01/07/2025)
const PROVINCE_B = "01"; // Hà Nội

const portalIdentity = new Map();
async function mint(baseUrl, host, unitCode, lifetimeSeconds) {
  // The portal's service account: a national leader (its token kept, as a backend would).
  if (!portalIdentity.has(baseUrl)) portalIdentity.set(baseUrl, await devToken(baseUrl, "lanh-dao-trung-uong"));
  const token = portalIdentity.get(baseUrl);
  const response = await fetch(`${baseUrl}/api/embed-tokens`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ dashboardId: "poverty", unitCode, hostOrigin: host, lifetimeSeconds }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`embed token refused: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body;
}

function portalPage(appOrigin, embedUrl, { refresh }) {
  // The portal's own page: no CSP of ours; it talks to the frame only through postMessage.
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin (thử nghiệm)</title>
<style>body{font-family:sans-serif;margin:0}header{background:#7a1f1f;color:#fff;padding:.6rem 1rem}iframe{border:0;width:100%;height:1500px}</style></head>
<body><header><strong>Cổng thông tin điện tử tỉnh Gia Lai</strong> · trang thử nghiệm nhúng báo cáo</header>
<iframe id="report" title="Báo cáo giảm nghèo" src="${embedUrl}"></iframe>
<script>
window.portalLog = [];
const app = ${JSON.stringify(appOrigin)};
window.addEventListener("message", async (event) => {
  if (event.origin !== app) return;
  window.portalLog.push(event.data.type);
  if (event.data.type !== "nolb-embed:token-request" || !${refresh}) return;
  const frame = document.getElementById("report").contentWindow;
  if (!window.portalLog.includes("sent-wrong")) {
    // A token for another province first: the frame must refuse it (it may not widen or change its scope).
    window.portalLog.push("sent-wrong");
    const wrong = await (await fetch("/portal-backend/token?unit=${PROVINCE_B}")).json();
    frame.postMessage({ type: "nolb-embed:token", token: wrong.token }, app);
  }
  const next = await (await fetch("/portal-backend/token?unit=${PROVINCE_A}")).json();
  frame.postMessage({ type: "nolb-embed:token", token: next.token }, app);
});
</script></body></html>`;
}

/** Serves the portal (page + token backend) on the other origin; returns the frame once the embed page is up. */
async function openPortal(ctx, { lifetimeSeconds, refresh, extraQuery = "" }) {
  const { page, context, baseUrl } = ctx;
  const app = new URL(baseUrl);
  const port = Number(process.env.E2E_EMBED_PORTAL_PORT);
  if (!port) throw new Error("lib/env.mjs did not set E2E_EMBED_PORTAL_PORT");
  const host = `http://localhost:${port}`;
  const first = await mint(baseUrl, host, PROVINCE_A, lifetimeSeconds);
  const minted = [first];
  // A real server on the loopback (Chromium's local-network checks refuse a frame of 127.0.0.1 in a page that
  // came from nowhere); the runner's foreign-host guard is told this one origin is expected.
  const handler = async (request, response) => {
    try {
      const url = new URL(request.url, host);
      if (url.pathname === "/portal.html") {
        response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        return response.end(portalPage(app.origin, `${baseUrl}${first.embedUrl}${extraQuery}`, { refresh }));
      }
      if (url.pathname === "/portal-backend/token") {
        const next = await mint(baseUrl, host, url.searchParams.get("unit"), lifetimeSeconds);
        minted.push(next);
        response.writeHead(200, { "Content-Type": "application/json" });
        return response.end(JSON.stringify({ token: next.token }));
      }
      response.writeHead(404).end();
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  };
  const servers = [];
  for (const address of ["127.0.0.1", "::1"]) {
    const server = createServer(handler);
    const ok = await new Promise((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(port, address, () => resolve(true));
    });
    if (ok) servers.push(server);
  }
  if (servers.length === 0) throw new Error(`cannot listen on port ${port}`);
  ctx.portalServers = servers;
  await context.route(`${host}/**`, (route) => route.continue());
  await page.goto(`${host}/portal.html`);
  const frame = page.frameLocator("#report");
  await frame.locator("body[data-ready]").waitFor({ timeout: 30_000 });
  const handle = page.frames().find((f) => f.url().startsWith(`${baseUrl}/dashboards/embed.html`));
  return { frame, handle, host, minted, token: first.token };
}

async function closePortal(ctx) {
  for (const server of ctx.portalServers ?? []) {
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function ready(handle, unit) {
  await handle.waitForFunction((u) => {
    const d = document.getElementById("dashboard")?.dataset;
    return d?.state === "ready" && d.unit === u;
  }, unit, { timeout: 30_000 });
}

function communesOf(root, province) {
  const lines = readFileSync(path.join(root, "src", "Domain", "Units", "Data", "units.csv"), "utf8").trim().split("\n").slice(1);
  return new Set(lines.map((l) => l.split(",")).filter(([, , , parent, from]) => parent === province && from === "2025-07-01").map(([code]) => code));
}

async function prepare(ctx) {
  if (!(await hasStatisticsApi(ctx.baseUrl))) ctx.skip("the statistics API is not in this build");
  const probe = await fetch(`${ctx.baseUrl}/api/embed/session`);
  if (probe.status === 404) ctx.skip("the embed token API is not in this build");
  return importFixture(ctx.baseUrl, ctx.root);
}

/** Runs a test and always stops the portal's server. */
const withPortal = (fn) => async (ctx) => {
  try {
    await fn(ctx);
  } finally {
    await closePortal(ctx);
  }
};

export function register({ test }) {
  test("embed: a portal on another origin shows province A only; edited URL and parameters never show province B", withPortal(async (ctx) => {
    const rows = await prepare(ctx);
    const { page, baseUrl, root, screenshot } = ctx;
    // The portal (or someone editing the frame's address) adds ?unit=01&dashboard=… : ignored, the token decides.
    const { frame, handle, token } = await openPortal(ctx, { refresh: false, extraQuery: `&unit=${PROVINCE_B}&dashboard=nominations&basis=2025` });
    await ready(handle, PROVINCE_A);
    assert.equal(await page.evaluate(() => document.getElementById("report").contentDocument), null, "the frame is cross-origin to the portal");
    assert.deepEqual(await frame.locator("#breadcrumb li").allTextContents(), ["Tỉnh Gia Lai"]);
    assert.match(await frame.locator("#embed-scope").textContent(), /Gia Lai \(52\)/);
    assert.match(await frame.locator("#title-map").textContent(), /^Vị trí Tỉnh Gia Lai/, "the province where it lies, not the 34 provinces' figures");
    assert.match(await frame.locator("#visual-map .note").textContent(), /Chưa có ranh giới các xã, phường/);

    const inA = communesOf(root, PROVINCE_A);
    const codes = await frame.locator("#visual-table tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.code));
    assert.ok(codes.length > 0, "communes of province A in the table");
    assert.ok(codes.every((c) => inA.has(c)), `only communes of Gia Lai: ${codes.filter((c) => !inA.has(c))}`);
    const a2025 = rows.filter((r) => r.year === 2025 && inA.has(r.code));
    const expected = (a2025.reduce((s, r) => s + r.poor, 0) * 100) / a2025.reduce((s, r) => s + r.households, 0);
    const shown = Number(await frame.locator('[data-kpi="poor-rate"]').getAttribute("data-value"));
    assert.ok(Math.abs(shown - expected) < 1e-9, `province A's poor rate from the imported counts: ${shown} vs ${expected}`);
    await page.waitForFunction(() => window.portalLog.includes("nolb-embed:ready"));
    await screenshot("embed-province", page, { fullPage: false });

    // Whatever the page asks with this token, the server answers for province A only.
    const call = (p) => fetch(`${baseUrl}${p}`, { headers: { Authorization: `Embed ${token}` } });
    for (const p of [`/api/statistics/units/${PROVINCE_B}`, `/api/statistics/units/${PROVINCE_B}/ranking?year=2025`, `/api/statistics/units/VN`, "/api/statistics/versions", "/api/dossiers"]) {
      assert.equal((await call(p)).status, 403, p);
    }
    const national = await (await call("/api/statistics/national?basis=2025")).json();
    assert.equal(national.unit, null, "no national total");
    assert.deepEqual(national.children.items.map((c) => c.code), [PROVINCE_A]);
  }));

  test("embed: an expired token shows a clear message (Vietnamese and English) instead of the figures", withPortal(async (ctx) => {
    await prepare(ctx);
    const { page, baseUrl, screenshot } = ctx;
    const { frame, handle, token } = await openPortal(ctx, { lifetimeSeconds: 8, refresh: false });
    // The portal does not answer the token request: at expiry the page ends the session by itself.
    await handle.waitForFunction(() => document.body.dataset.embedState === "expired", null, { timeout: 40_000 });
    const message = frame.locator("#embed-message");
    assert.equal(await message.isVisible(), true);
    assert.match(await message.textContent(), /đã hết hạn/);
    assert.match(await message.textContent(), /Reload the page/);
    assert.equal(await frame.locator("#dashboard").isVisible(), false, "no figures once expired");
    await page.waitForFunction(() => window.portalLog.includes("nolb-embed:expired"));
    await screenshot("embed-expired", page, { fullPage: false });

    // The same (expired) token opened again: the message at once, and the API says 401 with a problem.
    const again = await ctx.context.newPage();
    await again.goto(`${baseUrl}/dashboards/embed.html?token=${encodeURIComponent(token)}`);
    await again.waitForSelector('body[data-embed-state="expired"]');
    const response = await fetch(`${baseUrl}/api/statistics/units/${PROVINCE_A}`, { headers: { Authorization: `Embed ${token}` } });
    assert.equal(response.status, 401);
    assert.match((await response.json()).type, /embed-token-expired$/);
  }), { allowConsole: ["401 (Unauthorized)"] });

  test("embed: the portal refreshes the token through postMessage and the dashboard stays alive", withPortal(async (ctx) => {
    await prepare(ctx);
    const { handle, minted } = await openPortal(ctx, { lifetimeSeconds: 16, refresh: true });
    await ready(handle, PROVINCE_A);
    // 16 s tokens, renewed half-way (8 s before expiry, room enough on a busy machine): the second renewal comes
    // after the first token expired.
    await handle.waitForFunction(() => Number(document.body.dataset.tokenRefreshes ?? "0") >= 2, null, { timeout: 50_000 }).catch(async (error) => {
      const portal = await ctx.page.evaluate(() => window.portalLog);
      const frameState = await handle.evaluate(() => ({ ...document.body.dataset }));
      throw new Error(`${error.message}; portal saw ${JSON.stringify(portal)}; frame ${JSON.stringify(frameState)}; minted ${minted.length}`);
    });
    assert.equal(await handle.evaluate(() => document.body.dataset.embedState ?? null), null, "never expired");
    assert.equal(await handle.evaluate(() => document.body.dataset.refusedTokens), "1", "the token for another province was refused");
    assert.ok(minted.length >= 4, `tokens minted by the portal: ${minted.length}`);
    // A fresh data request after the first token's expiry goes through with the renewed token.
    const firstExpiry = Date.parse(minted[0].expiresAt);
    while (Date.now() <= firstExpiry + 500) await new Promise((r) => setTimeout(r, 200));
    const renders = await handle.evaluate(() => Number(document.getElementById("dashboard").dataset.renders));
    await handle.locator("#slicer-basis").selectOption("historical");
    await handle.waitForFunction((n) => Number(document.getElementById("dashboard").dataset.renders) > n, renders, { timeout: 30_000 });
    assert.equal(await handle.evaluate(() => document.getElementById("dashboard").dataset.state), "ready");
    assert.equal(await handle.evaluate(() => document.body.dataset.embedState ?? null), null);
  }));

  test("embed admin: mint a token in the UI, copy the snippet, and the demo portal shows the dashboard", async (ctx) => {
    await prepare(ctx);
    const { page, context, baseUrl, root, screenshot } = ctx;
    const port = Number(process.env.E2E_EMBED_PORTAL_PORT);
    const host = `http://localhost:${port}`;
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
    // The demo portal of scripts/run.sh, on the origin the app allows (its server mints renewals itself).
    const { spawn } = await import("node:child_process");
    const portal = spawn(process.execPath, [path.join(root, "scripts", "demo-portal.mjs"), "--port", String(port), "--host", "127.0.0.1", "--app", baseUrl], { stdio: "pipe" });
    try {
      await new Promise((resolve, reject) => {
        portal.stdout.on("data", (d) => String(d).includes("demo portal") && resolve());
        portal.once("exit", (code) => reject(new Error(`demo portal exited with ${code}`)));
      });
      await context.route(`${host}/**`, (route) => route.continue());

      await signInAs(page, "quan-tri", "/dashboards/");
      await page.locator("#embed-admin-link a").click();
      await page.waitForSelector("body[data-ready]");
      assert.deepEqual(await page.locator("#embed-origin option").allTextContents(), [host]);
      assert.deepEqual(await page.locator("#embed-dashboard option").evaluateAll((o) => o.map((x) => x.value)), ["poverty", "nominations"]);
      // A unit that does not exist: refused with the reason, nothing minted.
      await page.fill("#embed-unit", "99");
      await page.click("#embed-mint");
      await page.locator("#embed-error").waitFor();
      assert.ok((await page.locator("#embed-error").textContent()).length > 0);
      assert.equal(await page.locator("#embed-result").isVisible(), false);

      await page.fill("#embed-unit", "52");
      await page.click("#embed-mint");
      await page.locator("#embed-result").waitFor();
      assert.match(await page.locator("#embed-summary").textContent(), /Tỉnh Gia Lai \(52\) · cổng http:\/\/localhost:\d+ · hết hạn lúc/);
      const snippet = await page.locator("#embed-snippet").inputValue();
      assert.match(snippet, new RegExp(`<iframe id="report" title="Báo cáo giảm nghèo" src="${baseUrl}/dashboards/embed\\.html\\?token=e1\\.`));
      assert.ok(snippet.includes(`e.origin !== "${baseUrl}"`) && snippet.includes("nolb-embed:token-request"), snippet);
      await page.click("#embed-copy");
      await page.waitForFunction(() => document.getElementById("embed-copied").textContent.length > 0);
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet, "the snippet is on the clipboard");
      await screenshot("embed-admin", page, { fullPage: true });

      // "Xem thử trên cổng mẫu": the demo portal frames the minted view.
      const demo = await page.locator("#embed-demo").getAttribute("href");
      assert.ok(demo.startsWith(`${host}/?dashboard=poverty&unit=52&embed=`), demo);
      await page.goto(demo);
      const handle = await (async () => {
        for (let i = 0; i < 100; i++) {
          const f = page.frames().find((x) => x.url().startsWith(`${baseUrl}/dashboards/embed.html`));
          if (f) return f;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error("no embedded frame");
      })();
      await ready(handle, PROVINCE_A);
      await page.waitForFunction(() => window.portalLog.includes("nolb-embed:ready"));
      // And the portal mints by itself (its own server), as a real one does.
      await page.goto(`${host}/?dashboard=poverty&unit=52`);
      await page.frameLocator("#report").locator("body[data-ready]").waitFor({ timeout: 30_000 });
    } finally {
      portal.kill("SIGTERM");
    }
  }, { allowConsole: ["status of 400 (Bad Request)"] }); // the refused unit above
}
