// Nominations dashboard viewer (definition "kind": "nominations"): KPI cards by status group, dossiers by
// status, by award form (stacked by status group), by nominating unit (table) and each unit's quota use.
// Data: GET /api/dossier-counts and GET /api/dossier-quota-use; the server counts only the units the caller
// (or the embed token) may read, so nothing here filters for security.
import * as echarts from "/vendor/echarts/echarts.esm.min.mjs";
import { addMessages, applyTranslations, formatNumber, onLangChange, t } from "/app/i18n.js";
import { fetchJson as defaultFetch } from "./data.js";
import { downloadPng, el, text } from "./dom.js";

addMessages({
  "nom.total": ["Tổng số hồ sơ", "Dossiers"],
  "nom.pngAllUnits": ["Các đơn vị trong phạm vi", "Units within the scope"],
  "nom.pngSource": ["Nguồn: hồ sơ đề nghị khen thưởng trên hệ thống · Vì người nghèo – Không để ai bị bỏ lại phía sau · xuất ngày {date}", "Source: award nominations in the system · Vì người nghèo – Không để ai bị bỏ lại phía sau · exported {date}"],
  "nom.loading": ["Đang tải số liệu…", "Loading figures…"],
  "nom.failed": ["Không tải được số liệu: {message}", "Could not load the figures: {message}"],
  "nom.none": ["Chưa có hồ sơ nào trong phạm vi của bạn cho kế hoạch này.", "No dossiers within your scope for this plan yet."],
  "nom.noQuota": ["Kế hoạch không đặt chỉ tiêu cho các hồ sơ này.", "The plan sets no quota for these dossiers."],
  "nom.col.unit": ["Đơn vị đề nghị", "Nominating unit"],
  "nom.col.award": ["Hình thức khen thưởng", "Award form"],
  "nom.col.kind": ["Đối tượng", "Nominee"],
  "nom.col.used": ["Đã dùng / chỉ tiêu", "Used / quota"],
  "nom.col.clause": ["Căn cứ", "Clause"],
  "nom.col.dossiers": ["Số hồ sơ", "Dossiers"],
  "nom.usedOf": ["{used}/{limit}", "{used} of {limit}"],
  "nom.exportPng": ["Tải ảnh PNG", "Download PNG"],
  "nom.filterUnit": ["Chỉ xem {name}", "Show only {name}"],
  "nom.filteredBy": ["Đang lọc: {name} và các đơn vị trực thuộc", "Filtered: {name} and the units within it"],
  "nom.clearFilter": ["Bỏ lọc", "Clear filter"],
  "nom.stage": ["Đợt khen thưởng", "Stage"],
  "nom.allStages": ["Tất cả các đợt", "All stages"],
  "kind.household": ["Hộ gia đình", "Household"],
  "kind.individual": ["Cá nhân", "Individual"],
  "kind.collective": ["Tập thể", "Collective"],
  "kind.commune": ["Xã", "Commune"],
  "kind.district": ["Huyện", "District"],
  "kind.enterprise": ["Doanh nghiệp", "Enterprise"],
});

export class NominationsViewer {
  constructor(root, definition, { fetchJson = defaultFetch, landing = false } = {}) {
    this.root = root;
    this.definition = definition;
    this.fetchJson = fetchJson;
    this.landing = landing; // the signed-in page: open on the plan and stage with data for the user's unit (not when embedded)
    this.addressed = false; // ?plan= or ?stage= given: the address decides
    this.state = { plan: definition.slicers.find((s) => s.id === "plan")?.default ?? definition.plans[0].id, unit: null, unitName: null, stage: "" };
    this.plans = new Map(); // planId → the plan's stages and period (GET /api/plans/{id}, anonymous)
    this.charts = {};
    this.renderCount = 0;
  }

  /** ?plan= picks a plan of the definition. */
  applyQuery(params) {
    const plan = params.get("plan");
    if (plan && this.definition.plans.some((p) => p.id === plan)) this.state.plan = plan;
    // ?unit= narrows every visual to a unit's subtree (the server refuses a unit outside the caller's scope).
    const unit = params.get("unit");
    if (unit && /^\d{2,5}$/.test(unit)) this.state.unit = unit;
    // ?stage=kind:year (e.g. mid-term:2023), checked against the plan's stages when they arrive.
    const stage = params.get("stage");
    if (stage && /^[a-z-]+:\d{4}$/.test(stage)) this.state.stage = stage;
    this.addressed = !!(plan || stage);
  }

  /**
   * Opens where the user's unit has data (GET /api/nominations-landing): among the definition's plans, the first that
   * concerns the unit (a Bắc Giang commune: Bắc Giang's plan, not Chư Pưh's) and has dossiers the user may read, at the
   * stage of the latest year among them. Without an answer the definition's defaults stay.
   */
  async land() {
    if (!this.landing || this.addressed) return;
    const query = new URLSearchParams({ planIds: this.definition.plans.map((p) => p.id).join(",") });
    const landing = await this.fetchJson(`/api/nominations-landing?${query}`).catch(() => null);
    if (!landing?.planId || !this.definition.plans.some((p) => p.id === landing.planId)) return;
    this.state.plan = landing.planId;
    this.state.stage = landing.stage ? `${landing.stage.kind}:${landing.stage.year}` : "";
  }

  /** The stages one can filter by: each dated stage of the plan, and an annual stage for every year of the plan. */
  stageOptions(plan) {
    const options = [];
    for (const stage of plan?.stages ?? []) {
      const years = stage.year ? [stage.year] : Array.from({ length: plan.period.to - plan.period.from + 1 }, (_, i) => plan.period.from + i);
      for (const year of years) options.push({ value: `${stage.kind}:${year}`, label: `${t(`stage.${stage.kind}`)} ${year}` });
    }
    return options;
  }

  planOf(planId) {
    if (!this.plans.has(planId)) {
      // Plain fetch: the plan catalogue is anonymous (and an embedded page has no sign-in).
      const load = fetch(`/api/plans/${encodeURIComponent(planId)}`, { headers: { Accept: "application/json" } })
        .then((r) => (r.ok ? r.json() : null)).catch(() => null);
      this.plans.set(planId, load);
    }
    return this.plans.get(planId);
  }

  /** Cross-filter: every visual (cards, charts, tables) narrowed to one nominating unit and the units within it; null clears. */
  filterUnit(code, name = null) {
    this.state.unit = code;
    this.state.unitName = name;
    this.load();
  }

  async start() {
    performance.mark("dashboard-start");
    this.buildFrame();
    onLangChange(() => this.data && this.render());
    window.addEventListener("resize", () => Object.values(this.charts).forEach((c) => c.resize()));
    await this.land();
    await this.load();
  }

  buildFrame() {
    const visuals = this.definition.visuals.filter((v) => v.type !== "kpi");
    this.root.replaceChildren(
      el("div", { class: "slicers", id: "slicers", role: "group", "aria-label": "Slicers" }),
      el("div", { class: "alert", id: "dash-error", role: "alert", hidden: true }),
      el("p", { class: "hint", id: "dash-status", role: "status" }),
      el("section", { class: "kpis", id: "kpis", "aria-label": "KPI" }),
      el("div", { class: "visuals", id: "visuals" }, ...visuals.map((v) => el("section", { class: `visual visual-${v.type}`, id: `visual-${v.id}` },
        el("div", { class: "visual-head" }, el("h3", { id: `title-${v.id}` }), el("div", { class: "actions" })),
        v.type.endsWith("-table")
          ? el("div", { class: "table-scroll", tabindex: "0", "aria-labelledby": `title-${v.id}` })
          : el("div", { class: "chart", role: "img", "aria-labelledby": `title-${v.id}` })))),
    );
  }

  async load() {
    const started = performance.now();
    const status = this.root.querySelector("#dash-status");
    const error = this.root.querySelector("#dash-error");
    status.textContent = t("nom.loading");
    this.root.setAttribute("aria-busy", "true");
    try {
      // The plan's stages come with the counts; first only when a stage from the address has to be checked.
      const planLoad = this.planOf(this.state.plan);
      if (this.state.stage && !this.stageOptions(await planLoad).some((o) => o.value === this.state.stage)) this.state.stage = "";
      const query = new URLSearchParams({ planId: this.state.plan });
      if (this.state.unit) query.set("unitCode", this.state.unit);
      if (this.state.stage) {
        const [kind, year] = this.state.stage.split(":");
        query.set("stageKind", kind);
        query.set("stageYear", year);
      }
      const [counts, quota, plan] = await Promise.all([
        this.fetchJson(`${this.definition.source.counts}?${query}`),
        this.fetchJson(`${this.definition.source.quota}?${query}`),
        planLoad,
      ]);
      this.data = { counts, quota, plan };
      error.hidden = true;
    } catch (e) {
      error.hidden = false;
      error.textContent = t("nom.failed", { message: e.message });
      status.textContent = "";
      this.root.setAttribute("aria-busy", "false");
      this.root.dataset.state = e.status === 403 ? "forbidden" : "error";
      return;
    }
    status.textContent = this.data.counts.total ? "" : t("nom.none");
    await this.render();
    this.root.setAttribute("aria-busy", "false");
    this.root.dataset.lastStepMs = String(Math.round(performance.now() - started));
    this.root.dataset.state = "ready";
    this.root.dataset.plan = this.state.plan;
    this.root.dataset.unit = this.state.unit ?? "";
    this.root.dataset.stage = this.state.stage;
    this.root.dataset.renders = String(++this.renderCount);
  }

  groupOf(status) {
    return this.definition.statuses[status]?.group ?? "in-review";
  }

  /** { group id: count } from a byStatus object. */
  groups(byStatus) {
    const out = Object.fromEntries(this.definition.groups.map((g) => [g.id, 0]));
    for (const [status, n] of Object.entries(byStatus ?? {})) out[this.groupOf(status)] += n;
    return out;
  }

  async render() {
    applyTranslations(this.root);
    this.renderSlicers();
    this.renderKpis();
    for (const v of this.definition.visuals) {
      this.root.querySelector(`#title-${v.id}`)?.replaceChildren(text(v.title));
      if (v.type === "status-bar") this.renderStatusBar(v);
      else if (v.type === "award-bar") this.renderAwardBar(v);
      else if (v.type === "unit-table") this.renderUnitTable(v);
      else if (v.type === "quota-table") this.renderQuotaTable(v);
    }
  }

  renderSlicers() {
    const plan = this.definition.slicers.find((s) => s.type === "plan");
    const select = el("select", { id: "slicer-plan", onchange: (e) => { this.state.plan = e.target.value; this.state.stage = ""; this.load(); } },
      ...this.definition.plans.map((p) => el("option", { value: p.id, text: text(p.label), selected: p.id === this.state.plan })));
    const planBox = el("div", { class: "slicer" }, el("label", { for: "slicer-plan", text: text(plan?.label ?? ["Kế hoạch", "Plan"]) }), select);
    const name = this.state.unitName ?? this.data.counts.byUnit?.find((u) => u.unitCode === this.state.unit)?.unitName ?? this.state.unit;
    const filter = this.state.unit
      ? el("div", { class: "slicer filter-chip", role: "status" }, el("span", { id: "unit-filter", text: t("nom.filteredBy", { name }) }),
        el("button", { type: "button", class: "secondary", id: "clear-unit-filter", text: t("nom.clearFilter"), onclick: () => this.filterUnit(null) }))
      : null;
    const stages = el("select", { id: "slicer-stage", onchange: (e) => { this.state.stage = e.target.value; this.load(); } },
      el("option", { value: "", text: t("nom.allStages") }),
      ...this.stageOptions(this.data.plan).map((o) => el("option", { value: o.value, text: o.label, selected: o.value === this.state.stage })));
    const stageBox = el("div", { class: "slicer" }, el("label", { for: "slicer-stage", text: t("nom.stage") }), stages);
    this.root.querySelector("#slicers").replaceChildren(planBox, stageBox, ...(filter ? [filter] : []));
  }

  renderKpis() {
    const counts = this.data.counts;
    const groups = this.groups(counts.byStatus);
    const kpi = this.definition.visuals.find((v) => v.type === "kpi");
    const cards = kpi.items.map((id) => {
      const group = this.definition.groups.find((g) => g.id === id);
      const value = id === "total" ? counts.total : groups[id] ?? 0;
      const label = id === "total" ? t("nom.total") : text(group.label);
      return el("div", { class: "kpi", dataset: { kpi: id, value: String(value) } },
        el("div", { class: "kpi-label", text: label }), el("div", { class: "kpi-value", text: formatNumber(value, 0) }));
    });
    this.root.querySelector("#kpis").replaceChildren(...cards);
  }

  /** The chart as a PNG with its caption: title, plan, unit, stage and source (dom.js downloadPng). */
  exportPng(visual, box) {
    const plan = this.definition.plans.find((p) => p.id === this.state.plan);
    const stage = this.root.querySelector("#slicer-stage")?.selectedOptions?.[0]?.textContent ?? "";
    const unit = this.state.unit ? (this.state.unitName ?? this.state.unit) : t("nom.pngAllUnits");
    const today = new Intl.DateTimeFormat("vi-VN", { day: "2-digit", month: "2-digit", year: "numeric" }).format(new Date());
    return downloadPng(this.charts[visual.id], `nominations-${visual.id}.png`, {
      title: box.querySelector("h3")?.textContent ?? visual.id,
      subtitle: [plan ? text(plan.label) : this.state.plan, unit, stage].filter(Boolean).join(" · "),
      source: t("nom.pngSource", { date: today }),
    });
  }

  chart(visual, option) {
    const box = this.root.querySelector(`#visual-${visual.id}`);
    const dom = box.querySelector(".chart");
    this.charts[visual.id] ??= echarts.init(dom, null, { renderer: "canvas" });
    this.charts[visual.id].setOption(option, true);
    const actions = box.querySelector(".actions");
    if (!actions.childElementCount) {
      actions.append(el("button", { type: "button", class: "secondary", dataset: { export: "png" },
        onclick: () => this.exportPng(visual, box) }));
    }
    actions.querySelector("[data-export=png]").textContent = t("nom.exportPng");
  }

  renderStatusBar(visual) {
    const statuses = Object.keys(this.definition.statuses);
    const counts = this.data.counts.byStatus ?? {};
    const color = (s) => this.definition.groups.find((g) => g.id === this.groupOf(s))?.color;
    this.chart(visual, {
      animation: false,
      grid: { left: 150, right: 40, top: 10, bottom: 30 },
      tooltip: { trigger: "item" },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: statuses.map((s) => text(this.definition.statuses[s].label)) },
      series: [{ type: "bar", label: { show: true, position: "right" },
        data: statuses.map((s) => ({ value: counts[s] ?? 0, itemStyle: { color: color(s) } })) }],
    });
  }

  renderAwardBar(visual) {
    const awards = (this.data.counts.byAwardForm ?? []).filter((a) => a.total > 0);
    const box = this.root.querySelector(`#visual-${visual.id}`);
    box.hidden = awards.length === 0;
    if (!awards.length) return;
    this.chart(visual, {
      animation: false,
      grid: { left: 200, right: 30, top: 40, bottom: 30 },
      legend: { top: 0 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: awards.map((a) => a.name ?? a.awardFormId), axisLabel: { width: 190, overflow: "break" } },
      series: this.definition.groups.map((g) => ({
        type: "bar", stack: "all", name: text(g.label), itemStyle: { color: g.color },
        data: awards.map((a) => this.groups(a.byStatus)[g.id]),
      })),
    });
  }

  renderUnitTable(visual) {
    const groups = this.definition.groups;
    const rows = (this.data.counts.byUnit ?? []).map((u) => {
      const g = this.groups(u.byStatus);
      const name = u.unitName ?? u.unitCode;
      // Clicking a unit filters every other visual to it (it is already the filter: plain text).
      const cell = u.unitCode === this.state.unit ? name
        : el("button", { type: "button", class: "link", text: name, title: t("nom.filterUnit", { name }), onclick: () => this.filterUnit(u.unitCode, name) });
      return el("tr", { dataset: { code: u.unitCode } }, el("th", { scope: "row" }, cell),
        el("td", { class: "num", text: formatNumber(u.total, 0) }), ...groups.map((x) => el("td", { class: "num", text: formatNumber(g[x.id], 0) })));
    });
    const table = el("table", {},
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: t("nom.col.unit") }), el("th", { scope: "col", text: t("nom.total") }),
        ...groups.map((g) => el("th", { scope: "col", text: text(g.label) })))),
      el("tbody", {}, ...rows));
    this.root.querySelector(`#visual-${visual.id} .table-scroll`).replaceChildren(table);
  }

  renderQuotaTable(visual) {
    const items = this.data.quota.items ?? [];
    const scroll = this.root.querySelector(`#visual-${visual.id} .table-scroll`);
    if (!items.length) {
      scroll.replaceChildren(el("p", { class: "hint", text: t("nom.noQuota") }));
      return;
    }
    const rows = items.map((q) => {
      const full = q.used >= q.limit;
      return el("tr", { dataset: { code: q.unitCode, award: q.awardFormId, used: String(q.used), limit: String(q.limit) }, class: full ? "quota-full" : null },
        el("th", { scope: "row", text: q.unitName ?? q.unitCode }),
        el("td", { text: q.awardFormName ?? q.awardFormId }),
        el("td", { text: t(`kind.${q.nomineeKind}`) }),
        el("td", {}, el("meter", { min: "0", max: String(q.limit), value: String(q.used), "aria-label": t("nom.usedOf", { used: q.used, limit: q.limit }) }),
          " ", el("span", { class: "quota-text", text: t("nom.usedOf", { used: q.used, limit: q.limit }) })),
        el("td", { class: "num", text: formatNumber(q.dossiers, 0) }),
        el("td", { text: q.clause, title: q.text }));
    });
    scroll.replaceChildren(el("table", {},
      el("thead", {}, el("tr", {}, ...["nom.col.unit", "nom.col.award", "nom.col.kind", "nom.col.used", "nom.col.dossiers", "nom.col.clause"].map((k) => el("th", { scope: "col", text: t(k) })))),
      el("tbody", {}, ...rows)));
  }
}
