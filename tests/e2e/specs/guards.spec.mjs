// Guards of the dossier panel (issue 17, item 8): a file that would be refused is refused in the browser before any
// byte leaves (extension, size, first bytes; the server stays the authority), refused files are not submitted, and
// leaving the page mid-upload asks first.
import assert from "node:assert/strict";
import { exe, pdf, uploadInForm as upload } from "../lib/agency.mjs";
import { api, openSignedIn, refusedFileByApi, waitForStatus } from "../lib/dossier-api.mjs";
import { signInAs } from "../lib/helpers.mjs";
import { devToken } from "../lib/statistics.mjs";

async function draftByApi(baseUrl, name) {
  const token = await devToken(baseUrl, "xa-ia-hru");
  const created = await api(baseUrl, token, "POST", "/api/dossiers", {
    planId: "chu-puh-2021-2025", stage: { kind: "mid-term", year: 2023 }, nominatingUnitCode: "23971",
    nominee: { kind: "commune", name, unitCode: "23971", tags: ["region-3"] }, awardFormId: "giay-khen-chu-tich-huyen", nominationYear: 2023,
    statistics: [{ year: 2021, households: 1850, poor: 520, nearPoor: 310 }, { year: 2023, households: 1890, poor: 250, nearPoor: 150 }],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { token, id: created.body.id };
}

export function register({ test }) {
  test("guards: a .rar, an EXE named .pdf and an empty file are refused in the browser — nothing registered, no byte uploaded", async ({ page, baseUrl }) => {
    const { id } = await draftByApi(baseUrl, "Xã Ia Hrú (kiểm tra trước)");
    await openSignedIn(page, `/?dossier=${id}`);
    await page.waitForSelector('#dossier-state[data-status="draft"]');
    const sent = [];
    page.on("request", (r) => {
      if ((r.method() === "POST" && /\/files$/.test(new URL(r.url()).pathname)) || r.method() === "PUT") sent.push(`${r.method()} ${r.url()}`);
    });
    const cases = [
      { name: "ho-so.rar", buffer: Buffer.concat([Buffer.from("Rar!\x1a\x07\x00", "latin1"), Buffer.alloc(200_000, 1)]), message: /Tệp “ho-so\.rar” có đuôi \.rar: chỉ nhận PDF, DOCX, XLSX, JPEG, PNG\. Tệp chưa được tải lên\./ },
      { name: "bien-ban.pdf", buffer: exe(), message: /Nội dung tệp “bien-ban\.pdf” không phải PDF \(là EXE \(Windows\)\)/ },
      { name: "trong.pdf", buffer: Buffer.alloc(0), message: /rỗng \(0 byte\)/ },
    ];
    for (const c of cases) {
      await page.setInputFiles("#file-bien-ban", { name: c.name, mimeType: "application/octet-stream", buffer: c.buffer });
      await page.waitForSelector('#component-bien-ban-error[data-checked-in-browser="true"]:not([hidden])');
      assert.match(await page.locator("#component-bien-ban-error").textContent(), c.message);
      assert.equal(await page.evaluate(() => document.activeElement?.id), "component-bien-ban-error", "the focus moves to the message");
      await page.evaluate(() => { delete document.getElementById("component-bien-ban-error").dataset.checkedInBrowser; });
    }
    assert.deepEqual(sent, [], "nothing was registered or uploaded");
    assert.equal(await page.locator('[data-component="bien-ban"] [data-file]').count(), 0, "no file entry attached");
    await page.click("#lang-switch");
    await page.setInputFiles("#file-bien-ban", { name: "ho-so.rar", mimeType: "application/octet-stream", buffer: Buffer.from("Rar!") });
    await page.waitForSelector('#component-bien-ban-error[data-checked-in-browser="true"]:not([hidden])');
    assert.match(await page.locator("#component-bien-ban-error").textContent(), /“ho-so\.rar” is a \.rar file: only PDF, DOCX, XLSX, JPEG and PNG are accepted/);
  });

  test("guards: a file the server refused is not submitted with the dossier", async ({ page, baseUrl }) => {
    const { token, id } = await draftByApi(baseUrl, "Xã Ia Hrú (tệp bị từ chối)");
    await refusedFileByApi(baseUrl, token, id); // past the page's checks, refused by the server's deeper inspection
    await openSignedIn(page, `/?dossier=${id}`);
    await page.waitForSelector('[data-file-name="minh-chung.docx"][data-state="rejected"]');
    for (const component of ["to-trinh", "bien-ban", "bao-cao-thanh-tich"]) await upload(page, component, `${component}.pdf`, pdf(4_000, component[0]));
    await page.click("#submit-dossier");
    await page.waitForSelector('#dossier-state[data-status="submitted"]');
    assert.equal(await page.locator('[data-file-name="minh-chung.docx"]').count(), 0, "the refused file is no longer attached");
    const after = await waitForStatus(baseUrl, token, id, "evaluated");
    assert.deepEqual(after.files.map((f) => f.state), ["accepted", "accepted", "accepted"]);
  }, { allowConsole: ["status of 422"] });

  test("guards: leaving the page mid-upload asks first", async ({ page, baseUrl, blobUrl }) => {
    const { id } = await draftByApi(baseUrl, "Xã Ia Hrú (rời trang)");
    await openSignedIn(page, `/?dossier=${id}`);
    await page.waitForSelector('#dossier-state[data-status="draft"]');
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route(`${blobUrl}/**`, async (route) => {
      await held;
      await route.continue().catch(() => {});
    });
    await page.setInputFiles("#file-to-trinh", { name: "to-trinh.pdf", mimeType: "application/pdf", buffer: pdf(300_000) });
    await page.waitForSelector('[data-file-name="to-trinh.pdf"][data-state="uploading"]');
    const dialog = new Promise((resolve) => page.once("dialog", resolve));
    await page.close({ runBeforeUnload: true });
    const asked = await dialog;
    assert.equal(asked.type(), "beforeunload");
    await asked.dismiss();
    assert.equal(page.isClosed(), false, "the page stays");
    release();
    await page.waitForSelector('[data-file-name="to-trinh.pdf"][data-state="accepted"]');
  });

  test("guards: the reviewers' queue lists submitted dossiers, not the units' drafts (unless asked for by status)", async ({ page, baseUrl }) => {
    await draftByApi(baseUrl, "Xã Ia Hrú (bản nháp không vào hàng chờ)");
    await signInAs(page, "tham-dinh-gia-lai", "/review/");
    await page.waitForSelector('body[data-loading="false"]');
    await page.waitForSelector("#queue tr[data-dossier-id]");
    const statuses = await page.locator("#queue tr[data-dossier-id]").evaluateAll((rows) => rows.map((r) => r.dataset.status));
    assert.ok(statuses.length > 0, "the seeded submitted dossiers are listed");
    assert.ok(!statuses.includes("draft"), `no draft in the queue: ${statuses}`);
    await page.goto("/review/?status=draft");
    await page.waitForSelector('body[data-loading="false"]');
    await page.waitForSelector("#queue tr[data-dossier-id]");
    const drafts = await page.locator("#queue tr[data-dossier-id]").evaluateAll((rows) => rows.map((r) => r.dataset.status));
    assert.ok(drafts.length > 0 && drafts.every((s) => s === "draft"), "asked for by status, drafts are listed");
  });

  test("guards: two identical drafts told apart by their tracking code and creation time; the code shown and searchable", async ({ page, baseUrl }) => {
    const a = await draftByApi(baseUrl, "Xã Ia Hrú (hai bản giống nhau)");
    const b = await draftByApi(baseUrl, "Xã Ia Hrú (hai bản giống nhau)");
    const codes = [];
    for (const { token, id } of [a, b]) codes.push((await api(baseUrl, token, "GET", `/api/dossiers/${id}`)).body.trackingCode);
    assert.notEqual(codes[0], codes[1]);
    await openSignedIn(page, "/dossiers.html");
    const texts = [];
    for (const { id } of [a, b]) texts.push(await page.locator(`#dossier-list tr[data-dossier-id="${id}"] .row-ids`).textContent());
    assert.notEqual(texts[0], texts[1], "the two rows read differently");
    assert.match(texts[0], new RegExp(`Mã hồ sơ ${codes[0]} · tạo lúc \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}`));
    await page.goto(`/?dossier=${a.id}`);
    await page.waitForSelector('#dossier-state[data-status="draft"]');
    assert.match(await page.locator("#dossier-state").textContent(), new RegExp(`^Hồ sơ mã ${codes[0]} · Bản nháp`), "the form names the dossier by its code");
    await page.goto(`/dossiers.html?id=${a.id}`);
    await page.waitForSelector('body[data-ready="true"]');
    assert.match(await page.locator("body").textContent(), new RegExp(`Mã hồ sơ\\s*${codes[0]}`));
    await page.click("#sign-in-out"); // sign out the commune, then in as the reviewer
    await page.waitForSelector('body[data-signed-in="false"]');
    await signInAs(page, "tham-dinh-gia-lai", `/review/?status=draft&q=${encodeURIComponent(codes[1].slice(3).replace("-", "").toLowerCase())}`);
    await page.waitForSelector('body[data-loading="false"]');
    await page.waitForSelector("#queue tr[data-dossier-id]");
    assert.deepEqual(await page.locator("#queue tr[data-dossier-id]").evaluateAll((rows) => rows.map((r) => r.dataset.dossierId)), [b.id], "found by its code typed without hyphens");
    assert.equal(await page.locator(`#queue tr[data-dossier-id="${b.id}"] .tracking-code`).getAttribute("data-tracking-code"), codes[1]);
  });
}
