// A tiny element builder shared by the pages (portal and reviewers' console).

const ATTRIBUTES = new Set(["lang", "scope", "for", "role", "title", "colspan"]);

/**
 * Builds an element: `props` are class, text, data-* / aria-* and a few plain attributes (lang, scope, for, role, title,
 * colspan; true gives an empty attribute), any other key a DOM property (e.g. onclick, hidden, disabled, value). Null,
 * undefined and false props and children are left out.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("data-") || key.startsWith("aria-") || ATTRIBUTES.has(key)) node.setAttribute(key, value === true ? "" : value);
    else node[key] = value;
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}
