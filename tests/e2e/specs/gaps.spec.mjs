// What the plan lacks for a nominee (`gaps` of the evaluation answer, docs/criteria.md), shown in the form's live
// preview and in the reviewers' console (issue 17).
import assert from "node:assert/strict";
import { evaluations, evaluationsAfter, signInAs, typeAndWait } from "../lib/helpers.mjs";
import { api, completeByApi, submitByApi, waitForStatus } from "../lib/dossier-api.mjs";
import { devToken } from "../lib/statistics.mjs";

export function register({ test }) {
  test("gaps: a commune outside khu vực I–III under Chư Pưh — the preview and the console say what the plan lacks (III.1.c)", async ({ page, baseUrl }) => {
    await page.goto("/");
    await page.waitForSelector('body[data-ready="true"]');
    await page.selectOption("#plan", "chu-puh-2021-2025");
    await page.waitForSelector('body[data-preview-pending="false"]');
    const before = await evaluations(page);
    await page.selectOption("#kind", "commune");
    await evaluationsAfter(page, before);
    for (const [id, value] of [["#stat-2021-households", "1.850"], ["#stat-2021-poor", "520"], ["#stat-2021-nearPoor", "310"],
      ["#stat-2023-households", "1.890"], ["#stat-2023-poor", "250"], ["#stat-2023-nearPoor", "150"]]) await typeAndWait(page, id, value);
    await page.waitForSelector("#gaps:not([hidden])");
    assert.match(await page.locator("#gaps").textContent(), /Kế hoạch chưa có tiêu chí cho đối tượng này/);
    assert.ok(await page.locator('#gaps li[data-clause="III.1.c"]').count() > 0, "the clause the plan keeps for other groups");
    const before2 = await evaluations(page);
    await page.check('#tags input[value="region-3"]');
    await evaluationsAfter(page, before2);
    assert.equal(await page.locator("#gaps").isHidden(), true, "a covered nominee has no gaps");

    const token = await devToken(baseUrl, "xa-ia-hru");
    const dossier = await completeByApi(baseUrl, token, {
      planId: "chu-puh-2021-2025", stage: { kind: "mid-term", year: 2023 }, nominatingUnitCode: "23971",
      nominee: { kind: "commune", name: "Thị trấn Nhơn Hoà (không thuộc khu vực)", tags: [] }, awardFormId: "giay-khen-chu-tich-huyen", nominationYear: 2023,
      statistics: [{ year: 2021, households: 1850, poor: 520, nearPoor: 310 }, { year: 2023, households: 1890, poor: 250, nearPoor: 150 }],
    });
    await submitByApi(baseUrl, token, dossier);
    await waitForStatus(baseUrl, token, dossier.id, "evaluated");
    assert.ok((await api(baseUrl, token, "GET", `/api/dossiers/${dossier.id}/evaluations`)).status === 200);
    await signInAs(page, "tham-dinh-gia-lai", `/review/dossier.html?id=${encodeURIComponent(dossier.id)}`);
    await page.waitForSelector("#criteria-gaps:not([hidden])");
    assert.match(await page.locator("#criteria-gaps").textContent(), /người thẩm định xem xét/);
    assert.ok(await page.locator('#criteria-gaps li[data-clause="III.1.c"]').count() > 0);
  }, { allowConsole: ["status of 400 (Bad Request)"] });
}
