// Data for the dashboards: the statistics API (src/Functions/Statistics) through the signed-in
// user's token, or an embed token (embed.html). Every figure is computed from counts (rates are never
// averaged); the server filters every answer by the caller's scope.

import { problemMessage } from "/app/api.js";
import { lang } from "/app/i18n.js";
import { authFetch } from "/auth/auth.js";

let embedToken = null; // an embed token, when the viewer runs embedded (embed.html)
let onEmbedRefused = null;

/** Sends every data request with `Authorization: Embed <token>`; `onRefused(problem)` hears of a 401 (expired or invalid token). */
export function useEmbedToken(token, onRefused = null) {
  embedToken = token;
  if (onRefused) onEmbedRefused = onRefused;
}

export async function fetchJson(url, signal) {
  const headers = { Accept: "application/json" };
  let response;
  if (embedToken) {
    headers.Authorization = `Embed ${embedToken}`;
    response = await fetch(url, { headers, signal });
  } else {
    response = await authFetch(url, { headers, signal });
  }
  const type = response.headers.get("content-type") ?? "";
  const body = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    // The problem's message in the page's language (docs/api-errors.md: localizedDetail / localizedTitle as { vi, en }).
    const error = new Error((typeof body === "object" && body ? problemMessage(body, lang()) : "") || `HTTP ${response.status}`);
    error.status = response.status;
    error.problem = typeof body === "object" ? body : null;
    if (embedToken && response.status === 401) onEmbedRefused?.(error.problem);
    throw error;
  }
  return body;
}

/**
 * The unit's own series and its children's series, every year, and (definition.source.includeTargets) the plan targets
 * the API computes for the unit: { unit, children: [{code, name, level, years}], planTargets, childYears }. With
 * childYears [from, to] the children come for those years only (the unit itself always for every year).
 * unit is null when the caller may read the children but not the unit itself (a province leader at the national level).
 * Under historical boundaries a code can name two units over the years (24: Bắc Giang until 2024, Bắc Ninh from 2025): the
 * API answers one series per unit version, each with its own name (validFrom/validTo), and asOf picks the unit's version.
 */
export async function loadLevel(definition, unitCode, basis, signal, childYears = null, asOf = null) {
  const source = definition.source;
  const national = unitCode === "VN";
  const base = national ? source.national : source.unit.replace("{unit}", encodeURIComponent(unitCode));
  const children = [];
  let unit = null;
  let targets = null;
  for (let page = 1; ; page++) {
    const query = new URLSearchParams({ basis, page: String(page), pageSize: String(source.pageSize ?? 500) });
    if (page === 1 && !national && source.includeTargets) query.set("include", "targets");
    // Historical boundaries: the unit as it was in the year shown (a code can name another unit in other years).
    if (asOf && !national) query.set("asOf", String(asOf));
    if (childYears) {
      query.set("childFrom", String(childYears[0]));
      query.set("childTo", String(childYears[1]));
    }
    const body = await fetchJson(`${base}?${query}`, signal);
    unit = body.unit ?? unit;
    targets ??= body.targets ?? null;
    children.push(...(body.children?.items ?? []));
    const total = body.children?.total ?? 0;
    if (children.length >= total || (body.children?.items ?? []).length === 0) break;
  }
  // The measured targets of the plans that govern the unit (each with its plan: title, period, governed unit); one without
  // the figures it needs is kept, for the card to say so.
  const planTargets = (targets ?? []).filter((t) => t.status !== "not-measured");
  return { unit, children, planTargets, childYears };
}

/** The boundaries a view starts in: ?basis= when the definition has it, else the basis slicer's default. */
export function startingBasis(definition, params) {
  const asked = params?.get("basis");
  if (asked && definition.drill?.[asked]) return asked;
  return definition.slicers?.find((s) => s.id === "basis")?.default ?? "2025";
}

/**
 * The viewer a definition needs: "kind": "nominations" (dossier counts, nominations.js) or the area statistics viewer
 * (poverty.json, viewer.js). Here rather than in a module of its own: page.js and embed.js already load this one, so
 * on a slow link the viewer's choice costs no extra request before the figures are asked for.
 */
export async function createViewer(root, definition, options = {}) {
  if (definition.kind === "nominations") {
    const { NominationsViewer } = await import("./nominations.js");
    return new NominationsViewer(root, definition, options);
  }
  const { DashboardViewer } = await import("./viewer.js");
  return new DashboardViewer(root, definition, options);
}

/**
 * Starts the first view's requests (the national figures and the map's boundaries) before the viewer and its chart
 * library have loaded, so that they overlap instead of following each other. The viewer takes them over
 * (option `prefetched`); a failure is reported by the viewer when it uses the result.
 */
export function prefetchFirstView(definition, params) {
  if (definition.kind === "nominations") return null;
  const basis = startingBasis(definition, params);
  const level = loadLevel(definition, "VN", basis);
  level.catch(() => {});
  const map = definition.pages?.[0]?.visuals?.find((v) => v.type === "map");
  const geo = map && basis === "2025" ? fetch(map.geo).then((r) => r.json()) : null;
  geo?.catch(() => {});
  return { key: `${basis}|VN`, level, geo };
}

/** The counts of a point, for all households or the ethnic-minority ones only. */
export function countsOf(point, minority) {
  if (!point) return null;
  if (!minority) return { households: point.households, poor: point.poor, nearPoor: point.nearPoor };
  if (point.minorityHouseholds == null || point.minorityPoor == null) return null;
  return { households: point.minorityHouseholds, poor: point.minorityPoor, nearPoor: point.minorityNearPoor ?? null };
}

/** The value of a measure (from the definition) for one year of a series; null when it cannot be computed. */
export function measureValue(measure, definition, years, year, minority) {
  const spec = definition.measures[measure];
  const at = (y) => years.find((p) => p.year === y);
  if (spec.fallOf) {
    const now = measureValue(spec.fallOf, definition, years, year, minority);
    const before = measureValue(spec.fallOf, definition, years, year - 1, minority);
    return now == null || before == null ? null : before - now;
  }
  const counts = countsOf(at(year), minority);
  if (!counts) return null;
  let numerator = 0;
  for (const field of spec.numerator) {
    if (counts[field] == null) return null;
    numerator += counts[field];
  }
  if (!spec.denominator) return numerator;
  const denominator = counts[spec.denominator];
  return denominator > 0 ? (numerator * 100) / denominator : null;
}

/** The years present in a series. */
export function yearsOf(series) {
  return (series?.years ?? []).map((p) => p.year).sort((a, b) => a - b);
}

/** The path a definition's target requires, year by year, starting from the baseline's actual value. */
export function targetPath(target, definition, years, minority) {
  const base = measureValue(target.measure, definition, years, target.baselineYear, minority);
  if (base == null) return [];
  const path = [];
  for (let year = target.baselineYear; year <= target.toYear; year++) {
    const steps = year - target.baselineYear;
    let value;
    if (target.rule === "average-fall-per-year") value = Math.max(0, base - target.amount * steps);
    else if (target.rule === "reduction-vs-baseline") value = base * (1 - target.amount * (steps / (target.toYear - target.baselineYear)));
    else continue;
    path.push({ year, value });
  }
  return path;
}
