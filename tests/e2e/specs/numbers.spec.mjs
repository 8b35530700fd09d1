// Numbers typed as people type them (issue 17, item 7): Vietnamese and English grouping where a whole number is
// the only reading, a precise Vietnamese message (households are whole numbers) otherwise, never "Cần kiểu số."
// nor "Yêu cầu không hợp lệ" for a number the page could have read; nothing unreadable is saved.
import assert from "node:assert/strict";
import { chooseCommuneOfChuPuh, typeAndWait } from "../lib/helpers.mjs";
import { openSignedIn } from "../lib/dossier-api.mjs";

async function openCommune(page) {
  await page.goto("/");
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForFunction(() => Number(document.body.dataset.evaluations ?? "0") > 0);
  await chooseCommuneOfChuPuh(page);
}

export function register({ test }) {
  test("numbers: '1,530' and '1.530' are 1.530 households, '1.234,5' is explained precisely, the preview still answers", async ({ page }) => {
    await openCommune(page);
    await typeAndWait(page, "#stat-2021-households", "1,850");
    await typeAndWait(page, "#stat-2021-poor", "520");
    await typeAndWait(page, "#stat-2021-nearPoor", "310");
    await typeAndWait(page, "#stat-2023-households", "1.890");
    await typeAndWait(page, "#stat-2023-nearPoor", "150");
    await typeAndWait(page, "#stat-2023-poor", "250");
    for (const id of ["#stat-2021-households", "#stat-2023-households"]) assert.equal(await page.locator(id).getAttribute("aria-invalid"), null, `${id} read as a whole number`);
    // 520 / 1.850 = 28,11 %; (520 + 310) / 1.850 = 44,86 %
    assert.equal((await page.locator("#stat-2021-rates span").textContent()).trim(), "28,11 % · 44,86 %", "'1,850' is 1.850 households");
    assert.equal(await page.locator("#verdict").getAttribute("data-verdict"), "eligible");

    await typeAndWait(page, "#stat-2023-poor", "1.234,5");
    const poor = page.locator("#stat-2023-poor");
    assert.equal(await poor.getAttribute("aria-invalid"), "true");
    const error = await page.locator("#stat-2023-error").textContent();
    assert.match(error, /“1\.234,5” là số thập phân 1\.234,5; số hộ nghèo phải là số nguyên/);
    assert.doesNotMatch(error, /Cần kiểu số/);
    const preview = await page.locator("#preview-error").textContent();
    assert.doesNotMatch(preview, /Yêu cầu không hợp lệ/, "the unreadable number is not sent to the server");
    assert.match(preview, /Chưa đọc được 1 ô số/);
    assert.notEqual(await page.locator("#verdict").getAttribute("data-verdict"), "invalid", "the preview answers for the rest");

    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await typeAndWait(page, "#stat-2023-poor", "2,5");
    assert.match(await page.locator("#stat-2023-error").textContent(), /“2,5” is the decimal 2\.5; the number of poor households must be a whole number/);
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.lang === "vi");
    await typeAndWait(page, "#stat-2023-poor", "-3");
    assert.match(await page.locator("#stat-2023-error").textContent(), /Số hộ nghèo không được âm/);
    await typeAndWait(page, "#stat-2023-poor", "abc");
    assert.match(await page.locator("#stat-2023-error").textContent(), /“abc” không phải là số\. Nhập số nguyên, ví dụ 1\.234/);
    await typeAndWait(page, "#stat-2023-poor", "250");
    assert.equal(await poor.getAttribute("aria-invalid"), null, "fixed: the message goes");
    assert.equal(await page.locator("#stat-2023-error").isVisible(), false);
  }, { allowConsole: ["status of 400 (Bad Request)"] }); // rows half typed: the server names the missing figures

  test("numbers: a dossier is not saved with a number the page cannot read; the field is focused, nothing typed is lost", async ({ page }) => {
    await openSignedIn(page);
    await page.selectOption("#plan", "chu-puh-2021-2025");
    await page.selectOption("#kind", "commune");
    await page.fill("#name", "Xã Ia Hrú (số chưa đọc được)");
    await typeAndWait(page, "#stat-2021-households", "1.234,5");
    await page.click("#save-dossier");
    await page.waitForSelector('#dossier-error[data-code="unreadable-number"]:not([hidden])');
    assert.match(await page.locator("#dossier-error").textContent(), /Chưa lưu: sửa các ô số đánh dấu đỏ\..*“1\.234,5” là số thập phân/s);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "stat-2021-households");
    assert.equal(await page.locator("#stat-2021-households").inputValue(), "1.234,5");
    assert.equal(await page.locator("#dossier-state").getAttribute("data-status"), "new", "nothing saved");
  });
}
