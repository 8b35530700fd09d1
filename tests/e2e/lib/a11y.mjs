// WCAG 2.1 AA checks run in the page: text contrast (1.4.3) and controls without an accessible name (4.1.2).

/**
 * Visible text whose contrast with what is behind it is below AA: 4.5:1, or 3:1 for large text (≥ 24 px, or
 * ≥ 18.66 px bold). The background is the first opaque one among the element and its ancestors (semi-transparent
 * ones are blended in); text over images or gradients, and disabled controls (exempt in 1.4.3), are not judged. Returns [{ text, ratio, color, background }].
 */
export async function contrastProblems(page, root = "body") {
  return page.evaluate((selector) => {
    const parse = (value) => {
      const m = /rgba?\(([\d.]+)[, ]+([\d.]+)[, ]+([\d.]+)(?:[, /]+([\d.]+))?\)/.exec(value);
      return m ? { r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4] } : null;
    };
    const blend = (top, bottom) => ({ r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
    const luminance = ({ r, g, b }) => {
      const lin = (c) => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const backgroundOf = (el) => {
      const layers = [];
      for (let node = el; node; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (style.backgroundImage !== "none") return null; // not judged
        const bg = parse(style.backgroundColor);
        if (bg && bg.a > 0) {
          layers.push(bg);
          if (bg.a >= 1) break;
        }
      }
      let colour = { r: 255, g: 255, b: 255, a: 1 }; // the canvas
      for (const layer of layers.reverse()) colour = blend(layer, colour);
      return colour;
    };
    const problems = [];
    const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!node.textContent.trim() || seen.has(el)) continue;
      seen.add(el);
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (rect.width === 0 || rect.height === 0 || style.visibility === "hidden" || el.closest("[hidden], .visually-hidden, [aria-hidden=true]")) continue;
      // 1.4.3 exempts inactive controls (disabled buttons are drawn faded on purpose).
      if (el.closest(":disabled, [aria-disabled=true]")) continue;
      const fg = parse(style.color);
      const bg = backgroundOf(el);
      if (!fg || !bg) continue;
      const colour = blend({ ...fg, a: fg.a * Number(style.opacity || 1) }, bg);
      const [l1, l2] = [luminance(colour), luminance(bg)].sort((a, b) => b - a);
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5) - 0.01) {
        problems.push({ text: node.textContent.trim().slice(0, 40), ratio: Math.round(ratio * 100) / 100, color: style.color, background: `rgb(${Math.round(bg.r)}, ${Math.round(bg.g)}, ${Math.round(bg.b)})` });
      }
    }
    return problems;
  }, root);
}

/** Visible inputs, selects, textareas and buttons without an accessible name (label, aria-label(ledby), or text). */
export async function unnamedControls(page) {
  return page.evaluate(() => [...document.querySelectorAll("input, select, textarea, button")]
    .filter((e) => !e.hidden && e.offsetParent !== null && e.type !== "hidden")
    .filter((e) => !(e.labels?.length || e.getAttribute("aria-label") || e.getAttribute("aria-labelledby") || e.title
      || (e.tagName !== "SELECT" && e.textContent.trim()))) // a select's text is its options', not a name
    .map((e) => e.id || e.outerHTML.slice(0, 80)));
}
