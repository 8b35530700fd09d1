// Steps through the agency form's dossier flow, shared by specs/agency.spec.mjs and any end-to-end test
// that needs a dossier made the way a commune makes it (docs/web.md "The dossier flow" lists the ids).
import { deflateSync } from "node:zlib";
import { evaluations, evaluationsAfter, typeAndWait } from "./helpers.mjs";

/** A PDF the server's content sniffing accepts: %PDF header, filler, %%EOF; `size` bytes. */
export function pdf(size, seed = "x") {
  const head = Buffer.from("%PDF-1.4\n% e2e\n");
  const tail = Buffer.from("\n%%EOF\n");
  const body = Buffer.alloc(Math.max(0, size - head.length - tail.length), seed);
  return Buffer.concat([head, body, tail]);
}

/**
 * A real PDF that a PDF reader draws: one page per text (a line of Helvetica each), xref offsets computed.
 * `realPdf("text")` is one page; `realPdf(["page one", "page two"])` two.
 */
export function realPdf(texts) {
  const pages = Array.isArray(texts) ? texts : [texts];
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>", null, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"];
  const kids = [];
  for (const text of pages) {
    const stream = `BT /F1 18 Tf 60 760 Td (${text}) Tj ET 0 0 1 rg 60 600 ${120 * kids.length + 120} 80 re f`;
    objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    kids.push(objects.length + 1);
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${objects.length} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(" ")}] /Count ${kids.length} >>`;
  let out = "%PDF-1.4\n";
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/** A real PNG (`width` × `height`, RGB, a colour gradient), e.g. a photographed certificate. */
export function png(width = 40, height = 30) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3); // filter byte 0, then pixels
    for (let x = 0; x < width; x++) row.set([Math.round((255 * x) / width), Math.round((255 * y) / height), 160], 1 + x * 3);
    rows.push(row);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(Buffer.concat(rows))), chunk("IEND", Buffer.alloc(0))]);
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

/**
 * Drops the connection at the page's second Put Block (once), as a network failure would. Returns `blocks`, the block ids
 * (decoded: `block-000001`) the page sends from now on, and `restore()`, which lets blocks through again.
 */
export async function dropSecondBlock(page) {
  const blocks = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (request.method() === "PUT" && url.searchParams.get("comp") === "block") blocks.push(Buffer.from(url.searchParams.get("blockid"), "base64").toString());
  });
  let puts = 0;
  const isBlock = (url) => url.searchParams.get("comp") === "block";
  await page.route(isBlock, (route) => (++puts === 2 ? route.abort("connectionreset") : route.fallback()));
  return { blocks, restore: () => page.unroute(isBlock) };
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
