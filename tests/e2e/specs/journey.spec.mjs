// The end-to-end journey of issue #7, as the development users in one browser (each user in their own tab:
// the dev sign-in keeps its token per tab): a commune submitter (xa-ia-hru) fills the form and submits
// through the agency UI; the Gia Lai reviewer (tham-dinh-gia-lai) finds the dossier by a search without
// diacritics, sees the machine's criteria and views the evidence inline, takes it (a second tab holding
// the old version gets a clear conflict), returns it for one component with a reason; the submitter
// uploads a new file for that component and resubmits; the reviewer approves and exports the
// consolidated list (XLSX downloaded and non-empty; CSV names the nominee).
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { fillChuPuhCommune, pdf, realPdf, saveDossier, submitDossier, uploadInForm, uploadRequiredComponents } from "../lib/agency.mjs";
import { inkOnCanvas, viewerFrames } from "../lib/viewer.mjs";
import { signInAs } from "../lib/helpers.mjs";
import { devToken } from "../lib/statistics.mjs";

// A stale decision answers 409 (shown on the page), and the form's live preview answers 400 while the
// figures are still incomplete (shown next to the fields); Chromium logs those requests to the console.
const expectedConsole = { allowConsole: ["status of 409", "status of 400"] };

async function waitForStatus(baseUrl, id, status) {
  const token = await devToken(baseUrl, "tham-dinh-gia-lai");
  for (let i = 0; i < 300; i++) {
    const response = await fetch(`${baseUrl}/api/dossiers/${id}`, { headers: { Authorization: `Bearer ${token}` } });
    const body = await response.json();
    if (body.status === status) return body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`dossier ${id} did not become ${status}`);
}

async function openDossier(page, id) {
  await page.goto(`/review/dossier.html?id=${encodeURIComponent(id)}`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForSelector("#status[data-status]");
}

export function register({ test }) {
  test("journey: commune submits, reviewer finds it without diacritics, returns one component, commune resubmits, reviewer approves and exports", async ({ page, context, baseUrl, blobUrl, screenshot }) => {
    const nominee = "Xã Ia Hrú – điển hình giảm nghèo";

    // 1. The commune fills the form and submits.
    await signInAs(page, "xa-ia-hru", "/");
    await page.waitForSelector('body[data-ready="true"]');
    await fillChuPuhCommune(page, { name: nominee });
    assert.equal(await page.locator('#criteria [data-criterion="commune.halving"]').getAttribute("data-status"), "met");
    const id = await saveDossier(page);
    await uploadInForm(page, "to-trinh", "to-trinh.pdf", realPdf("To trinh de nghi khen thuong - Xa Ia Hru, so ket 2023"));
    await uploadRequiredComponents(page, ["bien-ban", "bao-cao-thanh-tich"]);
    assert.equal(await submitDossier(page), 1);
    await waitForStatus(baseUrl, id, "evaluated");

    // 2. The reviewer, in another tab, searches without diacritics.
    const reviewer = await context.newPage();
    await signInAs(reviewer, "tham-dinh-gia-lai", "/review/");
    await reviewer.waitForSelector('body[data-ready="true"]');
    await reviewer.fill("#q", "dien hinh giam ngheo chu puh");
    await reviewer.waitForFunction(() => new URLSearchParams(document.body.dataset.query ?? "").get("q") === "dien hinh giam ngheo chu puh");
    const rows = await reviewer.locator("#queue tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.dossierId));
    assert.deepEqual(rows, [id], "only this dossier matches");
    const row = reviewer.locator(`#queue tr[data-dossier-id="${id}"]`);
    assert.equal(await row.getAttribute("data-status"), "evaluated");
    assert.match(await row.textContent(), /Xã Ia Hrú/);
    assert.match(await reviewer.locator("#result-count").textContent(), /^1 hồ sơ$/);
    await screenshot("review-queue", reviewer);

    // 3. The dossier page: the machine's criteria, quota, evidence in the page: the PDF's bytes fetched from the
    // Blob endpoint and drawn by PDF.js onto a canvas — no frame (or object/embed) ever holds the PDF.
    await openDossier(reviewer, id);
    await reviewer.waitForSelector("#status[data-status=evaluated]");
    assert.equal(await reviewer.locator('#criteria [data-criterion="commune.halving"]').getAttribute("data-status"), "met");
    assert.match(await reviewer.locator('#criteria [data-criterion="commune.halving"] .clause').textContent(), /III\.1/);
    assert.equal(await reviewer.locator("#verdict").getAttribute("data-verdict"), "eligible");
    assert.equal(await reviewer.locator("#quota-view").getAttribute("data-applies"), "false", "the Chư Pưh plan sets no quota");
    assert.match(await reviewer.locator("#quota-summary").textContent(), /không giao chỉ tiêu/);
    assert.match(await reviewer.locator('#figures tr[data-year="2023"]').textContent(), /1\.890/, "figures the Vietnamese way");
    const blobDocuments = [];
    reviewer.on("request", (r) => { if (r.url().startsWith(blobUrl) && r.resourceType() !== "fetch") blobDocuments.push(`${r.resourceType()} ${r.url()}`); });
    const pdfFetch = reviewer.waitForResponse((r) => r.url().startsWith(`${blobUrl}/dossier-files/${id}/`) && r.request().resourceType() === "fetch");
    await reviewer.locator('[data-component="to-trinh"] button.view').click();
    const fetched = await pdfFetch;
    assert.equal(fetched.status(), 200);
    assert.equal(fetched.headers()["content-type"], "application/pdf");
    await reviewer.waitForSelector('#viewer[data-kind="pdf"][data-state="shown"]');
    assert.equal(await reviewer.locator("#pdf-page-info").getAttribute("data-pages"), "1");
    assert.equal(await reviewer.locator("#pdf-page-info").textContent(), "Trang 1/1");
    assert.match(await reviewer.locator("#viewer-status").textContent(), /Tệp có 1 trang/);
    assert.ok(await inkOnCanvas(reviewer, "#pdf-canvas") > 200, "the page's text is drawn on the canvas");
    assert.deepEqual(await viewerFrames(reviewer, blobUrl), { pointingAtBlob: [], objects: 0, childFrames: [] }, "no frame, object or embed shows the PDF");
    assert.deepEqual(blobDocuments, [], "the PDF is fetched, never loaded as a document");
    const frame = reviewer.locator("#viewer-frame");
    assert.equal(await frame.getAttribute("sandbox"), "", "the image frame is sandboxed (unused for a PDF)");
    assert.equal(await frame.getAttribute("referrerpolicy"), "no-referrer");
    assert.equal(await frame.isHidden(), true);
    assert.equal(await reviewer.locator("#viewer-close").evaluate((b) => b === document.activeElement), true, "focus moves to the viewer");
    const downloading = reviewer.waitForEvent("download");
    await reviewer.locator('[data-component="bien-ban"] button.download').click();
    const evidence = await downloading;
    assert.equal(evidence.suggestedFilename(), "bien-ban.pdf");
    assert.equal((await readFile(await evidence.path())).subarray(0, 5).toString(), "%PDF-");
    await screenshot("review-dossier", reviewer, { fullPage: true });

    // 4. A second tab still holds the evaluated version; the first takes the dossier; the second gets a clear conflict.
    const stale = await context.newPage();
    await signInAs(stale, "tham-dinh-gia-lai", `/review/dossier.html?id=${id}`);
    await stale.waitForSelector("#act-start-review");
    await reviewer.click("#act-start-review");
    await reviewer.waitForSelector("#status[data-status=under-review]");
    await stale.click("#act-start-review");
    await stale.waitForSelector("#conflict:not([hidden])");
    assert.equal(await stale.locator("#conflict").getAttribute("data-code"), "stale-etag");
    assert.match(await stale.locator("#conflict-text").textContent(), /Đang thẩm định.*Không có gì bị ghi đè/);
    assert.equal(await stale.locator("#conflict-reload").evaluate((b) => b === document.activeElement), true);
    await screenshot("review-conflict", stale.locator("#decision-view"));
    await stale.click("#conflict-reload");
    await stale.waitForSelector("#status[data-status=under-review]");
    await stale.close();

    // 5. Return for one component: a reason is required next to it, then it is sent.
    await reviewer.check("#ret-component-bien-ban");
    await reviewer.click("#do-return");
    assert.equal(await reviewer.locator("#ret-component-bien-ban-reason").getAttribute("aria-invalid"), "true");
    assert.equal(await reviewer.evaluate(() => document.activeElement?.id), "ret-component-bien-ban-reason", "focus on the reason to give");
    await reviewer.fill("#ret-component-bien-ban-reason", "Biên bản thiếu chữ ký của chủ tọa cuộc họp.");
    await reviewer.click("#do-return");
    await reviewer.waitForSelector("#status[data-status=returned]");
    assert.equal(await reviewer.locator("#decision-done").getAttribute("data-action"), "return");
    assert.match(await reviewer.locator('#history tr[data-action="return"]').textContent(), /Biên bản.*thiếu chữ ký/);

    // 6. The commune answers: a new minutes file for that component only, then resubmits (revision 2).
    await page.goto(`/?dossier=${encodeURIComponent(id)}`);
    await page.waitForSelector('#dossier-state[data-status="returned"]');
    await uploadInForm(page, "bien-ban", "bien-ban-co-chu-ky.pdf", pdf(25_000, "k"));
    assert.equal(await submitDossier(page), 2);
    await waitForStatus(baseUrl, id, "evaluated");

    // 7. The reviewer takes revision 2 and approves it.
    await openDossier(reviewer, id);
    assert.equal(await reviewer.locator("#criteria-summary").getAttribute("data-revision"), "2");
    assert.match(await reviewer.locator('[data-component="bien-ban"]').textContent(), /bien-ban-co-chu-ky\.pdf/);
    await reviewer.click("#act-start-review");
    await reviewer.waitForSelector("#act-approve");
    await reviewer.fill("#note", "Đủ điều kiện theo mục III.1.c.");
    await reviewer.click("#act-approve");
    await reviewer.waitForSelector("#status[data-status=approved]");
    const actions = await reviewer.locator("#history tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.action));
    for (const action of ["create", "submit", "evaluate", "start-review", "return", "approve"]) assert.ok(actions.includes(action), `history has ${action}: ${actions}`);
    assert.equal(actions.filter((a) => a === "submit").length, 2);

    // 8. Export the consolidated list of the plan, stage and award form.
    await reviewer.goto("/review/?planId=chu-puh-2021-2025&stageKind=mid-term&stageYear=2023");
    await reviewer.waitForSelector('body[data-ready="true"]');
    await reviewer.selectOption("#award", "giay-khen-chu-tich-huyen");
    assert.equal(await reviewer.locator("#export-xlsx").isDisabled(), false);
    const xlsxDownload = reviewer.waitForEvent("download");
    await reviewer.click("#export-xlsx");
    const xlsx = await readFile(await (await xlsxDownload).path());
    assert.ok(xlsx.length > 200, `XLSX of ${xlsx.length} bytes`);
    assert.equal(xlsx.subarray(0, 2).toString(), "PK", "a zip (OOXML) file");
    assert.ok(xlsx.includes(Buffer.from("xl/worksheets/")), "with a worksheet");
    const csvDownload = reviewer.waitForEvent("download");
    await reviewer.click("#export-csv");
    const csvFile = await csvDownload;
    assert.match(csvFile.suggestedFilename(), /^danh-sach-chu-puh-2021-2025-mid-term-2023-giay-khen-chu-tich-huyen\.csv$/);
    const csv = (await readFile(await csvFile.path())).toString("utf8");
    assert.ok(csv.includes(nominee), "the approved nominee is on the list");
    await screenshot("review-export", reviewer);
  }, expectedConsole);
}
