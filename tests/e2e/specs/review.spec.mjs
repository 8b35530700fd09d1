// The reviewers' console beyond the journey: a reviewer of another province sees none of Gia Lai's dossiers
// (queue empty, the dossier page refused, the API answers 403); the console in English, by keyboard and at a
// phone's width. Uses the demo dossiers the app seeds in Development (Chư Pưh plan, sơ kết 2023).
import assert from "node:assert/strict";
import { signInAs } from "../lib/helpers.mjs";
import { devToken } from "../lib/statistics.mjs";

const DEV_TENANT = "00000000-0000-4000-8000-0000000d0001";
const REVIEWER_OID = "0d000000-0000-4000-8000-000000000003"; // tham-dinh-gia-lai

async function api(baseUrl, user, method, path, body) {
  const token = await devToken(baseUrl, user);
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}) },
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

async function queueIds(page) {
  return page.locator("#queue tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.dossierId));
}

async function search(page, text) {
  await page.fill("#q", text);
  await page.waitForFunction((q) => (new URLSearchParams(document.body.dataset.query ?? "").get("q") ?? "") === q, text);
}

export function register({ test }) {
  test("review: a reviewer of another province sees none of Gia Lai's dossiers", async ({ page, baseUrl }) => {
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
    } finally {
      await setReviewerScope(baseUrl, "64");
    }
  }, { allowConsole: ["status of 403"] });

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
