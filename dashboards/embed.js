// The embedded dashboard (/dashboards/embed.html?token=…), like Power BI "app owns data" (ADR 0005).
// The token names the dashboard, the unit scope and the host portal's origin; the page reads them from
// GET /api/embed/session, never from its own URL (editing ?unit= or ?dashboard= changes nothing, and the
// server filters every answer by the token's scope anyway). Before the token expires the page asks the
// host for a new one with postMessage, to the token's host origin only, and accepts an answer only from
// that origin and from its parent window. Without a new token it shows a clear message when it expires.
//
// Messages (both directions carry a `type`):
//   embed → host   { type: "nolb-embed:ready", dashboardId, unitCode, expiresInSeconds }
//   embed → host   { type: "nolb-embed:token-request", dashboardId, unitCode, expiresInSeconds }
//   host  → embed  { type: "nolb-embed:token", token }
//   embed → host   { type: "nolb-embed:expired" }
import { addMessages, applyTranslations, lang, onLangChange, setLang, t } from "/app/i18n.js";
import { createViewer, fetchJson, useEmbedToken } from "./viewer/data.js";

addMessages({
  "embed.expired": ["Phiên xem bảng điều khiển nhúng đã hết hạn.", "The embedded dashboard's session has expired."],
  "embed.expiredHelp": ["Tải lại trang đang chứa bảng điều khiển để xem tiếp. / Reload the page that shows this dashboard to continue.",
    "Reload the page that shows this dashboard to continue. / Tải lại trang đang chứa bảng điều khiển để xem tiếp."],
  "embed.invalid": ["Mã nhúng không hợp lệ hoặc không dùng được cho bảng này.", "The embed token is not valid for this dashboard."],
  "embed.invalidHelp": ["Trang chứa cần cấp mã nhúng mới. / The hosting page must issue a new embed token.",
    "The hosting page must issue a new embed token. / Trang chứa cần cấp mã nhúng mới."],
  "embed.missing": ["Thiếu mã nhúng (?token=…).", "No embed token (?token=…)."],
  "embed.scope": ["Phạm vi: {unit}", "Scope: {unit}"],
  "shell.switchTo": ["English", "Tiếng Việt"],
});

// A frame on another site may be refused storage (third-party storage blocking): keep the language choice
// in memory then, rather than fail.
try {
  window.localStorage.getItem("nolb.lang");
} catch {
  const memory = new Map();
  Object.defineProperty(window, "localStorage", {
    configurable: true,
    value: { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => memory.set(k, String(v)), removeItem: (k) => memory.delete(k) },
  });
}

const REFRESH_MARGIN_S = 60; // ask for a new token this long before expiry (half the lifetime if shorter)
const params = new URLSearchParams(location.search);
if (params.get("lang") === "en" || params.get("lang") === "vi") setLang(params.get("lang"));
let token = params.get("token") ?? "";
let session = null;
let expiryTimer = null;
let refreshTimer = null;
let refreshes = 0;
let ended = false;
const body = document.body;

function renderLang() {
  const button = document.getElementById("lang-switch");
  button.textContent = t("shell.switchTo");
  button.setAttribute("lang", lang() === "vi" ? "en" : "vi");
  if (session) document.getElementById("embed-scope").textContent = t("embed.scope", { unit: `${session.unitName} (${session.unitCode})` });
  if (ended) showEnded(body.dataset.embedState);
}

function post(message) {
  // Only to the portal the token was issued for; a parent on any other origin receives nothing.
  if (session && window.parent !== window) window.parent.postMessage(message, session.hostOrigin);
}

/** Ends the session: the figures go away and a clear message (Vietnamese and English) takes their place. */
function showEnded(state) {
  ended = true;
  clearTimeout(expiryTimer);
  clearTimeout(refreshTimer);
  body.dataset.embedState = state;
  const box = document.getElementById("embed-message");
  const [title, help] = state === "expired" ? ["embed.expired", "embed.expiredHelp"] : state === "missing" ? ["embed.missing", "embed.invalidHelp"] : ["embed.invalid", "embed.invalidHelp"];
  const first = document.createElement("p");
  first.textContent = t(title);
  const second = document.createElement("p");
  second.textContent = t(help);
  box.replaceChildren(first, second);
  box.hidden = false;
  window.dashboard?.dispose?.();
}

function onRefused(problem) {
  if (ended) return;
  showEnded(problem?.type?.endsWith("/embed-token-expired") ? "expired" : "invalid");
  if (body.dataset.embedState === "expired") post({ type: "nolb-embed:expired" });
}

async function readSession(candidate) {
  const response = await fetch("/api/embed/session", { headers: { Authorization: `Embed ${candidate}`, Accept: "application/json" } });
  const answer = await response.json().catch(() => null);
  return { ok: response.ok, status: response.status, answer };
}

/** Timers from the server's "seconds left" (not the page's clock, which may be wrong). */
function schedule(expiresInSeconds) {
  clearTimeout(expiryTimer);
  clearTimeout(refreshTimer);
  const margin = Math.min(REFRESH_MARGIN_S, expiresInSeconds / 2);
  refreshTimer = setTimeout(() => post({ type: "nolb-embed:token-request", dashboardId: session.dashboardId, unitCode: session.unitCode, expiresInSeconds: margin }),
    Math.max(0, (expiresInSeconds - margin) * 1000));
  expiryTimer = setTimeout(() => {
    showEnded("expired");
    post({ type: "nolb-embed:expired" });
  }, expiresInSeconds * 1000);
  body.dataset.expiresIn = String(expiresInSeconds);
}

window.addEventListener("message", async (event) => {
  if (!session || ended || event.source !== window.parent || event.origin !== session.hostOrigin) return;
  const data = event.data;
  if (!data || data.type !== "nolb-embed:token" || typeof data.token !== "string" || data.token.length > 4096) return;
  const next = await readSession(data.token);
  if (ended) return; // too late: the session already ended and said so
  // A new token must be for the same dashboard and unit: the host cannot widen what this page shows.
  if (!next.ok || next.answer.dashboardId !== session.dashboardId || next.answer.unitCode !== session.unitCode) {
    body.dataset.refusedTokens = String(Number(body.dataset.refusedTokens ?? "0") + 1);
    return;
  }
  token = data.token;
  useEmbedToken(token);
  refreshes++;
  body.dataset.tokenRefreshes = String(refreshes);
  schedule(next.answer.expiresInSeconds);
});

async function start() {
  applyTranslations();
  document.getElementById("lang-switch").addEventListener("click", () => setLang(lang() === "vi" ? "en" : "vi"));
  onLangChange(renderLang);
  renderLang();
  if (!token) return showEnded("missing");
  const first = await readSession(token);
  if (!first.ok) return showEnded(first.answer?.type?.endsWith("/embed-token-expired") ? "expired" : "invalid");
  session = first.answer;
  useEmbedToken(token, onRefused);
  renderLang();
  schedule(session.expiresInSeconds);
  const definition = await (await fetch(`/dashboards/definitions/${encodeURIComponent(session.dashboardId)}.json`)).json();
  const title = () => {
    document.getElementById("dashboard-title").textContent = definition.title[lang() === "en" ? 1 : 0];
  };
  title();
  onLangChange(title);
  const root = document.getElementById("dashboard");
  const rootUnit = { code: session.unitCode, name: session.unitName };
  const viewer = await createViewer(root, definition, { rootUnit, fetchJson });
  viewer.applyQuery?.(params); // year, measure, boundaries: never the unit
  window.dashboard = viewer;
  post({ type: "nolb-embed:ready", dashboardId: session.dashboardId, unitCode: session.unitCode, expiresInSeconds: session.expiresInSeconds });
  if (!ended) await viewer.start();
  body.dataset.ready = "true";
}

start().catch((error) => {
  body.dataset.ready = "true";
  const box = document.getElementById("embed-message");
  box.textContent = error.message;
  box.hidden = false;
});
