// Data for the dashboards: the statistics API (src/Functions/Statistics) through the signed-in
// user's token, or an embed token (embed.html). Every figure is computed from counts (rates are never
// averaged); the server filters every answer by the caller's scope.

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
    const { authFetch } = await import("/auth/auth.js");
    response = await authFetch(url, { headers, signal });
  }
  const type = response.headers.get("content-type") ?? "";
  const body = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    const error = new Error(typeof body === "object" ? body.title ?? `HTTP ${response.status}` : `HTTP ${response.status}`);
    error.status = response.status;
    error.problem = typeof body === "object" ? body : null;
    if (embedToken && response.status === 401) onEmbedRefused?.(error.problem);
    throw error;
  }
  return body;
}

/**
 * The unit's own series and its children's series, every year: { unit, children: [{code, name, level, years}] }.
 * unit is null when the caller may read the children but not the unit itself (a province leader at the national level).
 */
export async function loadLevel(definition, unitCode, basis, signal) {
  const source = definition.source;
  const base = unitCode === "VN" ? source.national : source.unit.replace("{unit}", encodeURIComponent(unitCode));
  const children = [];
  let unit = null;
  for (let page = 1; ; page++) {
    const query = new URLSearchParams({ basis, page: String(page), pageSize: String(source.pageSize ?? 500) });
    const body = await fetchJson(`${base}?${query}`, signal);
    unit = body.unit ?? unit;
    children.push(...(body.children?.items ?? []));
    const total = body.children?.total ?? 0;
    if (children.length >= total || (body.children?.items ?? []).length === 0) break;
  }
  return { unit, children };
}

/** The plan targets the API computes for a unit (GET .../targets), or [] when there are none or they are not readable. */
export async function loadPlanTargets(definition, unitCode, basis, signal) {
  if (unitCode === "VN") return [];
  try {
    const url = `${definition.source.targets.replace("{unit}", encodeURIComponent(unitCode))}?basis=${encodeURIComponent(basis)}`;
    const body = await fetchJson(url, signal);
    return (body.targets ?? []).filter((t) => t.years?.length && t.status !== "not-measured");
  } catch (error) {
    if (error.status === 403 || error.status === 404) return [];
    throw error;
  }
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
