// The nominations dashboard (dashboards/definitions/nominations.json): dossiers by status, award form and
// nominating unit, and the quota use of the nominating units, from GET /api/dossier-counts and
// GET /api/dossier-quota-use — signed in, and embedded with a nominations token.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { signInAs } from "../lib/helpers.mjs";
import { pngText } from "../lib/png.mjs";
import { devToken } from "../lib/statistics.mjs";

const PLAN = "chu-puh-2021-2025";

async function api(baseUrl, token, path, scheme = "Bearer") {
  const response = await fetch(`${baseUrl}${path}`, { headers: { Authorization: `${scheme} ${token}` } });
  assert.equal(response.status, 200, `${path}: HTTP ${response.status}`);
  return response.json();
}

async function ready(page) {
  await page.waitForFunction(() => document.getElementById("dashboard")?.dataset.state === "ready", null, { timeout: 30_000 });
}

async function kpis(page) {
  return page.locator("[data-kpi]").evaluateAll((cards) => Object.fromEntries(cards.map((c) => [c.dataset.kpi, Number(c.dataset.value)])));
}

async function waitForDemoDossiers(baseUrl, token, { total = 1, units = 1 } = {}) {
  // Seeded at start in Development (DemoDossierSeeder: one by Ia Hrú 23971, three by Chư Pưh 639), one after the
  // other: wait until the read model counts as many as the test needs.
  for (let i = 0; i < 100; i++) {
    const counts = await api(baseUrl, token, `/api/dossier-counts?planId=${PLAN}`);
    if (counts.total >= total && counts.byUnit.length >= units) return counts;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the demo dossiers were never counted");
}

export function register({ test }) {
  test("dashboards: nominations by status, award form and unit with quota use, as the province leader", async (ctx) => {
    const { page, baseUrl, screenshot, skip } = ctx;
    const token = await devToken(baseUrl, "lanh-dao-gia-lai");
    const probe = await fetch(`${baseUrl}/api/dossier-quota-use?planId=${PLAN}`, { headers: { Authorization: `Bearer ${token}` } });
    if (probe.status === 404) skip("the nominations read endpoints are not in this build");
    const counts = await waitForDemoDossiers(baseUrl, token, { total: 4, units: 2 });

    await signInAs(page, "lanh-dao-gia-lai", `/dashboards/?dashboard=nominations&plan=${PLAN}`);
    await ready(page);
    assert.equal(await page.locator("#dashboard-title").textContent(), "Hồ sơ đề nghị khen thưởng");
    const shown = await kpis(page);
    assert.equal(shown.total, counts.total, "total = the API's count");
    const group = (statuses) => statuses.reduce((s, k) => s + (counts.byStatus[k] ?? 0), 0);
    assert.equal(shown.approved, group(["approved", "forwarded", "decided"]));
    assert.equal(shown["in-review"], group(["submitted", "evaluated", "evaluation-failed", "under-review"]));
    assert.equal(shown.returned, group(["returned"]));

    const unitRows = await page.locator("#visual-by-unit tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.code));
    assert.deepEqual(unitRows, counts.byUnit.map((u) => u.unitCode), "one row per nominating unit, as the API counts");
    assert.ok(unitRows.every((c) => c === "639" || c.startsWith("239")), `units of Gia Lai only: ${unitRows}`);
    assert.equal(await page.locator("#visual-by-status canvas").count() > 0, true, "status chart drawn");
    // The Chư Pưh plan sets no quota: the quota visual says so.
    assert.match(await page.locator("#visual-quota").textContent(), /không đặt chỉ tiêu/);
    await page.evaluate(() => scrollTo(0, 0));
    await screenshot("dashboard-nominations", page, { fullPage: true });
    // The exported chart says what it shows: its title, the plan and the source (drawn, and as PNG text chunks).
    const [png] = await Promise.all([page.waitForEvent("download"), page.locator('#visual-by-status [data-export="png"]').click()]);
    const chunks = pngText(readFileSync(await png.path()));
    assert.equal(chunks.Title, await page.locator("#visual-by-status h3").textContent());
    assert.ok(chunks.Description.includes(await page.locator("#slicer-plan option:checked").textContent()), chunks.Description);
    assert.match(chunks.Source, /^Nguồn: hồ sơ đề nghị khen thưởng .* xuất ngày \d{2}\/\d{2}\/\d{4}$/);

    // Cross-filter: a unit clicked in the table narrows the cards, charts and tables to its subtree, as the API counts it.
    // Ia Hrú (23971) lies within Chư Pưh (639), whose own demo dossiers are then left out.
    const commune = "23971";
    const narrowed = await api(baseUrl, token, `/api/dossier-counts?planId=${PLAN}&unitCode=${commune}`);
    assert.ok(narrowed.total > 0 && narrowed.total < counts.total, `the demo dossiers span more than ${commune}: ${narrowed.total} of ${counts.total}`);
    await page.locator(`#visual-by-unit tbody tr[data-code="${commune}"] button`).click();
    await page.waitForFunction((code) => document.getElementById("dashboard").dataset.unit === code && document.getElementById("dashboard").dataset.state === "ready", commune);
    assert.equal((await kpis(page)).total, narrowed.total, "cards narrowed to the unit");
    assert.deepEqual(await page.locator("#visual-by-unit tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.code)), narrowed.byUnit.map((u) => u.unitCode));
    assert.match(await page.locator("#unit-filter").textContent(), /Đang lọc/);
    await page.locator("#clear-unit-filter").focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.getElementById("dashboard").dataset.unit === "" && document.getElementById("dashboard").dataset.state === "ready");
    assert.equal((await kpis(page)).total, counts.total, "filter cleared (keyboard)");

    // The stage slicer: the plan's stages (annual ones for each year of the plan); the counts are the API's for it.
    const stageValues = await page.locator("#slicer-stage option").evaluateAll((os) => os.map((o) => o.value));
    assert.ok(stageValues.includes("mid-term:2023") && stageValues.includes("annual:2021"), `stages: ${stageValues}`);
    assert.equal(await page.locator('#slicer-stage option[value="mid-term:2023"]').textContent(), "Sơ kết 2023");
    for (const [stage, kind, year] of [["mid-term:2023", "mid-term", 2023], ["final:2025", "final", 2025]]) {
      const expected = await api(baseUrl, token, `/api/dossier-counts?planId=${PLAN}&stageKind=${kind}&stageYear=${year}`);
      await page.locator("#slicer-stage").selectOption(stage);
      await page.waitForFunction((s) => document.getElementById("dashboard").dataset.stage === s && document.getElementById("dashboard").dataset.state === "ready", stage);
      assert.equal((await kpis(page)).total, expected.total, `cards for the stage ${stage}`);
    }
    await page.locator("#slicer-stage").selectOption("");
    await page.waitForFunction(() => document.getElementById("dashboard").dataset.stage === "" && document.getElementById("dashboard").dataset.state === "ready");

    // Bắc Giang's plan (with a quota, clause IV.2.a): the quota rows are the API's, within the leader's scope.
    await page.locator("#slicer-plan").selectOption("bac-giang-so-ket-2023");
    await page.waitForFunction(() => document.getElementById("dashboard").dataset.plan === "bac-giang-so-ket-2023");
    const quota = await api(baseUrl, token, "/api/dossier-quota-use?planId=bac-giang-so-ket-2023");
    assert.equal(await page.locator("#visual-quota tbody tr").count(), quota.items.length);
  });

  test("dashboards: the nominations dashboard embedded with a token counts only the token's unit", async (ctx) => {
    const { page, baseUrl, skip } = ctx;
    const national = await devToken(baseUrl, "lanh-dao-trung-uong");
    const minted = await fetch(`${baseUrl}/api/embed-tokens`, {
      method: "POST",
      headers: { Authorization: `Bearer ${national}`, "Content-Type": "application/json" },
      body: JSON.stringify({ dashboardId: "nominations", unitCode: "01", hostOrigin: `http://localhost:${process.env.E2E_EMBED_PORTAL_PORT}` }),
    });
    if (minted.status === 404) skip("the embed token API is not in this build");
    const { token } = await minted.json();
    await waitForDemoDossiers(baseUrl, await devToken(baseUrl, "lanh-dao-gia-lai"));
    const expected = await api(baseUrl, token, `/api/dossier-counts?planId=${PLAN}`, "Embed");
    assert.equal(expected.total, 0, "Hà Nội has no Chư Pưh dossiers");

    // ?dashboard=poverty in the address changes nothing: the token names the nominations dashboard.
    await page.goto(`/dashboards/embed.html?token=${encodeURIComponent(token)}&dashboard=poverty&plan=${PLAN}`);
    await ready(page);
    assert.equal(await page.locator("#dashboard-title").textContent(), "Hồ sơ đề nghị khen thưởng");
    assert.equal((await kpis(page)).total, 0);
    assert.equal(await page.locator("#visual-by-unit tbody tr").count(), 0);
  });

  test("dashboards: nominations open on the plan and stage with data for the user's unit (a commune of Chư Pưh, Bắc Giang)", async (ctx) => {
    const { page, baseUrl } = ctx;
    const definition = JSON.parse(readFileSync(`${ctx.root}/dashboards/definitions/nominations.json`, "utf8"));
    const planIds = definition.plans.map((p) => p.id).join(",");
    // Ia Hrú (23971): its demo dossier is Chư Pưh's plan, sơ kết 2023 (and whatever other tests added since).
    const token = await devToken(baseUrl, "xa-ia-hru");
    await waitForDemoDossiers(baseUrl, token);
    const landing = await api(baseUrl, token, `/api/nominations-landing?planIds=${planIds}`);
    assert.equal(landing.planId, PLAN);
    assert.ok(landing.stage, "a stage with dossiers");
    await signInAs(page, "xa-ia-hru", "/dashboards/?dashboard=nominations");
    await ready(page);
    assert.equal(await page.evaluate(() => document.getElementById("dashboard").dataset.plan), PLAN);
    assert.equal(await page.locator("#slicer-stage").inputValue(), `${landing.stage.kind}:${landing.stage.year}`);
    const counts = await api(baseUrl, token, `/api/dossier-counts?planId=${PLAN}&stageKind=${landing.stage.kind}&stageYear=${landing.stage.year}`);
    assert.ok(counts.total > 0);
    assert.equal((await kpis(page)).total, counts.total, "the stage shown has the unit's dossiers");

    // Bắc Giang (24): its own plan, never Chư Pưh's (the definition's default).
    const bacGiang = await api(baseUrl, await devToken(baseUrl, "quan-tri-bac-giang"), `/api/nominations-landing?planIds=${planIds}`);
    assert.equal(bacGiang.planId, "bac-giang-so-ket-2023");
    const other = await ctx.browser.newContext({ baseURL: baseUrl });
    try {
      const second = await other.newPage();
      await signInAs(second, "quan-tri-bac-giang", "/dashboards/?dashboard=nominations");
      await ready(second);
      assert.equal(await second.evaluate(() => document.getElementById("dashboard").dataset.plan), "bac-giang-so-ket-2023");
      assert.equal(await second.locator("#slicer-stage").inputValue(), bacGiang.stage ? `${bacGiang.stage.kind}:${bacGiang.stage.year}` : "");
    } finally {
      await other.close();
    }
  });
}
