// Typed figures beside the official figures (issue 17, item 8): the reviewers' console shows the statistics store's
// review results of the nominee unit next to what the unit typed, and flags every count that differs.
import assert from "node:assert/strict";
import { api, completeByApi, submitByApi, waitForStatus } from "../lib/dossier-api.mjs";
import { signInAs } from "../lib/helpers.mjs";
import { devToken, figures, importFixture } from "../lib/statistics.mjs";

export function register({ test }) {
  test("official figures: the console shows the official review results beside the typed ones and flags the difference", async ({ page, baseUrl, root }) => {
    await importFixture(baseUrl, root);
    const o2021 = figures("23971", 2021);
    const o2023 = figures("23971", 2023);
    const token = await devToken(baseUrl, "xa-ia-hru");
    const dossier = await completeByApi(baseUrl, token, {
      planId: "chu-puh-2021-2025", stage: { kind: "mid-term", year: 2023 }, nominatingUnitCode: "23971",
      nominee: { kind: "commune", name: "Xã Ia Hrú (đối chiếu)", unitCode: "23971", tags: ["region-3"] }, awardFormId: "giay-khen-chu-tich-huyen", nominationYear: 2023,
      statistics: [
        { year: 2021, households: o2021.households, poor: o2021.poor, nearPoor: o2021.nearPoor },
        { year: 2023, households: o2023.households, poor: o2023.poor - 7, nearPoor: o2023.nearPoor },
      ],
    });
    const answer = await api(baseUrl, token, "GET", `/api/dossiers/${dossier.id}/official-figures`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.available, true);
    assert.deepEqual(answer.body.rows.find((r) => r.year === 2023).differs, ["poor"]);
    assert.deepEqual(answer.body.rows.find((r) => r.year === 2021).differs, []);
    await submitByApi(baseUrl, token, dossier);
    await waitForStatus(baseUrl, token, dossier.id, "evaluated");

    await signInAs(page, "tham-dinh-gia-lai", `/review/dossier.html?id=${encodeURIComponent(dossier.id)}`);
    await page.waitForSelector("#figures-official-note:not([hidden])");
    assert.equal(await page.locator("#figures-official-note").getAttribute("data-differs"), "1");
    assert.match(await page.locator("#figures-official-note").textContent(), /Khác số liệu chính thức ở 1 ô/);
    assert.equal(await page.locator('#figures tr[data-year="2023"]').getAttribute("data-differs"), "poor");
    const poorCell = await page.locator('#figures tr[data-year="2023"] td.differs').textContent();
    assert.match(poorCell, new RegExp(`≠ chính thức ${o2023.poor.toLocaleString("vi-VN")}`));
    assert.equal(await page.locator('#figures tr[data-year="2021"]').getAttribute("data-differs"), "");
    // The console's history names the evaluation's writer in Vietnamese, not "system" (issue 17, item 7).
    await page.waitForSelector('#history tbody tr[data-action="evaluate"]');
    assert.match(await page.locator('#history tbody tr[data-action="evaluate"]').textContent(), /Hệ thống/);
    assert.doesNotMatch(await page.locator("#history tbody").textContent(), /\bsystem\b/);
  });
}
