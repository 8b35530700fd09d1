// A commune's defaults (issue 17, item 8): the district's certificate rather than a national order, the commune itself
// as the nominee with its name, and a unit picker searched without diacritics instead of a raw GSO code.
import assert from "node:assert/strict";
import { openSignedIn } from "../lib/dossier-api.mjs";
import { evaluations, evaluationsAfter, signInAs } from "../lib/helpers.mjs";

export function register({ test }) {
  test("defaults: the stage is the review held in the current year (sơ kết 2023 in 2023), the yearly round between reviews, the last review once the period is over", async ({ page }) => {
    const stageWord = () => page.locator("#stage option:checked").textContent();
    // The browser's date only (the server keeps its own clock): in June 2023 a commune proposes at the sơ kết 2023.
    await page.clock.setFixedTime(new Date("2023-06-01T09:00:00+07:00"));
    await openSignedIn(page);
    assert.equal(await stageWord(), "Sơ kết 2023", "not Tổng kết 2025, two years away");
    // 2024: no review that year, Chư Pưh has a yearly round inside its period.
    await page.clock.setFixedTime(new Date("2024-03-01T09:00:00+07:00"));
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    assert.match(await stageWord(), /^Hằng năm|^Khen thưởng hằng năm/);
    // After the period (today): its last review.
    await page.clock.setFixedTime(new Date("2026-12-04T09:00:00+07:00"));
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    assert.equal(await stageWord(), "Tổng kết 2025");
  });

  test("defaults: a commune submitter starts with its own commune, its name and the district chairman's certificate; units found without diacritics", async ({ page }) => {
    await openSignedIn(page);
    assert.equal(await page.locator("#plan").inputValue(), "chu-puh-2021-2025");
    assert.equal(await page.locator("#award").inputValue(), "giay-khen-chu-tich-huyen", "not Huân chương Lao động");
    assert.equal(await page.locator("#kind").inputValue(), "commune");
    assert.equal(await page.locator("#unit").inputValue(), "23971");
    assert.equal(await page.locator("#name").inputValue(), "Xã Ia Hrú", "the nominee's name from the unit");
    assert.match(await page.locator("#unit-search").inputValue(), /Xã Ia Hrú — mã 23971/);

    await page.fill("#unit-search", "ia le");
    await page.waitForSelector('#unit-options:not([hidden]) [role="option"]');
    const options = await page.locator('#unit-options [role="option"]').evaluateAll((o) => o.map((x) => x.textContent));
    assert.ok(options.some((o) => /^Xã Ia Le \(\d{5}\)Huyện Chư Pưh/.test(o)), `"ia le" finds Xã Ia Le of Chư Pưh: ${options}`);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.getElementById("unit-options").hidden);
    assert.match(await page.locator("#unit").inputValue(), /^\d{5}$/);
    assert.equal(await page.locator("#name").inputValue(), "Xã Ia Le", "the name follows the chosen unit (it was the unit's own)");

    await page.fill("#name", "UBND xã Ia Le");
    await page.fill("#unit-search", "chu puh");
    await page.waitForSelector('#unit-options:not([hidden]) [role="option"][data-code="639"]');
    await page.locator('#unit-options [role="option"][data-code="639"]').dispatchEvent("mousedown");
    assert.equal(await page.locator("#unit").inputValue(), "639");
    assert.equal(await page.locator("#name").inputValue(), "UBND xã Ia Le", "a name the user typed is kept");
  });

  test("defaults: plans offered by scope — a Chư Pưh commune submitter is offered only the plan governing its unit, a visitor every plan", async ({ page }) => {
    // Issue 16 B: Bắc Giang's, Bình Định's… plans govern other provinces; the API refuses them (plan-not-for-unit), so
    // the form does not offer them. A link naming another plan falls back to one the unit may draft under.
    await signInAs(page, "xa-ia-hru", "/?plan=bac-giang-so-ket-2023");
    await page.waitForSelector('body[data-ready="true"]');
    assert.deepEqual(await page.locator("#plan option").evaluateAll((o) => o.map((x) => x.value)), ["chu-puh-2021-2025"]);
    assert.equal(await page.locator("#plan").inputValue(), "chu-puh-2021-2025");

    await page.click("#sign-in-out");
    await page.waitForSelector('body[data-signed-in="false"]');
    await page.goto("/");
    await page.waitForSelector('body[data-ready="true"]');
    const all = await page.locator("#plan option").evaluateAll((o) => o.map((x) => x.value));
    assert.deepEqual([...all].sort(), ["bac-giang-so-ket-2023", "binh-dinh-2021-2025", "chu-puh-2021-2025", "khanh-vinh-2021-2025", "tuyen-quang-2016-2020"],
      "the public preview evaluates under any plan");
  });

  test("defaults: award forms offered by stage — Chư Pưh's province and State awards only at the sơ kết and tổng kết (III.2.b)", async ({ page }) => {
    await openSignedIn(page);
    const awards = () => page.locator("#award option").evaluateAll((o) => o.map((x) => x.value));
    await page.selectOption("#stage", { label: "Sơ kết 2023" });
    assert.deepEqual(await awards(), ["huan-chuong-lao-dong", "bang-khen-thu-tuong", "co-thi-dua-tinh", "bang-khen-chu-tich-tinh", "giay-khen-chu-tich-huyen"]);
    await page.selectOption("#award", "co-thi-dua-tinh");

    // II.4 / III.2.a: in an annual round only the district's Giấy khen; the province's Cờ thi đua chosen before goes.
    const annual = await page.locator("#stage option").evaluateAll((o) => o.find((x) => !/\d{4}$/.test(x.textContent))?.value);
    await page.selectOption("#stage", annual);
    assert.deepEqual(await awards(), ["giay-khen-chu-tich-huyen"]);
    assert.equal(await page.locator("#award").inputValue(), "giay-khen-chu-tich-huyen");

    await page.selectOption("#stage", { label: "Tổng kết 2025" });
    assert.equal((await awards()).length, 5);
  });

  test("defaults: a State award chosen shows its standard — khoản 2 Mục III of the plan issued with QĐ 666/QĐ-TTg (III.2.b)", async ({ page }) => {
    await openSignedIn(page);
    await page.selectOption("#stage", { label: "Sơ kết 2023" });
    const state = page.locator('#criteria [data-criterion="state-award.huan-chuong-lao-dong"]');
    assert.equal(await state.count(), 0, "the district's Giấy khen adds no criterion");
    const before = await evaluations(page);
    await page.selectOption("#award", "huan-chuong-lao-dong");
    await evaluationsAfter(page, before);
    await state.waitFor();
    assert.equal(await state.getAttribute("data-status"), "needs-review");
    assert.match(await state.locator(".head .clause").textContent(), /^III\.2\.b$/);
    assert.match(await state.textContent(), /theo quy định tại khoản 2 Mục III Kế hoạch/);
    assert.match(await state.locator(".reference").textContent(), /^Tham chiếu: khoản 2 Mục III, Kế hoạch .*Quyết định số 666\/QĐ-TTg/);
  });
}
