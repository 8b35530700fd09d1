// Answering a return for supplement in one tab (issue 17, item 5): the page keeps the ETag of each of its own
// writes (save, file add, confirm, remove), so that a resubmission after fixing a figure and replacing a file is not
// a false conflict; a real conflict keeps what was typed; a removal shows that it is under way.
import assert from "node:assert/strict";
import { pdf, uploadInForm as upload } from "../lib/agency.mjs";
import { api, openSignedIn, refusedFileByApi, returnedByApi, waitForStatus } from "../lib/dossier-api.mjs";
import { typeAndWait } from "../lib/helpers.mjs";
import { devToken } from "../lib/statistics.mjs";

const expectedConsole = { allowConsole: ["status of 409", "status of 412"] };

export function register({ test }) {
  test("supplement: fix a figure and save, replace the report (remove, then upload), resubmit — no false conflict", async ({ page, baseUrl }) => {
    const id = await returnedByApi(baseUrl, "Xã Ia Hrú (sửa và thay tệp)");
    await openSignedIn(page, `/?dossier=${id}`);
    await page.waitForSelector('#dossier-state[data-status="returned"]');


    await typeAndWait(page, "#stat-2023-poor", "240");
    await page.locator('[data-file-name="bao-cao-thanh-tich.pdf"] button.remove').click();
    await page.waitForSelector('[data-file-name="bao-cao-thanh-tich.pdf"]', { state: "detached" });
    await page.click("#save-dossier");
    await page.waitForSelector("#dossier-message:not([hidden])");
    await page.waitForSelector('[data-file-name="bao-cao-thanh-tich.pdf"]', { state: "detached" });
    await upload(page, "bao-cao-thanh-tich", "bao-cao-da-ky.pdf", pdf(15_000, "s"));
    await page.click("#submit-dossier");
    await page.waitForFunction(() => document.querySelector("#dossier-state")?.dataset.status === "submitted" || !document.querySelector("#dossier-error").hidden);
    assert.equal(await page.locator("#dossier-error").isHidden(), true, `no conflict: ${await page.locator("#dossier-error").textContent()}`);
    assert.equal(await page.locator("#dossier-state").getAttribute("data-revision"), "2");
    const after = await waitForStatus(baseUrl, await devToken(baseUrl, "xa-ia-hru"), id, "evaluated");
    assert.equal(after.statistics.find((r) => r.year === 2023).poor, 240);
  }, expectedConsole);

  test("supplement: upload the new report and remove the old one at once, answers arriving out of order, fix a figure, resubmit — no false conflict", async ({ page, baseUrl }) => {
    const id = await returnedByApi(baseUrl, "Xã Ia Hrú (thay tệp song song)");
    await openSignedIn(page, `/?dossier=${id}`);
    await page.waitForSelector('#dossier-state[data-status="returned"]');
    // A slow link, made exact: the removal reaches the server first and is written, the new file's confirmation is
    // written after it, and the removal's answer arrives last.
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    let removalWritten;
    const written = new Promise((resolve) => { removalWritten = resolve; });
    let confirmationAnswered;
    const answered = new Promise((resolve) => { confirmationAnswered = resolve; });
    page.on("requestfinished", (r) => { if (r.url().endsWith("/confirm")) confirmationAnswered(); });
    await page.route("**/api/dossiers/*/files/*/confirm", async (route) => {
      await Promise.race([written, sleep(3_000)]);
      await route.continue();
    });
    await page.route("**/api/dossiers/*/files/*", async (route) => {
      if (route.request().method() !== "DELETE") return route.fallback();
      const response = await route.fetch();
      removalWritten();
      // A page that waits for this answer before its next write does not confirm meanwhile: 3 s, then it arrives.
      await Promise.race([answered, sleep(3_000)]);
      await route.fulfill({ response });
    });
    await page.setInputFiles("#file-bao-cao-thanh-tich", { name: "bao-cao-da-ky.pdf", mimeType: "application/pdf", buffer: pdf(15_000, "s") });
    await page.waitForSelector('[data-file-name="bao-cao-da-ky.pdf"]');
    await page.locator('[data-file-name="bao-cao-thanh-tich.pdf"] button.remove').click();
    // While the removal is on its way, the panel says so (a removal on a slow link took 3.9 s with nothing shown).
    const progress = await page.waitForSelector("#dossier-progress:not([hidden])", { timeout: 2_000 })
      .then(async () => ({ text: await page.locator("#dossier-progress").textContent(), busy: await page.locator("#dossier").getAttribute("aria-busy") }))
      .catch(() => ({ text: "(nothing shown)", busy: null }));
    await page.waitForSelector('[data-file-name="bao-cao-thanh-tich.pdf"]', { state: "detached" });
    await page.waitForSelector('[data-file-name="bao-cao-da-ky.pdf"][data-state="accepted"]');
    await typeAndWait(page, "#stat-2023-poor", "240");
    await page.click("#submit-dossier");
    await page.waitForFunction(() => document.querySelector("#dossier-state")?.dataset.status === "submitted" || !document.querySelector("#dossier-error").hidden);
    assert.equal(await page.locator("#dossier-error").isHidden(), true, `no conflict: ${await page.locator("#dossier-error").textContent()}`);
    const after = await waitForStatus(baseUrl, await devToken(baseUrl, "xa-ia-hru"), id, "evaluated");
    assert.equal(after.statistics.find((r) => r.year === 2023).poor, 240);
    assert.deepEqual(after.files.filter((f) => f.componentId === "bao-cao-thanh-tich" && f.state === "accepted").map((f) => f.originalName), ["bao-cao-da-ky.pdf"]);
    assert.match(progress.text, /xoá tệp/i, "the removal on its way was shown");
    assert.equal(progress.busy, "true", "the panel was marked busy");
  }, expectedConsole);

  test("supplement: a real conflict keeps the typed figure; reloading the dossier puts it back to be saved", async ({ page, baseUrl }) => {
    const id = await returnedByApi(baseUrl, "Xã Ia Hrú (xung đột thật)");
    await openSignedIn(page, `/?dossier=${id}`);
    await page.waitForSelector('#dossier-state[data-status="returned"]');
    await typeAndWait(page, "#stat-2023-poor", "240");
    // Another tab saves another figure meanwhile.
    const token = await devToken(baseUrl, "xa-ia-hru");
    const current = (await api(baseUrl, token, "GET", `/api/dossiers/${id}`)).body;
    const statistics = current.statistics.map((r) => (r.year === 2021 ? { ...r, nearPoor: 305 } : r));
    assert.equal((await api(baseUrl, token, "PUT", `/api/dossiers/${id}`, { statistics }, current.etag)).status, 200);
    await page.click("#save-dossier");
    await page.waitForSelector('#dossier-error[data-code="stale-etag"]:not([hidden])');
    assert.equal(await page.locator("#stat-2023-poor").inputValue(), "240", "the typed figure stays after the conflict");
    await page.click("#reload-dossier");
    await page.waitForFunction(() => document.querySelector("#stat-2021-nearPoor")?.value === "305");
    assert.equal(await page.locator("#stat-2023-poor").inputValue(), "240", "the other tab's change is loaded, the typed figure kept");
    await page.click("#save-dossier");
    await page.waitForSelector("#dossier-message:not([hidden])");
    const after = (await api(baseUrl, token, "GET", `/api/dossiers/${id}`)).body;
    assert.equal(after.statistics.find((r) => r.year === 2023).poor, 240);
    assert.equal(after.statistics.find((r) => r.year === 2021).nearPoor, 305);
  }, expectedConsole);

  test("history: every line in Vietnamese — the system's evaluation, a refused file, the writer's name", async ({ page, baseUrl }) => {
    const token = await devToken(baseUrl, "xa-ia-hru");
    const created = await api(baseUrl, token, "POST", "/api/dossiers", {
      planId: "chu-puh-2021-2025", stage: { kind: "mid-term", year: 2023 }, nominatingUnitCode: "23971",
      nominee: { kind: "commune", name: "Xã Ia Hrú (lịch sử)", unitCode: "23971", tags: ["region-3"] }, awardFormId: "giay-khen-chu-tich-huyen", nominationYear: 2023,
      statistics: [{ year: 2021, households: 1850, poor: 520, nearPoor: 310 }, { year: 2023, households: 1890, poor: 250, nearPoor: 150 }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    await refusedFileByApi(baseUrl, token, id);
    await openSignedIn(page, `/?dossier=${id}`);
    for (const component of ["to-trinh", "bien-ban", "bao-cao-thanh-tich"]) await upload(page, component, `${component}.pdf`, pdf(4_000, component[0]));
    await page.click("#submit-dossier");
    await page.waitForSelector('#dossier-state[data-status="submitted"]');
    await waitForStatus(baseUrl, token, id, "evaluated");
    await page.goto(`/dossiers.html?id=${id}`);
    await page.waitForSelector('#history tbody tr[data-action="evaluate"]');
    const rows = await page.locator("#history tbody tr").evaluateAll((trs) => trs.map((tr) => tr.textContent));
    const text = rows.join("\n");
    assert.doesNotMatch(text, /verdict|plan version|\b(system|the|is|not|file|missing|expected)\b/i, `history in Vietnamese:\n${text}`);
    assert.match(text, /Kết luận: đủ điều kiện/);
    assert.match(text, /Hệ thống/);
    assert.match(text, /Tệp|tệp/, "the refusal's reason in Vietnamese");
  }, { allowConsole: ["status of 422"] });
}
