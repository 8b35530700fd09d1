// Sở LĐ-TB&XH Bắc Giang's list in the reviewers' console (seed 003 IV.3.b): a district's approved dossier and the Sở's
// own are on it; the Sở's user attaches its tờ trình and its council's minutes in the page and submits it before
// 05/12/2023; both dossiers are forwarded. Vietnamese first.
import assert from "node:assert/strict";
import { dropSecondBlock, pdf } from "../lib/agency.mjs";
import { api, completeByApi, setClock, submitByApi, waitForStatus } from "../lib/dossier-api.mjs";
import { signInAs } from "../lib/helpers.mjs";
import { devToken } from "../lib/statistics.mjs";

const SCOPES = "/api/admin/unit-scopes/00000000-0000-4000-8000-0000000d0001/";
const DISTRICT_OID = "0d000000-0000-4000-8000-000000000001"; // huyen-chu-puh, moved to Tân Yên (216) for this test
const REVIEWER_OID = "0d000000-0000-4000-8000-000000000003"; // tham-dinh-gia-lai, moved to Bắc Giang (24)

function bacGiang(unit, kind, name) {
  return {
    planId: "bac-giang-so-ket-2023", stage: { kind: "mid-term", year: 2023 }, nominatingUnitCode: unit,
    nominee: { kind, name, address: "Bắc Giang" }, awardFormId: "bang-khen-chu-tich-tinh", nominationYear: 2023,
    achievementsSummary: "Thành tích tiêu biểu trong Phong trào thi đua.",
  };
}

export function register({ test }) {
  test("list: Sở LĐ-TB&XH attaches its tờ trình and minutes in the console and submits its list; both dossiers forwarded", async ({ page, baseUrl, screenshot }) => {
    const admin = await devToken(baseUrl, "quan-tri");
    const moved = [];
    try {
      for (const [oid, unitCode, displayName] of [[DISTRICT_OID, "216", "Cán bộ huyện Tân Yên (e2e)"], [REVIEWER_OID, "24", "Thẩm định Sở LĐ-TB&XH Bắc Giang (e2e)"]]) {
        const original = await api(baseUrl, admin, "GET", SCOPES + oid);
        assert.equal(original.status, 200, JSON.stringify(original.body));
        moved.push([oid, original.body]);
        assert.equal((await api(baseUrl, admin, "PUT", SCOPES + oid, { unitCode, displayName })).status, 200);
      }
      await setClock(baseUrl, "2023-11-20T09:00:00+07:00");
      const district = await devToken(baseUrl, "huyen-chu-puh");
      const reviewer = await devToken(baseUrl, "tham-dinh-gia-lai");
      const so = await devToken(baseUrl, "so-ldtbxh-bac-giang");
      // IV.3.a: the district sends its own proposal and the Mẫu 07 report; the Sở's reviewer approves it.
      const unitId = await submitByApi(baseUrl, district, await completeByApi(baseUrl, district, bacGiang("216", "household", "Hộ ông Hoàng Văn Tân (e2e)")));
      let d = await waitForStatus(baseUrl, reviewer, unitId, "evaluated");
      d = (await api(baseUrl, reviewer, "POST", `/api/dossiers/${unitId}/review`, { action: "start-review" }, d.etag)).body;
      assert.equal((await api(baseUrl, reviewer, "POST", `/api/dossiers/${unitId}/review`, { action: "approve", note: "Hội đồng Sở: đạt" }, d.etag)).status, 200);
      // IV.2.a: the Sở's own collective goes straight onto its list.
      const ownId = await submitByApi(baseUrl, so, await completeByApi(baseUrl, so, bacGiang("24", "collective", "Phòng Lao động - Việc làm (e2e)")));
      await waitForStatus(baseUrl, so, ownId, "evaluated");

      await setClock(baseUrl, "2023-12-04T09:00:00+07:00");
      await signInAs(page, "so-ldtbxh-bac-giang", "/review/list.html?planId=bac-giang-so-ket-2023&stageKind=mid-term&stageYear=2023&awardFormId=bang-khen-chu-tich-tinh");
      await page.waitForSelector('body[data-ready="true"]');
      await page.waitForSelector("#list:not([hidden])");
      assert.match(await page.locator("#list-rule").textContent(), /Mục IV\.3\.b: .*hạn cuối 05\/12\/2023/);
      const listed = await page.locator("#entries tbody tr[data-dossier-id]").evaluateAll((rows) => rows.map((r) => r.dataset.dossierId));
      assert.ok(listed.includes(unitId) && listed.includes(ownId), `both on the list: ${listed}`);

      // Submitting without the documents names them next to each.
      await page.click("#submit-list");
      await page.waitForSelector("#doc-to-trinh-error:not([hidden])");
      assert.match(await page.locator("#doc-bien-ban-error").textContent(), /Thiếu thành phần hồ sơ: Biên bản họp xét khen thưởng/);
      // The Sở's user reaches the page from the navigation (scope.lists of GET /api/me), opened on its one list.
      assert.equal(await page.locator('header nav a[href^="/review/list.html"]').count(), 1);
      // The tờ trình's upload drops at its second block: "Tiếp tục tải lên" sends only the missing blocks, as a dossier's does.
      const { blocks, restore } = await dropSecondBlock(page);
      await page.setInputFiles("#doc-to-trinh", { name: "to-trinh.pdf", mimeType: "application/pdf", buffer: pdf(600 * 1024, "to-trinh") });
      await page.waitForSelector('[data-component="to-trinh"] .upload-interrupted');
      assert.equal(await page.locator('[data-component="to-trinh"] [data-file-name="to-trinh.pdf"]').getAttribute("data-state"), "pending");
      await page.click('[data-component="to-trinh"] button.resume');
      await page.waitForSelector('[data-component="to-trinh"][data-accepted="1"]');
      await restore();
      assert.deepEqual(blocks, ["block-000000", "block-000001", "block-000001", "block-000002"], "after the drop only the missing blocks were sent");
      await page.setInputFiles("#doc-bien-ban", { name: "bien-ban.pdf", mimeType: "application/pdf", buffer: pdf(3000, "bien-ban") });
      await page.waitForSelector('[data-component="bien-ban"][data-accepted="1"]');
      await screenshot("nominee-list", page.locator("#list"));
      await page.click("#submit-list");
      await page.waitForSelector('body[data-list-status="submitted"]');
      assert.match(await page.locator("#list-done").textContent(), /Đã trình lúc 04\/12\/2023 .*2 hồ sơ đã chuyển trình/);
      for (const id of [unitId, ownId]) assert.equal((await api(baseUrl, reviewer, "GET", `/api/dossiers/${id}`)).body.status, "forwarded");
    } finally {
      await setClock(baseUrl, new Date().toISOString());
      for (const [oid, original] of moved) await api(baseUrl, admin, "PUT", SCOPES + oid, { unitCode: original.unitCode, displayName: original.displayName });
    }
  }, { allowConsole: ["status of 422", "ERR_CONNECTION_RESET", "ERR_FAILED"] }); // the submission without documents, refused on purpose; the dropped block, on purpose
}
