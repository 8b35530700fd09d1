// The agency's dossier flow in the form, as the development users: save a draft, upload each component
// straight to Blob storage in blocks (progress, a dropped connection resumed with only the missing
// blocks), the server's verdict per file (a renamed EXE refused with the reason), submit (missing
// components, the deadline), the status page with the machine's criteria, the unit's list, a stale
// save shown as a conflict, and the answer to a return for supplement.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { contrastProblems, unnamedControls } from "../lib/a11y.mjs";
import { exe, fillChuPuhCommune, pdf, uploadInForm as upload } from "../lib/agency.mjs";
import { signInAs, typeAndWait } from "../lib/helpers.mjs";
import { api, bacGiangHousehold, openSignedIn, completeByApi, returnedByApi, setClock, submitByApi, waitForStatus } from "../lib/dossier-api.mjs";
import { devToken } from "../lib/statistics.mjs";

// Refused uploads and submissions answer 4xx (problem+json, shown on the page) and the aborted block
// fails its request: Chromium logs those to the console, which is what these tests provoke.
const expectedConsole = {
  allowConsole: ["status of 400", "status of 409", "status of 422", "ERR_CONNECTION_RESET", "ERR_FAILED"],
};

export function register({ test }) {
  test("agency: a commune saves, uploads with progress and resume, a renamed EXE is refused, submits and sees the criteria", async ({ page, baseUrl, blobUrl, screenshot }) => {
    // The file bytes go to Blob storage, never to the app: no request to the app carries more than a few KB.
    const bigToApp = [];
    page.on("request", (request) => {
      if (new URL(request.url()).origin === new URL(baseUrl).origin && (request.postDataBuffer()?.length ?? 0) > 8192) bigToApp.push(request.url());
    });
    await openSignedIn(page);
    assert.match(await page.locator("#dossier-state").textContent(), /Chưa lưu/);
    assert.equal(await page.locator("#submit-dossier").isDisabled(), true, "nothing to submit before saving");

    // The form, with the live preview following the figures.
    await fillChuPuhCommune(page);
    const halving = page.locator('#criteria [data-criterion="commune.halving"]');
    assert.equal(await halving.getAttribute("data-status"), "met", "830 → 400: more than half");
    await typeAndWait(page, "#stat-2023-poor", "400");
    assert.equal(await halving.getAttribute("data-status"), "not-met", "830 → 550 households: less than half");
    await typeAndWait(page, "#stat-2023-poor", "250");
    assert.equal(await halving.getAttribute("data-status"), "met", "back to 830 → 400");

    // Save as a draft: the plan's components appear, the deadline for the stage and level is stated.
    await page.click("#save-dossier");
    await page.waitForSelector('#dossier-state[data-status="draft"]');
    const id = await page.evaluate(() => document.body.dataset.dossierId);
    assert.match(id, /^23971-/);
    assert.match(page.url(), new RegExp(`dossier=${id}`), "a reload reopens the dossier");
    assert.deepEqual(await page.locator("#components > li").evaluateAll((items) => items.map((li) => [li.dataset.component, li.dataset.required])),
      [["to-trinh", "true"], ["bien-ban", "true"], ["bao-cao-thanh-tich", "true"], ["minh-chung", "false"]]);
    assert.match(await page.locator("#dossier-deadline").textContent(), /không quy định hạn nộp/, "the Chư Pưh plan sets no submission deadline");
    assert.equal(await page.locator("#plan").isDisabled(), true, "plan and stage are fixed once saved");

    // Upload a 1 MB PDF in blocks; the second block's connection drops.
    const blockRequests = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (request.method() === "PUT" && url.searchParams.get("comp") === "block") blockRequests.push(url.searchParams.get("blockid"));
    });
    let blockPuts = 0;
    await page.route((url) => url.searchParams.get("comp") === "block", (route) => {
      blockPuts++;
      return blockPuts === 2 ? route.abort("connectionreset") : route.fallback();
    });
    await page.evaluate(() => {
      window.progressSeen = [];
      new MutationObserver((records) => {
        for (const r of records) if (r.attributeName === "aria-valuenow") window.progressSeen.push(Number(r.target.getAttribute("aria-valuenow")));
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["aria-valuenow"] });
    });
    const report = pdf(1024 * 1024 + 100);
    const row = await upload(page, "to-trinh", "To trinh so 15.pdf", report, "interrupted");
    assert.equal(await row.locator('progress[aria-valuenow]').isVisible(), true, "the progress bar stays, at the point reached");
    assert.deepEqual(blockRequests.length, 2, "stopped at the dropped block");
    await screenshot("agency-upload-interrupted", page.locator("#dossier"));
    await row.locator("button.resume").click();
    await page.waitForSelector('[data-file-name="To trinh so 15.pdf"][data-state="accepted"]');
    const seen = await page.evaluate(() => window.progressSeen);
    assert.ok(seen.some((v) => v > 0 && v < 100), `the progress bar moved through intermediate values: ${seen}`);
    assert.ok(seen.includes(100), `and reached 100 %: ${seen}`);
    // 5 blocks of 256 KiB: block 0 went through once; after the drop only blocks 1–4 were sent.
    assert.deepEqual(blockRequests.map((b) => Buffer.from(b, "base64").toString()),
      ["block-000000", "block-000001", "block-000001", "block-000002", "block-000003", "block-000004"]);
    const sha = createHash("sha256").update(report).digest("hex");
    const accepted = page.locator('[data-file-name="To trinh so 15.pdf"] .file-detail');
    assert.equal(await accepted.getAttribute("data-sha256"), sha, "the server's SHA-256 of the bytes sent");
    assert.match(await accepted.textContent(), /^1 MB · SHA-256 [0-9a-f]{64}$/);
    await page.unroute((url) => url.searchParams.get("comp") === "block");

    // A Windows program renamed .pdf: refused by its first bytes in the browser, before anything is sent (issue 17;
    // the server's own refusal of content is in specs/guards.spec.mjs and tests/Integration).
    await page.setInputFiles("#file-bien-ban", { name: "bien-ban.pdf", mimeType: "application/pdf", buffer: exe() });
    await page.waitForSelector("#component-bien-ban-error:not([hidden])");
    assert.match(await page.locator("#component-bien-ban-error").textContent(), /không phải PDF \(là EXE \(Windows\)\)/);
    assert.equal(await page.locator('[data-file-name="bien-ban.pdf"]').count(), 0, "nothing attached");

    // Submitting now: the missing components are named next to each one.
    await page.click("#submit-dossier");
    await page.waitForSelector("#component-bien-ban-error:not([hidden])");
    assert.match(await page.locator("#component-bao-cao-thanh-tich-error").textContent(), /\S/);
    assert.equal(await page.locator("#dossier-error").getAttribute("data-code"), "missing-component");
    assert.equal(await page.locator("#dossier-state").getAttribute("data-status"), "draft", "nothing submitted");
    await screenshot("agency-dossier-refused", page.locator("#dossier"));

    await upload(page, "bien-ban", "bien-ban-hop.pdf", pdf(30_000, "b"));
    await upload(page, "bao-cao-thanh-tich", "bao-cao.pdf", pdf(20_000, "c"));
    await page.click("#submit-dossier");
    await page.waitForSelector('#dossier-state[data-status="submitted"]');
    assert.equal(await page.locator("#dossier-state").getAttribute("data-revision"), "1");
    assert.equal(await page.locator("#name").isDisabled(), true, "a submitted dossier is read-only");
    assert.match(await page.locator("#dossier-message").textContent(), /Đã nộp hồ sơ \(lần 1\)/);
    assert.equal(await page.locator("#file-to-trinh").isDisabled(), true);

    // The status page follows the evaluation to its result.
    await page.click("#dossier-status-link");
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForSelector('body[data-loaded="evaluated:1"]', { timeout: 60_000 });
    assert.equal(await page.locator("#evaluation-summary").getAttribute("data-state"), "evaluated");
    assert.equal(await page.locator("#status").getAttribute("data-status"), "evaluated");
    assert.equal((await page.locator("#revision").textContent()).trim(), "1");
    assert.equal(await page.locator('#evaluation-criteria [data-criterion="commune.halving"]').getAttribute("data-status"), "met");
    assert.equal(await page.locator("#evaluation-verdict").getAttribute("data-verdict"), "eligible");
    const actions = await page.locator("#history tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.action));
    assert.equal(actions[0], "create");
    assert.ok(actions.includes("submit") && actions.includes("evaluate"), `history: ${actions}`);
    assert.match(await page.locator("#history tbody").textContent(), /Rơ Mah H'Bình/);
    assert.match(await page.locator("#history tbody").textContent(), /To trinh so 15\.pdf: Chưa tải xong → Đã nhận/, "file changes read as such");
    assert.equal(await page.locator(`#files tr[data-state="rejected"]`).count(), 0, "no refused file was submitted");
    // The submitter downloads an accepted file straight from Blob storage (short-lived read SAS): the same bytes.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('#files button.download', { hasText: "To trinh so 15.pdf" }).click(),
    ]);
    assert.equal(new URL(download.url()).origin, new URL(blobUrl).origin);
    assert.equal(download.suggestedFilename(), "To trinh so 15.pdf");
    const saved = await download.createReadStream();
    const chunks = [];
    for await (const chunk of saved) chunks.push(chunk);
    assert.equal(createHash("sha256").update(Buffer.concat(chunks)).digest("hex"), sha);
    await screenshot("agency-status", page, { fullPage: true });

    // The unit's list leads back to it.
    await page.click('header nav a[href="/dossiers.html"]');
    await page.waitForSelector(`#dossier-list tr[data-dossier-id="${id}"]`);
    assert.equal(await page.locator(`#dossier-list tr[data-dossier-id="${id}"]`).getAttribute("data-status"), "evaluated");
    await screenshot("agency-list");
    await page.click(`#dossier-list tr[data-dossier-id="${id}"] a.open`);
    await page.waitForSelector('#evaluation-summary[data-state="evaluated"]');
    assert.deepEqual(bigToApp, [], "no file bytes through the app");
  }, expectedConsole);

  test("agency: the stage's deadline for the level, a reminder, a stale save shown as a conflict, a late submission refused next to the deadline", async ({ page, baseUrl, screenshot }) => {
    // Bắc Giang's mid-term plan: dossiers by 30/11/2023 (Asia/Ho_Chi_Minh). The business clock: 23/11/2023, 7 days before.
    // The plan governs Bắc Giang's units only (issue 16), so the admin moves the district demo submitter to TP Bắc Giang
    // (213) for this test and back afterwards; the award is the province's Bằng khen (a Giấy khen is decided by the
    // unit's head, IV.2.b: no provincial deadline).
    await setClock(baseUrl, "2023-11-23T08:00:00+07:00");
    try {
      await asTpBacGiangDistrict(baseUrl, async () => {
        await signInAs(page, "huyen-chu-puh", "/?plan=bac-giang-so-ket-2023");
        await page.waitForSelector('body[data-ready="true"]');
        await page.waitForFunction(() => Number(document.body.dataset.evaluations ?? "0") > 0);
        await page.selectOption("#kind", "household");
        await page.selectOption("#award", "bang-khen-chu-tich-tinh");
        // Before saving, what this unit sends on its route (GET /api/dossier-route, IV.3.a): its own proposal and the
        // Mẫu 07 report to Sở LĐ-TB&XH — never the Sở's tờ trình or its council's minutes (IV.3.b, the Sở's list).
        await page.waitForFunction(() => document.querySelector("#components > li")?.dataset.planComponent === "to-trinh-don-vi");
        assert.deepEqual(await page.locator("#components > li").evaluateAll((items) => items.map((li) => li.dataset.planComponent)),
          ["to-trinh-don-vi", "bao-cao-thanh-tich", "minh-chung"]);
        assert.match(await page.locator("#components-hint").textContent(), /Sở Lao động.*IV\.3\.a/);
        await page.fill("#name", "Hộ bà Trần Thị Muộn");
        await page.fill("#address", "Thôn Đồng, xã Tân Mỹ");
        await page.fill("#summary", "Tự nguyện đăng ký thoát nghèo năm 2021.");
        await page.click("#save-dossier");
        await page.waitForSelector('#dossier-state[data-status="draft"]');
        const id = await page.evaluate(() => document.body.dataset.dossierId);
        assert.equal(await page.locator("#dossier-deadline").getAttribute("data-deadline"), "2023-11-30");
        assert.equal((await api(baseUrl, await devToken(baseUrl, "huyen-chu-puh"), "GET", `/api/dossiers/${id}`)).body.nominee.address, "Thôn Đồng, xã Tân Mỹ");
        assert.match(await page.locator("#dossier-deadline").textContent(), /^Hạn nộp \(cấp huyện\): 30\/11\/2023 — /);
        await page.click("#lang-switch");
        assert.match(await page.locator("#dossier-deadline").textContent(), /^Deadline \(district\): 30\/11\/2023 — /, "dates stay dd/MM/yyyy in English");
        // Saved, the dossier lists what the unit sends to Sở LĐ-TB&XH (IV.3.a): its own proposal and the Mẫu 07 report,
        // never the Sở's tờ trình or its council's minutes (IV.3.b, the Sở's list).
        assert.deepEqual(await page.locator("#components > li[data-component]").evaluateAll((items) => items.map((li) => li.dataset.component)),
          ["to-trinh-don-vi", "bao-cao-thanh-tich", "minh-chung"]);
        assert.match(await page.locator('[data-component="to-trinh-don-vi"] .file-button').textContent(), /Choose a file/);
        await page.click("#lang-switch");

        // The hourly reminder timer fires, run now through the Functions host's admin API: a notice for the unit, 7 days left.
        const tick = await fetch(`${baseUrl}/admin/functions/DossierDeadlineReminders`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ input: "" }) });
        assert.equal(tick.status, 202);

        // Someone else (another tab of the same unit) changes the dossier: this page's ETag is stale.
        const token = await devToken(baseUrl, "huyen-chu-puh");
        const current = await api(baseUrl, token, "GET", `/api/dossiers/${id}`);
        const other = await api(baseUrl, token, "PUT", `/api/dossiers/${id}`, { achievementsSummary: "Sửa ở thẻ khác." }, current.body.etag);
        assert.equal(other.status, 200, JSON.stringify(other.body));
        await page.fill("#summary", "Sửa ở trang này.");
        await page.click("#save-dossier");
        const conflict = page.locator('#dossier-error[data-code="stale-etag"]');
        await conflict.waitFor();
        assert.match(await conflict.textContent(), /Không có gì bị ghi đè/);
        assert.equal((await api(baseUrl, token, "GET", `/api/dossiers/${id}`)).body.achievementsSummary, "Sửa ở thẻ khác.", "nothing overwritten");
        await screenshot("agency-conflict", page.locator("#dossier"));
        // Reload brings the dossier as it now is, and keeps what was typed here over it, still to be saved (issue 17).
        await page.click("#reload-dossier");
        await page.waitForSelector("#dossier-error", { state: "hidden" });
        assert.match(await page.locator("#dossier-state").textContent(), /chưa lưu/, "still to be saved");
        assert.equal(await page.locator("#summary").inputValue(), "Sửa ở trang này.", "nothing typed is lost");

        // Late (01/12/2023 00:30 in Vietnam): refused with the deadline in the message, next to the deadline; the missing components too.
        await setClock(baseUrl, "2023-12-01T00:30:00+07:00");
        await page.click("#submit-dossier");
        const late = page.locator("#dossier-deadline-error");
        await late.waitFor();
        assert.match(await late.textContent(), /30\/11\/2023/);
        assert.equal(await page.locator("#component-to-trinh-don-vi-error").isVisible(), true);
        assert.equal(await page.locator("#dossier-state").getAttribute("data-status"), "draft");
        await screenshot("agency-late", page.locator("#dossier"));

        // The status page shows the unit's reminder for this dossier.
        await page.click("#dossier-status-link");
        await page.waitForSelector('body[data-ready="true"]');
        const notice = page.locator(`#notifications li[data-dossier-id="${id}"]`);
        await notice.waitFor();
        assert.equal(await notice.getAttribute("data-days-left"), "7");
        assert.match(await notice.textContent(), /30\/11\/2023/);
      });
    } finally {
      await setClock(baseUrl, new Date().toISOString());
    }
  }, expectedConsole);

  test("agency: answering a return for supplement — only the named figures and component change, resubmitted as a new revision", async ({ page, baseUrl, screenshot }) => {
    const submitter = await devToken(baseUrl, "xa-ia-hru");
    const id = await returnedByApi(baseUrl, "Xã Ia Hrú (bổ sung)"); // returned for the statistics and the achievements report

    // The status page says what to fix and leads to the form.
    await openSignedIn(page, `/dossiers.html?id=${id}`);
    assert.equal(await page.locator("#status").getAttribute("data-status"), "returned");
    assert.match(await page.locator("#supplement-items").textContent(), /chưa có chữ ký, đóng dấu/);
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.getElementById("status")?.textContent === "Returned for supplement");
    assert.match(await page.locator("#supplement-items").textContent(), /^Poverty review figures: /, "field names in English, the reviewer's reasons as written");
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.getElementById("status")?.textContent === "Trả lại để bổ sung");
    await page.click("#answer-return");
    await page.waitForSelector('#dossier-state[data-status="returned"]');
    await page.waitForSelector('body[data-ready="true"]');
    assert.match(await page.locator('#dossier-supplement [data-supplement-field="statistics"]').textContent(), /chưa khớp biên bản rà soát/);
    assert.match(await page.locator('[data-component="bao-cao-thanh-tich"] .supplement-reason').textContent(), /chưa có chữ ký/);
    // Only what was named is open.
    for (const selector of ["#name", "#kind", "#award", "#year", "#summary", "#file-to-trinh", "#file-bien-ban"]) {
      assert.equal(await page.locator(selector).isDisabled(), true, `${selector} stays as submitted`);
    }
    for (const selector of ["#stat-2023-poor", "#stat-2021-households", "#file-bao-cao-thanh-tich"]) {
      assert.equal(await page.locator(selector).isDisabled(), false, `${selector} may be fixed`);
    }
    assert.equal(await page.locator("#stat-2023-poor").inputValue(), "250", "the dossier's figures are in the form");
    assert.match(await page.locator("#submit-dossier").textContent(), /Nộp lại/);
    await screenshot("agency-supplement", page, { fullPage: true });

    // Fix the figure, replace the report, resubmit.
    await typeAndWait(page, "#stat-2023-poor", "240");
    await upload(page, "bao-cao-thanh-tich", "bao-cao-da-ky.pdf", pdf(15_000, "s"));
    await page.locator('[data-file-name="bao-cao-thanh-tich.pdf"] button.remove').click();
    await page.waitForSelector('[data-file-name="bao-cao-thanh-tich.pdf"]', { state: "detached" });
    await page.click("#submit-dossier");
    await page.waitForSelector('#dossier-state[data-status="submitted"]');
    assert.equal(await page.locator("#dossier-state").getAttribute("data-revision"), "2", "a new revision");

    const after = await waitForStatus(baseUrl, submitter, id, "evaluated");
    assert.equal(after.revision, 2);
    assert.equal(after.statistics.find((r) => r.year === 2023).poor, 240);
    assert.deepEqual(after.files.filter((f) => f.componentId === "bao-cao-thanh-tich").map((f) => f.originalName), ["bao-cao-da-ky.pdf"]);
    await page.click("#dossier-status-link");
    await page.waitForSelector('body[data-loaded="evaluated:2"]', { timeout: 60_000 });
    assert.equal(await page.locator("#evaluation-summary").getAttribute("data-revision"), "2");
    const actions = await page.locator("#history tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.action));
    assert.ok(actions.includes("return") && actions.filter((a) => a === "submit").length === 2, `history: ${actions}`);

    // The status page on a phone: nothing wider than the screen (tables scroll in their own box).
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at 390 px (overflow ${overflow} px)`);
    assert.deepEqual(await contrastProblems(page), [], "status page: text contrast at least 4.5:1 (3:1 large)");
    await page.goto(`/?dossier=${id}`);
    await page.waitForSelector('body[data-ready="true"]');
    const formOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(formOverflow <= 0, `the form with its dossier panel fits 390 px (overflow ${formOverflow} px)`);
    assert.deepEqual(await contrastProblems(page), [], "form with its dossier: text contrast");
    assert.deepEqual(await unnamedControls(page), [], "form with its dossier: every control has a name");
    await screenshot("agency-phone", page, { fullPage: true });
  }, expectedConsole);
  test("agency: the nominating unit's quota refused next to the award form", async ({ page, baseUrl, screenshot }) => {
    // Bắc Giang's plan: each district proposes at most 2 households for the provincial certificate (IV.2.a).
    // The admin moves the district demo submitter to TP Bắc Giang (213) for this test and back afterwards.
    await setClock(baseUrl, "2023-11-20T09:00:00+07:00");
    try {
      await asTpBacGiangDistrict(baseUrl, async () => {
        const district = await devToken(baseUrl, "huyen-chu-puh");
        for (const name of ["Hộ ông Nguyễn Văn Một", "Hộ ông Nguyễn Văn Hai"]) await submitByApi(baseUrl, district, await completeByApi(baseUrl, district, bacGiangHousehold(name)));
        const third = await completeByApi(baseUrl, district, bacGiangHousehold("Hộ ông Nguyễn Văn Ba"));

        await signInAs(page, "huyen-chu-puh", `/?dossier=${third.id}`);
        await page.waitForSelector('body[data-ready="true"]');
        await page.waitForSelector('#dossier-state[data-status="draft"]');
        assert.equal(await page.locator("#award").inputValue(), "bang-khen-chu-tich-tinh");
        assert.equal(await page.locator("#address").inputValue(), "Phường Trần Phú, TP Bắc Giang", "a household's address is part of the form");
        await page.click("#submit-dossier");
        const award = page.locator("#award-error");
        await award.waitFor();
        assert.match(await award.textContent(), /IV\.2\.a/, "the plan's clause in the message");
        assert.equal(await page.locator("#award").getAttribute("aria-invalid"), "true");
        assert.equal(await page.locator("#dossier-error").getAttribute("data-code"), "quota-exceeded");
        assert.equal(await page.locator("#dossier-state").getAttribute("data-status"), "draft", "nothing submitted");
        await page.locator("#award").scrollIntoViewIfNeeded();
        await screenshot("agency-quota");
      });
    } finally {
      await setClock(baseUrl, new Date().toISOString());
    }
  }, expectedConsole);
  test("agency: a Bắc Giang official's level asked where the plan splits the quota by level (IV.2.a), and saved", async ({ page, baseUrl }) => {
    // Bắc Giang IV.2.a: each district proposes 02 officials, 01 at district level and 01 at commune/village level; the
    // server refuses a submission without the level (level-required), so the form must ask for it.
    await asTpBacGiangDistrict(baseUrl, async () => {
        const district = await devToken(baseUrl, "huyen-chu-puh");
        const created = await api(baseUrl, district, "POST", "/api/dossiers", {
          planId: "bac-giang-so-ket-2023", stage: { kind: "mid-term", year: 2023 }, nominatingUnitCode: "213",
          nominee: { kind: "official", name: "Ông Trần Văn Cần", position: "Công chức Văn hóa - Xã hội phường Trần Phú" },
          awardFormId: "bang-khen-chu-tich-tinh", nominationYear: 2023,
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));

        await signInAs(page, "huyen-chu-puh", `/?dossier=${created.body.id}`);
        await page.waitForSelector('body[data-ready="true"]');
        await page.waitForSelector('#dossier-state[data-status="draft"]');
        assert.ok(await page.locator("#level-field").isVisible(), "the level is asked for an official under IV.2.a");
        assert.match(await page.locator('label[for="level"]').textContent(), /Cấp công tác/);
        await page.selectOption("#level", "commune-village");
        await page.click("#save-dossier");
        let saved;
        for (let i = 0; i < 100 && saved?.nominee?.level !== "commune-village"; i++) {
          saved = (await api(baseUrl, district, "GET", `/api/dossiers/${created.body.id}`)).body;
          if (saved?.nominee?.level !== "commune-village") await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.equal(saved.nominee.level, "commune-village", "the level is saved with the nominee");

        // A household's quota is not split by level: the field goes away and no level is sent.
        await page.selectOption("#kind", "household");
        assert.ok(await page.locator("#level-field").isHidden(), "no level for a household (IV.2.a counts households whole)");
    });
  }, expectedConsole);
  test("agency: an upload cut off, then the page reloaded — choosing the same file again sends only the missing blocks", async ({ page, baseUrl }) => {
    const token = await devToken(baseUrl, "xa-ia-hru");
    const created = await api(baseUrl, token, "POST", "/api/dossiers", {
      planId: "chu-puh-2021-2025", stage: { kind: "mid-term", year: 2023 }, nominatingUnitCode: "23971",
      nominee: { kind: "commune", name: "Xã Ia Hrú (tải lại)", unitCode: "23971", tags: ["region-3"] }, awardFormId: "giay-khen-chu-tich-huyen", nominationYear: 2023,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await openSignedIn(page, `/?dossier=${created.body.id}`);
    await page.waitForSelector('#dossier-state[data-status="draft"]');

    const sent = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (request.method() === "PUT" && url.searchParams.get("comp") === "block") sent.push(Buffer.from(url.searchParams.get("blockid"), "base64").toString());
    });
    // The connection drops at the third block (two of three blocks are in storage, uncommitted).
    let puts = 0;
    await page.route((url) => url.searchParams.get("comp") === "block", (route) => (++puts === 3 ? route.abort("connectionreset") : route.fallback()));
    const file = pdf(600 * 1024, "r");
    await upload(page, "bien-ban", "bien-ban-hop.pdf", file, "interrupted");
    await page.unroute((url) => url.searchParams.get("comp") === "block");

    // The page is reloaded: the browser no longer has the file; the dossier says the upload is unfinished.
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    const row = page.locator('[data-file-name="bien-ban-hop.pdf"]');
    assert.equal(await row.getAttribute("data-state"), "pending");
    assert.match(await row.locator(".file-detail").textContent(), /Chọn lại đúng tệp này/);
    sent.length = 0;
    await upload(page, "bien-ban", "bien-ban-hop.pdf", file);
    assert.deepEqual(sent, ["block-000002"], "only the block that never arrived");
    assert.equal(await page.locator('[data-component="bien-ban"] li[data-file]').count(), 1, "the same file entry, not a second one");
    assert.equal(await page.locator('[data-file-name="bien-ban-hop.pdf"] .file-detail').getAttribute("data-sha256"), createHash("sha256").update(file).digest("hex"));
  }, expectedConsole);
  test("agency: a dossier that does not exist is 'not found' in the page's language, from the problem's { vi, en }", async ({ page }) => {
    // Issue 16: the server once sent "Không có hồ sơ này / dossier. / No such hồ sơ này / dossier." and the page split it
    // on " / "; the message now comes from localizedDetail, whole, in the chosen language.
    const missing = "/dossiers.html?id=23971-" + "0".repeat(32);
    await signInAs(page, "xa-ia-hru", missing);
    const error = page.locator("#page-error");
    await error.waitFor();
    assert.equal(await error.textContent(), "Không mở được hồ sơ: Không có hồ sơ này.");
    await page.evaluate(() => localStorage.setItem("nolb.lang", "en"));
    await page.goto(missing);
    await error.waitFor();
    assert.equal(await error.textContent(), "Could not open the dossier: No such dossier.");
  }, { allowConsole: ["status of 404"] });
}

/**
 * Runs `body` with the district demo submitter's unit scope moved by the admin to TP Bắc Giang (213) — Bắc Giang's
 * plan governs only Bắc Giang's units (issue 16) — and moves it back afterwards, whatever happens.
 */
async function asTpBacGiangDistrict(baseUrl, body) {
  const admin = await devToken(baseUrl, "quan-tri");
  const scopePath = "/api/admin/unit-scopes/00000000-0000-4000-8000-0000000d0001/0d000000-0000-4000-8000-000000000001";
  const original = await api(baseUrl, admin, "GET", scopePath);
  assert.equal(original.status, 200, JSON.stringify(original.body));
  try {
    const moved = await api(baseUrl, admin, "PUT", scopePath, { unitCode: "213", displayName: "Cán bộ TP Bắc Giang (e2e)" });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    await body();
  } finally {
    await api(baseUrl, admin, "PUT", scopePath, { unitCode: original.body.unitCode, displayName: original.body.displayName });
  }
}
