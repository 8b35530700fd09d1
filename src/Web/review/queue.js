// The reviewers' queue (/review/): dossiers of the reviewer's units (the API scopes every answer), filtered
// by plan, stage, year, status and nominating unit, searched without diacritics by the server ("Chu Puh"
// finds "Chư Pưh"), newest change first; the filters live in the address so "back" returns to the same
// view. Below: the consolidated list of approved nominees as XLSX or CSV.
import { downloadFile, getJson, getPlan, listPlans } from "/app/api.js";
import { addMessages, applyTranslations, formatDateTime, formatNumber, lang, onLangChange, t } from "/app/i18n.js";
import { initShell } from "/app/shell.js";
import { $, STAGE_KINDS, STATUSES, el, problemText, stageText, statusBadge, verdictBadge } from "./common.js";

addMessages({
  "q.heading": ["Hàng chờ thẩm định", "Review queue"],
  "q.search": ["Tìm theo tên đối tượng, đơn vị hoặc mã hồ sơ", "Search by nominee, unit or dossier id"],
  "q.searchHint": ["Gõ có dấu hay không dấu đều được: \"Chu Puh\" tìm thấy \"Chư Pưh\".", "With or without Vietnamese diacritics: \"Chu Puh\" finds \"Chư Pưh\"."],
  "q.plan": ["Kế hoạch", "Plan"],
  "q.stage": ["Đợt", "Stage"],
  "q.year": ["Năm", "Year"],
  "q.status": ["Trạng thái", "Status"],
  "q.unit": ["Đơn vị đề nghị", "Nominating unit"],
  "q.all": ["Tất cả", "All"],
  "q.col.nominee": ["Đối tượng", "Nominee"],
  "q.col.unit": ["Đơn vị đề nghị", "Nominating unit"],
  "q.col.stage": ["Kế hoạch · đợt", "Plan · stage"],
  "q.col.status": ["Trạng thái", "Status"],
  "q.col.verdict": ["Kết quả máy", "Machine's verdict"],
  "q.col.revision": ["Lần nộp", "Revision"],
  "q.col.updated": ["Cập nhật", "Updated"],
  "q.count": ["{count} hồ sơ", "{count} dossier(s)"],
  "q.countPaged": ["Hồ sơ {from}–{to} trong {count}", "Dossiers {from}–{to} of {count}"],
  "q.pageInfo": ["Trang {page}/{pages}", "Page {page} of {pages}"],
  "q.pager": ["Trang", "Pages"],
  "q.prev": ["Trang trước", "Previous page"],
  "q.next": ["Trang sau", "Next page"],
  "q.none": ["Không có hồ sơ nào khớp.", "No dossier matches."],
  "q.loading": ["Đang tải…", "Loading…"],
  "q.open": ["Mở hồ sơ {name}", "Open the dossier of {name}"],
  "x.heading": ["Danh sách tổng hợp đề nghị khen thưởng", "Consolidated list of nominees"],
  "x.hint": ["Các hồ sơ đạt, đã trình hoặc đã có quyết định của kế hoạch, đợt và hình thức khen thưởng đã chọn, trong phạm vi đơn vị của bạn.",
    "Approved, forwarded and decided dossiers of the chosen plan, stage and award form, within your units."],
  "x.award": ["Hình thức khen thưởng", "Award form"],
  "x.need": ["Chọn kế hoạch, đợt và năm ở trên để tải danh sách.", "Choose a plan, a stage and a year above to download the list."],
  "x.xlsx": ["Tải danh sách (Excel .xlsx)", "Download the list (Excel .xlsx)"],
  "x.csv": ["Tải danh sách (.csv)", "Download the list (.csv)"],
  "x.done": ["Đã tải {name} ({size} byte).", "Downloaded {name} ({size} bytes)."],
  "x.failed": ["Không tải được danh sách: {message}", "Could not download the list: {message}"],
});

// The queue comes a page at a time (?pageSize= in the address changes the size, 1–500).
const DEFAULT_PAGE_SIZE = 50;
const state = { plans: [], plan: null, rows: [], units: new Map(), request: 0, timer: null, page: 1, pageSize: DEFAULT_PAGE_SIZE, total: 0 };

function option(value, text) {
  return el("option", { value, text });
}

function filters() {
  return {
    q: $("q").value.trim(),
    planId: $("plan").value,
    stageKind: $("stageKind").value,
    stageYear: $("stageYear").value,
    status: $("status").value,
    unitCode: $("unit").value,
  };
}

/** Reads the filters from the address (?q=&planId=…) into the controls. */
function restoreFilters() {
  const params = new URLSearchParams(location.search);
  $("q").value = params.get("q") ?? "";
  const whole = (name, min, max) => (/^\d+$/.test(params.get(name) ?? "") ? Math.min(max, Math.max(min, Number(params.get(name)))) : null);
  state.page = whole("page", 1, 1_000_000) ?? 1;
  state.pageSize = whole("pageSize", 1, 500) ?? DEFAULT_PAGE_SIZE;
  return params;
}

function keepInAddress(f) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(f)) if (value) params.set(key, value);
  if (state.page > 1) params.set("page", String(state.page));
  if (state.pageSize !== DEFAULT_PAGE_SIZE) params.set("pageSize", String(state.pageSize));
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

function fillStatic(params) {
  const status = $("status");
  const chosenStatus = params?.get("status") ?? status.value;
  status.replaceChildren(option("", t("q.all")), ...STATUSES.map((s) => option(s, t(`rv.status.${s}`))));
  status.value = chosenStatus ?? "";
  const kind = $("stageKind");
  const chosenKind = params?.get("stageKind") ?? kind.value;
  kind.replaceChildren(option("", t("q.all")), ...STAGE_KINDS.map((k) => option(k, t(`stage.${k}`))));
  kind.value = chosenKind ?? "";
  const plan = $("plan");
  const chosenPlan = params?.get("planId") ?? plan.value;
  plan.replaceChildren(option("", t("q.all")), ...state.plans.map((p) => option(p.id, p.title)));
  plan.value = state.plans.some((p) => p.id === chosenPlan) ? chosenPlan : "";
}

async function fillPlanDependent(params) {
  const planId = $("plan").value;
  state.plan = planId ? await getPlan(planId) : null;
  const years = [];
  const from = state.plan?.period?.from ?? 2016;
  const to = state.plan?.period?.to ?? 2030;
  for (let y = from; y <= to; y++) years.push(y);
  const year = $("stageYear");
  const chosenYear = params?.get("stageYear") ?? year.value;
  year.replaceChildren(option("", t("q.all")), ...years.map((y) => option(String(y), String(y))));
  year.value = years.includes(Number(chosenYear)) ? chosenYear : "";
  const award = $("award");
  const chosenAward = award.value;
  // A Giấy khen (level agency-head) is decided by the head of the nominating unit and goes on no provincial list: only a
  // reviewer of that unit (a district, a commune, or a registered body such as a Sở) has such dossiers to export.
  const ownHead = (s) => Boolean(s && s.unitCode !== "VN" && (s.unitCode.length > 2 || (s.bodyId && !s.bodyId.startsWith("ubnd:"))));
  const forms = (state.plan?.awardForms ?? []).filter((a) => a.level !== "agency-head" || ownHead(state.me?.scope));
  award.replaceChildren(...forms.map((a) => option(a.id, a.name)));
  if (forms.some((a) => a.id === chosenAward)) award.value = chosenAward;
  renderExportState();
}

function fillUnits(params) {
  const unit = $("unit");
  const chosen = params?.get("unitCode") ?? unit.value;
  const entries = [...state.units.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  if (chosen && !state.units.has(chosen)) entries.unshift([chosen, chosen]);
  unit.replaceChildren(option("", t("q.all")), ...entries.map(([code, name]) => option(code, name)));
  unit.value = chosen ?? "";
}

function renderRows() {
  const body = $("queue").querySelector("tbody");
  const planTitle = (id) => state.plans.find((p) => p.id === id)?.title ?? id;
  // data-label: on a phone each row becomes a card and the cell says what it is (see review.css).
  const label = (key) => t(`q.col.${key}`);
  body.replaceChildren(...state.rows.map((d) => el("tr", { "data-dossier-id": d.id, "data-status": d.status },
    el("td", { "data-label": label("nominee") }, el("a", {
      href: `/review/dossier.html?id=${encodeURIComponent(d.id)}`,
      class: "open",
      text: d.nominee?.name || d.id,
      "aria-label": t("q.open", { name: d.nominee?.name || d.id }),
    }), d.trackingCode ? el("span", { class: "hint tracking-code", "data-tracking-code": d.trackingCode, text: ` ${d.trackingCode}` }) : null),
    el("td", { "data-label": label("unit"), lang: "vi", text: d.nominatingUnitName ?? d.nominatingUnitCode, title: d.nominatingUnitPath }),
    el("td", { "data-label": label("stage") }, el("span", {}, el("span", { class: "plan-title", lang: "vi", text: planTitle(d.planId), title: planTitle(d.planId) }), stageText(d.stage))),
    el("td", { "data-label": label("status") }, el("span", {}, statusBadge(d.status))),
    el("td", { "data-label": label("verdict") }, el("span", {}, verdictBadge(d.verdict))),
    el("td", { "data-label": label("revision"), class: "num", text: formatNumber(d.revision, 0) }),
    el("td", { "data-label": label("updated"), text: formatDateTime(d.updatedAt) }))));
  const pages = Math.max(1, Math.ceil(state.total / state.pageSize));
  const from = (state.page - 1) * state.pageSize + 1;
  $("result-count").textContent = !state.rows.length ? t("q.none")
    : pages > 1 ? t("q.countPaged", { from: formatNumber(from, 0), to: formatNumber(from + state.rows.length - 1, 0), count: formatNumber(state.total, 0) })
      : t("q.count", { count: formatNumber(state.total, 0) });
  $("pager").hidden = pages <= 1;
  $("page-info").textContent = t("q.pageInfo", { page: formatNumber(state.page, 0), pages: formatNumber(pages, 0) });
  $("page-prev").disabled = state.page <= 1;
  $("page-next").disabled = state.page >= pages;
}

/** Asks the API for the queue with the current filters; a newer request supersedes an older one. */
async function load({ page = 1 } = {}) {
  const f = filters();
  state.page = page; // a change of filters starts again at page 1
  keepInAddress(f);
  const request = ++state.request;
  document.body.dataset.loading = "true";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(f)) if (value) params.set(key, value);
  params.set("page", String(state.page));
  params.set("pageSize", String(state.pageSize));
  const result = await getJson(`/api/dossiers?${params}`);
  if (request !== state.request) return;
  document.body.dataset.loading = "false";
  if (!result.ok) {
    showError(result.status === 401 ? t("rv.needSignIn") : result.status === 403 ? t("rv.forbidden") : problemText(result.problem, lang()));
    state.rows = [];
  } else {
    showError(null);
    state.rows = result.data;
    state.total = Number(result.headers.get("X-Total-Count") ?? state.rows.length);
    // Past the last page (dossiers left the queue since the address was made): go to the last one.
    if (!state.rows.length && state.total > 0 && state.page > 1) return load({ page: Math.ceil(state.total / state.pageSize) });
    for (const d of state.rows) state.units.set(d.nominatingUnitCode, d.nominatingUnitName ?? d.nominatingUnitCode);
    fillUnits();
  }
  renderRows();
  document.body.dataset.queryDone = String(request);
  document.body.dataset.query = params.toString();
}

function loadSoon() {
  clearTimeout(state.timer);
  state.timer = setTimeout(() => load(), 250);
}

function showError(text) {
  $("page-error").hidden = !text;
  $("page-error").textContent = text ?? "";
}

function renderExportState() {
  const f = filters();
  const ready = Boolean(f.planId && f.stageKind && f.stageYear && $("award").value);
  $("export-need").hidden = ready;
  $("export-xlsx").disabled = !ready;
  $("export-csv").disabled = !ready;
}

/** Downloads the consolidated list with the bearer token, then saves it under the server's file name. */
async function exportList(format) {
  const f = filters();
  const params = new URLSearchParams({ planId: f.planId, stageKind: f.stageKind, stageYear: f.stageYear, awardFormId: $("award").value, format });
  const status = $("export-status");
  status.textContent = t("q.loading");
  const result = await downloadFile(`/api/dossier-exports/approved?${params}`, `danh-sach.${format}`);
  if (!result.ok) {
    status.textContent = t("x.failed", { message: problemText(result.problem, lang()) });
    return;
  }
  status.textContent = t("x.done", { name: result.name, size: formatNumber(result.size, 0) });
}

async function main() {
  const me = await initShell();
  state.me = me;
  const params = restoreFilters();
  state.plans = await listPlans();
  fillStatic(params);
  await fillPlanDependent(params);
  fillUnits(params);
  $("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  $("q").addEventListener("input", loadSoon);
  $("page-prev").addEventListener("click", () => load({ page: state.page - 1 }));
  $("page-next").addEventListener("click", () => load({ page: state.page + 1 }));
  for (const id of ["stageKind", "stageYear", "status", "unit"]) {
    $(id).addEventListener("change", () => {
      renderExportState();
      load();
    });
  }
  $("plan").addEventListener("change", async () => {
    await fillPlanDependent();
    load();
  });
  $("award").addEventListener("change", renderExportState);
  for (const button of [$("export-xlsx"), $("export-csv")]) button.addEventListener("click", () => exportList(button.dataset.format));
  onLangChange(() => {
    applyTranslations();
    fillStatic();
    fillPlanDependent();
    fillUnits();
    renderRows();
  });
  if (!me) {
    showError(t("rv.needSignIn"));
    document.body.dataset.ready = "true";
    return;
  }
  await load({ page: state.page }); // the page in the address, on arrival
  document.body.dataset.ready = "true";
}

main().catch((error) => {
  showError(error.message);
  document.body.dataset.ready = "true";
});
