// Dashboard viewer on Apache ECharts (served from node_modules at /vendor/echarts, never a CDN).
// Reads a definition (dashboards/definitions/*.json): measures, slicers, drill path, targets, visuals.
// KPI cards, a trend with target lines, children ranked (click to drill down, breadcrumb back), a map of
// the 34 provinces, a table with CSV export, PNG export of each chart; clicking a year on the trend
// filters the other visuals to that year; hovering a unit highlights it on the ranking and the map.
import * as echarts from "/vendor/echarts/echarts.esm.min.mjs";
import { addMessages, applyTranslations, formatNumber, formatPercent, formatPoints, lang, onLangChange, t } from "/app/i18n.js";
import { download, downloadPng, el, text } from "./dom.js";
import { loadLevel, measureValue, startingBasis, targetPath, yearsOf } from "./data.js";

addMessages({
  "dash.loading": ["Đang tải số liệu…", "Loading figures…"],
  "dash.failed": ["Không tải được số liệu: {message}", "Could not load the figures: {message}"],
  "dash.forbidden": ["Bạn không có quyền xem đơn vị này.", "You may not see this unit."],
  "dash.noData": ["Chưa có số liệu rà soát cho đơn vị này.", "No review figures for this unit yet."],
  "dash.national": ["Toàn quốc", "Whole country"],
  "dash.breadcrumb": ["Đường dẫn", "Breadcrumb"],
  "dash.exportPng": ["Tải ảnh PNG", "Download PNG"],
  "dash.exportCsv": ["Tải CSV", "Download CSV"],
  "dash.drill": ["Xem {name}", "Open {name}"],
  "dash.chooseUnit": ["(chọn đơn vị cấp dưới)", "(choose a unit below)"],
  "dash.vsPrevious": ["so với {year}: {delta}", "vs {year}: {delta}"],
  "dash.target": ["So với mục tiêu", "Against the target"],
  "dash.targetOnTrack": ["Đúng lộ trình", "On track"],
  "dash.targetBehind": ["Chậm so với lộ trình", "Behind"],
  "dash.targetNone": ["Không có mục tiêu cho đơn vị này", "No target for this unit"],
  "dash.targetExpected": ["lộ trình {year}: {value}", "path {year}: {value}"],
  "dash.targetNoData": ["Chưa đủ số liệu để so với mục tiêu", "Not enough figures to compare"],
  "dash.targetBaseline": ["Năm gốc {year}: {value}", "Baseline {year}: {value}"],
  "dash.targetBaselineYear": ["Năm gốc của mục tiêu", "The target's baseline year"],
  "dash.target.poor-rate": ["Tỷ lệ hộ nghèo", "Poor-household rate"],
  "dash.target.minority-poor-rate": ["Tỷ lệ hộ nghèo dân tộc thiểu số", "Ethnic-minority poor rate"],
  "dash.target.average-fall-per-year": ["{indicator} giảm bình quân {amount}/năm ({from}–{to})", "{indicator} down on average by {amount} a year ({from}–{to})"],
  "dash.target.fall-each-year": ["{indicator} giảm mỗi năm {amount} ({from}–{to})", "{indicator} down every year by {amount} ({from}–{to})"],
  "dash.target.strict": ["trên {amount} điểm %", "more than {amount} points"],
  "dash.target.atLeast": ["ít nhất {amount} điểm %", "at least {amount} points"],
  "dash.targetSource": ["Theo {title} ({from}–{to}), mục {clause}", "From {title} ({from}–{to}), clause {clause}"],
  "dash.targetThrough": [" — áp dụng cho các đơn vị thuộc {name}", " — applies to the units of {name}"],
  "dash.actual": ["Thực tế", "Actual"],
  "dash.mapTitle": ["Bản đồ", "Map"],
  "dash.mapProvince": ["Vị trí {unit} năm {year}", "Where {unit} lies, {year}"],
  "dash.mapNoHistorical": ["Không có bản đồ theo địa giới từng năm: chỉ có ranh giới 34 tỉnh, thành phố từ 01/07/2025 (chọn \"34 tỉnh\" ở ô Địa giới).", "No map in each year's boundaries: only the boundaries of the 34 provinces since 01/07/2025 are available (choose \"34 provinces\" under Boundaries)."],
  "dash.mapNoCommunes": ["Chưa có ranh giới các xã, phường của {unit}: bản đồ chỉ cho thấy vị trí của tỉnh; số liệu từng xã, phường xem ở bảng xếp hạng và bảng số liệu.", "The boundaries of {unit}'s communes are not available: the map only shows where the province lies; see the ranking and the table for each commune."],
  "dash.col.code": ["Mã", "Code"],
  "dash.col.name": ["Đơn vị", "Unit"],
  "dash.col.open": ["Chi tiết", "Details"],
  "dash.col.year": ["Năm", "Year"],
  "level.national": ["toàn quốc", "country"],
  "level.province": ["tỉnh, thành phố", "provinces"],
  "level.district": ["huyện", "districts"],
  "level.commune": ["xã, phường", "communes"],
  "dash.minorityMissing": ["Không đủ số liệu hộ dân tộc thiểu số.", "Ethnic-minority figures are incomplete."],
  "dash.pngSubtitle": ["{measure} · {unit} · năm {year} · địa giới: {basis}{minority}", "{measure} · {unit} · {year} · boundaries: {basis}{minority}"],
  "dash.pngMinority": [" · chỉ hộ dân tộc thiểu số", " · ethnic-minority households only"],
  "dash.pngSource": ["Nguồn: số liệu rà soát hộ nghèo, hộ cận nghèo (bản hiện hành) · Vì người nghèo – Không để ai bị bỏ lại phía sau · xuất ngày {date}", "Source: poor and near-poor household review figures (current version) · Vì người nghèo – Không để ai bị bỏ lại phía sau · exported {date}"],
  "dash.rankedAll": ["Tất cả {count} đơn vị", "All {count} units"],
  "dash.cameFrom": ["{name} thành lập từ {date} trên cơ sở: {units}.", "{name} was formed on {date} from: {units}."],
  "dash.became": ["{name} (mã {code}) có đến {last}; từ {date} thuộc {units}.", "{name} (code {code}) existed until {last}; from {date} it is part of {units}."],
  "dash.abolished": ["{name} (mã {code}) có đến {last}; từ {date} không còn đơn vị này (bỏ cấp huyện), số liệu thuộc các xã, phường mới.", "{name} (code {code}) existed until {last}; from {date} it no longer exists (no more districts): its figures belong to the new communes."],
  "dash.partOf": ["{name} ({code}, một phần)", "{name} ({code}, in part)"],
  "dash.openSuccessor": ["Xem {name} ({year})", "Open {name} ({year})"],
  "dash.scopeOtherBasis": ["Đơn vị trong phạm vi của bạn ({name}, mã {code}) không có trong địa giới từ 01/07/2025: số liệu hiển thị theo địa giới từng năm.", "The unit of your scope ({name}, code {code}) does not exist in the boundaries since 01/07/2025: figures are shown in each year's boundaries."],
});

/** An ISO date (yyyy-mm-dd) the Vietnamese way: dd/mm/yyyy. */
const viDate = (iso) => (iso ? iso.split("-").reverse().join("/") : "");
/** The day before an ISO date, the Vietnamese way (a version's last day: validTo is exclusive). */
const dayBefore = (iso) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return viDate(d.toISOString().slice(0, 10));
};
/** Whether a series' unit version holds on 31/12 of the year (historical boundaries read each year on that date). */
const holdsIn = (series, year) => {
  const day = `${year}-12-31`;
  return (!series?.validFrom || series.validFrom <= day) && (!series?.validTo || day < series.validTo);
};

const BY_NAME = new Intl.Collator("vi"); // one collator: localeCompare(…, "vi") builds one per comparison
const COLORS = ["#0b4f8a", "#b35900", "#1b6e3a", "#6a3d9a", "#a4161a"];
const $ = (root, selector) => root.querySelector(selector);

/** A plan's target in words, with the strictness the plan states: "Tỷ lệ hộ nghèo giảm bình quân trên 2 điểm %/năm (2022–2025)". */
function targetWords(target) {
  const amount = t(target.minExclusive ? "dash.target.strict" : "dash.target.atLeast", { amount: formatNumber(target.amount, 2) });
  const from = target.baselineYear != null ? target.baselineYear + 1 : "";
  return t(`dash.target.${target.rule}`, { indicator: t(`dash.target.${target.measure}`), amount, from, to: target.endYear ?? "" });
}

/** Where a target comes from: the plan's title, period and clause; and the unit it governs when that is not the unit shown. */
function targetSource(target, unitCode) {
  const plan = target.plan;
  if (!plan) return "";
  const through = plan.governs && plan.governs.code !== unitCode ? t("dash.targetThrough", { name: plan.governs.name }) : "";
  return t("dash.targetSource", { title: plan.title, from: plan.period.from, to: plan.period.to, clause: target.clause }) + through;
}

function formatValue(definition, measure, value) {
  const format = definition.measures[measure]?.format;
  if (value === null || value === undefined) return "–";
  if (format === "percent") return formatPercent(value);
  if (format === "points") return formatPoints(value);
  return formatNumber(value, 0);
}

/** The map view that frames a feature: the centre of its bounding box and a zoom that fits it in the national map. */
function viewOf(feature) {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c) => {
    if (typeof c[0] === "number") {
      minX = Math.min(minX, c[0]); maxX = Math.max(maxX, c[0]); minY = Math.min(minY, c[1]); maxY = Math.max(maxY, c[1]);
    } else c.forEach(visit);
  };
  visit(feature.geometry.coordinates);
  // Vietnam's mainland spans ~15° of latitude: a province of 1–2° gets a zoom of about 5 (never closer than 8).
  const span = Math.max(maxX - minX, maxY - minY, 0.1);
  return { center: [(minX + maxX) / 2, (minY + maxY) / 2], zoom: Math.min(8, Math.max(1, 15 / span / 1.6)) };
}

/** Whether a level's answer has any figures (the unit's own or its children's). */
const hasFigures = (data) => !!(data?.unit?.years?.length || data?.children?.some((c) => c.years?.length));

/** Sums children series year by year (when the caller may not read the parent itself). */
function sumSeries(children) {
  const byYear = new Map();
  for (const child of children) {
    for (const p of child.years) {
      const sum = byYear.get(p.year) ?? { year: p.year, households: 0, poor: 0, nearPoor: 0, minorityHouseholds: 0, minorityPoor: 0, minorityNearPoor: 0, minorityComplete: true };
      sum.households += p.households;
      sum.poor += p.poor;
      sum.nearPoor += p.nearPoor;
      if (p.minorityHouseholds == null || p.minorityPoor == null) sum.minorityComplete = false;
      else {
        sum.minorityHouseholds += p.minorityHouseholds;
        sum.minorityPoor += p.minorityPoor;
        sum.minorityNearPoor += p.minorityNearPoor ?? 0;
      }
      byYear.set(p.year, sum);
    }
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year).map((s) => s.minorityComplete ? s : { ...s, minorityHouseholds: null, minorityPoor: null, minorityNearPoor: null });
}

export class DashboardViewer {
  constructor(root, definition, { rootUnit = null, onNavigate = null, prefetched = null, syncUrl = false } = {}) {
    this.root = root;
    this.syncUrl = syncUrl; // the page's own viewer keeps its state in the address (?basis=&year=&measure=&minority=&path=); not when embedded
    this.definition = definition;
    this.onNavigate = onNavigate;
    this.prefetched = prefetched; // requests page.js started before this module had loaded (data.js prefetchFirstView)
    const slicer = (id) => definition.slicers.find((s) => s.id === id);
    this.state = {
      basis: startingBasis(definition, null),
      measure: slicer("measure")?.default ?? Object.keys(definition.measures)[0],
      minority: false,
      year: null,
      path: [{ code: rootUnit?.code ?? "VN", name: rootUnit?.name ?? null }],
    };
    this.cache = new Map();
    this.charts = {};
    this.abort = null;
    this.renderCount = 0;
    this.geoLoaded = null;
    this.page = definition.pages[0];
    this.scopeRoot = false; // rooted at the signed-in user's own unit (setScope)
    this.basisAsked = false; // ?basis= given: never switched for the user
  }

  /** Lands on the user's own unit (a leader of a province opens onto that province, never onto "Toàn quốc"). */
  setScope(unitCode, name = null) {
    if (this.pathAsked || !unitCode || unitCode === "VN" || !/^\d{2,5}$/.test(unitCode)) return;
    this.state.path = [{ code: unitCode, name }];
    this.scopeRoot = true;
  }

  get level() {
    // From the unit code when it says (a viewer rooted at a province, e.g. embedded, starts below "national").
    const code = this.current?.code;
    if (code === "VN") return "national";
    const byLength = { 2: "province", 3: "district", 5: "commune" };
    return byLength[code?.length] ?? this.definition.drill[this.state.basis][this.state.path.length - 1] ?? "commune";
  }

  /** The level of the children shown: as the API names it (under historical boundaries it depends on the year), else the drill path's. */
  get childLevel() {
    const fromApi = this.data?.children?.[0]?.level?.toLowerCase();
    if (fromApi && ["province", "district", "commune"].includes(fromApi)) return fromApi;
    return this.definition.drill[this.state.basis][this.state.path.length] ?? null;
  }

  /** Whether a child can be opened: not below the drill path's last level, and never below a commune. */
  get canDrill() {
    return !!this.definition.drill[this.state.basis][this.state.path.length + 1] && this.childLevel !== "commune";
  }

  get current() {
    return this.state.path.at(-1);
  }

  /** Reads ?unit=&basis=&measure=&year=&minority= so that a view can be linked to. */
  applyQuery(params) {
    this.state.basis = startingBasis(this.definition, params);
    this.basisAsked = !!(params.get("basis") && this.definition.drill?.[params.get("basis")]);
    if (params.get("measure") && this.definition.measures[params.get("measure")]) this.state.measure = params.get("measure");
    if (params.get("year") && /^\d{4}$/.test(params.get("year"))) this.state.year = Number(params.get("year"));
    this.state.minority = params.get("minority") === "1";
    // ?path=VN.52 (or 64.639 for a viewer rooted at a province): the drill-down, a shared link or a step back/forward.
    const path = params.get("path");
    if (path && /^(VN|\d{2,5})(\.\d{2,5}){0,3}$/.test(path)) {
      const codes = path.split(".");
      const names = new Map(this.state.path.map((step) => [step.code, step.name]));
      this.state.path = codes.map((code) => ({ code, name: names.get(code) ?? null }));
      this.pathAsked = true;
    }
  }

  /** Writes the view into the address: a drill step is a history entry (back/forward), a slicer change replaces it. */
  writeUrl(mode) {
    if (!this.syncUrl || mode === "none") return;
    const params = new URLSearchParams(location.search);
    params.set("basis", this.state.basis);
    if (this.state.year) params.set("year", String(this.state.year));
    params.set("measure", this.state.measure);
    if (this.state.minority) params.set("minority", "1");
    else params.delete("minority");
    params.set("path", this.state.path.map((step) => step.code).join("."));
    const url = `${location.pathname}?${params}`;
    if (url === location.pathname + location.search) return;
    history[mode === "push" ? "pushState" : "replaceState"](null, "", url);
  }

  /** The names of the steps a shared link or a history entry gave as codes only (the breadcrumb's). */
  async fillNames() {
    const missing = this.state.path.slice(0, -1).filter((step) => !step.name && step.code !== "VN");
    if (!missing.length) return;
    const asOf = this.state.basis === "historical" ? this.state.year : null;
    await Promise.all(missing.map(async (step) => {
      const level = await this.load(step.code, this.state.basis, null, asOf).catch(() => null);
      if (level?.unit?.name) step.name = level.unit.name;
    }));
    this.renderBreadcrumb();
  }

  async start() {
    performance.mark("dashboard-start");
    // The map's boundaries (2 MB) load while the figures do.
    const map = this.page.visuals.find((v) => v.type === "map");
    if (map && this.state.basis === "2025") this.loadGeo(map);
    this.buildFrame();
    onLangChange(() => this.render());
    if (this.syncUrl) {
      window.addEventListener("popstate", () => {
        this.applyQuery(new URLSearchParams(location.search));
        this.navigate(this.state.path, { history: "none" });
      });
    }
    window.addEventListener("resize", () => Object.values(this.charts).forEach((c) => c.resize()));
    await this.navigate(this.state.path, { first: true });
  }

  buildFrame() {
    this.root.replaceChildren(
      el("div", { class: "slicers", role: "group", "aria-label": "Slicers", id: "slicers" }),
      el("nav", { class: "breadcrumb", id: "breadcrumb", "aria-label": t("dash.breadcrumb") }),
      el("p", { class: "hint lineage", id: "dash-lineage", hidden: true }),
      el("div", { class: "alert", id: "dash-error", role: "alert", hidden: true }),
      el("p", { class: "hint", id: "dash-status", role: "status" }),
      el("section", { class: "kpis", id: "kpis", "aria-label": "KPI" }),
      el("div", { class: "visuals", id: "visuals" }),
    );
    for (const visual of this.page.visuals.filter((v) => v.type !== "kpi")) {
      const box = el("section", { class: `visual visual-${visual.type}`, id: `visual-${visual.id}`, dataset: { visual: visual.id } },
        el("div", { class: "visual-head" }, el("h3", { id: `title-${visual.id}` }), el("div", { class: "actions" })),
        visual.type === "table" ? el("div", { class: "table-scroll", tabindex: "0", "aria-labelledby": `title-${visual.id}` })
          : visual.type === "bar" ? el("div", { class: "chart-scroll", tabindex: "0", "aria-labelledby": `title-${visual.id}` }, el("div", { class: "chart", role: "img", "aria-labelledby": `title-${visual.id}` }))
          : el("div", { class: "chart", role: "img", "aria-labelledby": `title-${visual.id}` }),
        el("p", { class: "hint note" }));
      $(this.root, "#visuals").append(box);
    }
  }

  async load(code, basis, childYears = null, asOf = null) {
    const key = `${basis}|${code}${childYears ? `|${childYears.join("-")}` : ""}${asOf ? `@${asOf}` : ""}`;
    if (!this.cache.has(key)) {
      // The first view's request may already be on its way (page.js started it before this module had loaded).
      const early = this.prefetched?.key === key ? this.prefetched.level : null;
      if (early) this.prefetched = { ...this.prefetched, key: null };
      const promise = early ?? loadLevel(this.definition, code, basis, undefined, childYears, asOf);
      this.cache.set(key, promise);
      promise.catch(() => this.cache.delete(key));
    }
    return this.cache.get(key);
  }

  /** Goes to a path (drill down, breadcrumb, slicer); measures the step with the Performance API. */
  async navigate(path, { first = false, history = first ? "replace" : "push" } = {}) {
    const started = performance.now();
    this.state.path = path;
    this.urlMode = history;
    const status = $(this.root, "#dash-status");
    const error = $(this.root, "#dash-error");
    status.textContent = t("dash.loading");
    this.root.setAttribute("aria-busy", "true");
    try {
      // Below the national level the children come for the year shown and the one before (its fall) only — one small
      // storage page instead of every year of every commune; another year is fetched when chosen (setYear).
      const year = this.state.year;
      const childYears = !first && year && this.current.code !== "VN" ? [year - 1, year] : null;
      // Historical boundaries: the unit as it was in the year shown (24 is Bắc Giang in 2024, Bắc Ninh in 2025).
      const asOf = this.state.basis === "historical" && year && this.current.code !== "VN" ? year : null;
      this.data = await this.load(this.current.code, this.state.basis, childYears, asOf);
      // A user's own unit that the default boundaries do not have (a scope on a province before 01/07/2025, e.g. Gia Lai 64):
      // shown in the boundaries where it has figures, and said so.
      this.basisNote = null;
      if (first && this.scopeRoot && !this.basisAsked && !hasFigures(this.data)) {
        const other = Object.keys(this.definition.drill).find((b) => b !== this.state.basis);
        const alt = other ? await this.load(this.current.code, other).catch(() => null) : null;
        if (alt && hasFigures(alt)) {
          this.state.basis = other;
          this.data = alt;
          this.basisNote = { code: this.current.code };
        }
      }
      performance.mark(first ? "dashboard-first-data" : "dashboard-step-data");
      error.hidden = true;
    } catch (e) {
      error.hidden = false;
      error.textContent = e.status === 403 ? t("dash.forbidden") : t("dash.failed", { message: e.message });
      status.textContent = "";
      this.root.setAttribute("aria-busy", "false");
      this.root.dataset.state = e.status === 403 ? "forbidden" : "error";
      return;
    }
    // A viewer whose scope is below the national level starts at the one unit it may read.
    if (first && this.current.code === "VN" && !this.data.unit && this.data.children.length === 1) {
      const only = this.data.children[0];
      return this.navigate([{ code: only.code, name: only.name }], { first: true, history });
    }
    if (this.data.unit?.name) this.current.name = this.data.unit.name;
    if (this.data.unit?.code && this.scopeRoot && this.state.path.length === 1) this.state.path[0].name = this.data.unit.name;
    this.series = this.data.unit?.years?.length ? this.data.unit.years : sumSeries(this.data.children);
    const years = [...new Set([...this.series.map((p) => p.year), ...this.data.children.flatMap((c) => yearsOf(c))])].sort((a, b) => a - b);
    this.years = years;
    if (!this.state.year || !years.includes(this.state.year)) this.state.year = years.at(-1) ?? null;
    status.textContent = years.length ? "" : t("dash.noData");
    await this.render();
    this.root.setAttribute("aria-busy", "false");
    const ms = performance.now() - started;
    if (first) {
      performance.mark("dashboard-first-render");
      const measure = performance.measure("dashboard-first-meaningful-render", { start: 0, end: "dashboard-first-render" });
      this.root.dataset.firstRenderMs = String(Math.round(measure.duration));
    } else {
      performance.measure("dashboard-step", { start: started, end: performance.now() });
      this.root.dataset.lastStepMs = String(Math.round(ms));
    }
    this.root.dataset.state = "ready";
    this.root.dataset.unit = this.current.code;
    this.root.dataset.basis = this.state.basis;
    this.root.dataset.renders = String(++this.renderCount);
    if (this.state.path.some((step, i) => i < this.state.path.length - 1 && !step.name && step.code !== "VN")) this.fillNames();
    this.onNavigate?.(this);
  }

  // ---- rendering -------------------------------------------------------------------------------

  async render() {
    // A navigation writes its own entry (push, or none from back/forward); any other redraw is a slicer change.
    this.writeUrl(this.urlMode ?? "replace");
    this.urlMode = null;
    applyTranslations(this.root);
    this.renderSlicers();
    this.renderBreadcrumb();
    this.renderKpis();
    const finished = [];
    // Each visual's time from its start to its first drawn frame (Performance API measures "dashboard-visual-<id>",
    // read by tests/e2e/bench-dashboard.mjs).
    const timed = (visual, draw) => {
      const start = performance.now();
      return Promise.resolve(draw()).then(() => performance.measure(`dashboard-visual-${visual.id}`, { start, end: performance.now() }));
    };
    for (const visual of this.page.visuals) {
      if (visual.type === "line") finished.push(timed(visual, () => this.renderTrend(visual)));
      else if (visual.type === "bar") finished.push(timed(visual, () => this.renderRanking(visual)));
      else if (visual.type === "map") finished.push(timed(visual, () => this.renderMap(visual)));
      else if (visual.type === "table") finished.push(timed(visual, () => this.renderTable(visual)));
    }
    await Promise.all(finished);
  }

  title(visual, values = {}) {
    const measure = text(this.definition.measures[this.state.measure].label);
    const children = this.childLevel ? t(`level.${this.childLevel}`) : "";
    return text(visual.title ?? "").replace("{measure}", measure).replace("{children}", children).replace("{year}", String(this.state.year ?? "")).replace(/\{(\w+)\}/g, (_, k) => values[k] ?? "");
  }

  renderSlicers() {
    const d = this.definition;
    const box = $(this.root, "#slicers");
    const controls = [];
    for (const slicer of d.slicers) {
      const id = `slicer-${slicer.id}`;
      let control;
      if (slicer.type === "year") {
        control = el("select", { id, onchange: (e) => this.setYear(Number(e.target.value)) },
          ...this.years.map((y) => el("option", { value: String(y), text: String(y), selected: y === this.state.year })));
      } else if (slicer.type === "measure") {
        control = el("select", { id, onchange: (e) => { this.state.measure = e.target.value; this.render(); } },
          ...slicer.options.map((m) => el("option", { value: m, text: text(d.measures[m].label), selected: m === this.state.measure })));
      } else if (slicer.type === "choice") {
        control = el("select", { id, onchange: (e) => { this.state.basis = e.target.value; this.navigate(this.state.path.slice(0, 1)); } },
          ...slicer.options.map((o) => el("option", { value: o.value, text: text(o.label), selected: o.value === this.state.basis })));
      } else if (slicer.type === "toggle") {
        control = el("input", { id, type: "checkbox", checked: this.state.minority, onchange: (e) => { this.state.minority = e.target.checked; this.render(); } });
      } else if (slicer.type === "unit") {
        if (!this.childLevel || !this.data.children.length) continue;
        control = el("select", { id, onchange: (e) => { const child = this.childAt(e.target.value); if (child) this.drillTo(child); } },
          el("option", { value: "", text: t("dash.chooseUnit") }),
          ...this.data.children.filter((c) => c.years.some((p) => p.year === this.state.year) || !this.data.children.some((o) => o !== c && o.code === c.code)).sort((a, b) => BY_NAME.compare(a.name, b.name)).map((c) => el("option", { value: c.code, text: `${c.name} (${c.code})` })));
      }
      const label = el("label", { for: id, text: text(slicer.label) });
      controls.push(el("div", { class: `slicer slicer-${slicer.type}` }, ...(slicer.type === "toggle" ? [control, label] : [label, control])));
    }
    box.replaceChildren(...controls);
  }

  renderBreadcrumb() {
    const nav = $(this.root, "#breadcrumb");
    nav.setAttribute("aria-label", t("dash.breadcrumb"));
    const items = this.state.path.map((step, i) => {
      const name = step.code === "VN" ? t("dash.national") : `${step.name ?? step.code}`;
      const last = i === this.state.path.length - 1;
      return el("li", {}, last
        ? el("span", { "aria-current": "page", text: name })
        : el("button", { type: "button", class: "link", dataset: { code: step.code }, text: name, onclick: () => this.navigate(this.state.path.slice(0, i + 1)) }));
    });
    nav.replaceChildren(el("ol", {}, ...items));
    this.renderLineage();
  }

  /** What the unit shown came from or became (its version's links, from the API), and why the boundaries were switched. */
  renderLineage() {
    const box = $(this.root, "#dash-lineage");
    const unit = this.data?.unit;
    const version = unit?.version;
    const parts = [];
    if (this.basisNote) parts.push(el("span", { text: t("dash.scopeOtherBasis", { name: unit?.name ?? this.current.code, code: this.basisNote.code }) }));
    const list = (links) => links.map((l) => (l.share === "partial" ? t("dash.partOf", { name: l.name, code: l.code }) : `${l.name} (${l.code})`)).join(", ");
    if (version?.cameFrom?.length) {
      parts.push(el("span", { dataset: { lineage: "came-from" }, text: t("dash.cameFrom", { name: unit.name, date: viDate(version.validFrom), units: list(version.cameFrom) }) }));
    }
    if (version?.validTo) {
      const became = version.became ?? [];
      parts.push(el("span", { dataset: { lineage: "became" }, text: became.length
        ? t("dash.became", { name: unit.name, code: unit.code, last: dayBefore(version.validTo), date: viDate(version.validTo), units: list(became) })
        : t("dash.abolished", { name: unit.name, code: unit.code, last: dayBefore(version.validTo), date: viDate(version.validTo) }) }));
      const main = became.find((l) => l.main);
      // The successor, in the year it began (historical boundaries: its own figures from then on).
      if (main && this.state.basis === "historical") {
        const year = Number(version.validTo.slice(0, 4));
        parts.push(el("button", { type: "button", class: "link", dataset: { successor: main.code }, text: t("dash.openSuccessor", { name: main.name, year }),
          onclick: () => { this.state.year = year; this.navigate([...this.state.path.slice(0, -1), { code: main.code, name: main.name }]); } }));
      }
    }
    box.hidden = parts.length === 0;
    box.replaceChildren(...parts.flatMap((p, i) => (i ? [" ", p] : [p])));
  }

  /** The child with figures in the year shown (under historical boundaries a code can name two units: the one of that year). */
  childAt(code) {
    const children = this.data?.children ?? [];
    return children.find((c) => c.code === code && c.years.some((p) => p.year === this.state.year)) ?? children.find((c) => c.code === code);
  }

  /** Shows another year: redrawn at once when the children's figures hold it (and the year before), else fetched. */
  setYear(year) {
    this.state.year = year;
    const loaded = this.data?.childYears;
    // Another unit version (historical boundaries) or children's years not loaded: fetched.
    const otherVersion = this.state.basis === "historical" && this.data?.unit && !holdsIn(this.data.unit, year);
    if (otherVersion || (loaded && (year - 1 < loaded[0] || year > loaded[1]))) this.navigate(this.state.path, { history: "replace" });
    else this.render();
  }

  drillTo(child) {
    if (!this.canDrill) return; // communes: the last level
    this.navigate([...this.state.path, { code: child.code, name: child.name }]);
  }

  renderKpis() {
    const d = this.definition;
    const box = $(this.root, "#kpis");
    const year = this.state.year;
    const kpi = this.page.visuals.find((v) => v.type === "kpi");
    const cards = [];
    for (const item of kpi?.items ?? []) {
      if (item === "target") {
        cards.push(this.targetCard());
        continue;
      }
      const value = measureValue(item, d, this.series, year, this.state.minority);
      const before = measureValue(item, d, this.series, year - 1, this.state.minority);
      const delta = value != null && before != null && d.measures[item].format !== "points" ? value - before : null;
      const deltaText = delta == null ? "" : t("dash.vsPrevious", {
        year: year - 1,
        delta: `${delta > 0 ? "+" : delta < 0 ? "−" : "±"}${d.measures[item].format === "percent" ? formatPoints(Math.abs(delta)) : formatNumber(Math.abs(delta), 0)}`,
      });
      cards.push(el("div", { class: "kpi", dataset: { kpi: item, value: value == null ? "" : String(value) } },
        el("div", { class: "kpi-label", text: `${text(d.measures[item].label)} · ${year ?? ""}` }),
        el("div", { class: "kpi-value", text: formatValue(d, item, value) }),
        el("div", { class: "kpi-delta", text: deltaText })));
    }
    if (this.state.minority && this.series.every((p) => p.minorityHouseholds == null)) {
      cards.push(el("div", { class: "kpi" }, el("div", { class: "kpi-label", text: t("dash.minorityMissing") })));
    }
    box.replaceChildren(...cards);
  }

  /**
   * The targets that apply to this unit in the year shown: the definition's own (data, e.g. the national 666/QĐ-TTg ones) and
   * those of the plans that govern the unit (the API answers them by the plan's units, with the plan's period: shown when the
   * period covers the year). A plan's target is judged by the API with the rule and strictness of the plan file ("bình quân",
   * "trên"): its years say whether each one is on the path. The ethnic-minority targets belong to the minority view. A path
   * never goes below 0 %.
   */
  targets() {
    const d = this.definition;
    const year = this.state.year;
    const minority = Boolean(this.state.minority);
    const own = d.targets
      .filter((target) => target.unit === this.current.code && (year == null || (year >= target.baselineYear && year <= target.toYear)))
      .map((target) => ({ label: text(target.label), measure: target.measure, path: targetPath(target, d, this.series, this.state.minority) }))
      .filter((target) => target.path.length);
    const plans = (this.data.planTargets ?? [])
      .filter((target) => target.measure === (minority ? "minority-poor-rate" : "poor-rate"))
      .filter((target) => !target.plan || year == null || (year >= target.plan.period.from && year <= target.plan.period.to))
      .map((target) => ({
        label: targetWords(target),
        source: targetSource(target, this.current.code),
        measure: "poor-rate",
        baselineYear: target.baselineYear,
        path: target.years.filter((y) => y.expected != null).map((y) => ({ year: y.year, value: Math.max(0, Number(y.expected)) })),
        onPath: new Map(target.years.filter((y) => y.onPath != null).map((y) => [y.year, y.onPath])),
        status: target.status,
      }));
    // The card shows the first target of the measure shown, else the first one.
    return [...own, ...plans].sort((a, b) => (b.measure === this.state.measure) - (a.measure === this.state.measure));
  }

  targetCard() {
    const d = this.definition;
    const target = this.targets()[0];
    if (!target) return el("div", { class: "kpi", dataset: { kpi: "target" } },
      el("div", { class: "kpi-label", text: t("dash.target") }), el("div", { class: "kpi-value small", text: t("dash.targetNone") }));
    const source = target.source ? el("div", { class: "kpi-source", text: target.source }) : null;
    const first = target.path[0]?.year;
    // The baseline year, or a path without the figures it needs: said so, never judged.
    if (first == null || this.state.year < first) {
      const base = target.baselineYear ?? (first != null ? first - 1 : null);
      const atBase = first != null && base != null && this.state.year <= base;
      const value = base != null ? measureValue(target.measure, d, this.series, base, this.state.minority) : null;
      return el("div", { class: "kpi", dataset: { kpi: "target", onTrack: "" } },
        el("div", { class: "kpi-label", text: target.label }),
        el("div", { class: "kpi-value small", text: atBase ? t("dash.targetBaselineYear") : t("dash.targetNoData") }),
        el("div", { class: "kpi-delta", text: base != null && value != null ? t("dash.targetBaseline", { year: base, value: formatValue(d, target.measure, value) }) : "" }),
        source);
    }
    const year = Math.min(this.state.year, target.path.at(-1).year);
    const expected = target.path.find((p) => p.year === year)?.value;
    const actual = measureValue(target.measure, d, this.series, year, this.state.minority);
    const better = d.measures[target.measure]?.better ?? "lower";
    const judged = target.onPath?.get(year);
    const onTrack = judged ?? (actual != null && expected != null && (better === "lower" ? actual <= expected + 1e-9 : actual >= expected - 1e-9));
    return el("div", { class: `kpi ${onTrack ? "good" : "bad"}`, dataset: { kpi: "target", onTrack: String(onTrack) } },
      el("div", { class: "kpi-label", text: target.label }),
      el("div", { class: "kpi-value", text: onTrack ? t("dash.targetOnTrack") : t("dash.targetBehind") }),
      el("div", { class: "kpi-delta", text: `${t("dash.actual")} ${year}: ${formatValue(d, target.measure, actual)} · ${t("dash.targetExpected", { year, value: formatValue(d, target.measure, expected) })}` }),
      source);
  }

  loadGeo(visual) {
    this.geoLoaded ??= (this.prefetched?.geo ?? fetch(visual.geo).then((r) => r.json())).then((geo) => {
      echarts.registerMap("vn34", geo);
      return { geo, properties: new Map(geo.features.map((f) => [f.id, f.properties])) };
    });
    return this.geoLoaded;
  }

  chart(visual) {
    const box = $(this.root, `#visual-${visual.id}`);
    if (!this.charts[visual.id]) {
      const chart = echarts.init($(box, ".chart"), null, { renderer: "canvas" });
      this.charts[visual.id] = chart;
      const png = el("button", { type: "button", class: "secondary", dataset: { export: "png" }, onclick: () => this.exportPng(visual) });
      $(box, ".actions").append(png);
    }
    $(box, "[data-export='png']").textContent = t("dash.exportPng");
    return this.charts[visual.id];
  }

  /** setOption, resolved when ECharts has drawn it (the handler goes on before setOption, or it never fires). */
  draw(chart, option) {
    return new Promise((resolve) => {
      const done = () => {
        chart.off("finished", done);
        resolve();
      };
      chart.on("finished", done);
      chart.setOption(option, { notMerge: true });
    });
  }

  baseOption() {
    return { animation: false, aria: { enabled: true }, textStyle: { fontFamily: "Noto Sans, DejaVu Sans, sans-serif" }, color: COLORS };
  }

  renderTrend(visual) {
    const d = this.definition;
    $(this.root, `#title-${visual.id}`).textContent = this.title(visual);
    const chart = this.chart(visual);
    const measure = this.state.measure;
    const series = [{
      name: text(d.measures[measure].label), type: "line", symbolSize: 9,
      data: this.years.map((y) => [String(y), measureValue(measure, d, this.series, y, this.state.minority)]),
      markLine: this.state.year ? { symbol: "none", silent: true, lineStyle: { color: "#4a4f55", type: "dotted" }, data: [{ xAxis: String(this.state.year) }], label: { show: false } } : undefined,
    }];
    for (const target of visual.showTargets ? this.targets().filter((x) => x.measure === measure) : []) {
      series.push({ name: target.label, type: "line", lineStyle: { type: "dashed" }, symbol: "none", data: target.path.map((p) => [String(p.year), p.value]) });
    }
    chart.off("click");
    chart.on("click", (params) => {
      if (params.componentType === "series" && visual.crossFilter === "year") {
        this.setYear(Number(params.name ?? params.value?.[0]));
      }
    });
    return this.draw(chart, {
      ...this.baseOption(),
      tooltip: { trigger: "axis", valueFormatter: (v) => formatValue(d, measure, v) },
      legend: { bottom: 0, type: "scroll" },
      grid: { left: 60, right: 20, top: 20, bottom: 50 },
      xAxis: { type: "category", data: this.years.map(String) },
      yAxis: { type: "value", axisLabel: { formatter: (v) => formatNumber(v, 2) } },
      series,
    });
  }

  childRows() {
    const d = this.definition;
    const better = d.measures[this.state.measure].better;
    return this.data.children
      .map((c) => ({ child: c, value: measureValue(this.state.measure, d, c.years, this.state.year, this.state.minority) }))
      .filter((r) => r.value != null)
      .sort((a, b) => (better === "higher" ? a.value - b.value : b.value - a.value) || a.child.code.localeCompare(b.child.code));
  }

  renderRanking(visual) {
    const d = this.definition;
    const box = $(this.root, `#visual-${visual.id}`);
    const rows = this.childRows();
    box.hidden = !this.childLevel || rows.length === 0;
    if (box.hidden) return Promise.resolve();
    $(this.root, `#title-${visual.id}`).textContent = this.title(visual);
    const chart = this.chart(visual);
    // Every unit (a definition may still set "limit"); a long ranking scrolls inside its box.
    const shown = visual.limit ? rows.slice(0, visual.limit) : rows;
    $(box, ".note").textContent = rows.length > shown.length ? `${shown.length} / ${rows.length}` : t("dash.rankedAll", { count: formatNumber(rows.length, 0) });
    $(box, ".chart").style.height = `${Math.max(260, shown.length * 22 + 60)}px`;
    chart.resize();
    chart.off("click");
    chart.off("mouseover");
    chart.off("mouseout");
    chart.on("click", (params) => {
      const child = this.childAt(params.data?.code);
      if (child && visual.drill) this.drillTo(child);
    });
    chart.on("mouseover", (params) => this.highlight(params.data?.code, true));
    chart.on("mouseout", (params) => this.highlight(params.data?.code, false));
    const labels = shown.map((r) => r.child.name).reverse();
    return this.draw(chart, {
      ...this.baseOption(),
      tooltip: { trigger: "item", formatter: (p) => `${p.name}: ${formatValue(d, this.state.measure, p.value)}` },
      grid: { left: 170, right: 70, top: 10, bottom: 20 },
      xAxis: { type: "value", axisLabel: { formatter: (v) => formatNumber(v, 1) } },
      yAxis: { type: "category", data: labels, axisLabel: { width: 160, overflow: "truncate" } },
      series: [{
        type: "bar", name: text(d.measures[this.state.measure].label),
        data: shown.map((r) => ({ value: r.value, name: r.child.name, code: r.child.code })).reverse(),
        label: { show: true, position: "right", formatter: (p) => formatValue(d, this.state.measure, p.value) },
        emphasis: { itemStyle: { color: "#b35900" } },
        cursor: this.canDrill ? "pointer" : "default",
      }],
    });
  }

  highlight(code, on) {
    if (!code) return;
    for (const [id, chart] of Object.entries(this.charts)) {
      // Not the trend (years, not units), nor a chart hidden at this level (the map below the national level).
      // Nor the map when it only shows where a province lies (no units of the ranking on it).
      if (id === "trend" || (id === "map" && this.mapMode !== "national") || chart.isDisposed() || chart.getDom().closest("[hidden]")) continue;
      const option = chart.getOption();
      const data = option?.series?.[0]?.data ?? [];
      const dataIndex = data.findIndex((item) => item?.code === code || item?.name === code);
      if (dataIndex >= 0) chart.dispatchAction({ type: on ? "highlight" : "downplay", seriesIndex: 0, dataIndex });
    }
  }

  /**
   * The map where boundaries exist (dashboards/geo: the 34 provinces since 01/07/2025, nothing finer, nothing older):
   * the national level coloured by province; a province (2025 boundaries) shown where it lies, coloured by its own
   * value; anywhere else the box says plainly that there are no boundaries for it — no geometry is made up.
   */
  async renderMap(visual) {
    const d = this.definition;
    const box = $(this.root, `#visual-${visual.id}`);
    const national = Object.entries(visual.when ?? {}).every(([k, v]) => (k === "level" ? this.level === v : this.state[k] === v));
    const province = !national && this.state.basis === "2025" && this.level === "province" && !!visual.locateProvince;
    const note = $(box, ".note");
    const chartBox = $(box, ".chart");
    box.hidden = false;
    if (!national && !province) {
      this.mapMode = null;
      $(this.root, `#title-${visual.id}`).textContent = t("dash.mapTitle");
      chartBox.hidden = true;
      note.textContent = this.state.basis !== "2025" ? t("dash.mapNoHistorical") : t("dash.mapNoCommunes", { unit: this.current.name ?? this.current.code });
      return;
    }
    this.mapMode = national ? "national" : "province";
    chartBox.hidden = false;
    const { properties, geo } = await this.loadGeo(visual);
    const chart = this.chart(visual);
    chart.off("click");
    chart.off("mouseover");
    chart.off("mouseout");
    if (province) {
      const code = this.current.code;
      const value = measureValue(this.state.measure, d, this.series, this.state.year, this.state.minority);
      $(this.root, `#title-${visual.id}`).textContent = t("dash.mapProvince", { unit: this.current.name ?? code, year: this.state.year ?? "" });
      note.textContent = t("dash.mapNoCommunes", { unit: this.current.name ?? code });
      const feature = geo.features.find((f) => f.id === code);
      const view = feature ? viewOf(feature) : null;
      return this.draw(chart, {
        ...this.baseOption(),
        tooltip: { trigger: "item", formatter: (p) => (p.data ? `${p.data.label}: ${formatValue(d, this.state.measure, p.value)}` : properties.get(p.name)?.fullName ?? p.name) },
        series: [{
          type: "map", map: "vn34", nameProperty: "code", roam: true, selectedMode: false, ...(view ?? {}),
          itemStyle: { areaColor: "#eceff1", borderColor: "#9aa1a8" },
          emphasis: { itemStyle: { areaColor: "#b35900" }, label: { show: false } },
          label: { show: true, formatter: (p) => (p.name === code ? `${properties.get(code)?.name ?? code}\n${formatValue(d, this.state.measure, value)}` : ""), fontWeight: 700, color: "#1b1f23" },
          data: value == null ? [] : [{ name: code, code, value, label: this.current.name ?? properties.get(code)?.fullName, itemStyle: { areaColor: "#0b4f8a" }, label: { color: "#ffffff" } }],
        }],
      });
    }
    note.textContent = "";
    $(this.root, `#title-${visual.id}`).textContent = this.title(visual);
    const rows = this.childRows();
    const values = rows.map((r) => r.value);
    chart.on("click", (params) => {
      const child = this.childAt(params.data?.code);
      if (child && visual.drill) this.drillTo(child);
    });
    chart.on("mouseover", (params) => this.highlight(params.data?.code, true));
    chart.on("mouseout", (params) => this.highlight(params.data?.code, false));
    return this.draw(chart, {
      ...this.baseOption(),
      tooltip: { trigger: "item", formatter: (p) => `${p.data?.label ?? p.name}: ${formatValue(d, this.state.measure, p.value)}` },
      visualMap: {
        min: values.length ? Math.min(...values) : 0, max: values.length ? Math.max(...values) : 1, calculable: true, left: 10, bottom: 10,
        inRange: { color: ["#f1f7fc", "#7fb0d8", "#0b4f8a"] }, formatter: (v) => formatValue(d, this.state.measure, v),
      },
      series: [{
        type: "map", map: "vn34", nameProperty: "code", roam: true, selectedMode: false,
        emphasis: { itemStyle: { areaColor: "#b35900" }, label: { show: false } },
        data: rows.map((r) => ({ name: r.child.code, code: r.child.code, value: r.value, label: r.child.name || properties.get(r.child.code)?.name })),
      }],
    });
  }

  renderTable(visual) {
    const d = this.definition;
    const box = $(this.root, `#visual-${visual.id}`);
    const rows = this.childRows();
    box.hidden = !this.childLevel || rows.length === 0;
    if (box.hidden) return;
    $(this.root, `#title-${visual.id}`).textContent = this.title(visual);
    const actions = $(box, ".actions");
    if (!$(actions, "[data-export='csv']")) actions.append(el("button", { type: "button", class: "secondary", dataset: { export: "csv" }, onclick: () => this.exportCsv(visual) }));
    $(actions, "[data-export='csv']").textContent = t("dash.exportCsv");
    const canDrill = this.canDrill;
    const head = el("tr", {}, el("th", { scope: "col", text: t("dash.col.name") }), el("th", { scope: "col", text: t("dash.col.code") }),
      ...visual.columns.map((m) => el("th", { scope: "col", class: "num", text: text(d.measures[m].label) })),
      canDrill ? el("th", { scope: "col", text: t("dash.col.open") }) : null);
    const body = rows.map((r) => el("tr", { dataset: { code: r.child.code } },
      el("th", { scope: "row", text: r.child.name }), el("td", { text: r.child.code }),
      ...visual.columns.map((m) => el("td", { class: "num", text: formatValue(d, m, measureValue(m, d, r.child.years, this.state.year, this.state.minority)) })),
      canDrill ? el("td", {}, el("button", { type: "button", class: "link", text: t("dash.drill", { name: r.child.name }), onclick: () => this.drillTo(r.child) })) : null));
    $(box, ".table-scroll").replaceChildren(el("table", {}, el("caption", { class: "visually-hidden", text: this.title(visual) }), el("thead", {}, head), el("tbody", {}, ...body)));
  }

  exportCsv(visual) {
    const d = this.definition;
    const vi = lang() !== "en";
    const separator = vi ? ";" : ",";
    const number = (v) => (v == null ? "" : String(Math.round(v * 10000) / 10000).replace(".", vi ? "," : "."));
    const quote = (s) => `"${String(s).replace(/"/g, '""')}"`;
    const lines = [[t("dash.col.code"), t("dash.col.name"), t("dash.col.year"), ...visual.columns.map((m) => text(d.measures[m].label))].map(quote).join(separator)];
    for (const r of this.childRows()) {
      lines.push([quote(r.child.code), quote(r.child.name), String(this.state.year), ...visual.columns.map((m) => number(measureValue(m, d, r.child.years, this.state.year, this.state.minority)))].join(separator));
    }
    const blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
    download(URL.createObjectURL(blob), `${d.id}-${this.current.code}-${this.state.year}.csv`, true);
  }

  exportPng(visual) {
    const basis = this.definition.slicers.find((x) => x.id === "basis")?.options?.find((o) => o.value === this.state.basis);
    const unit = this.state.path.map((step) => (step.code === "VN" ? t("dash.national") : step.name ?? step.code)).join(" › ");
    const today = new Intl.DateTimeFormat("vi-VN", { day: "2-digit", month: "2-digit", year: "numeric" }).format(new Date());
    return downloadPng(this.charts[visual.id], `${this.definition.id}-${visual.id}-${this.current.code}-${this.state.year}.png`, {
      title: this.title(visual),
      subtitle: t("dash.pngSubtitle", { measure: text(this.definition.measures[this.state.measure].label), unit, year: this.state.year ?? "", basis: basis ? text(basis.label) : "", minority: this.state.minority ? t("dash.pngMinority") : "" }),
      source: t("dash.pngSource", { date: today }),
    });
  }
}
