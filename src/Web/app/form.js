// The agency's nomination form: plan, stage, nominee, the figures the plan's criteria need (generated
// from GET /api/plans/{id}) and a live preview of the criteria (POST /api/evaluate, debounced, stale
// requests cancelled). Errors of the server's problem+json answers are shown next to their fields.
// The dossier panel (dossier.js) saves the form as a dossier, attaches files and submits it; this
// module gives it the form's data and fills / locks the form from a saved dossier (?dossier=<id>).
import { evaluate, getJson, getPlan, listPlans, problemFields, problemTitle } from "./api.js";
import { initDossierPanel } from "./dossier.js";
import { addMessages, formatDate, formatDayMonth, formatPercent, lang, onLangChange, hasMessage, parseWholeNumber, readWholeNumber, t, tBoth } from "./i18n.js";
import { initShell } from "./shell.js";
import { defaultStageIndex, vietnamYear } from "./stages.js";

addMessages({
  "form.heading": ["Đề nghị khen thưởng – đánh giá tiêu chí", "Nomination – criteria check"],
  "form.intro": [
    "Chọn kế hoạch và đối tượng, nhập số liệu: kết quả từng tiêu chí hiện ngay bên cạnh, theo đúng điều khoản của kế hoạch.",
    "Choose the plan and the nominee, enter the figures: each criterion's result appears alongside, with the plan's clause.",
  ],
  "form.planSection": ["Kế hoạch thi đua", "Emulation plan"],
  "form.plan": ["Kế hoạch", "Plan"],
  "form.stage": ["Đợt khen thưởng", "Stage"],
  "form.year": ["Năm đề nghị", "Nomination year"],
  "form.subjectSection": ["Đối tượng đề nghị khen thưởng", "Nominee"],
  "form.kind": ["Loại đối tượng", "Nominee kind"],
  "form.award": ["Hình thức khen thưởng", "Award form"],
  "form.awardNone": ["(kế hoạch không quy định)", "(not set by the plan)"],
  "form.name": ["Tên đối tượng", "Nominee name"],
  "form.unit": ["Mã đơn vị hành chính", "Administrative unit code"],
  "form.unitHint": ["Mã thống kê (tỉnh 2 số, huyện 3 số, xã 5 số).", "Statistical code (province 2 digits, district 3, commune 5)."],
  "form.unitSearch": ["Đơn vị hành chính (tìm theo tên)", "Administrative unit (search by name)"],
  "form.unitPickHint": ["Gõ tên, không cần dấu (ví dụ \u201cia hru\u201d), rồi chọn trong danh sách.", "Type the name, diacritics optional (e.g. \u201cia hru\u201d), then choose from the list."],
  "form.unitChosen": ["{name} — mã {code}", "{name} — code {code}"],
  "form.tags": ["Phân loại", "Category"],
  "form.address": ["Địa chỉ", "Address"],
  "form.position": ["Chức vụ, đơn vị công tác", "Position and workplace"],
  "form.level": ["Cấp công tác (chỉ tiêu chia theo cấp)", "Level (the quota is split by level)"],
  "form.levelChoose": ["— Chọn cấp —", "— Choose the level —"],
  "form.level.district": ["Cấp huyện", "District level"],
  "form.level.commune-village": ["Cấp xã, thôn", "Commune or village level"],
  "form.levelHint": [
    "Kế hoạch chia chỉ tiêu của hình thức khen thưởng này theo cấp công tác của người được đề nghị.",
    "The plan splits this award form's quota by the nominee's level.",
  ],
  "form.category": ["Nhóm tiêu chí áp dụng: {name}", "Criteria group applied: {name}"],
  "form.statsSection": ["Kết quả rà soát hộ nghèo, hộ cận nghèo cuối năm", "Year-end review: poor and near-poor households"],
  "form.statsHint": [
    "Nhập số nguyên, có thể viết 12.000. Năm {baseline} là đầu kỳ. Để trống những năm chưa có số liệu.",
    "Whole numbers; 12.000 is read as twelve thousand. {baseline} is the baseline year. Leave years without figures empty.",
  ],
  "form.col.year": ["Năm", "Year"],
  "form.col.households": ["Tổng số hộ", "Households"],
  "form.col.poor": ["Số hộ nghèo", "Poor"],
  "form.col.nearPoor": ["Số hộ cận nghèo", "Near-poor"],
  "form.col.rates": ["Tỷ lệ nghèo · nghèo + cận nghèo", "Poor rate · poor + near-poor rate"],
  "form.baseline": ["(đầu kỳ)", "(baseline)"],
  "form.factsSection": ["Thông tin khác theo tiêu chí", "Other facts the criteria use"],
  "form.summarySection": ["Tóm tắt thành tích", "Achievements"],
  "form.summary": ["Tóm tắt thành tích (cho danh sách kèm tờ trình)", "Summary of achievements (for the list attached to the submission)"],
  "form.deadlines": ["Thời hạn", "Deadlines"],
  "form.deadlineAnnual": ["trước ngày {day} hằng năm", "by {day} every year"],
  "form.loadFailed": ["Không tải được danh mục kế hoạch: {message}", "Could not load the plan catalogue: {message}"],
  "form.noPlanForUnit": [
    "Không có kế hoạch nào áp dụng cho đơn vị {unit}: chưa thể lập hồ sơ đề nghị.",
    "No plan governs unit {unit}: a nomination dossier cannot be drafted yet.",
  ],
  "fact.policyHouseholdsPoor": ["Số hộ chính sách, người có công còn nghèo cuối kỳ", "Policy / meritorious households still poor at the end"],
  "fact.policyHouseholdsPoorAsOf": [
    "Số hộ chính sách, người có công còn là hộ nghèo đến hết năm {year}",
    "Policy / meritorious households still poor at the end of {year}",
  ],
  "fact.escapedPovertyYear": ["Năm thoát nghèo", "Year the household escaped poverty"],
  "fact.consecutiveYearsInPovertyWork": ["Số năm liên tục làm công tác giảm nghèo", "Consecutive years in poverty-reduction work"],
  "fact.contribution": ["Giá trị đóng góp (đồng)", "Contribution (VND)"],
  "kind.agency": ["Cơ quan, đơn vị", "Agency"],
  "kind.district": ["Cấp huyện", "District"],
  "kind.commune": ["Cấp xã", "Commune"],
  "kind.village": ["Thôn, làng, bản", "Village"],
  "kind.household": ["Hộ gia đình", "Household"],
  "kind.official": ["Cán bộ, công chức", "Official"],
  "kind.enterprise": ["Doanh nghiệp, HTX", "Enterprise"],
  "kind.collective": ["Tập thể", "Collective"],
  "kind.individual": ["Cá nhân", "Individual"],
  "tag.poor-district": ["Huyện nghèo", "Poor district"],
  "tag.poor-commune": ["Xã nghèo", "Poor commune"],
  "tag.region-1": ["Xã khu vực I", "Region I commune"],
  "tag.region-2": ["Xã khu vực II", "Region II commune"],
  "tag.region-3": ["Xã khu vực III", "Region III commune"],
  "tag.newly-escaped": ["Hộ mới thoát nghèo", "Newly escaped household"],
  "tag.supporter": ["Hỗ trợ, ủng hộ người nghèo (III.2.1)", "Supporter of the poor (III.2.1)"],
  "tag.bank": ["Ngân hàng (kể cả Phòng giao dịch NHCSXH)", "Bank (incl. a Social Policy Bank office)"],
  "tag.credit-institution": ["Tổ chức tín dụng", "Credit institution"],
  "preview.heading": ["Kết quả đánh giá tiêu chí (xem trước)", "Criteria result (preview)"],
  "preview.hint": [
    "Máy tính theo số liệu đã nhập; tiêu chí định tính chờ người thẩm định.",
    "Computed from the figures entered; qualitative criteria wait for a reviewer.",
  ],
  "preview.verdict": ["Kết luận", "Verdict"],
  "preview.working": ["Đang tính…", "Computing…"],
  "preview.failed": ["Không đánh giá được: {message}", "Could not evaluate: {message}"],
  "preview.reference": ["Tham chiếu: {clause}, {document}", "Reference: {clause}, {document}"],
  "preview.gaps": ["Kế hoạch chưa có tiêu chí cho đối tượng này — người thẩm định sẽ xem xét:", "The plan has no criteria for this nominee — a reviewer will judge:"],
  "preview.gapClause": ["mục {clause}:", "clause {clause}:"],
  "preview.numbersSkipped": [
    "Chưa đọc được {count} ô số (đánh dấu đỏ): kết quả xem trước tạm bỏ qua các ô đó (cả dòng số liệu của năm đó).",
    "{count} number field(s) could not be read (marked in red): the preview leaves them out for now (with that year's row of figures).",
  ],
  "form.numbersToFix": ["Sửa các ô số đánh dấu đỏ trước khi lưu: {list}", "Fix the number fields marked in red before saving: {list}"],
  "what.households": ["Tổng số hộ", "The number of households"],
  "what.poor": ["Số hộ nghèo", "The number of poor households"],
  "what.nearPoor": ["Số hộ cận nghèo", "The number of near-poor households"],
  "what.year": ["Năm", "The year"],
  "what.policyHouseholdsPoor": ["Số hộ", "The number of households"],
  "what.escapedPovertyYear": ["Năm", "The year"],
  "what.consecutiveYearsInPovertyWork": ["Số năm", "The number of years"],
  "what.contribution": ["Số tiền", "The amount"],
  // Problem fields without an input of their own are named in words, never by the API's field path.
  "fieldName.subject": ["Đối tượng", "Nominee"],
  "fieldName.subject.tags": ["Phân loại", "Category"],
  "fieldName.subject.kind": ["Loại đối tượng", "Nominee kind"],
  "fieldName.planId": ["Kế hoạch", "Plan"],
  "fieldName.statistics": ["Số liệu rà soát", "Review figures"],
  "fieldName.facts": ["Thông tin khác", "Other facts"],
  "fieldName.attestations": ["Xác nhận tiêu chí", "Attestations"],
});

// The catalogue's fact names → the evaluate request's facts (docs: product.md, criteria.md).
const FACTS = {
  "policy-households-poor": "policyHouseholdsPoor",
  "years-since-escaped-poverty": "escapedPovertyYear",
  "consecutive-years-in-poverty-work": "consecutiveYearsInPovertyWork",
  "contribution": "contribution",
};
const STATISTICS_RULES = new Set(["yearly-rate-fall", "reduction-vs-baseline", "end-state-rate"]);
const DEBOUNCE_MS = 250;
// The dossier API names some fields differently from the evaluation API; both land on the same input.
const FIELD_ALIASES = {
  "nominee": "subject.name",
  "nominee.kind": "subject.kind",
  "nominee.name": "subject.name",
  "nominee.unitCode": "subject.unitCode",
  "stage.kind": "stage",
  "stage.year": "stage",
  "quota": "awardFormId",
};
// Which inputs each dossier field (as a reviewer names it in a return for supplement) covers.
const FIELD_INPUTS = {
  nominee: ["#kind", "#name", "#unit", "#tags input", "#address", "#position", "#level"],
  awardFormId: ["#award"],
  nominationYear: ["#year"],
  statistics: ["#stats-rows input"],
  facts: ["#facts input"],
  achievementsSummary: ["#summary"],
};

const $ = (id) => document.getElementById(id);
const state = { plans: [], plan: null, statsYears: [], sentYears: [], facts: [], factYears: {}, inFlight: null, timer: 0, seq: 0, last: null, lock: null, panel: null };

function walkRules(rule, visit) {
  visit(rule);
  for (const inner of rule.rules ?? []) walkRules(inner, visit);
}

function subjectsOfKind(plan, kind) {
  return plan.subjects.filter((s) => s.kinds.includes(kind));
}

function kindsOf(plan) {
  return [...new Set(plan.subjects.flatMap((s) => s.kinds))];
}

function option(value, text) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = text;
  return o;
}

function planLabel(plan) {
  return `${plan.title} (${plan.period.from}–${plan.period.to})`;
}

function stageLabel(stage) {
  return stage.year ? `${t(`stage.${stage.kind}`)} ${stage.year}` : t(`stage.${stage.kind}`);
}

function renderPlans() {
  const select = $("plan");
  const current = select.value;
  select.replaceChildren(...state.plans.map((p) => option(p.id, planLabel(p))));
  if (current) select.value = current;
}

/** The stage's year: the units in force then are the ones a dossier names. */
function unitYear() {
  return state.plan?.stages[Number($("stage").value)]?.year ?? nominationYear() ?? state.plan?.period.to;
}

/** Sets the nominee's unit; the name follows the unit for a unit nominee unless the user typed another (issue 17). */
function chooseUnit(unit) {
  const previousAuto = state.autoName;
  $("unit").value = unit?.code ?? "";
  $("unit-search").value = unit ? t("form.unitChosen", { name: unit.name, code: unit.code }) : "";
  const unitKinds = ["province", "district", "commune"];
  if (unit && unitKinds.includes($("kind").value) && (!$("name").value.trim() || $("name").value === previousAuto)) {
    $("name").value = unit.name;
    state.autoName = unit.name;
  }
  closeUnitOptions();
}

function closeUnitOptions() {
  $("unit-options").hidden = true;
  $("unit-search").setAttribute("aria-expanded", "false");
  $("unit-search").removeAttribute("aria-activedescendant");
}

/** Searches units as the user types (the server folds diacritics); arrows and Enter choose, Escape closes. */
function wireUnitPicker() {
  const search = $("unit-search");
  const list = $("unit-options");
  let seq = 0;
  let timer = 0;
  search.addEventListener("input", () => {
    clearTimeout(timer);
    if (!search.value.trim()) {
      $("unit").value = "";
      closeUnitOptions();
      return;
    }
    timer = setTimeout(async () => {
      const mine = ++seq;
      const result = await getJson(`/api/units?q=${encodeURIComponent(search.value)}&year=${encodeURIComponent(unitYear() ?? "")}`);
      if (mine !== seq) return;
      const units = result.ok ? result.data : [];
      list.replaceChildren(...units.map((u, i) => {
        const li = document.createElement("li");
        li.id = `unit-option-${i}`;
        li.setAttribute("role", "option");
        li.dataset.code = u.code;
        li.lang = "vi";
        li.textContent = `${u.name} (${u.code})`;
        if (u.path) {
          const path = document.createElement("span");
          path.className = "hint";
          path.textContent = u.path;
          li.append(path);
        }
        li.addEventListener("mousedown", (event) => {
          event.preventDefault();
          chooseUnit(u);
          scheduleEvaluation();
        });
        li.unit = u;
        return li;
      }));
      list.hidden = units.length === 0;
      search.setAttribute("aria-expanded", String(units.length > 0));
      document.body.dataset.unitOptions = String(units.length);
    }, 200);
  });
  search.addEventListener("keydown", (event) => {
    const options = [...list.querySelectorAll('[role="option"]')];
    if (list.hidden || options.length === 0) return;
    const current = options.findIndex((o) => o.getAttribute("aria-selected") === "true");
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = event.key === "ArrowDown" ? Math.min(options.length - 1, current + 1) : Math.max(0, current - 1);
      options.forEach((o, i) => o.setAttribute("aria-selected", String(i === next)));
      search.setAttribute("aria-activedescendant", options[next].id);
    } else if (event.key === "Enter") {
      event.preventDefault();
      chooseUnit(options[Math.max(0, current)].unit);
      scheduleEvaluation();
    } else if (event.key === "Escape") {
      closeUnitOptions();
    }
  });
  search.addEventListener("blur", () => setTimeout(closeUnitOptions, 150));
}

/**
 * The award form a unit of this level proposes by default: the plan's form decided one level above it (a commune →
 * the district's certificate), never a national order for a commune (issue 17, item 8); else the first.
 */
function defaultAward(plan, unitCode) {
  const above = { 5: "district", 3: "province", 2: "national" }[String(unitCode ?? "").length];
  const offered = awardsAtStage(plan);
  return offered.find((a) => a.level === above)?.id ?? offered[0]?.id ?? "";
}

/**
 * The award forms the plan grants at the chosen stage's kind (an award form's `stages`, issue 16 B: Chư Pưh's province
 * and State awards only at the sơ kết and tổng kết); every form when it names none. The years are the server's to check.
 */
function awardsAtStage(plan) {
  const stage = plan.stages[Number($("stage").value)];
  return plan.awardForms.filter((a) => !a.stages || !stage || a.stages.some((s) => s.kind === stage.kind));
}

/**
 * The award select for the chosen stage. `keep` (the user's choice) stays selected where the stage offers it; with
 * `always` (a saved dossier's award, or a re-render in another language) it stays even where the stage does not, so the
 * server's refusal (award-not-at-stage) is shown against what was saved.
 */
function renderAwards(keep, { always = false } = {}) {
  const plan = state.plan;
  const award = $("award");
  const offered = awardsAtStage(plan);
  let kept = keep ? plan.awardForms.find((a) => a.id === keep) ?? null : null;
  if (kept && !offered.includes(kept)) {
    if (always) offered.push(kept);
    else kept = null;
  }
  award.replaceChildren(...(offered.length ? offered.map((a) => option(a.id, a.name)) : [option("", t("form.awardNone"))]));
  if (kept) award.value = kept.id;
  else if (offered.length) award.value = defaultAward(plan, state.me?.scope?.unitCode);
}

function renderPlanFields() {
  const plan = state.plan;
  const stage = $("stage");
  const previousStage = stage.value;
  stage.replaceChildren(...plan.stages.map((s, i) => option(String(i), stageLabel(s))));
  // Default: the stage the current year is in (issue 17, item 8); keep the choice on a language switch.
  stage.value = previousStage && state.keepStage && Number(previousStage) < plan.stages.length
    ? previousStage
    : String(defaultStageIndex(plan, vietnamYear(new Date())));

  const kind = $("kind");
  const previousKind = kind.value;
  const kinds = kindsOf(plan);
  kind.replaceChildren(...kinds.map((k) => option(k, t(`kind.${k}`))));
  if (kinds.includes(previousKind)) kind.value = previousKind;

  const previousAward = $("award").value;
  // The user's choice is kept (a language switch re-renders); otherwise the default for the signed-in unit's level.
  renderAwards(plan.awardForms.some((a) => a.id === previousAward) && (state.keepStage || state.awardChosen) ? previousAward : null, { always: state.keepStage });

  renderDeadlines();
}

function renderDeadlines() {
  const plan = state.plan;
  const box = $("deadlines");
  if (!plan.deadlines.length) {
    box.replaceChildren();
    return;
  }
  const title = document.createElement("strong");
  title.textContent = `${t("form.deadlines")}: `;
  const list = document.createElement("ul");
  for (const d of plan.deadlines) {
    const li = document.createElement("li");
    const when = d.date
      ? formatDate(d.date)
      : t("form.deadlineAnnual", { day: formatDayMonth(d.annual) });
    li.textContent = `${when} — ${d.text}`;
    li.dataset.deadline = d.id;
    list.append(li);
  }
  box.replaceChildren(title, list);
}

function nominationYear() {
  const value = parseWholeNumber($("year").value);
  return typeof value === "number" ? value : null;
}

function defaultYear() {
  const stage = state.plan.stages[Number($("stage").value)] ?? {};
  return stage.year ?? state.plan.period.to;
}

/**
 * Where the plan splits the award form's quota for the nominee's kind by level (Bắc Giang IV.2.a: officials, 01 cấp
 * huyện + 01 cấp xã, thôn), the nominee's level is asked; elsewhere the field is hidden and nothing is sent.
 */
function showLevelField() {
  $("level-field").hidden = quotaLevels(state.plan, $("award").value, $("kind").value).length === 0;
}

/** The levels the plan splits the quota of this award form and kind by (`quotas[].items[].levels`), or []. */
function quotaLevels(plan, awardFormId, kind) {
  return (plan?.quotas ?? []).filter((q) => q.awardForm === awardFormId)
    .flatMap((q) => q.items ?? []).filter((i) => i.subjectKind === kind)
    .flatMap((i) => (i.levels ?? []).map((l) => l.level));
}

/** Shows the tags, statistics rows and facts that the chosen kind's criteria use. */
function renderSubjectFields() {
  const plan = state.plan;
  const subjects = subjectsOfKind(plan, $("kind").value);
  // Households and persons are nominated with an address; officials and persons with their position.
  $("address-field").hidden = !["household", "individual"].includes($("kind").value);
  $("position-field").hidden = !["official", "individual"].includes($("kind").value);
  showLevelField();

  // Tags: those the kind's categories are chosen by.
  const tags = [...new Set(subjects.flatMap((s) => (s.categories ?? []).flatMap((c) => [...(c.when?.allTags ?? []), ...(c.when?.anyTags ?? [])])))];
  const checked = new Set([...$("tags").querySelectorAll("input:checked")].map((i) => i.value));
  $("tags").replaceChildren(...tags.map((tag) => {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.value = tag;
    input.name = "tags";
    input.checked = checked.has(tag);
    const text = document.createElement("span");
    text.textContent = t(`tag.${tag}`);
    label.append(input, text);
    return label;
  }));
  $("tags-field").hidden = tags.length === 0;

  // Which inputs the criteria need.
  let needsStatistics = false;
  const facts = new Set();
  // A fact the plan dates ("hết năm 2019") is asked for that year, and the request says which year it answers.
  state.factYears = {};
  for (const subject of subjects) {
    for (const criterion of subject.criteria) {
      walkRules(criterion.rule, (rule) => {
        if (STATISTICS_RULES.has(rule.type)) needsStatistics = true;
        if (rule.type === "fact" && FACTS[rule.fact]) facts.add(FACTS[rule.fact]);
        if (rule.type === "fact" && rule.asOfYear && FACTS[rule.fact]) state.factYears[FACTS[rule.fact]] = rule.asOfYear;
      });
    }
  }
  renderStatistics(needsStatistics);
  renderFacts([...facts]);
  applyLock();
}

function renderStatistics(needed) {
  $("stats-set").hidden = !needed;
  const plan = state.plan;
  const last = Math.min(plan.period.to, nominationYear() ?? plan.period.to);
  const years = [];
  if (needed) for (let y = plan.baselineYear; y <= Math.max(last, plan.baselineYear); y++) years.push(y);
  if (years.join() === state.statsYears.join()) return;

  const kept = new Map();
  for (const input of $("stats-rows").querySelectorAll("input")) kept.set(input.id, input.value);
  state.statsYears = years;
  $("stats-rows").replaceChildren(...years.map((year) => {
    const tr = document.createElement("tr");
    tr.dataset.year = String(year);
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = year === plan.baselineYear ? `${year} ${t("form.baseline")}` : String(year);
    tr.append(th);
    for (const column of ["households", "poor", "nearPoor"]) {
      const td = document.createElement("td");
      td.className = "num";
      td.dataset.label = t(`form.col.${column}`); // shown above the input on a phone (dossier.css)
      const input = document.createElement("input");
      input.id = `stat-${year}-${column}`;
      input.inputMode = "numeric";
      input.autocomplete = "off";
      input.dataset.column = column;
      input.setAttribute("aria-label", `${t(`form.col.${column}`)} ${year}`);
      input.setAttribute("aria-describedby", `stat-${year}-error`);
      input.value = kept.get(input.id) ?? "";
      td.append(input);
      tr.append(td);
    }
    const rates = document.createElement("td");
    rates.className = "num";
    rates.id = `stat-${year}-rates`;
    rates.dataset.label = t("form.col.rates");
    const error = document.createElement("div");
    error.className = "field-error";
    error.id = `stat-${year}-error`;
    error.hidden = true;
    rates.append(document.createElement("span"), error);
    tr.append(rates);
    return tr;
  }));
  $("stats-set").querySelector("[data-i18n='form.statsHint']").textContent = t("form.statsHint", { baseline: plan.baselineYear });
  updateRates();
}

function renderFacts(facts) {
  state.facts = facts;
  $("facts-set").hidden = facts.length === 0;
  const kept = new Map([...$("facts").querySelectorAll("input")].map((i) => [i.id, i.value]));
  $("facts").replaceChildren(...facts.map((fact) => {
    const div = document.createElement("div");
    div.className = "field";
    const label = document.createElement("label");
    label.htmlFor = `fact-${fact}`;
    const asOf = state.factYears?.[fact];
    label.textContent = asOf && fact === "policyHouseholdsPoor" ? t("fact.policyHouseholdsPoorAsOf", { year: asOf }) : t(`fact.${fact}`);
    const input = document.createElement("input");
    input.id = `fact-${fact}`;
    input.inputMode = "numeric";
    input.autocomplete = "off";
    input.dataset.field = `facts.${fact}`;
    input.setAttribute("aria-describedby", `fact-${fact}-error`);
    input.value = kept.get(input.id) ?? "";
    const error = document.createElement("div");
    error.className = "field-error";
    error.id = `fact-${fact}-error`;
    error.hidden = true;
    div.append(label, input, error);
    return div;
  }));
}

/** What a number input counts, in words for its message ({ vi, en }). */
function whatOf(input) {
  const key = input.id === "year" ? "year" : input.dataset.column ?? input.dataset.field?.replace(/^facts\./, "");
  return hasMessage(`what.${key}`) ? tBoth(`what.${key}`) : undefined;
}

/**
 * Reads every number the form holds the way people type them (readWholeNumber) and marks those it cannot read
 * with a precise message next to them (`data-error-source="input"`); returns [{ input, message }].
 */
function checkNumbers() {
  for (const el of document.querySelectorAll('#nomination [data-error-source="input"]')) {
    if (el.classList.contains("field-error")) {
      el.hidden = true;
      el.textContent = "";
    } else {
      el.removeAttribute("aria-invalid");
    }
    delete el.dataset.errorSource;
  }
  const problems = [];
  for (const input of document.querySelectorAll("#year, #stats-rows input, #facts input")) {
    const read = readWholeNumber(input.value, { what: whatOf(input) });
    if (!read?.error) continue;
    const message = lang() === "en" ? read.error.en : read.error.vi;
    input.setAttribute("aria-invalid", "true");
    input.dataset.errorSource = "input";
    const box = $(input.getAttribute("aria-describedby")?.split(" ").find((id) => id.endsWith("-error")) ?? "");
    if (box) {
      box.hidden = false;
      box.textContent = box.dataset.errorSource === "input" && box.textContent ? `${box.textContent} ${message}` : message;
      box.dataset.errorSource = "input";
    }
    problems.push({ input, message });
  }
  state.numberProblems = problems;
  return problems;
}

/** A number the form can send: what readWholeNumber read, or null when empty or unreadable (marked by checkNumbers). */
function numberOf(input) {
  const read = readWholeNumber(input?.value);
  return read && !read.error ? read.value : null;
}

/** The rates of each row, computed as typed (display only; the server decides). */
function updateRates() {
  for (const year of state.statsYears) {
    const households = parseWholeNumber($(`stat-${year}-households`).value);
    const poor = parseWholeNumber($(`stat-${year}-poor`).value);
    const nearPoor = parseWholeNumber($(`stat-${year}-nearPoor`).value);
    const span = $(`stat-${year}-rates`).querySelector("span");
    if (typeof households === "number" && households > 0 && typeof poor === "number") {
      const both = typeof nearPoor === "number" ? formatPercent(((poor + nearPoor) * 100) / households) : "–";
      span.textContent = `${formatPercent((poor * 100) / households)} · ${both}`;
    } else {
      span.textContent = "";
    }
  }
}

function buildRequest() {
  const tags = [...$("tags").querySelectorAll("input:checked")].map((i) => i.value);
  const subject = { kind: $("kind").value, tags };
  if ($("name").value.trim()) subject.name = $("name").value.trim();
  if ($("unit").value.trim()) subject.unitCode = $("unit").value.trim();
  const statistics = [];
  state.sentYears = [];
  if (!$("stats-set").hidden) {
    for (const year of state.statsYears) {
      const row = { year };
      let any = false;
      // A row with a number the page cannot read is left out whole (checkNumbers marks it; the preview says so).
      if (["households", "poor", "nearPoor"].some((column) => readWholeNumber($(`stat-${year}-${column}`).value)?.error)) continue;
      for (const column of ["households", "poor", "nearPoor"]) {
        const value = numberOf($(`stat-${year}-${column}`));
        if (value !== null) any = true;
        row[column] = value;
      }
      if (!any) continue;
      for (const column of ["households", "poor", "nearPoor"]) if (row[column] === null) delete row[column];
      statistics.push(row);
      state.sentYears.push(year);
    }
  }
  const facts = {};
  for (const fact of state.facts) {
    const value = numberOf($(`fact-${fact}`));
    if (value !== null) facts[fact] = value;
    if (value !== null && fact === "policyHouseholdsPoor" && state.factYears?.[fact]) facts.policyHouseholdsPoorYear = state.factYears[fact];
  }
  const year = numberOf($("year"));
  const request = { planId: state.plan.id, subject, nominationYear: year ?? defaultYear(), statistics, facts };
  // The award form chosen (or saved) is evaluated too: a State award adds its standard, the plan's reference (III.2.b).
  if (state.awardChosen && $("award").value) request.awardFormId = $("award").value;
  return request;
}

/**
 * Clears the errors one source placed: "preview" (POST /api/evaluate, on every answer) or "dossier" (the
 * last save or submit) — a late preview answer must not wipe the refusal of a submission.
 */
function clearFieldErrors(source = "preview") {
  for (const el of document.querySelectorAll(`#nomination [aria-invalid='true'][data-error-source="${source}"]`)) {
    el.removeAttribute("aria-invalid");
    delete el.dataset.errorSource;
  }
  for (const el of document.querySelectorAll(`#nomination .field-error[data-error-source="${source}"]`)) {
    el.hidden = true;
    el.textContent = "";
    delete el.dataset.errorSource;
  }
}

/** An input the user changes loses the dossier error placed on it (the preview re-checks it anyway). */
function clearDossierErrorOf(input) {
  if (input?.dataset?.errorSource !== "dossier") return;
  input.removeAttribute("aria-invalid");
  delete input.dataset.errorSource;
  const box = $(input.getAttribute("aria-describedby")?.split(" ").find((id) => id.endsWith("-error")) ?? "");
  if (box?.dataset.errorSource === "dossier") {
    box.hidden = true;
    box.textContent = "";
    delete box.dataset.errorSource;
  }
}

/** Puts each problem field's message next to its input; returns the messages that have no field. */
function showFieldErrors(problem, source = "preview") {
  const language = lang();
  const unplaced = [];
  for (const [name, messages] of Object.entries(problemFields(problem))) {
    const field = FIELD_ALIASES[name] ?? name;
    const message = language === "en" ? messages[1] ?? messages[0] : messages[0];
    let input = null;
    let box = null;
    const row = /^statistics\[(\d+)\](?:\.(\w+))?$/.exec(field);
    if (row) {
      const year = state.sentYears[Number(row[1])];
      if (year !== undefined) {
        const column = ["households", "poor", "nearPoor"].includes(row[2]) ? row[2] : "households";
        input = $(`stat-${year}-${column}`);
        box = $(`stat-${year}-error`);
      }
    } else {
      input = document.querySelector(`#nomination [data-field="${CSS.escape(field)}"]`);
      box = input ? $(input.getAttribute("aria-describedby")?.split(" ").find((id) => id.endsWith("-error")) ?? "") : null;
    }
    if (input) {
      input.setAttribute("aria-invalid", "true");
      input.dataset.errorSource = source;
    }
    if (box) {
      box.hidden = false;
      box.textContent = box.textContent && box.dataset.errorSource === source ? `${box.textContent} ${message}` : message;
      box.dataset.errorSource = source;
    } else {
      unplaced.push(fieldWords(name) ? `${fieldWords(name)}: ${message}` : message);
    }
  }
  return unplaced;
}

/** A problem field without an input, named in words ("Phân loại"), or null: never the API's path ("subject.tags"). */
function fieldWords(name) {
  const path = String(name).replace(/\[\d+\]/g, "");
  for (const key of [path, path.replace(/\.[^.]+$/, "")]) if (hasMessage(`fieldName.${key}`)) return t(`fieldName.${key}`);
  return null;
}

function renderResult(result) {
  const verdict = $("verdict");
  verdict.className = `badge verdict-${result.verdict}`;
  verdict.textContent = t(`verdict.${result.verdict}`);
  verdict.dataset.verdict = result.verdict;
  const subjects = subjectsOfKind(state.plan, $("kind").value);
  const category = subjects.flatMap((s) => s.categories ?? []).find((c) => c.id === result.category);
  $("category").textContent = category ? t("form.category", { name: category.title }) : "";
  $("criteria").replaceChildren(...result.criteria.map((c) => {
    const li = document.createElement("li");
    li.dataset.criterion = c.id;
    li.dataset.status = c.status;
    const head = document.createElement("div");
    head.className = "head";
    const clause = document.createElement("span");
    clause.className = "clause";
    clause.textContent = c.clause;
    const badge = document.createElement("span");
    badge.className = `badge status-${c.status}`;
    badge.textContent = t(`status.${c.status}`);
    const kind = document.createElement("span");
    kind.className = "hint";
    kind.textContent = t(`criterion.kind.${c.kind}`);
    head.append(clause, badge, kind);
    const text = document.createElement("div");
    text.lang = "vi";
    text.textContent = c.text;
    const explanation = document.createElement("p");
    explanation.className = "explanation";
    explanation.lang = "vi";
    explanation.textContent = c.explanation;
    li.append(head, text, explanation);
    if (c.reference) {
      // Where the plan defers to another document (Chư Pưh's State awards: khoản 2 Mục III, QĐ 666/QĐ-TTg).
      const reference = document.createElement("p");
      reference.className = "hint reference";
      reference.lang = "vi";
      reference.textContent = t("preview.reference", { clause: c.reference.clause, document: c.reference.document });
      li.append(reference);
    }
    return li;
  }));
  // What the plan lacks for this nominee (`gaps`, docs/criteria.md): said plainly, for the reviewer to judge.
  const gaps = result.gaps ?? [];
  const box = $("gaps");
  box.hidden = gaps.length === 0;
  const title = document.createElement("p");
  title.textContent = t("preview.gaps");
  const list = document.createElement("ul");
  list.append(...gaps.map((g) => {
    const li = document.createElement("li");
    li.dataset.clause = g.clause ?? "";
    li.lang = lang();
    li.textContent = `${g.clause ? `${t("preview.gapClause", { clause: g.clause })} ` : ""}${lang() === "en" ? g.en : g.vi}`;
    return li;
  }));
  box.replaceChildren(title, list);
}

function showPreviewError(lines) {
  const box = $("preview-error");
  box.hidden = lines.length === 0;
  box.replaceChildren(...lines.map((line) => {
    const p = document.createElement("p");
    p.textContent = line;
    return p;
  }));
}

async function runEvaluation() {
  state.inFlight?.abort();
  const controller = new AbortController();
  state.inFlight = controller;
  const seq = ++state.seq;
  $("preview-body").setAttribute("aria-busy", "true");
  try {
    const result = await evaluate(buildRequest(), controller.signal);
    if (seq !== state.seq) return; // a newer request is on its way
    clearFieldErrors();
    state.last = result;
    if (result.ok) {
      const skipped = checkNumbers().length;
      showPreviewError(skipped ? [t("preview.numbersSkipped", { count: skipped })] : []);
      renderResult(result.data);
    } else {
      checkNumbers();
      const unplaced = showFieldErrors(result.problem);
      const summary = problemTitle(result.problem, lang());
      showPreviewError(unplaced.length ? [summary, ...unplaced] : [summary]);
      const verdict = $("verdict");
      verdict.className = "badge verdict-incomplete";
      verdict.textContent = t("verdict.incomplete");
      verdict.dataset.verdict = "invalid";
      $("criteria").replaceChildren();
      $("gaps").hidden = true;
    }
  } catch (error) {
    if (error.name === "AbortError") return;
    showPreviewError([t("preview.failed", { message: error.message })]);
  } finally {
    if (seq === state.seq) {
      // Nothing scheduled or in flight any more: the preview shows the answer to the current input.
      document.body.dataset.previewPending = "false";
      $("preview-body").setAttribute("aria-busy", "false");
      document.body.dataset.evaluations = String(Number(document.body.dataset.evaluations ?? "0") + 1);
    }
  }
}

function scheduleEvaluation() {
  // The answer to a request for older input is outdated as soon as the input changes.
  state.inFlight?.abort();
  state.seq++;
  document.body.dataset.previewPending = "true";
  clearTimeout(state.timer);
  state.timer = setTimeout(runEvaluation, DEBOUNCE_MS);
}

/** The form as the body of POST /api/dossiers (PUT takes the same; it ignores plan, stage and unit). */
function dossierInput(unitCode) {
  const request = buildRequest();
  const stage = state.plan.stages[Number($("stage").value)] ?? {};
  const nominee = { kind: request.subject.kind, name: $("name").value.trim(), tags: request.subject.tags };
  if (request.subject.unitCode) nominee.unitCode = request.subject.unitCode;
  if (!$("address-field").hidden && $("address").value.trim()) nominee.address = $("address").value.trim();
  if (!$("position-field").hidden && $("position").value.trim()) nominee.position = $("position").value.trim();
  if (!$("level-field").hidden && $("level").value) nominee.level = $("level").value;
  return {
    planId: state.plan.id,
    stage: { kind: stage.kind, year: stage.year ?? request.nominationYear },
    nominatingUnitCode: unitCode,
    nominee,
    awardFormId: $("award").value || null,
    nominationYear: request.nominationYear,
    statistics: request.statistics,
    facts: request.facts,
    achievementsSummary: $("summary").value.trim() || null,
  };
}

/** Fills the form from a saved dossier (plan, stage, nominee, figures, facts, summary). */
async function fillFromDossier(d) {
  $("plan").value = d.planId;
  await choosePlan(d.planId);
  const stageIndex = state.plan.stages.findIndex((s) => s.kind === d.stage.kind && (!s.year || s.year === d.stage.year));
  if (stageIndex >= 0) $("stage").value = String(stageIndex);
  renderAwards(d.awardFormId, { always: true });
  state.awardChosen = true;
  $("year").value = String(d.nominationYear);
  $("kind").value = d.nominee.kind;
  if ($("award").querySelector(`option[value="${CSS.escape(d.awardFormId ?? "")}"]`)) $("award").value = d.awardFormId;
  $("name").value = d.nominee.name ?? "";
  $("unit").value = d.nominee.unitCode ?? "";
  $("unit-search").value = d.nominee.unitCode ? t("form.unitChosen", { name: d.nominee.name ?? "", code: d.nominee.unitCode }) : "";
  $("address").value = d.nominee.address ?? "";
  $("position").value = d.nominee.position ?? "";
  $("level").value = d.nominee.level ?? "";
  state.statsYears = [];
  renderSubjectFields();
  for (const input of $("tags").querySelectorAll("input")) input.checked = (d.nominee.tags ?? []).includes(input.value);
  for (const row of d.statistics ?? []) {
    for (const column of ["households", "poor", "nearPoor"]) {
      const input = $(`stat-${row.year}-${column}`);
      if (input && row[column] !== undefined && row[column] !== null) input.value = String(row[column]);
    }
  }
  for (const [fact, value] of Object.entries(d.facts ?? {})) if ($(`fact-${fact}`) && value !== null) $(`fact-${fact}`).value = String(value);
  $("summary").value = d.achievementsSummary ?? "";
  updateRates();
  scheduleEvaluation();
}

/**
 * Locks the form for a saved dossier: `editable` is "all" (draft: everything but plan and stage),
 * "none" (submitted and later) or a list of dossier fields (returned: only those the reviewer named).
 */
function lockForm(editable) {
  state.lock = editable;
  applyLock();
}

function applyLock() {
  if (state.lock === null) return;
  const editable = state.lock;
  $("plan").disabled = true;
  $("stage").disabled = true;
  for (const [field, selectors] of Object.entries(FIELD_INPUTS)) {
    const open = editable === "all" || (Array.isArray(editable) && editable.includes(field));
    for (const selector of selectors) {
      for (const el of document.querySelectorAll(selector)) {
        el.disabled = !open;
        el.closest(".field, fieldset, tr")?.classList.toggle("requested", Array.isArray(editable) && open);
      }
    }
  }
}

async function choosePlan(planId) {
  state.plan = await getPlan(planId);
  renderPlanFields();
  $("year").value = String(defaultYear());
  renderSubjectFields();
}

async function start() {
  const me = await initShell();
  try {
    state.plans = await listPlans();
  } catch (error) {
    $("load-error").hidden = false;
    $("load-error").textContent = t("form.loadFailed", { message: error.message });
    return;
  }
  // A submitter is offered only the plans that govern its unit (the server refuses the others: plan-not-for-unit).
  const allowed = me?.roles?.includes("Submitter") ? me?.scope?.plans : null;
  if (Array.isArray(allowed)) {
    state.plans = state.plans.filter((p) => allowed.includes(p.id));
    if (!state.plans.length) {
      $("load-error").hidden = false;
      $("load-error").textContent = t("form.noPlanForUnit", { unit: me.scope.unitCode });
      return;
    }
  }
  renderPlans();
  const wanted = new URLSearchParams(location.search).get("plan");
  const first = state.plans.find((p) => p.id === wanted) ?? state.plans.find((p) => p.id === "chu-puh-2021-2025") ?? state.plans[0];
  $("plan").value = first.id;
  await choosePlan(first.id);
  state.me = me;
  wireUnitPicker();
  if (me?.scope?.unitCode && me.roles?.includes("Submitter")) {
    // A submitter proposes its own unit by default: the unit and, for a unit nominee, its name (issue 17, item 8).
    $("unit").value = me.scope.unitCode;
    const own = await getJson(`/api/units?q=${encodeURIComponent(me.scope.unitCode)}&year=${encodeURIComponent(unitYear() ?? "")}`);
    const unit = own.ok ? own.data.find((u) => u.code === me.scope.unitCode) : null;
    if (unit) {
      const kind = { commune: "commune", district: "district" }[unit.level];
      if (kind && [...$("kind").options].some((o) => o.value === kind)) {
        $("kind").value = kind;
        renderSubjectFields();
      }
      chooseUnit(unit);
    }
    if (state.plan.awardForms.length) $("award").value = defaultAward(state.plan, me.scope.unitCode);
  }
  $("award").addEventListener("change", () => { state.awardChosen = true; showLevelField(); scheduleEvaluation(); });
  state.panel = initDossierPanel({
    me,
    plan: () => state.plan,
    input: dossierInput,
    fill: fillFromDossier,
    lock: lockForm,
    showErrors: (problem) => showFieldErrors(problem, "dossier"),
    clearErrors: () => clearFieldErrors("dossier"),
    numberProblems: () => checkNumbers().map((p) => p.message),
    focusFirstNumberProblem: () => checkNumbers()[0]?.input.focus(),
  });

  $("plan").addEventListener("change", async () => {
    await choosePlan($("plan").value);
    scheduleEvaluation();
  });
  $("stage").addEventListener("change", () => {
    renderAwards(state.awardChosen ? $("award").value : null);
    showLevelField();
    $("year").value = String(defaultYear());
    renderSubjectFields();
    scheduleEvaluation();
  });
  $("kind").addEventListener("change", () => {
    renderSubjectFields();
    scheduleEvaluation();
  });
  $("year").addEventListener("input", () => {
    if (nominationYear()) renderSubjectFields();
    scheduleEvaluation();
  });
  $("nomination").addEventListener("input", (event) => {
    state.panel?.changed();
    clearDossierErrorOf(event.target);
    checkNumbers();
    if (event.target.closest("#stats-rows")) updateRates();
    if (event.target.id !== "year") scheduleEvaluation();
  });
  $("nomination").addEventListener("change", (event) => {
    state.panel?.changed();
    if (event.target.type === "checkbox") scheduleEvaluation();
  });
  $("nomination").addEventListener("submit", (event) => event.preventDefault());

  onLangChange(() => {
    renderPlans();
    state.keepStage = true;
    renderPlanFields();
    state.keepStage = false;
    const kept = new Map([...$("stats-rows").querySelectorAll("input")].map((i) => [i.id, i.value]));
    state.statsYears = [];
    renderSubjectFields();
    for (const [id, value] of kept) if ($(id)) $(id).value = value;
    updateRates();
    runEvaluation();
  });
  await state.panel.load(new URLSearchParams(location.search).get("dossier"));
  document.body.dataset.ready = "true";
  await runEvaluation();
}

start();
