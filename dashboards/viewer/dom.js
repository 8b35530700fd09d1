// Small DOM helpers shared by the dashboard viewers (viewer.js, nominations.js).
import { lang } from "/app/i18n.js";

/** A [Vietnamese, English] pair in the current language (a plain value as text). */
export const text = (pair) => (Array.isArray(pair) ? (lang() === "en" ? pair[1] ?? pair[0] : pair[0]) : String(pair ?? ""));

/** An element: attributes (class, text, dataset, on<event> handlers, booleans) and children (nodes or strings; null skipped). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

/** Saves a URL (data: or blob:) as a file named `name`; a blob: URL is released afterwards when `revoke`. */
export function download(url, name, revoke = false) {
  const a = el("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  if (revoke) setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A chart (ECharts instance) as a PNG file, on a white background at twice the screen's resolution. With a caption
 * ({ title, subtitle, source }) the image carries them drawn above and below the chart, and as PNG text chunks
 * (iTXt, UTF-8: Title, Description, Source, Creation Time), so that a picture pasted into a report says what it shows.
 */
export async function downloadPng(chart, name, caption = null) {
  const url = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#ffffff" });
  if (!caption) return download(url, name);
  const image = new Image();
  await new Promise((resolve, reject) => { image.onload = resolve; image.onerror = reject; image.src = url; });
  const s = 2; // the chart's pixel ratio
  const pad = 16 * s;
  const font = "Noto Sans, DejaVu Sans, sans-serif";
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(image.width, 480 * s);
  const g = canvas.getContext("2d");
  const width = canvas.width - 2 * pad;
  const fit = (textValue) => {
    let out = textValue;
    while (out.length > 1 && g.measureText(out).width > width) out = out.slice(0, -2) + "…";
    return out;
  };
  // The source wraps (its date at the end must show); the title and subtitle are cut if ever too long.
  const wrap = (textValue) => {
    const lines = [""];
    for (const word of textValue.split(" ")) {
      const next = lines.at(-1) ? `${lines.at(-1)} ${word}` : word;
      if (g.measureText(next).width > width && lines.at(-1)) lines.push(word);
      else lines[lines.length - 1] = next;
    }
    return lines;
  };
  g.font = `${12 * s}px ${font}`;
  const sourceLines = wrap(caption.source);
  const top = pad + 22 * s + 20 * s + pad / 2;
  canvas.height = top + image.height + sourceLines.length * 16 * s + pad;
  g.fillStyle = "#ffffff";
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.textBaseline = "top";
  g.fillStyle = "#1b1f23";
  g.font = `700 ${18 * s}px ${font}`;
  g.fillText(fit(caption.title), pad, pad);
  g.font = `${14 * s}px ${font}`;
  g.fillStyle = "#3d4349";
  g.fillText(fit(caption.subtitle), pad, pad + 24 * s);
  g.drawImage(image, 0, top);
  g.font = `${12 * s}px ${font}`;
  g.fillStyle = "#4a4f55";
  sourceLines.forEach((line, i) => g.fillText(line, pad, top + image.height + 4 * s + i * 16 * s));
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  const png = withTextChunks(new Uint8Array(await blob.arrayBuffer()), {
    Title: caption.title, Description: caption.subtitle, Source: caption.source, "Creation Time": new Date().toISOString(),
  });
  download(URL.createObjectURL(new Blob([png], { type: "image/png" })), name, true);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The PNG with iTXt chunks (keyword, UTF-8 text, uncompressed) inserted after IHDR. */
function withTextChunks(png, entries) {
  const encoder = new TextEncoder();
  const chunks = Object.entries(entries).map(([keyword, value]) => {
    const data = [...encoder.encode(keyword), 0, 0, 0, 0, 0, ...encoder.encode(String(value))]; // keyword\0, flag 0, method 0, lang\0, translated\0
    const typeAndData = new Uint8Array([...encoder.encode("iTXt"), ...data]);
    const chunk = new Uint8Array(12 + data.length);
    const view = new DataView(chunk.buffer);
    view.setUint32(0, data.length);
    chunk.set(typeAndData, 4);
    view.setUint32(8 + data.length, crc32(typeAndData));
    return chunk;
  });
  const afterHeader = 8 + 25; // signature + IHDR (13 bytes of data)
  const size = png.length + chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(size);
  out.set(png.subarray(0, afterHeader), 0);
  let at = afterHeader;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  out.set(png.subarray(afterHeader), at);
  return out;
}
