// Checks of the reviewers' evidence viewer (src/Web/review/dossier.js, pdf-viewer.js), shared by the journey
// and the review specs.

/** How many pixels of the canvas are drawn (not white or transparent): > 0 means PDF.js painted something. */
export async function inkOnCanvas(page, selector) {
  return page.locator(selector).evaluate((canvas) => {
    if (!canvas.width || !canvas.height) return 0;
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0 && (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200)) ink++;
    }
    return ink;
  });
}

/** A digest of the canvas's pixels, to tell two pages apart. */
export async function canvasDigest(page, selector) {
  return page.locator(selector).evaluate(async (canvas) => {
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    const hash = await crypto.subtle.digest("SHA-256", data);
    return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, "0")).join("");
  });
}

/**
 * What could hold a file as a document of its own: iframes whose src is on the Blob endpoint, <object>/<embed>
 * elements, and child frames (of any depth) that loaded anything but about:blank.
 */
export async function viewerFrames(page, blobUrl) {
  const dom = await page.evaluate((blob) => ({
    pointingAtBlob: [...document.querySelectorAll("iframe")].map((f) => f.getAttribute("src") ?? "").filter((src) => src.startsWith(blob)),
    objects: document.querySelectorAll("object, embed").length,
  }), blobUrl);
  const childFrames = page.frames().filter((f) => f !== page.mainFrame()).map((f) => f.url()).filter((url) => url && url !== "about:blank");
  return { ...dom, childFrames };
}
