// Báo cáo sơ kết (issue 18) in Chromium, Bắc Giang's plan (seed 003, V.1: units send their sơ kết report to Sở Nội vụ by
// 30/11/2023): a district's submitter opens "Báo cáo sơ kết/tổng kết" in the portal, downloads the draft (a DOCX), has a
// file that is not a PDF refused in Vietnamese (and English), uploads the signed PDF with a progress bar and sees it
// submitted on time; then the central leader, from the dashboards, sees in the console that the district has reported.
import assert from "node:assert/strict";
import { contrastProblems, unnamedControls } from "../lib/a11y.mjs";
import { dropSecondBlock, realPdf } from "../lib/agency.mjs";
import { api, setClock } from "../lib/dossier-api.mjs";
import { signInAs } from "../lib/helpers.mjs";
import { devToken } from "../lib/statistics.mjs";

const SCOPES = "/api/admin/unit-scopes/00000000-0000-4000-8000-0000000d0001/";
const DISTRICT_OID = "0d000000-0000-4000-8000-000000000001"; // huyen-chu-puh, moved to Lạng Giang (217, Bắc Giang) for this test
const PLAN = "bac-giang-so-ket-2023";
const REPORT_ID = `${PLAN}~mid-term~2023~217`; // {planId}~{stageKind}~{stageYear}~{unitCode} (the contract's identity)

async function bytesOf(download) {
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export function register({ test }) {
  test("reports: a Bắc Giang district downloads its sơ kết draft (DOCX), uploads the signed PDF with progress, a non-PDF is refused; the leader sees it reported on time", async ({ page, context, baseUrl, screenshot }) => {
    const admin = await devToken(baseUrl, "quan-tri");
    const original = await api(baseUrl, admin, "GET", SCOPES + DISTRICT_OID);
    assert.equal(original.status, 200, JSON.stringify(original.body));
    try {
      assert.equal((await api(baseUrl, admin, "PUT", SCOPES + DISTRICT_OID, { unitCode: "217", displayName: "Cán bộ huyện Lạng Giang (e2e)" })).status, 200);
      // Seven days before the deadline of V.1 (Vietnam time): the daily reminder timer, run now through the Functions host's
      // admin API, leaves the district a notice; the upload will be on time.
      await setClock(baseUrl, "2023-11-23T09:00:00+07:00");
      const tick = await fetch(`${baseUrl}/admin/functions/ReportDeadlineReminders`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ input: "" }) });
      assert.equal(tick.status, 202);

      await signInAs(page, "huyen-chu-puh", "/dossiers.html");
      // Submitters reach the page from the portal's navigation.
      await page.click('header nav a[href="/reports.html"]');
      await page.waitForSelector('body[data-ready="true"]');
      assert.equal(await page.locator('header nav a[href="/reports.html"]').getAttribute("aria-current"), "page");
      const row = page.locator(`#obligations tr[data-report-id="${REPORT_ID}"]`);
      await row.waitFor();
      assert.equal(await row.getAttribute("data-status"), "not-submitted");
      const rowText = await row.textContent();
      assert.match(rowText, /Sơ kết 2023/);
      assert.match(rowText, /Sở Nội vụ/);
      assert.match(rowText, /30\/11\/2023/, "the deadline the Vietnamese way");
      assert.match(rowText, /Chưa nộp/);
      await page.waitForSelector(`#report-view[data-report-id="${REPORT_ID}"]`);
      assert.equal(await page.locator('#report-facts [data-fact="deadline"]').textContent().then((s) => s.startsWith("30/11/2023")), true);
      assert.match(await page.locator('#report-facts [data-fact="clause"]').textContent(), /V\.1/);
      const reminder = page.locator('#reminders li[data-days-left="7"]');
      await reminder.waitFor();
      assert.match(await reminder.textContent(), /Còn 7 ngày đến hạn gửi báo cáo sơ kết 2023 \(30\/11\/2023, mục V\.1\)/);

      // The draft: a Word document (a ZIP with word/document.xml) under the server's file name.
      const [draft] = await Promise.all([page.waitForEvent("download"), page.click("#download-draft")]);
      assert.equal(draft.suggestedFilename(), "bao-cao-so-ket-2023-huyen-lang-giang.docx");
      const docx = await bytesOf(draft);
      assert.ok(docx.length > 0, "the draft is not empty");
      assert.deepEqual([...docx.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], "ZIP magic (PK\\3\\4)");
      assert.ok(docx.includes(Buffer.from("word/document.xml")), "a WordprocessingML package");
      await page.waitForSelector("#draft-status[data-done]");
      assert.match(await page.locator("#draft-status").textContent(), /Đã tải bao-cao-so-ket-2023-huyen-lang-giang\.docx/);

      // A file that is not a PDF, named .pdf (the unsigned draft, renamed): the server's refusal in Vietnamese, nothing recorded.
      await page.setInputFiles("#upload-file", { name: "bao-cao-da-ky.pdf", mimeType: "application/pdf", buffer: docx });
      await page.waitForSelector('body[data-upload="refused"]');
      const refusedVi = await page.locator("#upload-error").textContent();
      assert.match(refusedVi, /Tệp bao-cao-da-ky\.pdf không được nhận:/);
      assert.match(refusedVi, /PDF/);
      assert.equal(await page.locator("#report-status").getAttribute("data-status"), "not-submitted");
      assert.equal(await page.locator("#versions tbody tr").count(), 0);
      await screenshot("reports-refused", page.locator("#report-view"));
      // The same answer in English after the switch (the page keeps the problem, not its text).
      await page.click("#lang-switch");
      const refusedEn = await page.locator("#upload-error").textContent();
      assert.match(refusedEn, /bao-cao-da-ky\.pdf was not accepted:/);
      assert.notEqual(refusedEn, refusedVi);
      assert.match(refusedEn, /PDF/);
      await page.click("#lang-switch");

      // The signed report (a real PDF of about 1,2 MB, so the upload takes several blocks): the bar moves, then "Đã nộp".
      await page.evaluate(() => {
        window.progressSeen = [];
        new MutationObserver(() => window.progressSeen.push(Number(document.getElementById("upload-progress").dataset.progress)))
          .observe(document.getElementById("upload-progress"), { attributes: true, attributeFilter: ["data-progress"] });
      });
      const signed = realPdf(`Bao cao so ket 2023 huyen Lang Giang (e2e) ${"-".repeat(1_200_000)}`);
      await page.setInputFiles("#upload-file", { name: "Bao cao so ket 2023 - Lang Giang (da ky).pdf", mimeType: "application/pdf", buffer: signed });
      await page.waitForSelector('body[data-upload="done"]');
      const seen = await page.evaluate(() => window.progressSeen);
      assert.ok(seen.some((p) => p > 0 && p < 100), `the bar moved through the upload: ${seen}`);
      assert.equal(seen.at(-1), 100);
      assert.equal(await page.locator("#upload-progress").getAttribute("value"), "100");
      assert.equal(await page.locator("#report-status").getAttribute("data-status"), "submitted");
      assert.equal((await page.locator("#report-status").textContent()).trim(), "Đã nộp");
      assert.equal(await page.locator("#report-timeliness .badge").getAttribute("data-timeliness"), "on-time");
      assert.equal((await page.locator("#report-timeliness .badge").textContent()).trim(), "Đúng hạn");
      assert.match(await page.locator('#report-facts [data-fact="submittedAt"]').textContent(), /^23\/11\/2023 09:\d\d$/);
      assert.match(await page.locator("#upload-status").textContent(), /Đã nộp Bao cao so ket 2023 - Lang Giang \(da ky\)\.pdf lúc 23\/11\/2023/);
      assert.equal(await page.locator("#upload-error").isHidden(), true, "the earlier refusal is gone");
      assert.equal(await page.locator("#versions tbody tr").count(), 1);
      assert.equal(await page.locator(`#obligations tr[data-report-id="${REPORT_ID}"]`).getAttribute("data-status"), "submitted");
      assert.deepEqual(await unnamedControls(page), [], "every control has a name");
      assert.deepEqual(await contrastProblems(page), [], "text contrast at least 4.5:1");
      await screenshot("reports-portal", page, { fullPage: true });

      // The central leader, from the dashboards (small link, no new preload), opens the console's page.
      const leader = await context.newPage();
      leader.setDefaultTimeout(15_000);
      await signInAs(leader, "lanh-dao-trung-uong", "/dashboards/");
      await leader.click("#report-status-link:not([hidden]) a");
      await leader.waitForURL(/\/review\/reports\.html/);
      await leader.waitForSelector('body[data-ready="true"]');
      assert.equal(await leader.locator('header nav a[href="/review/reports.html"]').getAttribute("aria-current"), "page");
      await leader.selectOption("#plan", PLAN);
      assert.equal(await leader.locator("#stage").inputValue(), "mid-term:2023", "the plan's (only, latest) report stage by default");
      assert.equal(await leader.locator("#unit").inputValue(), "24", "a national leader is offered the unit the plan governs");
      await leader.click("#open-status");
      await leader.waitForSelector(`body[data-status-loaded="${PLAN}:mid-term:2023:24"]`);
      assert.match(await leader.locator("#status-route").textContent(), /Sở Nội vụ · hạn 30\/11\/2023/);
      // The province's own report (V.2), not yet sent: to the central board by 15/12/2023.
      assert.match(await leader.locator("#own-report").textContent(), /^Báo cáo của Tỉnh Bắc Giang: .*hạn 15\/12\/2023 · căn cứ: V\.2 Chưa nộp$/);
      const reporter = leader.locator('#reporters tr[data-unit="217"]');
      assert.equal(await reporter.getAttribute("data-status"), "submitted");
      assert.equal(await reporter.getAttribute("data-timeliness"), "on-time");
      const reporterText = await reporter.textContent();
      assert.match(reporterText, /Lạng Giang/);
      assert.match(reporterText, /Đã nộp/);
      assert.match(reporterText, /Đúng hạn/);
      assert.match(reporterText, /23\/11\/2023 09:\d\d/);
      const count = async (key) => Number((await leader.locator(`#counts [data-count="${key}"] dd`).textContent()).replace(/\./g, ""));
      assert.ok(await count("submitted") >= 1 && await count("onTime") >= 1);
      assert.equal(await count("expected"), await count("submitted") + await count("missing"));
      assert.ok(await count("missing") >= 1, "the other districts have not reported");
      await screenshot("reports-console", leader, { fullPage: true });
      // The signed PDF, straight from Blob storage: the bytes uploaded.
      const [pdf] = await Promise.all([leader.waitForEvent("download"), reporter.locator("button.download").click()]);
      assert.ok((await bytesOf(pdf)).equals(signed), "the leader downloads the signed report as uploaded");
      // Only the units that have not reported.
      await leader.selectOption("#show", "missing");
      assert.equal(await leader.locator('#reporters tr[data-unit="217"]').count(), 0);
      assert.deepEqual(await unnamedControls(leader), [], "every control has a name");
      assert.deepEqual(await contrastProblems(leader), [], "text contrast at least 4.5:1");
      await leader.close();
    } finally {
      await setClock(baseUrl, new Date().toISOString());
      await api(baseUrl, admin, "PUT", SCOPES + DISTRICT_OID, { unitCode: original.body.unitCode, displayName: original.body.displayName });
    }
  }, { allowConsole: ["status of 400"] }); // the refused file, on purpose

  test("reports: Sở LĐ-TB&XH Bắc Giang sends its own report three days late, then a corrected copy; the console in English shows it late by 3 days", async ({ page, context, baseUrl, screenshot }) => {
    const bodyReport = `${PLAN}~mid-term~2023~24~bac-giang-so-ldtbxh`; // a nominating body's report: …~{unitCode}~{bodyId}
    try {
      await setClock(baseUrl, "2023-12-03T10:00:00+07:00");
      await signInAs(page, "so-ldtbxh-bac-giang", "/reports.html");
      await page.waitForSelector('body[data-ready="true"]');
      // The user acts for the Sở: its report, not the province's.
      const ids = await page.locator("#obligations tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.reportId));
      assert.deepEqual(ids, [bodyReport]);
      await page.waitForSelector(`#report-view[data-report-id="${bodyReport}"]`);
      assert.match(await page.locator("#report-heading").textContent(), /Sở Lao động – Thương binh và Xã hội tỉnh Bắc Giang/);

      // The Sở assembles Bắc Giang's list (IV.3.b): its navigation leads there (scope.lists of GET /api/me).
      assert.equal(await page.locator('header nav a[href^="/review/list.html"]').count(), 1);
      // The upload drops at its second block; "Tiếp tục tải lên" sends only the missing blocks, as a dossier's does.
      const signed = Buffer.concat([realPdf("Bao cao so ket 2023 So LDTBXH Bac Giang"), Buffer.alloc(600 * 1024, "\n")]);
      const { blocks, restore } = await dropSecondBlock(page);
      await page.setInputFiles("#upload-file", { name: "bao-cao-so-ldtbxh.pdf", mimeType: "application/pdf", buffer: signed });
      await page.waitForSelector('body[data-upload="interrupted"]');
      assert.match(await page.locator("#upload-status").textContent(), /bị gián đoạn/);
      await page.click("#upload-resume");
      await page.waitForSelector('body[data-upload="done"]');
      await restore();
      assert.deepEqual(blocks, ["block-000000", "block-000001", "block-000001", "block-000002"], "after the drop only the missing blocks were sent");
      assert.equal(await page.locator("#report-timeliness .badge").getAttribute("data-timeliness"), "late");
      assert.equal((await page.locator("#report-timeliness .badge").textContent()).trim(), "Trễ hạn");
      // A corrected copy the next day: a second version; the report stays as late as its first submission.
      await setClock(baseUrl, "2023-12-04T08:30:00+07:00");
      await page.setInputFiles("#upload-file", { name: "bao-cao-so-ldtbxh-ban-sua.pdf", mimeType: "application/pdf", buffer: realPdf(["Ban sua", "trang 2"]) });
      await page.waitForFunction(() => document.querySelectorAll("#versions tbody tr").length === 2);
      const versions = await page.locator("#versions tbody tr").evaluateAll((rows) => rows.map((r) => r.textContent));
      assert.match(versions[0], /bao-cao-so-ldtbxh\.pdf.*03\/12\/2023 10:00.*Trễ hạn/);
      assert.match(versions[1], /bao-cao-so-ldtbxh-ban-sua\.pdf \(bản hiện hành\).*04\/12\/2023 08:30/);
      assert.match(await page.locator('#report-facts [data-fact="submittedAt"]').textContent(), /^03\/12\/2023 10:00$/, "the first accepted submission counts");
      // On a phone the page never scrolls sideways (the tables scroll inside their box).
      await page.setViewportSize({ width: 390, height: 844 });
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "no horizontal scrolling at 390 px");

      const leader = await context.newPage();
      leader.setDefaultTimeout(15_000);
      await signInAs(leader, "lanh-dao-trung-uong", `/review/reports.html?planId=${PLAN}&stageKind=mid-term&stageYear=2023&unitCode=24&show=late`);
      await leader.waitForSelector(`body[data-status-loaded="${PLAN}:mid-term:2023:24"]`);
      await leader.click("#lang-switch");
      const row = leader.locator('#reporters tr[data-body="bac-giang-so-ldtbxh"]');
      assert.equal(await row.getAttribute("data-timeliness"), "late");
      const cells = await row.locator("th, td").allTextContents();
      assert.deepEqual(cells.slice(1, 6).map((c) => c.trim()), ["Submitted", "Late", "30/11/2023", "03/12/2023 10:00", "3"], "dates stay dd/MM/yyyy in English");
      assert.equal(await leader.locator("#reporters tbody tr[data-status]").count(), await leader.locator('#reporters tbody tr[data-timeliness="late"]').count(), "only the late ones shown");
      assert.match(await leader.locator('#counts [data-count="late"] dt').textContent(), /Late/);
      assert.ok(Number(await leader.locator('#counts [data-count="late"] dd').textContent()) >= 1);
      // Not sent by 30/11/2023 and still missing on 04/12: overdue.
      await leader.selectOption("#show", "missing");
      const overdue = await leader.locator("#reporters tbody tr[data-status]").first();
      assert.equal((await overdue.locator(".badge[data-timeliness]").textContent()).trim(), "Overdue");
      await screenshot("reports-console-english", leader, { fullPage: true });
      await leader.close();

      // Gia Lai's leader, arriving with nothing chosen, lands on the plan with reporters in the province (Chư Pưh's; Bắc
      // Giang's is refused for unit 64), her own unit, and the latest report stage once the period is over (tổng kết 2025).
      const giaLai = await context.newPage();
      giaLai.setDefaultTimeout(15_000);
      await signInAs(giaLai, "lanh-dao-gia-lai", "/review/reports.html");
      await giaLai.waitForSelector('body[data-ready="true"]');
      const landed = await giaLai.evaluate(() => document.body.dataset.statusLoaded);
      assert.match(landed, /^chu-puh-2021-2025:[a-z-]+:\d{4}:64$/);
      assert.equal(await giaLai.locator("#page-error").isHidden(), true);
      assert.ok(Number(await giaLai.locator('#counts [data-count="expected"] dd').textContent()) > 0, "Chư Pưh's communes report");
      await giaLai.close();
    } finally {
      await setClock(baseUrl, new Date().toISOString());
    }
  }, { allowConsole: ["status of 400", "ERR_CONNECTION_RESET", "ERR_FAILED"] }); // the landing's tries of plans that do not concern Gia Lai; the dropped block, on purpose
}
