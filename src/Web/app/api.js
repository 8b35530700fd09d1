// Calls to the app's own API (same origin only). Problem answers (application/problem+json) are
// returned as { problem } so that pages can show each error next to its field.
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
      : { title: `HTTP ${response.status}`, detail: String(body ?? ""), status: response.status },
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
  return problem?.errors && typeof problem.errors === "object" ? problem.errors : {};
}

/** A problem's message in the chosen language ("vi / en" titles and details are split on " / "). */
export function pickLanguage(text, language) {
  if (!text) return "";
  const parts = String(text).split(" / ");
  return parts.length === 2 ? (language === "en" ? parts[1] : parts[0]) : String(text);
}
