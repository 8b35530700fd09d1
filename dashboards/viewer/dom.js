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

/** A chart (ECharts instance) as a PNG file, on a white background at twice the screen's resolution. */
export function downloadPng(chart, name) {
  download(chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#ffffff" }), name);
}
