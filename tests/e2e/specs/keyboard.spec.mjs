// Keyboard (issue 17, item 9): after Save, an upload and Submit, the focus moves to the result (the message, the
// file's verdict), not to the page's body.
import assert from "node:assert/strict";
import { fillChuPuhCommune, pdf, uploadInForm as upload } from "../lib/agency.mjs";
import { openSignedIn } from "../lib/dossier-api.mjs";

export function register({ test }) {
  test("keyboard: after Save, an upload and Submit the focus is on the result message", async ({ page }) => {
    await openSignedIn(page);
    await fillChuPuhCommune(page, { name: "Xã Ia Hrú (bàn phím)" });
    await page.focus("#save-dossier");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#dossier-message:not([hidden])");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "dossier-message", "after Save");
    assert.match(await page.evaluate(() => document.activeElement?.textContent), /Đã lưu hồ sơ/);

    const row = await upload(page, "to-trinh", "to-trinh.pdf", pdf(4_000, "t"));
    assert.equal(await page.evaluate(() => document.activeElement?.closest("[data-file]")?.dataset.fileName), "to-trinh.pdf", "after an upload");
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("file-detail")), true);
    assert.match(await row.locator(".file-detail").textContent(), /SHA-256/);

    await page.focus("#submit-dossier");
    await page.keyboard.press("Enter");
    await page.waitForSelector('#dossier-error:not([hidden])');
    assert.equal(await page.evaluate(() => document.activeElement?.id), "dossier-error", "after a refused Submit: the reasons");
    for (const component of ["bien-ban", "bao-cao-thanh-tich"]) await upload(page, component, `${component}.pdf`, pdf(4_000, component[0]));
    await page.focus("#submit-dossier");
    await page.keyboard.press("Enter");
    await page.waitForSelector('#dossier-state[data-status="submitted"]');
    assert.equal(await page.evaluate(() => document.activeElement?.id), "dossier-message", "after Submit");
    assert.match(await page.evaluate(() => document.activeElement?.textContent), /Đã nộp hồ sơ/);
  }, { allowConsole: ["status of 400", "status of 422"] });

  test("phone: at 390 px the rates are on screen and the live preview follows the figures", async ({ page, screenshot }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/");
    await page.waitForSelector('body[data-ready="true"]');
    await page.selectOption("#plan", "chu-puh-2021-2025");
    await page.selectOption("#kind", "commune");
    await page.waitForSelector("#stat-2021-households");
    await page.fill("#stat-2021-households", "1.850");
    await page.fill("#stat-2021-poor", "520");
    await page.fill("#stat-2021-nearPoor", "310");
    const rates = await page.locator("#stat-2021-rates").boundingBox();
    const span = await page.locator("#stat-2021-rates span").boundingBox();
    assert.ok(rates.x >= 0 && rates.x + rates.width <= 390, `the rates cell within the screen (x ${rates.x}, width ${rates.width})`);
    assert.ok(span.x + span.width <= 390, "the rates text is not cut off");
    assert.equal((await page.locator("#stat-2021-rates span").textContent()).trim(), "28,11 % · 44,86 %");
    const scroller = await page.locator("#stats-set .table-scroll").evaluate((e) => e.scrollWidth - e.clientWidth);
    assert.ok(scroller <= 0, `the figures need no sideways scrolling (${scroller} px)`);
    const figures = await page.locator("#stats-set").boundingBox();
    const preview = await page.locator("#preview").boundingBox();
    const gap = preview.y - (figures.y + figures.height);
    assert.ok(gap >= 0 && gap < 80, `the preview right after the figures (${Math.round(gap)} px below them)`);
    await screenshot("form-phone-figures", page, { fullPage: true });
  });
}
