// Steps shared by the specs.
import assert from "node:assert/strict";

/** Signs in through the development issuer's page as one of the demo users (docs/identity.md). */
export async function signInAs(page, userId, startPath = "/") {
  await page.goto(startPath);
  await page.waitForSelector("body[data-signed-in]");
  const button = page.locator("#sign-in-out");
  await assert.doesNotReject(button.waitFor());
  await button.click();
  await page.waitForURL(/\/dev\/sign-in/);
  await page.locator(`form:has(input[name="user"][value="${userId}"]) button`).click();
  await page.waitForSelector('body[data-signed-in="true"]');
}

/** Waits until the form's preview has answered at least `count` times since `before`. */
export async function evaluationsAfter(page, before) {
  await page.waitForFunction((n) => Number(document.body.dataset.evaluations ?? "0") > n, before);
}

export async function evaluations(page) {
  return Number(await page.evaluate(() => document.body.dataset.evaluations ?? "0"));
}

/** Types into a field replacing its content, then waits for the preview's next answer. */
export async function typeAndWait(page, selector, text) {
  const before = await evaluations(page);
  await page.fill(selector, text);
  await evaluationsAfter(page, before);
}

/** On the form: the Chư Pưh plan, a commune, khu vực III — each step's preview answered before the next. */
export async function chooseCommuneOfChuPuh(page) {
  await page.selectOption("#plan", "chu-puh-2021-2025");
  await page.selectOption("#kind", "commune");
  // Let the preview settle (nothing scheduled or in flight): a late answer to the kind alone could
  // otherwise arrive after `before` is read and be taken for the answer to the tag.
  await page.waitForSelector('body[data-preview-pending="false"]');
  const before = await evaluations(page);
  await page.check('#tags input[value="region-3"]');
  await evaluationsAfter(page, before);
}
