// The reviewers' console beyond the journey: a reviewer of another province sees none of Gia Lai's dossiers
// (queue empty, the dossier page refused, the API answers 403); the console in English, by keyboard and at a
// phone's width. Uses the demo dossiers the app seeds in Development (Chư Pưh plan, sơ kết 2023).
import assert from "node:assert/strict";
import { contrastProblems } from "../lib/a11y.mjs";
import { png, realPdf } from "../lib/agency.mjs";
import { signInAs } from "../lib/helpers.mjs";
import { devToken } from "../lib/statistics.mjs";
import { canvasDigest, inkOnCanvas, viewerFrames } from "../lib/viewer.mjs";

const DEV_TENANT = "00000000-0000-4000-8000-0000000d0001";
const REVIEWER_OID = "0d000000-0000-4000-8000-000000000003"; // tham-dinh-gia-lai

async function api(baseUrl, user, method, path, body, ifMatch) {
  const token = await devToken(baseUrl, user);
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}), ...(ifMatch ? { "If-Match": ifMatch } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** The seeded demo dossiers of Chư Pưh (waits for the seeding at start). */
async function seededChuPuh(baseUrl) {
  for (let i = 0; i < 100; i++) {
    const r = await api(baseUrl, "quan-tri", "GET", "/api/dossiers?q=chu+puh&planId=chu-puh-2021-2025&stageKind=mid-term&stageYear=2023");
    assert.equal(r.status, 200, JSON.stringify(r.body));
    if (r.body.length >= 4) return r.body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("the demo dossiers were not seeded");
}

async function setReviewerScope(baseUrl, unitCode) {
  const r = await api(baseUrl, "quan-tri", "PUT", `/api/admin/unit-scopes/${DEV_TENANT}/${REVIEWER_OID}`, { unitCode, displayName: "Lê Văn Cường" });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

const SUBMITTER_OID = "0d000000-0000-4000-8000-000000000001"; // huyen-chu-puh

/** A household draft of TP Bắc Giang (213) under Bắc Giang's mid-term plan, made by the district submitter moved there (and back). */
async function bacGiangHousehold(baseUrl) {
  const path = `/api/admin/unit-scopes/${DEV_TENANT}/${SUBMITTER_OID}`;
  const original = await api(baseUrl, "quan-tri", "GET", path);
  assert.equal(original.status, 200, JSON.stringify(original.body));
  try {
    assert.equal((await api(baseUrl, "quan-tri", "PUT", path, { unitCode: "213", displayName: "Cán bộ TP Bắc Giang (e2e)" })).status, 200);
    const created = await api(baseUrl, "huyen-chu-puh", "POST", "/api/dossiers", {
      planId: "bac-giang-so-ket-2023", stage: { kind: "mid-term", year: 2023 }, nominatingUnitCode: "213",
      nominee: { kind: "household", name: "Hộ bà Lê Thị Thu", address: "Phường Trần Phú, TP Bắc Giang" }, awardFormId: "bang-khen-chu-tich-tinh",
      nominationYear: 2023, achievementsSummary: "Tự nguyện đăng ký thoát nghèo năm 2021.",
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    // Submitted (before the plan's deadline, on the dev clock) so that it holds one of the district's slots,
    // unless earlier tests already used both.
    const quota = await api(baseUrl, "huyen-chu-puh", "GET", `/api/dossiers/${created.body.id}/quota`);
    if (quota.body.used < quota.body.limit) {
      assert.equal((await api(baseUrl, "quan-tri", "POST", "/dev/clock", { now: "2023-11-20T09:00:00+07:00" })).status, 200);
      try {
        let etag = created.body.etag;
        // A unit's dossier to Sở LĐ-TB&XH (IV.3.a): its own proposal and the Mẫu 07 report.
        for (const component of ["to-trinh-don-vi", "bao-cao-thanh-tich"]) etag = await attach(baseUrl, created.body.id, component);
        const submitted = await api(baseUrl, "huyen-chu-puh", "POST", `/api/dossiers/${created.body.id}/submit`, undefined, etag);
        assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
      } finally {
        await api(baseUrl, "quan-tri", "POST", "/dev/clock", { now: new Date().toISOString() });
      }
    }
    return created.body.id;
  } finally {
    await api(baseUrl, "quan-tri", "PUT", path, { unitCode: original.body.unitCode, displayName: original.body.displayName });
  }
}

/**
 * One file for a component (by default a small PDF-looking file that is no real PDF): file entry, one block
 * straight to Blob storage with the SAS, commit, confirm; returns the new ETag.
 */
async function attach(baseUrl, id, component, { fileName = `${component}.pdf`, bytes = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(2000, "x"), Buffer.from("\n%%EOF\n")]) } = {}) {
  const added = await api(baseUrl, "huyen-chu-puh", "POST", `/api/dossiers/${id}/files`, { componentId: component, fileName, size: bytes.length });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  const url = added.body.upload.url;
  const block = Buffer.from("block-000000").toString("base64");
  assert.equal((await fetch(`${url}&comp=block&blockid=${encodeURIComponent(block)}`, { method: "PUT", body: bytes })).status, 201);
  assert.equal((await fetch(`${url}&comp=blocklist`, { method: "PUT", body: `<?xml version="1.0" encoding="utf-8"?><BlockList><Latest>${block}</Latest></BlockList>` })).status, 201);
  const confirmed = await api(baseUrl, "huyen-chu-puh", "POST", `/api/dossiers/${id}/files/${added.body.file.id}/confirm`);
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  return confirmed.body.etag;
}

async function queueIds(page) {
  return page.locator("#queue tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.dossierId));
}

async function search(page, text) {
  await page.fill("#q", text);
  await page.waitForFunction((q) => (new URLSearchParams(document.body.dataset.query ?? "").get("q") ?? "") === q, text);
}

/**
 * A Chư Pưh village dossier submitted by the district (huyen-chu-puh, 639) through the API with the given
 * files ({ component: { fileName, bytes } }); returns its id.
 */
async function submittedVillage(baseUrl, name, files) {
  const created = await api(baseUrl, "huyen-chu-puh", "POST", "/api/dossiers", {
    planId: "chu-puh-2021-2025", stage: { kind: "mid-term", year: 2023 }, nominatingUnitCode: "639",
    nominee: { kind: "village", name }, awardFormId: "giay-khen-chu-tich-huyen",
    nominationYear: 2023, achievementsSummary: "Làng giảm hộ nghèo từ 42 hộ (2021) còn 12 hộ (2023).",
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  let etag = created.body.etag;
  for (const [component, file] of Object.entries(files)) etag = await attach(baseUrl, created.body.id, component, file);
  const submitted = await api(baseUrl, "huyen-chu-puh", "POST", `/api/dossiers/${created.body.id}/submit`, undefined, etag);
  assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
  return created.body.id;
}

export function register({ test }) {
  test("review: evidence viewer — a PDF drawn page by page by PDF.js, a PNG in a sandboxed frame, a damaged PDF's message in vi/en", async ({ page, baseUrl, blobUrl }) => {
    const id = await submittedVillage(baseUrl, "Làng Plei Thơ Ga (e2e tệp minh chứng)", {
      "to-trinh": { fileName: "to-trinh-2-trang.pdf", bytes: realPdf(["To trinh - trang 1", "To trinh - trang 2"]) },
      "bien-ban": { fileName: "bien-ban-chup.png", bytes: png(40, 30) },
      "bao-cao-thanh-tich": { fileName: "bao-cao-hong.pdf" }, // starts with %PDF- but is no PDF
    });
    await signInAs(page, "tham-dinh-gia-lai", `/review/dossier.html?id=${encodeURIComponent(id)}`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForSelector("#status[data-status]");
    const frame = page.locator("#viewer-frame");
    assert.equal(await frame.getAttribute("sandbox"), "", "the viewer's frame is sandboxed: no script, opaque origin");
    assert.equal(await frame.getAttribute("referrerpolicy"), "no-referrer");

    // The PNG: in the sandboxed frame, straight from the Blob endpoint's dossier-files container.
    await page.locator('[data-component="bien-ban"] button.view').click();
    await page.waitForSelector('#viewer[data-kind="image"][data-state="shown"]');
    assert.ok((await frame.getAttribute("src")).startsWith(`${blobUrl}/dossier-files/${id}/`));
    assert.equal(await frame.getAttribute("sandbox"), "");
    assert.equal(await frame.getAttribute("referrerpolicy"), "no-referrer");
    assert.equal(await frame.isVisible(), true);
    assert.equal(await page.locator("#pdf-view").isHidden(), true);
    const image = await (await frame.elementHandle()).contentFrame();
    await image.waitForLoadState("load");
    assert.ok(image.url().startsWith(`${blobUrl}/dossier-files/${id}/`));
    assert.equal(await page.locator("#viewer-close").evaluate((b) => b === document.activeElement), true, "focus moves to the viewer");

    // The two-page PDF: drawn on the canvas, page count shown, next/previous; the frame is emptied.
    await page.locator('[data-component="to-trinh"] button.view').click();
    await page.waitForSelector('#viewer[data-kind="pdf"][data-state="shown"]');
    assert.equal(await frame.getAttribute("src"), null, "the image frame is emptied");
    assert.deepEqual(await viewerFrames(page, blobUrl), { pointingAtBlob: [], objects: 0, childFrames: [] }, "no frame holds the PDF");
    const info = page.locator("#pdf-page-info");
    assert.equal(await info.textContent(), "Trang 1/2");
    assert.equal(await page.locator("#pdf-prev").isDisabled(), true);
    assert.ok(await inkOnCanvas(page, "#pdf-canvas") > 200, "page 1 drawn");
    const first = await canvasDigest(page, "#pdf-canvas");
    await page.locator("#pdf-next").click();
    await page.waitForSelector('#pdf-page-info[data-page="2"]');
    await page.waitForSelector('#viewer[data-state="shown"]');
    assert.equal(await info.textContent(), "Trang 2/2");
    assert.equal(await page.locator("#pdf-next").isDisabled(), true);
    assert.ok(await inkOnCanvas(page, "#pdf-canvas") > 200, "page 2 drawn");
    assert.notEqual(await canvasDigest(page, "#pdf-canvas"), first, "page 2 is another picture");
    assert.match(await page.locator("#pdf-canvas").getAttribute("aria-label"), /to-trinh-2-trang\.pdf, trang 2\/2/);
    await page.locator("#pdf-prev").click();
    await page.waitForSelector('#pdf-page-info[data-page="1"]');

    // A file that starts with %PDF- but is no PDF: a clear message, in Vietnamese and in English; download stays.
    await page.locator('[data-component="bao-cao-thanh-tich"] button.view').click();
    await page.waitForSelector('#viewer[data-kind="pdf"][data-state="failed"]');
    const error = page.locator("#viewer-error");
    assert.equal(await error.getAttribute("data-code"), "invalid");
    assert.match(await error.textContent(), /Không đọc được tệp PDF này .* tải tệp về/);
    assert.equal(await page.locator("#pdf-view").isHidden(), true);
    await page.click("#lang-switch");
    assert.match(await error.textContent(), /This PDF cannot be read .* Download it/);
    assert.equal(await page.locator('[data-component="bao-cao-thanh-tich"] button.download').isVisible(), true);

    // Closing empties the viewer and gives the focus back to the file's "View" button.
    await page.click("#viewer-close");
    assert.equal(await page.locator("#viewer").isHidden(), true);
    assert.equal(await page.evaluate(() => `${document.activeElement.closest("[data-component]")?.dataset.component} ${document.activeElement.className}`), "bao-cao-thanh-tich secondary view");
    assert.equal(await page.locator("#pdf-canvas").evaluate((c) => c.width), 0);
  });

  test("review: the queue comes a page at a time, in the API's order, and a new search starts at page 1", async ({ page, baseUrl }) => {
    await seededChuPuh(baseUrl);
    await setReviewerScope(baseUrl, "64");
    const filters = "q=chu+puh&planId=chu-puh-2021-2025&stageKind=mid-term&stageYear=2023";
    const all = await api(baseUrl, "tham-dinh-gia-lai", "GET", `/api/dossiers?${filters}`);
    const expected = all.body.map((d) => d.id);
    assert.ok(expected.length >= 3, `at least three pages of one: ${expected.length}`);
    const pageOf = () => page.evaluate(() => new URLSearchParams(document.body.dataset.query ?? "").get("page"));

    await signInAs(page, "tham-dinh-gia-lai", `/review/?${filters}&pageSize=1`);
    await page.waitForSelector('body[data-ready="true"]');
    assert.equal(await page.locator('#stageKind option[value="mid-term"]').textContent(), "Sơ kết", "the stage kinds' words (shared in i18n.js)");
    assert.equal(await page.locator("#pager").isVisible(), true);
    assert.equal(await page.locator("#page-info").textContent(), `Trang 1/${expected.length}`);
    assert.equal(await page.locator("#result-count").textContent(), `Hồ sơ 1–1 trong ${expected.length}`);
    assert.equal(await page.locator("#page-prev").isDisabled(), true);
    const seen = [...await queueIds(page)];
    while (!(await page.locator("#page-next").isDisabled())) {
      const before = Number(await pageOf());
      await page.locator("#page-next").click();
      await page.waitForFunction((p) => new URLSearchParams(document.body.dataset.query ?? "").get("page") === String(p), before + 1);
      seen.push(...await queueIds(page));
    }
    assert.deepEqual(seen, expected, "every dossier once, in the API's order");
    assert.match(page.url(), new RegExp(`page=${expected.length}`), "the page is kept in the address");

    // Back by keyboard; then a new search starts again at page 1.
    await page.locator("#page-prev").focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction((p) => new URLSearchParams(document.body.dataset.query ?? "").get("page") === String(p), expected.length - 1);
    await search(page, "chu puh 639");
    assert.equal(await pageOf(), "1");
  });

  test("review: a reviewer of another province sees none of Gia Lai's dossiers; a Bắc Giang dossier shows its unit's quota use", async ({ page, baseUrl, screenshot }) => {
    const seeded = await seededChuPuh(baseUrl);
    const target = seeded.find((d) => d.nominatingUnitCode === "639") ?? seeded[0];

    // As Gia Lai's reviewer, from the form's navigation (a reviewer gets the console's link): the dossiers are there.
    await signInAs(page, "tham-dinh-gia-lai", "/");
    await page.click('header nav a[href="/review/"]');
    await page.waitForURL(/\/review\/$/);
    await page.waitForSelector('body[data-ready="true"]');
    await search(page, "chu puh");
    assert.ok((await queueIds(page)).includes(target.id), "Gia Lai's reviewer sees the Chư Pưh dossier");

    // The same reviewer moved to Bắc Giang (24): nothing of Gia Lai, in the queue, the page or the API.
    await setReviewerScope(baseUrl, "24");
    try {
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      await page.waitForFunction(() => document.body.dataset.queryDone);
      assert.equal(new URLSearchParams(await page.evaluate(() => document.body.dataset.query)).get("q"), "chu puh", "the search kept in the address");
      assert.deepEqual(await queueIds(page), []);
      assert.match(await page.locator("#result-count").textContent(), /Không có hồ sơ nào khớp/);
      await search(page, "");
      assert.ok(!(await queueIds(page)).some((id) => seeded.some((d) => d.id === id)), "no Gia Lai dossier without a search either");
      assert.match(await page.locator("#user").textContent(), /phạm vi 24/);

      await page.goto(`/review/dossier.html?id=${encodeURIComponent(target.id)}`);
      await page.waitForSelector('body[data-ready="true"]');
      assert.equal(await page.evaluate(() => document.body.dataset.denied), "403");
      assert.match(await page.locator("#page-error").textContent(), /không có quyền xem hồ sơ này/);
      assert.equal(await page.locator("#dossier-view").isHidden(), true);
      assert.equal((await api(baseUrl, "tham-dinh-gia-lai", "GET", `/api/dossiers/${target.id}`)).status, 403);
      assert.equal((await api(baseUrl, "tham-dinh-gia-lai", "GET", `/api/dossiers/${target.id}/quota`)).status, 403);
      assert.equal((await api(baseUrl, "tham-dinh-gia-lai", "GET", "/api/dossiers?unitCode=639")).status, 403);

      // Now a Bắc Giang reviewer: a household of TP Bắc Giang (213) shows the district's quota use (IV.2.a, 2 households).
      const household = await bacGiangHousehold(baseUrl);
      const quota = await api(baseUrl, "tham-dinh-gia-lai", "GET", `/api/dossiers/${household}/quota`);
      assert.equal(quota.status, 200, JSON.stringify(quota.body));
      await page.goto(`/review/dossier.html?id=${encodeURIComponent(household)}`);
      await page.waitForSelector("#status[data-status]");
      const view = page.locator("#quota-view");
      assert.equal(await view.getAttribute("data-applies"), "true");
      assert.equal(await view.getAttribute("data-limit"), "2");
      assert.equal(await view.getAttribute("data-used"), String(quota.body.used));
      assert.match(await page.locator("#quota-summary").textContent(), new RegExp(`đã dùng ${quota.body.used}/2 suất \\(mục IV\\.2\\.a`));
      assert.equal(await page.locator("#quota-meter").evaluate((m) => m.value), quota.body.used);
      assert.ok(quota.body.used >= 1, "the district holds at least the slot submitted above");
      assert.equal(await page.locator("#quota-holders li").count(), quota.body.used);
      assert.match(await page.locator('[data-fact="unit"]').textContent(), /Bắc Giang \(213\)/);
      await screenshot("review-quota", page.locator("#quota-view"));
    } finally {
      await setReviewerScope(baseUrl, "64");
    }
  }, { allowConsole: ["status of 403"] });

  test("review: the export offers a Giấy khen only to a reviewer of the unit whose head decides it, never to the province's", async ({ page, baseUrl }) => {
    const awards = () => page.locator("#award option").evaluateAll((o) => o.map((x) => x.value));
    try {
      // Bắc Giang's province reviewer: the Chủ tịch UBND tỉnh's Bằng khen only (IV.2.b: a Giấy khen goes on no provincial list).
      await setReviewerScope(baseUrl, "24");
      await signInAs(page, "tham-dinh-gia-lai", "/review/?planId=bac-giang-so-ket-2023&stageKind=mid-term&stageYear=2023");
      await page.waitForSelector('body[data-ready="true"]');
      assert.deepEqual(await awards(), ["bang-khen-chu-tich-tinh"]);
      // TP Bắc Giang's reviewer: its own head decides its Giấy khen, so it may export them.
      await setReviewerScope(baseUrl, "213");
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      assert.deepEqual(await awards(), ["bang-khen-chu-tich-tinh", "giay-khen"]);
    } finally {
      await setReviewerScope(baseUrl, "64");
    }
  });

  test("review: English, keyboard only, phone width", async ({ page, baseUrl, screenshot }) => {
    const seeded = await seededChuPuh(baseUrl);
    const returned = seeded.find((d) => d.status === "returned");
    assert.ok(returned, `a returned demo dossier: ${seeded.map((d) => d.status)}`);

    await page.setViewportSize({ width: 390, height: 844 });
    await signInAs(page, "tham-dinh-gia-lai", "/review/");
    await page.waitForSelector('body[data-ready="true"]');
    await page.click("#lang-switch");
    assert.equal(await page.locator("#queue-heading").textContent(), "Review queue");
    assert.equal(await page.evaluate(() => document.documentElement.lang), "en");

    // The choice survives a reload. Keyboard only: the skip link first, then the search; the status filter.
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    assert.equal(await page.locator("#queue-heading").textContent(), "Review queue");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.className), "skip");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "q");
    await page.keyboard.type("Chu Puh");
    await page.waitForFunction(() => new URLSearchParams(document.body.dataset.query ?? "").get("q") === "Chu Puh");
    await page.focus("#status");
    await page.selectOption("#status", "returned"); // what the arrow keys do on a focused select
    await page.waitForFunction(() => new URLSearchParams(document.body.dataset.query ?? "").get("status") === "returned");
    assert.ok((await queueIds(page)).includes(returned.id));
    assert.deepEqual([...new Set(await page.locator("#queue tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.status)))], ["returned"]);
    assert.match(await page.locator(`#queue tr[data-dossier-id="${returned.id}"]`).textContent(), /Returned for supplement/);

    // Every control is labelled; nothing is wider than the phone's screen.
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll("input, select, textarea, button")]
      .filter((e) => !e.hidden && e.offsetParent !== null)
      .filter((e) => !(e.labels?.length || e.getAttribute("aria-label") || e.textContent.trim()))
      .map((e) => e.id || e.outerHTML));
    assert.deepEqual(unlabelled, []);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no horizontal scrolling of the page");
    assert.deepEqual(await contrastProblems(page), [], "text contrast at least 4.5:1 (3:1 large)");
    await screenshot("review-phone-english", page, { fullPage: true });

    // Enter on the row's link opens the dossier: the supplement asked for is listed, in English labels.
    await page.locator(`#queue tr[data-dossier-id="${returned.id}"] a.open`).focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector("#status[data-status=returned]");
    assert.equal(await page.locator("#status").textContent(), "Returned for supplement");
    assert.match(await page.locator('[data-fact="supplement"]').textContent(), /\S/);
    assert.match(await page.locator("#decision-hint").textContent(), /nothing to decide now/);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "the dossier page fits too");
  });
}
