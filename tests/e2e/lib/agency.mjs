// Steps through the agency form's dossier flow, shared by specs/agency.spec.mjs and any end-to-end test
// that needs a dossier made the way a commune makes it (docs/web.md "The dossier flow" lists the ids).
import { evaluations, evaluationsAfter, typeAndWait } from "./helpers.mjs";

/** A PDF the server's content sniffing accepts: %PDF header, filler, %%EOF; `size` bytes. */
export function pdf(size, seed = "x") {
  const head = Buffer.from("%PDF-1.4\n% e2e\n");
  const tail = Buffer.from("\n%%EOF\n");
  const body = Buffer.alloc(Math.max(0, size - head.length - tail.length), seed);
  return Buffer.concat([head, body, tail]);
}

/** A Windows executable (MZ) to be offered under a .pdf name. */
export function exe() {
  const bytes = Buffer.alloc(4096, 0);
  bytes.write("MZ", 0, "ascii");
  return bytes;
}

/**
 * On the form (signed in as a commune submitter, e.g. `xa-ia-hru`): Chư Pưh plan, mid-term 2023, the
 * commune itself (khu vực III), district chairman's certificate, and figures that meet III.1.c
 * (830 → 400 poor + near-poor households). Waits for the live preview after each figure.
 */
export async function fillChuPuhCommune(page, { name = "Xã Ia Hrú", summary = "Hộ nghèo và cận nghèo giảm từ 830 hộ (2021) còn 400 hộ (2023)." } = {}) {
  await page.selectOption("#plan", "chu-puh-2021-2025");
  await page.selectOption("#stage", { label: "Sơ kết 2023" });
  await page.selectOption("#award", "giay-khen-chu-tich-huyen");
  await page.selectOption("#kind", "commune");
  // Let the preview settle (nothing scheduled or in flight) so that the next answer is the tag's.
  await page.waitForSelector('body[data-preview-pending="false"]');
  const before = await evaluations(page);
  await page.check('#tags input[value="region-3"]');
  await evaluationsAfter(page, before);
  await page.fill("#name", name);
  await page.fill("#summary", summary);
  await typeAndWait(page, "#stat-2021-households", "1.850");
  await typeAndWait(page, "#stat-2021-poor", "520");
  await typeAndWait(page, "#stat-2021-nearPoor", "310");
  await typeAndWait(page, "#stat-2023-households", "1.890");
  await typeAndWait(page, "#stat-2023-nearPoor", "150");
  await typeAndWait(page, "#stat-2023-poor", "250");
}

/** Saves the form as a dossier; returns its id. */
export async function saveDossier(page) {
  await page.click("#save-dossier");
  await page.waitForSelector('#dossier-state:not([data-status="new"])');
  return page.evaluate(() => document.body.dataset.dossierId);
}

/** Chooses a file for a component and waits for the server's verdict (`accepted`, `rejected`, or `interrupted`). */
export async function uploadInForm(page, component, name, buffer, state = "accepted") {
  const mimeType = name.endsWith(".pdf") ? "application/pdf" : "application/octet-stream";
  await page.setInputFiles(`#file-${component}`, { name, mimeType, buffer });
  await page.waitForSelector(`[data-component="${component}"] [data-file-name="${name}"][data-state="${state}"]`);
  return page.locator(`[data-component="${component}"] [data-file-name="${name}"]`);
}

/** The three required components of the legal default list, one small PDF each. */
export async function uploadRequiredComponents(page, components = ["to-trinh", "bien-ban", "bao-cao-thanh-tich"]) {
  for (const component of components) await uploadInForm(page, component, `${component}.pdf`, pdf(20_000, component[0]));
}

/** Submits from the form and waits until the dossier is `submitted`; returns the revision. */
export async function submitDossier(page) {
  await page.click("#submit-dossier");
  await page.waitForSelector('#dossier-state[data-status="submitted"]');
  return Number(await page.locator("#dossier-state").getAttribute("data-revision"));
}
