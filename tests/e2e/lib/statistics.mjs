// Review figures for the dashboard tests, imported through the statistics API (the generated national
// data takes minutes to load; these few hundred rows take seconds). Deterministic: the figures follow
// from the unit code and the year, so each test can compute what the dashboard must show.
import { readFileSync } from "node:fs";
import path from "node:path";

/** Communes of old district 639 (Chư Pưh, Gia Lai 64) and of old district 001 (Ba Đình, Hà Nội 01), 2021–2024,
 *  and their successors in the new provinces 52 (Gia Lai) and 01 (Hà Nội) for 2025; and the communes of old district
 *  551 (Vân Canh, Bình Định 52) for 2021–2024 only — code 52 is then Bình Định until 2024 and Gia Lai from 2025. */
export function fixtureRows(root) {
  const units = readFileSync(path.join(root, "src", "Domain", "Units", "Data", "units.csv"), "utf8").trim().split("\n").slice(1)
    .map((line) => {
      const [code, kind, name, parent, from, to] = line.split(",");
      return { code, kind, name, parent, from, to };
    });
  const successions = readFileSync(path.join(root, "src", "Domain", "Units", "Data", "successions.csv"), "utf8").trim().split("\n").slice(1)
    .map((line) => {
      const [date, oldCode, newCode, share, main] = line.split(",");
      return { date, oldCode, newCode, share, main };
    });
  const old = units.filter((u) => (u.parent === "639" || u.parent === "001") && u.to === "2025-07-01");
  const oldCodes = new Set(old.map((u) => u.code));
  old.push(...units.filter((u) => u.parent === "551" && u.to === "2025-07-01"));
  const newCodes = new Set(successions.filter((s) => oldCodes.has(s.oldCode) && s.main === "1").map((s) => s.newCode));
  const rows = [];
  for (const unit of old) {
    for (const year of [2021, 2022, 2023, 2024]) rows.push({ code: unit.code, year, ...figures(unit.code, year) });
  }
  for (const code of newCodes) rows.push({ code, year: 2025, ...figures(code, 2025) });
  return rows;
}

/**
 * households fixed per unit; poor falls 2 points a year from a unit-specific start. Half the households are of ethnic
 * minorities, whose poor rate is twice the unit's (so it falls 4 points a year: Chư Pưh's "trên 3%" is met).
 */
export function figures(code, year) {
  const n = Number(code);
  const households = 1000 + (n % 400);
  const startRate = 10 + (n % 17); // %
  const poorRate = Math.max(1, startRate - 2 * (year - 2021));
  const poor = Math.round((households * poorRate) / 100);
  const nearPoor = Math.round(households * 0.05);
  const minorityHouseholds = Math.round(households / 2);
  const minorityPoor = Math.min(poor, Math.round((minorityHouseholds * 2 * poorRate) / 100));
  const minorityNearPoor = Math.min(nearPoor, Math.round(minorityHouseholds * 0.05));
  return { households, poor, nearPoor, minorityHouseholds, minorityPoor, minorityNearPoor };
}

export function toCsv(rows) {
  return "unit_code,year,households,poor,near_poor,minority_households,minority_poor,minority_near_poor\n"
    + rows.map((r) => `${r.code},${r.year},${r.households},${r.poor},${r.nearPoor},${r.minorityHouseholds},${r.minorityPoor},${r.minorityNearPoor}`).join("\n") + "\n";
}

export async function devToken(baseUrl, user) {
  const response = await fetch(`${baseUrl}/dev/token`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ user }) });
  if (!response.ok) throw new Error(`dev token for ${user}: HTTP ${response.status}`);
  return (await response.json()).access_token;
}

/** True when the app has the statistics API (it may not have landed in this build). */
export async function hasStatisticsApi(baseUrl) {
  const token = await devToken(baseUrl, "lanh-dao-trung-uong");
  const response = await fetch(`${baseUrl}/api/statistics/national?basis=2025`, { headers: { Authorization: `Bearer ${token}` } });
  return response.status !== 404;
}

const imported = new Map(); // app URL → the import (once per app: a benchmark starts more than one)
/** Imports the fixture once per run (as the national admin) and waits until the dashboards show it. */
export function importFixture(baseUrl, root) {
  if (!imported.has(baseUrl)) imported.set(baseUrl, (async () => {
    const token = await devToken(baseUrl, "quan-tri");
    const rows = fixtureRows(root);
    const form = new FormData();
    form.append("file", new Blob([toCsv(rows)], { type: "text/csv" }), "e2e-fixture.csv");
    const response = await fetch(`${baseUrl}/api/statistics/imports`, { method: "POST", headers: { Authorization: `Bearer ${token}` }, body: form });
    const body = await response.json();
    if (!response.ok) throw new Error(`import refused: HTTP ${response.status} ${JSON.stringify(body).slice(0, 500)}`);
    for (let i = 0; i < 240; i++) {
      const status = await (await fetch(`${baseUrl}/api/statistics/imports/${body.importId}`, { headers: { Authorization: `Bearer ${token}` } })).json();
      if (status.status === "done") return rows;
      if (status.status === "failed") throw new Error(`import failed: ${JSON.stringify(status).slice(0, 800)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error("import did not finish in 60 s");
  })());
  return imported.get(baseUrl);
}
