// Leaders' dashboards on the statistics API: KPI figures equal the imported counts, click a bar to drill
// down, breadcrumb back, trend click filters the other visuals, CSV and PNG export, map, scope.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { contrastProblems, unnamedControls } from "../lib/a11y.mjs";
import { signInAs } from "../lib/helpers.mjs";
import { pngText } from "../lib/png.mjs";
import { devToken, figures, fixtureRows, hasStatisticsApi, importFixture, toCsv } from "../lib/statistics.mjs";

async function prepare({ baseUrl, root, skip }) {
  if (!(await hasStatisticsApi(baseUrl))) skip("the statistics API is not in this build");
  return importFixture(baseUrl, root);
}

async function ready(page, unit) {
  await page.waitForFunction((u) => {
    const d = document.getElementById("dashboard")?.dataset;
    return d?.state === "ready" && (!u || d.unit === u);
  }, unit, { timeout: 30_000 });
}

/** Clicks the ranking bar of a unit, where ECharts drew it (a real mouse click on the canvas). */
async function clickBar(page, name) {
  const point = await page.evaluate((unitName) => {
    const chart = window.dashboard.charts.ranking;
    const data = chart.getOption().series[0].data;
    const item = data.find((d) => d.name === unitName);
    const [x, y] = chart.convertToPixel({ gridIndex: 0 }, [item.value / 2, unitName]);
    const box = chart.getDom().getBoundingClientRect();
    return { x: box.left + x, y: box.top + y };
  }, name);
  await page.mouse.click(point.x, point.y);
}

const rate = (rows) => (rows.reduce((s, r) => s + r.poor, 0) * 100) / rows.reduce((s, r) => s + r.households, 0);

export function register({ test }) {
  test("dashboards: phone width, keyboard only, labels and contrast (WCAG 2.1 AA)", async (ctx) => {
    await prepare(ctx);
    const { page } = ctx;
    await page.setViewportSize({ width: 390, height: 844 });
    await signInAs(page, "lanh-dao-trung-uong", "/dashboards/");
    await ready(page, "VN");
    // One column; the charts fit the screen; the page never scrolls sideways.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "no horizontal scrolling at 390 px");
    const wide = await page.evaluate(() => [...document.querySelectorAll(".visual, .kpi, .slicer, canvas")]
      .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > innerWidth + 0.5 || r.left < -0.5); })
      .map((e) => e.id || e.className || e.tagName));
    assert.deepEqual(wide, [], "visuals wider than the phone's screen");
    assert.deepEqual(await unnamedControls(page), [], "every control has a name");
    assert.deepEqual(await contrastProblems(page), [], "text contrast at least 4.5:1 (3:1 large)");

    // Keyboard only: skip link, then through the slicers to the unit slicer; choosing a province drills down.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.className), "skip");
    await page.keyboard.press("Enter");
    for (let i = 0; i < 12 && (await page.evaluate(() => document.activeElement.id)) !== "slicer-unit"; i++) await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "slicer-unit", "the unit slicer is reachable by Tab");
    await page.selectOption("#slicer-unit", "52"); // what the arrow keys do on a focused select
    await ready(page, "52");
    assert.deepEqual(await page.locator("#breadcrumb li").allTextContents(), ["Toàn quốc", "Tỉnh Gia Lai"]);
    // The breadcrumb's way back is a button: Enter on it.
    await page.locator('#breadcrumb button[data-code="VN"]').focus();
    await page.keyboard.press("Enter");
    await ready(page, "VN");
    assert.deepEqual(await contrastProblems(page), [], "contrast after navigating");
  });

  test("dashboards: national figures, click a province to drill down to its communes, breadcrumb back", async (ctx) => {
    const rows = await prepare(ctx);
    const { page, screenshot } = ctx;
    const nationalRequests = [];
    page.on("request", (r) => { if (r.url().includes("/api/statistics/national")) nationalRequests.push(r.url()); });
    await signInAs(page, "lanh-dao-trung-uong", "/dashboards/");
    await ready(page, "VN");
    // The page asks for the national figures before the viewer has loaded, and the viewer uses that answer.
    assert.equal(nationalRequests.length, 1, `national figures requested once: ${nationalRequests.join(", ")}`);
    const expected = rate(rows.filter((r) => r.year === 2025));
    const shown = Number(await page.locator('[data-kpi="poor-rate"]').getAttribute("data-value"));
    assert.ok(Math.abs(shown - expected) < 1e-9, `national poor rate 2025: ${shown} vs ${expected} from the imported counts`);
    assert.match(await page.locator('[data-kpi="poor-rate"] .kpi-value').textContent(), /^\d+,\d{2} %$/, "Vietnamese decimals");
    assert.equal(await page.locator("#visual-map").isVisible(), true, "the 34-province map at the national level");
    await page.evaluate(() => scrollTo(0, 0));
    await screenshot("dashboard-national", page, { fullPage: true });

    await clickBar(page, "Tỉnh Gia Lai");
    await ready(page, "52");
    assert.deepEqual(await page.locator("#breadcrumb li").allTextContents(), ["Toàn quốc", "Tỉnh Gia Lai"]);
    // The new Gia Lai carries Bình Định's code 52 but no plan governs it: neither Bình Định's plan nor any other (issue 17).
    const planTargets = await page.evaluate(async () => {
      const { authFetch } = await import("/auth/auth.js");
      return (await (await authFetch("/api/statistics/units/52/targets?basis=2025")).json()).targets;
    });
    assert.deepEqual(planTargets, [], "no plan governs the new Gia Lai");
    assert.equal(await page.locator('[data-kpi="target"] .kpi-value').textContent(), "Không có mục tiêu cho đơn vị này");
    const communes = rows.filter((r) => r.year === 2025 && fixtureRows(ctx.root).some((x) => x.code === r.code));
    const tableRows = await page.locator("#visual-table tbody tr").count();
    assert.ok(tableRows > 0 && tableRows <= communes.length, `communes of Gia Lai in the table: ${tableRows}`);
    const ia = page.locator('#visual-table tbody tr[data-code="23971"]');
    const f = figures("23971", 2025);
    assert.match(await ia.textContent(), new RegExp(((f.poor * 100) / f.households).toFixed(2).replace(".", ",") + " %"), "Ia Hrú's own rate");
    // A province's map where boundaries exist: where it lies on the 34-province map, coloured by its own value; and said
    // plainly that its communes' boundaries are not available (nothing made up).
    assert.equal(await page.locator("#visual-map .chart").isVisible(), true, "the province's map");
    assert.match(await page.locator("#title-map").textContent(), /^Vị trí Tỉnh Gia Lai năm 2025$/);
    const mapData = await page.evaluate(() => window.dashboard.charts.map.getOption().series[0].data.filter((x) => x.code).map((x) => [x.code, x.value]));
    assert.deepEqual(mapData.map(([c]) => c), ["52"]);
    assert.ok(Math.abs(mapData[0][1] - Number(await page.locator('[data-kpi="poor-rate"]').getAttribute("data-value"))) < 1e-9, "coloured by the province's own rate");
    assert.match(await page.locator("#visual-map .note").textContent(), /^Chưa có ranh giới các xã, phường của Tỉnh Gia Lai/);
    const step = Number(await page.evaluate(() => document.getElementById("dashboard").dataset.lastStepMs));
    console.log(`    drill-down step: ${step} ms`);
    await screenshot("dashboard-province", page, { fullPage: true });

    await page.locator('#breadcrumb button[data-code="VN"]').click();
    await ready(page, "VN");
    assert.deepEqual(await page.locator("#breadcrumb li").allTextContents(), ["Toàn quốc"]);
  });

  test("dashboards: historical boundaries drill province → district → commune; trend click filters the year", async (ctx) => {
    await prepare(ctx);
    const { page } = ctx;
    // 2024: the last year of the 63 provinces and their districts.
    await signInAs(page, "lanh-dao-trung-uong", "/dashboards/?basis=historical&year=2024");
    await ready(page, "VN");
    assert.equal(await page.locator("#slicer-year").inputValue(), "2024");
    await clickBar(page, "Tỉnh Gia Lai");
    await ready(page, "64");
    await page.locator('#visual-table tbody tr[data-code="639"] button').click(); // the keyboard-reachable way
    await ready(page, "639");
    assert.equal((await page.locator("#breadcrumb li").allTextContents()).length, 3);
    assert.ok(await page.locator('#visual-table tbody tr[data-code="23971"]').count() === 1, "Ia Hrú among Chư Pưh's communes");
    assert.equal(await page.locator("#visual-table tbody button").count(), 0, "communes are the last level");

    // Click the 2022 point of the trend: the ranking and the table follow.
    const point = await page.evaluate(() => {
      const chart = window.dashboard.charts.trend;
      const data = chart.getOption().series[0].data;
      const item = data.find((d) => d[0] === "2022");
      const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, item);
      const box = chart.getDom().getBoundingClientRect();
      return { x: box.left + x, y: box.top + y };
    });
    await page.mouse.click(point.x, point.y);
    await page.waitForFunction(() => document.getElementById("slicer-year").value === "2022");
    assert.match(await page.locator("#title-table").textContent(), /2022/);
    const f = figures("23971", 2022);
    assert.match(await page.locator('#visual-table tbody tr[data-code="23971"]').textContent(), new RegExp(((f.poor * 100) / f.households).toFixed(2).replace(".", ",") + " %"));
    // A filter, not a navigation: the same unit and path (2022 is outside the children's years fetched for 2024, so
    // the viewer fetched them: the commune's 2022 rate above is that answer's).
    assert.equal(await page.evaluate(() => document.getElementById("dashboard").dataset.unit), "639");
    assert.equal((await page.locator("#breadcrumb li").allTextContents()).length, 3);

    assert.equal(await page.locator("#visual-map .chart").isVisible(), false, "no boundaries of each year's districts");
    assert.match(await page.locator("#visual-map .note").textContent(), /^Không có bản đồ theo địa giới từng năm/);

    await page.locator('#breadcrumb button[data-code="64"]').click();
    await ready(page, "64");
  });

  test("dashboards: targets of the plans that govern the unit — Chư Pưh's own, in words, the minority card its minority target", async (ctx) => {
    await prepare(ctx);
    const { page } = ctx;
    await signInAs(page, "lanh-dao-trung-uong", "/dashboards/?basis=historical&year=2024&path=VN.64.639");
    await ready(page, "639");
    const card = page.locator('[data-kpi="target"]');
    const judged = await page.evaluate(async () => {
      const { authFetch } = await import("/auth/auth.js");
      const body = await (await authFetch("/api/statistics/units/639/targets?basis=historical&year=2024")).json();
      return Object.fromEntries(body.targets.map((t) => [t.measure, t.years.find((y) => y.year === 2024)?.onPath]));
    });
    const status = (onPath) => (onPath ? "Đúng lộ trình" : "Chậm so với lộ trình");
    // Chư Pưh II.1.2, "bình quân trên 2%/năm": the plan's title and clause in words, never a raw id, never Bình Định's I.1.
    assert.equal(await card.locator(".kpi-label").textContent(), "Tỷ lệ hộ nghèo giảm bình quân trên 2 điểm %/năm (2022–2025)");
    assert.equal(await card.locator(".kpi-value").textContent(), status(judged["poor-rate"]));
    assert.match(await card.locator(".kpi-source").textContent(), /^Theo Kế hoạch tổ chức thực hiện Phong trào thi đua .* trên địa bàn huyện Chư Pưh \(2021–2025\), mục II\.1\.2$/);
    assert.doesNotMatch(await card.textContent(), /binh-dinh|Bình Định|chu-puh/);
    // The trend: the figures and the one target line of the measure shown, never below 0 %.
    const lines = async () => page.evaluate(() => window.dashboard.charts.trend.getOption().series.map((x) => ({ name: x.name, min: Math.min(...x.data.map((p) => p[1] ?? Infinity)) })));
    let trend = await lines();
    assert.deepEqual(trend.map((x) => x.name), ["Tỷ lệ hộ nghèo", "Tỷ lệ hộ nghèo giảm bình quân trên 2 điểm %/năm (2022–2025)"]);
    assert.ok(trend.every((x) => x.min >= 0), `no line below 0 %: ${JSON.stringify(trend)}`);
    await page.evaluate(() => scrollTo(0, 0));
    await ctx.screenshot("dashboard-targets-chu-puh", page);

    // The minority view: the card uses the ethnic-minority target ("bình quân hàng năm trên 3%").
    await page.locator("#slicer-minority").check();
    await page.waitForFunction(() => document.querySelector('[data-kpi="target"] .kpi-label')?.textContent.includes("dân tộc thiểu số"));
    assert.equal(await card.locator(".kpi-label").textContent(), "Tỷ lệ hộ nghèo dân tộc thiểu số giảm bình quân trên 3 điểm %/năm (2022–2025)");
    assert.equal(await card.locator(".kpi-value").textContent(), status(judged["minority-poor-rate"]));
    assert.match(await card.locator(".kpi-source").textContent(), /huyện Chư Pưh \(2021–2025\), mục II\.1\.2$/);
    trend = await lines();
    assert.equal(trend.length, 2, `the minority figures and their target: ${JSON.stringify(trend)}`);
    await page.locator("#slicer-minority").uncheck();

    // Old Gia Lai: none of Chư Pưh's (the district's) nor Bình Định's targets.
    await page.locator('#breadcrumb button[data-code="64"]').click();
    await ready(page, "64");
    assert.equal(await card.locator(".kpi-value").textContent(), "Không có mục tiêu cho đơn vị này");
    assert.equal((await lines()).length, 1, "no target line for old Gia Lai");

    // A district of Bình Định (Vân Canh, 551): Bình Định's I.1, at least 1.5 points every year, through the province.
    await page.goto(new URL("/dashboards/?basis=historical&year=2023&path=VN.52.551", page.url()).href);
    await ready(page, "551");
    assert.equal(await card.locator(".kpi-label").textContent(), "Tỷ lệ hộ nghèo giảm mỗi năm ít nhất 1,5 điểm % (2022–2025)");
    assert.match(await card.locator(".kpi-source").textContent(), /tỉnh Bình Định \(2021–2025\), mục I\.1 — áp dụng cho các đơn vị thuộc Tỉnh Bình Định$/);
  });

  test("dashboards: CSV and PNG export", async (ctx) => {
    const rows = await prepare(ctx);
    const { page } = ctx;
    await signInAs(page, "lanh-dao-trung-uong", "/dashboards/");
    await ready(page, "VN");
    const [csv] = await Promise.all([page.waitForEvent("download"), page.locator('#visual-table [data-export="csv"]').click()]);
    assert.match(csv.suggestedFilename(), /^poverty-VN-2025\.csv$/);
    const text = readFileSync(await csv.path(), "utf8");
    assert.equal(text.charCodeAt(0), 0xfeff, "BOM, so that Excel shows the accents");
    const lines = text.slice(1).trim().split("\r\n");
    assert.match(lines[0], /^"Mã";"Đơn vị";"Năm";/);
    const provinces = new Set(rows.filter((r) => r.year === 2025).map((r) => r.code.slice(0, 2)));
    assert.equal(lines.length - 1, 2, `one line per province with figures (${[...provinces].length} leaf groups)`);
    const [png] = await Promise.all([page.waitForEvent("download"), page.locator('#visual-ranking [data-export="png"]').click()]);
    const bytes = readFileSync(await png.path());
    assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], "a PNG file");
    // The picture says what it shows: title, unit, year, boundaries and source, drawn and as PNG text chunks.
    const chunks = pngText(bytes);
    const title = await page.locator("#title-ranking").textContent();
    assert.equal(chunks.Title, title);
    assert.match(chunks.Description, /^Tỷ lệ hộ nghèo · Toàn quốc · năm 2025 · địa giới: 34 tỉnh \(từ 01\/07\/2025\)$/);
    assert.match(chunks.Source, /^Nguồn: số liệu rà soát hộ nghèo, hộ cận nghèo .* xuất ngày \d{2}\/\d{2}\/\d{4}$/);
    const canvasHeight = await page.evaluate(() => window.dashboard.charts.ranking.getHeight());
    assert.ok(bytes.readUInt32BE(20) > canvasHeight * 2 + 60, `room above and below the chart for the caption: ${bytes.readUInt32BE(20)} px`);
    writeFileSync(path.join(ctx.root, "docs", "screenshots", "dashboard-export-ranking.png"), bytes); // the exported file itself, for the docs
  });

  test("dashboards: a province leader sees only the province's figures", async (ctx) => {
    await prepare(ctx);
    const { page, baseUrl } = ctx;
    await signInAs(page, "lanh-dao-gia-lai", "/dashboards/?basis=historical");
    await ready(page);
    assert.equal(await page.evaluate(() => document.getElementById("dashboard").dataset.unit), "64", "starts at the province it may read");
    assert.deepEqual(await page.locator("#breadcrumb li").allTextContents(), ["Tỉnh Gia Lai"]);
    // The server refuses another province whatever the page asks.
    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem("nolb.dev.token")).token);
    const other = await fetch(`${baseUrl}/api/statistics/units/01?basis=historical`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(other.status, 403);
  });

  test("dashboards: historical names are those of the year shown, and a unit says what it became or came from", async (ctx) => {
    await prepare(ctx);
    const { page, screenshot } = ctx;
    // 2024: code 52 is Bình Định (Vân Canh's communes), 64 is Gia Lai; from 01/07/2025 52 is the new Gia Lai.
    await signInAs(page, "lanh-dao-trung-uong", "/dashboards/?basis=historical&year=2024");
    await ready(page, "VN");
    assert.equal(await page.locator('#visual-table tbody tr[data-code="52"] th').textContent(), "Tỉnh Bình Định");
    assert.equal(await page.locator('#visual-table tbody tr[data-code="64"] th').textContent(), "Tỉnh Gia Lai");
    const names = await page.locator("#visual-table tbody th").allTextContents();
    assert.equal(names.filter((n) => n === "Tỉnh Gia Lai").length, 1, `one Gia Lai in 2024: ${names}`);
    const options = await page.locator("#slicer-unit option").allTextContents();
    assert.ok(options.includes("Tỉnh Bình Định (52)") && !options.includes("Tỉnh Gia Lai (52)"), `unit slicer: ${options}`);

    await page.locator('#visual-table tbody tr[data-code="52"] button').click();
    await ready(page, "52");
    assert.deepEqual(await page.locator("#breadcrumb li").allTextContents(), ["Toàn quốc", "Tỉnh Bình Định"]);
    assert.ok(await page.locator('#visual-table tbody tr[data-code="551"]').count() === 1, "Vân Canh among Bình Định's districts");
    assert.match(await page.locator('[data-lineage="became"]').textContent(), /Tỉnh Bình Định \(mã 52\) có đến 30\/06\/2025; từ 01\/07\/2025 thuộc Tỉnh Gia Lai \(52\)/);
    await page.evaluate(() => scrollTo(0, 0));
    await screenshot("dashboard-historical-lineage", page, { fullPage: false });

    // The successor, from the year it began: the new Gia Lai and what it was formed from.
    await page.locator("#dash-lineage button[data-successor='52']").click();
    await page.waitForFunction(() => document.getElementById("slicer-year")?.value === "2025" && document.getElementById("dashboard").dataset.state === "ready");
    assert.deepEqual(await page.locator("#breadcrumb li").allTextContents(), ["Toàn quốc", "Tỉnh Gia Lai"]);
    assert.match(await page.locator('[data-lineage="came-from"]').textContent(), /thành lập từ 01\/07\/2025 trên cơ sở: Tỉnh Bình Định \(52\), Tỉnh Gia Lai \(64\)/);
  });

  test("dashboards: a provincial leader lands on her own province, never under Toàn quốc", async (ctx) => {
    await prepare(ctx);
    const { page } = ctx;
    // Gia Lai's leader has the scope 64 (the province before 01/07/2025): no basis asked, she opens onto her province,
    // in each year's boundaries (the 2025 boundaries have no unit 64), and the page says so.
    await signInAs(page, "lanh-dao-gia-lai", "/dashboards/");
    await ready(page);
    const state = await page.evaluate(() => ({ ...document.getElementById("dashboard").dataset }));
    assert.equal(state.unit, "64", "lands on her own unit");
    assert.equal(state.basis, "historical");
    assert.deepEqual(await page.locator("#breadcrumb li").allTextContents(), ["Tỉnh Gia Lai"]);
    assert.match(await page.locator("#dash-lineage").textContent(), /không có trong địa giới từ 01\/07\/2025/);
    assert.ok(Number(await page.locator('[data-kpi="poor-rate"]').getAttribute("data-value")) > 0, "her province's figures");
    // Changing the boundaries goes back to her unit, not to "Toàn quốc".
    await page.selectOption("#slicer-basis", "2025");
    await page.waitForFunction(() => document.getElementById("dashboard").dataset.basis === "2025" && document.getElementById("dashboard").dataset.state === "ready");
    assert.deepEqual(await page.locator("#breadcrumb li").allTextContents(), ["Tỉnh Gia Lai"]);
    assert.match(await page.locator('[data-lineage="became"]').textContent(), /từ 01\/07\/2025 thuộc Tỉnh Gia Lai \(52\)/);
    await page.selectOption("#slicer-basis", "historical");
    await page.waitForFunction(() => document.getElementById("dashboard").dataset.basis === "historical" && document.getElementById("dashboard").dataset.state === "ready");
    assert.deepEqual(await page.locator("#breadcrumb li").allTextContents(), ["Tỉnh Gia Lai"]);
    assert.ok(!(await page.locator("#dashboard").textContent()).includes("Toàn quốc"), "never under the heading Toàn quốc");
  });

  test("dashboards: static files come content-hashed and compressed, cached for good; the page is revalidated", async (ctx) => {
    if (!process.env.E2E_WEB_BUILT) ctx.skip("the built front end only (scripts/test.sh sets E2E_WEB_BUILT)");
    await prepare(ctx);
    const { page } = ctx;
    const responses = [];
    page.on("response", (r) => responses.push(r));
    await signInAs(page, "lanh-dao-trung-uong", "/dashboards/");
    await ready(page, "VN");
    const find = (re) => responses.find((r) => re.test(new URL(r.url()).pathname));
    const echarts = find(/^\/assets\/vendor\/echarts\/echarts\.esm\.min\.[0-9a-f]{10}\.mjs$/);
    assert.ok(echarts, `ECharts under a content-hashed name: ${responses.map((r) => new URL(r.url()).pathname).filter((p) => p.includes("echarts"))}`);
    const headers = await echarts.allHeaders();
    assert.equal(headers["content-encoding"], "br", "Brotli (Chromium asks for it)");
    assert.equal(headers["cache-control"], "public, max-age=31536000, immutable");
    const sizes = await echarts.request().sizes();
    assert.ok(sizes.responseBodySize < 400_000, `ECharts on the wire: ${sizes.responseBodySize} bytes (1.1 MB uncompressed)`);
    const viewer = find(/^\/assets\/dashboards\/viewer\/viewer\.[0-9a-f]{10}\.js$/);
    assert.ok(viewer, "the viewer module under a content-hashed name");
    const html = find(/^\/dashboards\/$/);
    assert.equal((await html.allHeaders())["cache-control"], "no-cache", "the page itself is revalidated");
    // A second visit in the same browser: the hashed files come from the cache, no request.
    const before = responses.length;
    await page.reload();
    await ready(page, "VN");
    const again = responses.slice(before).filter((r) => new URL(r.url()).pathname.startsWith("/assets/") && !r.fromServiceWorker());
    const fetched = [];
    for (const r of again) if ((await r.request().sizes()).responseHeadersSize > 0 && r.status() !== 200) fetched.push(r.url());
    assert.deepEqual(fetched, [], "no revalidation of immutable files");
  });

  test("dashboards: the built front end's ECharts (only the parts the dashboards use) draws every chart as the full ECharts does", async (ctx) => {
    if (!process.env.E2E_WEB_BUILT) ctx.skip("the built front end only (scripts/build-echarts.mjs); the checkout serves the full ECharts");
    await prepare(ctx);
    const { page, root } = ctx;
    const served = [];
    page.on("response", (r) => { if (/\/echarts\.esm\.min\.[0-9a-f]{10}\.mjs$/.test(r.url())) served.push(r); });
    await signInAs(page, "lanh-dao-trung-uong", "/dashboards/");
    await ready(page, "VN");
    // Every view with a chart type or component the dashboards use: line (markLine, dashed targets, scroll legend,
    // axis tooltip), bar (ranking, stacked nominations with the shadow axis pointer), the national map with its
    // visualMap, a province's map; then hovers: a ranking bar (tooltip, emphasis, the map's linked highlight) and
    // the trend's last year (axis pointer and tooltip).
    const views = [
      "/dashboards/?basis=2025&path=VN",
      "/dashboards/?basis=2025&path=VN.52",
      "/dashboards/?basis=historical&year=2024&path=VN.64",
      "/dashboards/?dashboard=nominations&plan=chu-puh-2021-2025",
    ];
    const snapshot = () => page.evaluate(async () => {
      const digest = async (canvas) => {
        const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
        return [...new Uint8Array(await crypto.subtle.digest("SHA-256", data))].map((b) => b.toString(16).padStart(2, "0")).join("");
      };
      const out = {};
      for (const [id, chart] of Object.entries(window.dashboard.charts)) {
        const dom = chart.getDom();
        if (dom.closest("[hidden]")) continue;
        const canvases = [...dom.querySelectorAll("canvas")];
        const ink = canvases.some((c) => { const { data } = c.getContext("2d").getImageData(0, 0, c.width, c.height); return data.some((v, i) => i % 4 === 3 && v > 0); });
        out[id] = { ink, aria: dom.getAttribute("aria-label"), pixels: await Promise.all(canvases.map(digest)), tooltip: [...dom.querySelectorAll("div")].filter((d) => d.style.display !== "none" && d.style.position === "absolute" && d.textContent).map((d) => d.textContent) };
      }
      return out;
    });
    const hover = async (id, pointOf) => {
      const point = await page.evaluate(pointOf);
      await page.mouse.move(point.x, point.y);
      await page.waitForFunction((chartId) => [...window.dashboard.charts[chartId].getDom().querySelectorAll("div")].some((d) => d.style.display !== "none" && d.style.position === "absolute" && d.textContent), id);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))); // drawn
    };
    const pass = async () => {
      const shots = [];
      for (const view of views) {
        await page.goto(view);
        await ready(page);
        shots.push({ view, charts: await snapshot() });
        if (view === views[0]) {
          await hover("ranking", () => {
            const chart = window.dashboard.charts.ranking;
            const item = chart.getOption().series[0].data.at(-1);
            const [x, y] = chart.convertToPixel({ gridIndex: 0 }, [item.value / 2, item.name]);
            const box = chart.getDom().getBoundingClientRect();
            return { x: box.left + x, y: box.top + y };
          });
          shots.push({ view: `${view} hovering the first ranking bar`, charts: await snapshot() });
          await hover("trend", () => {
            const chart = window.dashboard.charts.trend;
            const data = chart.getOption().series[0].data.at(-1);
            const [x, y] = chart.convertToPixel({ gridIndex: 0 }, data);
            const box = chart.getDom().getBoundingClientRect();
            return { x: box.left + x, y: box.top + y };
          });
          shots.push({ view: `${view} hovering the trend's last year`, charts: await snapshot() });
          await page.mouse.move(0, 0);
        }
      }
      return shots;
    };
    const built = await pass();
    const size = served.length ? (await served[0].request().sizes()).responseBodySize : 0;
    assert.ok(served.length > 0 && size < 200_000, `the dashboards' ECharts was served: ${size} bytes on the wire`);
    // The same views with the full prebuilt ECharts of the same package version in its place.
    const full = readFileSync(path.join(root, "node_modules", "echarts", "dist", "echarts.esm.min.mjs"));
    await page.route(/\/assets\/vendor\/echarts\/echarts\.esm\.min\.[0-9a-f]{10}\.mjs$/, (route) => route.fulfill({ body: full, contentType: "text/javascript" }));
    const reference = await pass();
    for (const shot of built) {
      assert.ok(Object.keys(shot.charts).length > 0, `${shot.view}: charts shown`);
      for (const [id, chart] of Object.entries(shot.charts)) assert.ok(chart.ink, `${shot.view}: ${id} drew something`);
    }
    assert.ok(built.some((s) => s.charts.map), "the map was drawn");
    assert.ok(built.some((s) => s.charts.trend?.tooltip.length) && built.some((s) => s.charts.ranking?.tooltip.length), "tooltips shown");
    assert.ok(Object.values(built[0].charts).every((c) => c.aria), "aria descriptions on every chart");
    assert.deepEqual(built, reference, "the same pixels, descriptions and tooltips as with the full ECharts");
  });

  test("dashboards: the ranking shows every unit, not the first 40", async (ctx) => {
    await prepare(ctx);
    const { page, baseUrl, root } = ctx;
    // 2020 (a year no other test looks at): every commune of old Gia Lai (64), which the 2025 boundaries put into
    // well over 40 communes of the new Gia Lai (52).
    const units = readFileSync(`${root}/src/Domain/Units/Data/units.csv`, "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
    const districts = new Set(units.filter(([, , , parent, , to]) => parent === "64" && to === "2025-07-01").map(([code]) => code));
    const rows = units.filter(([code, , , parent, , to]) => code.length === 5 && districts.has(parent) && to === "2025-07-01")
      .map(([code]) => ({ code, year: 2020, ...figures(code, 2020) }));
    const token = await devToken(baseUrl, "quan-tri");
    const form = new FormData();
    form.append("file", new Blob([toCsv(rows)], { type: "text/csv" }), "e2e-gia-lai-2020.csv");
    const upload = await (await fetch(`${baseUrl}/api/statistics/imports`, { method: "POST", headers: { Authorization: `Bearer ${token}` }, body: form })).json();
    for (let i = 0; i < 240; i++) {
      const status = await (await fetch(`${baseUrl}/api/statistics/imports/${upload.importId}`, { headers: { Authorization: `Bearer ${token}` } })).json();
      if (status.status === "done") break;
      assert.notEqual(status.status, "failed", JSON.stringify(status).slice(0, 500));
      await new Promise((r) => setTimeout(r, 250));
    }
    await signInAs(page, "lanh-dao-trung-uong", "/dashboards/?year=2020");
    await ready(page, "VN");
    await page.selectOption("#slicer-unit", "52");
    await ready(page, "52");
    assert.equal(await page.locator("#slicer-year").inputValue(), "2020");
    const tableRows = await page.locator("#visual-table tbody tr").count();
    const bars = await page.evaluate(() => window.dashboard.charts.ranking.getOption().series[0].data.length);
    assert.ok(tableRows > 40, `communes of the new Gia Lai with 2020 figures: ${tableRows}`);
    assert.equal(bars, tableRows, "one bar per commune");
    assert.equal(await page.locator("#visual-ranking .note").textContent(), `Tất cả ${tableRows} đơn vị`);
  });

  test("dashboards: the drill-down is kept in the address: back, forward and a shared link restore it", async (ctx) => {
    await prepare(ctx);
    const { page, baseUrl } = ctx;
    await signInAs(page, "lanh-dao-trung-uong", "/dashboards/?basis=historical&year=2024");
    await ready(page, "VN");
    await clickBar(page, "Tỉnh Gia Lai");
    await ready(page, "64");
    await page.locator('#visual-table tbody tr[data-code="639"] button').click();
    await ready(page, "639");
    const url = new URL(page.url());
    assert.equal(url.searchParams.get("path"), "VN.64.639");
    assert.equal(url.searchParams.get("basis"), "historical");
    assert.equal(url.searchParams.get("year"), "2024");
    // A slicer change replaces the entry (no extra step back).
    await page.selectOption("#slicer-measure", "near-poor-rate");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("measure") === "near-poor-rate");

    await page.goBack();
    await ready(page, "64");
    assert.deepEqual(await page.locator("#breadcrumb li").allTextContents(), ["Toàn quốc", "Tỉnh Gia Lai"]);
    await page.goBack();
    await ready(page, "VN");
    assert.deepEqual(await page.locator("#breadcrumb li").allTextContents(), ["Toàn quốc"]);
    await page.goForward();
    await ready(page, "64");
    await page.goForward();
    await ready(page, "639");
    assert.equal(await page.locator("#slicer-measure").inputValue(), "near-poor-rate");

    // The link, opened by someone else (a new browser context, signed in): the same view, names and all.
    const other = await page.context().browser().newContext({ baseURL: baseUrl });
    try {
      const second = await other.newPage();
      await signInAs(second, "lanh-dao-trung-uong", `/dashboards/?${url.searchParams}`);
      await ready(second, "639");
      assert.deepEqual(await second.locator("#breadcrumb li").allTextContents(), ["Toàn quốc", "Tỉnh Gia Lai", "Huyện Chư Pưh"]);
      assert.equal(await second.locator("#slicer-year").inputValue(), "2024");
      assert.equal(await second.locator("#slicer-basis").inputValue(), "historical");
    } finally {
      await other.close();
    }
  });
}
