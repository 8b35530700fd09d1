// Evidence PDFs in the reviewers' console, drawn by Mozilla PDF.js (pdfjs-dist, vendored at /vendor/pdfjs/)
// onto a <canvas> of this page. Chromium will not render a PDF in a sandboxed frame, and an unsandboxed frame
// would make the uploaded file a document of its own (its scripts, forms and links running on the Blob
// origin); here the bytes are fetched from the read SAS and handed to PDF.js's worker, nothing else:
//   - no text, annotation, form or XFA layer: links and form fields are pixels, never live elements;
//   - no PDF JavaScript (PDF.js runs it only through its viewer's scripting sandbox, which is not loaded);
//   - no WebAssembly (useWasm: false), so the CSP needs no 'wasm-unsafe-eval'; PDF.js falls back to its
//     JavaScript decoders (JPEG 2000 images inside a PDF are then not drawn: download the file for those);
//   - no eval: PDF.js 6 has no eval path at all (its former `isEvalSupported` option is gone), and the page's
//     and the worker's CSP (script-src 'self') would refuse it anyway;
//   - no extra fetches: no standard-font, CMap or ICC URLs (fonts the PDF does not embed come from the system).
// The library is loaded on the first PDF only (~0.5 MB, its worker ~1.3 MB).
const PDFJS = "/vendor/pdfjs/pdf.min.mjs";
const PDFJS_WORKER = "/vendor/pdfjs/pdf.worker.min.mjs";

/** Largest file the viewer fetches (the service accepts up to 50 MB). */
export const MAX_PDF_BYTES = 60 * 1024 * 1024;
/** Largest image inside a PDF that the worker decodes, in pixels (a decompression bomb stops there). */
const MAX_IMAGE_PIXELS = 100_000_000;

let library = null;

function loadLibrary() {
  library ??= import(PDFJS).then((pdfjs) => {
    pdfjs.GlobalWorkerOptions.workerSrc = PDFJS_WORKER;
    return pdfjs;
  }).catch((error) => {
    library = null; // try again next time (e.g. a dropped connection)
    throw error;
  });
  return library;
}

/**
 * Why the viewer failed: `fetch` (the bytes did not arrive), `too-large`, `password`, `invalid` (not a readable
 * PDF), `render`; `closed` when it was closed meanwhile (nothing to show).
 */
export class PdfViewerError extends Error {
  constructor(code, message, options) {
    super(message, options);
    this.name = "PdfViewerError";
    this.code = code;
  }
}

/**
 * Fetches the file's bytes from its read SAS (no cookies, no referrer); `onProgress(received, total)` after
 * each chunk (total 0 if unknown). Stops past MAX_PDF_BYTES.
 */
export async function fetchPdfBytes(url, { signal, expectedSize = 0, onProgress = () => {} } = {}) {
  let response;
  try {
    response = await fetch(url, { signal, mode: "cors", credentials: "omit", referrerPolicy: "no-referrer", cache: "no-store" });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new PdfViewerError("fetch", error.message, { cause: error });
  }
  if (!response.ok) throw new PdfViewerError("fetch", `HTTP ${response.status}`);
  const total = Number(response.headers.get("Content-Length")) || expectedSize || 0;
  if (total > MAX_PDF_BYTES) throw new PdfViewerError("too-large", `${total} bytes`);
  const reader = response.body.getReader();
  const chunks = [];
  let received = 0;
  onProgress(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > MAX_PDF_BYTES) {
      await reader.cancel();
      throw new PdfViewerError("too-large", `${received} bytes`);
    }
    chunks.push(value);
    onProgress(received, total);
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * One open PDF drawn page by page on `canvas` (fitted to `container`'s width, sharp on high-density
 * screens). `open(bytes)` resolves with the page count; `show(n)` draws page n; `destroy()` frees the worker.
 */
export class PdfDocumentView {
  #canvas;
  #container;
  #task = null;
  #doc = null;
  #render = null;
  #page = 0;
  #ticket = 0;
  #width = 0;
  #resize = null;
  #destroyed = false;

  constructor(canvas, container) {
    this.#canvas = canvas;
    this.#container = container;
  }

  get page() {
    return this.#page;
  }

  get pages() {
    return this.#doc?.numPages ?? 0;
  }

  async open(bytes) {
    const pdfjs = await loadLibrary();
    if (this.#destroyed) throw new PdfViewerError("closed", "the viewer was closed");
    this.#task = pdfjs.getDocument({
      data: bytes,
      enableXfa: false,
      useWasm: false,
      useWorkerFetch: false,
      stopAtErrors: false,
      maxImageSize: MAX_IMAGE_PIXELS,
      verbosity: pdfjs.VerbosityLevel.ERRORS,
    });
    try {
      const doc = await this.#task.promise;
      if (this.#destroyed) throw new PdfViewerError("closed", "the viewer was closed");
      this.#doc = doc;
    } catch (error) {
      if (error instanceof PdfViewerError) throw error;
      if (error?.name === "PasswordException") throw new PdfViewerError("password", error.message, { cause: error });
      throw new PdfViewerError("invalid", error?.message ?? String(error), { cause: error });
    }
    if (typeof ResizeObserver === "function") {
      this.#resize = new ResizeObserver(() => {
        const width = this.#fitWidth();
        if (this.#page && Math.abs(width - this.#width) > 1) this.show(this.#page).catch(() => {});
      });
      this.#resize.observe(this.#container);
    }
    return this.#doc.numPages;
  }

  /** Draws page `n` (1-based); a drawing still in progress is cancelled. */
  async show(n) {
    if (!this.#doc) return;
    const number = Math.min(Math.max(1, n), this.#doc.numPages);
    const ticket = ++this.#ticket; // the latest call wins
    this.#page = number;
    const page = await this.#doc.getPage(number);
    if (ticket !== this.#ticket || !this.#doc) return;
    this.#render?.cancel(); // a canvas takes one drawing at a time
    const natural = page.getViewport({ scale: 1 });
    this.#width = this.#fitWidth();
    const viewport = page.getViewport({ scale: this.#width / natural.width });
    const ratio = window.devicePixelRatio || 1;
    const canvas = this.#canvas;
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.style.width = `${Math.floor(viewport.width)}px`; // height follows the canvas's own ratio (CSS height: auto)
    const render = page.render({
      canvas,
      viewport,
      transform: ratio === 1 ? null : [ratio, 0, 0, ratio, 0, 0],
      background: "#ffffff",
    });
    this.#render = render;
    try {
      await render.promise;
    } catch (error) {
      if (error?.name === "RenderingCancelledException") return;
      throw new PdfViewerError("render", error?.message ?? String(error), { cause: error });
    } finally {
      if (this.#render === render) this.#render = null;
    }
  }

  destroy() {
    this.#destroyed = true;
    this.#ticket++;
    this.#resize?.disconnect();
    this.#render?.cancel();
    const task = this.#task;
    this.#task = null;
    this.#doc = null;
    this.#page = 0;
    task?.destroy().catch(() => {});
    // An empty canvas: nothing of the closed file stays on screen or in memory.
    this.#canvas.width = 0;
    this.#canvas.height = 0;
    this.#canvas.style.width = "";
  }

  #fitWidth() {
    const style = getComputedStyle(this.#container);
    const inner = this.#container.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return Math.max(200, Math.floor(inner));
  }
}
