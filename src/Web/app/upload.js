// Direct upload of one file to Blob storage with the short-lived single-blob SAS the API issues:
// Put Block for each block, then Put Block List. The bytes never go through the app. Resumable: given
// the blocks the service already holds (GET …/files/{fileId}/blocks of a dossier, a nominee list or a
// report: prepareResume), only the missing ones are sent. Block ids are base64 of "block-000000" (same length for every block, as the
// service requires), and the block size follows from the file's size alone, so a resumed upload cuts
// the file exactly as the first attempt did.

import { getJson, sendJson } from "./api.js";

const MIN_BLOCK = 256 * 1024;
const MAX_BLOCK = 4 * 1024 * 1024; // the API's maxBlockBytes
const TARGET_BLOCKS = 20; // progress moves in steps of about 5 %

/** Block size for a file of `size` bytes (deterministic: resume depends on it). */
export function blockSize(size) {
  const even = Math.ceil(size / TARGET_BLOCKS / 65536) * 65536;
  return Math.min(MAX_BLOCK, Math.max(MIN_BLOCK, even));
}

/** The base64 block id of block `index`. */
export function blockId(index) {
  return btoa(`block-${String(index).padStart(6, "0")}`);
}

/** The blocks of a file: [{ id, start, end }]. */
export function plan(size) {
  const step = blockSize(size);
  const blocks = [];
  for (let start = 0, i = 0; start < size; start += step, i++) blocks.push({ id: blockId(i), start, end: Math.min(size, start + step) });
  return blocks;
}

/** The connection dropped (or the request was aborted): the upload can be resumed. */
export class UploadInterrupted extends Error {
  constructor(message, sent) {
    super(message);
    this.name = "UploadInterrupted";
    this.sent = sent;
  }
}

/** Blob storage refused a request (e.g. the SAS expired): carries the HTTP status. */
export class UploadRefused extends Error {
  constructor(status, text) {
    super(`HTTP ${status}: ${text.slice(0, 300)}`);
    this.name = "UploadRefused";
    this.status = status;
  }
}

function withQuery(sasUrl, query) {
  return `${sasUrl}${sasUrl.includes("?") ? "&" : "?"}${query}`;
}

async function put(url, body, headers, signal, sent) {
  let response;
  try {
    response = await fetch(url, { method: "PUT", body, headers, signal, credentials: "omit", cache: "no-store" });
  } catch (error) {
    throw new UploadInterrupted(error.message, sent);
  }
  if (!response.ok) throw new UploadRefused(response.status, await response.text().catch(() => ""));
}

/**
 * Sends the file's blocks that `have` (Map blockId → size held by the service) lacks, then commits
 * the block list. `onProgress(bytesDone, total)` after each block (bytes already held count as done).
 * Returns { sentBlocks, skippedBlocks }.
 */
export async function uploadBlocks(sasUrl, file, { have = new Map(), onProgress = () => {}, signal } = {}) {
  const blocks = plan(file.size);
  let done = 0;
  let sentBlocks = 0;
  let skippedBlocks = 0;
  onProgress(0, file.size);
  for (const block of blocks) {
    const length = block.end - block.start;
    if (have.get(block.id) === length) {
      skippedBlocks++;
    } else {
      await put(withQuery(sasUrl, `comp=block&blockid=${encodeURIComponent(block.id)}`), file.slice(block.start, block.end), undefined, signal, done);
      sentBlocks++;
    }
    done += length;
    onProgress(done, file.size);
  }
  const xml = `<?xml version="1.0" encoding="utf-8"?><BlockList>${blocks.map((b) => `<Latest>${b.id}</Latest>`).join("")}</BlockList>`;
  await put(withQuery(sasUrl, "comp=blocklist"), xml, { "Content-Type": "application/xml" }, signal, done);
  return { sentBlocks, skippedBlocks };
}

/** The API's block list answer → Map blockId → size (committed and uncommitted alike). */
export function heldBlocks(blocksAnswer) {
  const have = new Map();
  for (const b of [...(blocksAnswer?.committed ?? []), ...(blocksAnswer?.uncommitted ?? [])]) have.set(b.id, b.size);
  return have;
}

/**
 * Before resuming the upload of a pending file: asks the API which blocks the service holds (`GET {fileApi}/blocks`; the
 * write-only link cannot read them) and, when the link `upload` holds is missing or (nearly) expired, a fresh one
 * (`POST {fileApi}/upload-url`, refused once the file is no longer pending). `fileApi` is the pending file's path:
 * `/api/dossiers/{id}/files/{fileId}`, `/api/nominee-lists/{id}/files/{fileId}` or `/api/reports/submissions/{id}/files/{fileId}`.
 * Updates `upload.url` / `upload.expiresOn`; resolves with { ok: true, have } (for uploadBlocks) or { ok: false, problem }.
 */
export async function prepareResume(fileApi, upload) {
  const blocks = await getJson(`${fileApi}/blocks`);
  if (!upload.url || !upload.expiresOn || Date.parse(upload.expiresOn) - Date.now() < 60_000) {
    const fresh = await sendJson("POST", `${fileApi}/upload-url`, undefined);
    if (!fresh.ok) return { ok: false, problem: fresh.problem };
    upload.url = fresh.data.upload.url;
    upload.expiresOn = fresh.data.upload.expiresOn;
  }
  if (!blocks.ok) return { ok: false, problem: blocks.problem };
  return { ok: true, have: heldBlocks(blocks.data) };
}
