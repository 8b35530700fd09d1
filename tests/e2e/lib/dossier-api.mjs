// Dossiers made, moved and read through the API (as the reviewer or another tab would), for the specs that then
// drive the form or the console: shared by specs/agency.spec.mjs and specs/supplement.spec.mjs.
import assert from "node:assert/strict";
import { pdf } from "./agency.mjs";
import { signInAs } from "./helpers.mjs";
import { devToken } from "./statistics.mjs";

export async function api(baseUrl, token, method, path, body, ifMatch) {
  const headers = { Authorization: `Bearer ${token}`, Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (ifMatch) headers["If-Match"] = ifMatch;
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export async function setClock(baseUrl, now) {
  const token = await devToken(baseUrl, "quan-tri");
  const r = await api(baseUrl, token, "POST", "/dev/clock", { now });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

export async function openSignedIn(page, path = "/") {
  await signInAs(page, "xa-ia-hru", path);
  await page.waitForSelector('body[data-ready="true"]');
  if (!path.startsWith("/dossiers.html")) await page.waitForFunction(() => Number(document.body.dataset.evaluations ?? "0") > 0);
}

/**
 * A dossier created with its required components (as the server lists them for it: the plan's, or its route's — a Bắc
 * Giang unit sends its own proposal and the Mẫu 07 report, IV.3.a) uploaded and confirmed through the API; returns it.
 */
export async function completeByApi(baseUrl, token, body) {
  const created = await api(baseUrl, token, "POST", "/api/dossiers", body);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;
  let dossier = created.body;
  for (const component of created.body.components.filter((c) => c.required).map((c) => c.id)) {
    const added = await api(baseUrl, token, "POST", `/api/dossiers/${id}/files`, { componentId: component, fileName: `${component}.pdf`, size: 2048 });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const blockId = Buffer.from("block-000000").toString("base64");
    const url = added.body.upload.url;
    assert.equal((await fetch(`${url}&comp=block&blockid=${encodeURIComponent(blockId)}`, { method: "PUT", body: pdf(2048) })).status, 201);
    assert.equal((await fetch(`${url}&comp=blocklist`, { method: "PUT", body: `<?xml version="1.0" encoding="utf-8"?><BlockList><Latest>${blockId}</Latest></BlockList>` })).status, 201);
    const confirmed = await api(baseUrl, token, "POST", `/api/dossiers/${id}/files/${added.body.file.id}/confirm`);
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    dossier = confirmed.body;
  }
  return dossier;
}

export async function submitByApi(baseUrl, token, dossier) {
  const submitted = await api(baseUrl, token, "POST", `/api/dossiers/${dossier.id}/submit`, undefined, dossier.etag);
  assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
  return dossier.id;
}

/** A complete Chư Pưh commune dossier created, uploaded and submitted through the API (for the return test). */
export async function submittedByApi(baseUrl, token, name) {
  return submitByApi(baseUrl, token, await completeByApi(baseUrl, token, {
    planId: "chu-puh-2021-2025", stage: { kind: "mid-term", year: 2023 }, nominatingUnitCode: "23971",
    nominee: { kind: "commune", name, unitCode: "23971", tags: ["region-3"] }, awardFormId: "giay-khen-chu-tich-huyen", nominationYear: 2023,
    statistics: [{ year: 2021, households: 1850, poor: 520, nearPoor: 310 }, { year: 2023, households: 1890, poor: 250, nearPoor: 150 }],
    achievementsSummary: "Giảm từ 830 hộ xuống 400 hộ.",
  }));
}

/** A household of TP Bắc Giang (213) for the provincial certificate of Bắc Giang's mid-term plan. */
export function bacGiangHousehold(name) {
  return {
    planId: "bac-giang-so-ket-2023", stage: { kind: "mid-term", year: 2023 }, nominatingUnitCode: "213",
    nominee: { kind: "household", name, address: "Phường Trần Phú, TP Bắc Giang" }, awardFormId: "bang-khen-chu-tich-tinh", nominationYear: 2023,
    achievementsSummary: "Tự nguyện đăng ký thoát nghèo năm 2021.",
  };
}

export async function waitForStatus(baseUrl, token, id, status) {
  for (let i = 0; i < 300; i++) {
    const r = await api(baseUrl, token, "GET", `/api/dossiers/${id}`);
    if (r.body.status === status) return r.body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`dossier ${id} did not reach ${status}`);
}

/**
 * A commune dossier submitted through the API, evaluated, taken and returned by the Gia Lai reviewer asking for the
 * figures and the achievements report; returns its id.
 */
export async function returnedByApi(baseUrl, name) {
  const submitter = await devToken(baseUrl, "xa-ia-hru");
  const reviewer = await devToken(baseUrl, "tham-dinh-gia-lai");
  const id = await submittedByApi(baseUrl, submitter, name);
  const evaluated = await waitForStatus(baseUrl, reviewer, id, "evaluated");
  const taken = await api(baseUrl, reviewer, "POST", `/api/dossiers/${id}/review`, { action: "start-review" }, evaluated.etag);
  assert.equal(taken.status, 200, JSON.stringify(taken.body));
  const returned = await api(baseUrl, reviewer, "POST", `/api/dossiers/${id}/review`, {
    action: "return",
    note: "Bổ sung trước ngày 25/11.",
    items: [
      { field: "statistics", reason: "Số hộ nghèo năm 2023 chưa khớp biên bản rà soát." },
      { componentId: "bao-cao-thanh-tich", reason: "Báo cáo thành tích chưa có chữ ký, đóng dấu." },
    ],
  }, taken.body.etag);
  assert.equal(returned.status, 200, JSON.stringify(returned.body));
  return id;
}

/**
 * A file the server refuses at confirmation although the page's own checks would pass it (a zip under a .docx name,
 * without the Word parts), registered, uploaded and confirmed through the API; returns the file id.
 */
export async function refusedFileByApi(baseUrl, token, id, component = "minh-chung") {
  const added = await api(baseUrl, token, "POST", `/api/dossiers/${id}/files`, { componentId: component, fileName: `${component}.docx`, size: 22 });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  const blockId = Buffer.from("block-000000").toString("base64");
  const zip = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...Array(18).fill(0)]); // an empty zip: no Word parts
  assert.equal((await fetch(`${added.body.upload.url}&comp=block&blockid=${encodeURIComponent(blockId)}`, { method: "PUT", body: zip })).status, 201);
  assert.equal((await fetch(`${added.body.upload.url}&comp=blocklist`, { method: "PUT", body: `<?xml version="1.0" encoding="utf-8"?><BlockList><Latest>${blockId}</Latest></BlockList>` })).status, 201);
  assert.equal((await api(baseUrl, token, "POST", `/api/dossiers/${id}/files/${added.body.file.id}/confirm`)).status, 422);
  return added.body.file.id;
}
