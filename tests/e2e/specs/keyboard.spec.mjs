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
}
