// Calls to the app's own API (same origin only). Problem answers (application/problem+json, docs/api-errors.md) are
// returned as { problem } so that pages can show each error next to its field, in the page's language.
import { authFetch } from "/auth/auth.js";

const planCache = new Map();

async function read(response) {
  const type = response.headers.get("content-type") ?? "";
  const body = type.includes("json") ? await response.json() : await response.text();
  if (response.ok) return { ok: true, status: response.status, data: body, headers: response.headers };
  return {
    ok: false,
    status: response.status,
    problem: typeof body === "object" && body
      ? body
      : {
          // Not the API's own answer (a proxy's page, a network error): the same shape, so pages need no second path.
          code: `http-${response.status}`,
          status: response.status,
          title: `HTTP ${response.status}`,
          localizedTitle: { vi: `Lỗi HTTP ${response.status}`, en: `HTTP error ${response.status}` },
        },
  };
}

/** GET with the bearer token when signed in. */
export async function getJson(url, { signal } = {}) {
  return read(await authFetch(url, { headers: { Accept: "application/json" }, signal }));
}

/** POST/PUT/DELETE JSON with the bearer token when signed in; `ifMatch` sends the ETag (optimistic concurrency). */
export async function sendJson(method, url, body, { signal, ifMatch } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (ifMatch) headers["If-Match"] = ifMatch;
  return read(await authFetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  }));
}

/** The file name of a Content-Disposition header (RFC 5987 filename* first), or null. */
export function dispositionFileName(disposition) {
  const text = disposition ?? "";
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(text)?.[1];
  if (extended) return decodeURIComponent(extended);
  return /filename="?([^";]+)"?/i.exec(text)?.[1] ?? null;
}

/**
 * Downloads a file of the API with the bearer token (a plain link would go without it) and saves it under the server's
 * file name. Returns { ok: true, name, size, type } or, like getJson, { ok: false, status, problem }.
 */
export async function downloadFile(url, fallbackName) {
  const response = await authFetch(url);
  if (!response.ok) return read(response);
  const blob = await response.blob();
  const name = dispositionFileName(response.headers.get("content-disposition")) ?? fallbackName;
  const href = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return { ok: true, name, size: blob.size, type: blob.type };
}

/** The plan catalogue (anonymous). */
export async function listPlans() {
  const result = await getJson("/api/plans");
  if (!result.ok) throw new Error(result.problem.title ?? "plans");
  for (const plan of result.data.plans) planCache.set(plan.id, plan);
  return result.data.plans;
}

export async function getPlan(planId) {
  if (planCache.has(planId)) return planCache.get(planId);
  const result = await getJson(`/api/plans/${encodeURIComponent(planId)}`);
  if (!result.ok) throw new Error(result.problem.title ?? planId);
  planCache.set(planId, result.data);
  return result.data;
}

/** POST /api/evaluate; stateless, anonymous. */
export function evaluate(request, signal) {
  return sendJson("POST", "/api/evaluate", request, { signal });
}

/**
 * The messages of a problem, by field: { "statistics[0].poor": ["vi", "en"], ... }. The API sends the
 * Vietnamese message first, then the English one.
 */
export function problemFields(problem) {
  return problem?.errors && typeof problem.errors === "object" && !Array.isArray(problem.errors) ? problem.errors : {};
}

/** One field's message ([vi, en] from `errors`) in the chosen language. */
export function fieldMessage(messages, language) {
  if (!Array.isArray(messages) || messages.length === 0) return "";
  return language === "en" ? messages[1] ?? messages[0] : messages[0];
}

/** A { vi, en } message in the chosen language. */
export function inLanguage(message, language) {
  if (!message || typeof message !== "object") return "";
  return (language === "en" ? message.en : message.vi) ?? message.vi ?? message.en ?? "";
}

/** What went wrong, in the chosen language: the problem's localized detail, else its localized title. */
export function problemMessage(problem, language) {
  return inLanguage(problem?.localizedDetail, language) || problemTitle(problem, language);
}

/** The problem's short title in the chosen language. */
export function problemTitle(problem, language) {
  return inLanguage(problem?.localizedTitle, language) || String(problem?.title ?? "");
}

/**
 * A file's rejection reason in the chosen language: the server stores it as { vi, en } (`rejection`). Rows stored
 * before that carry one "vi / en" text (`rejectionReason`), shown whole rather than split.
 */
export function rejectionReasonText(file, language) {
  if (file?.rejection) return language === "en" ? file.rejection.en : file.rejection.vi;
  return file?.rejectionReason ? String(file.rejectionReason) : "";
}
