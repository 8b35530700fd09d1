// Which units have sent their review report (báo cáo sơ kết / tổng kết, issue 18), for reviewers and leaders: pick a
// plan, a report stage (by default the current or latest one, as the form does) and the unit that receives the reports
// (by default the user's own); GET /api/reports/status answers who must report there, who has, on time or late, and
// links each signed PDF. The server decides who may see what (read scope on the unit). See docs/reports.md.
import { getJson, listPlans } from "/app/api.js";
import { addMessages, applyTranslations, formatDate, formatDateTime, formatNumber, lang, onLangChange, t } from "/app/i18n.js";
import {
  problemLines, reportStageText, reporterName, reportStatusBadge, routeText, signedDownloadButton, timelinessBadge,
} from "/app/report-views.js";
import { initShell } from "/app/shell.js";
import { defaultStageIndex, vietnamYear } from "/app/stages.js";
import { $, el } from "./common.js";

addMessages({
  "s.heading": ["Báo cáo sơ kết/tổng kết của các đơn vị", "Review reports of the units"],
  "s.intro": [
    "Đơn vị nào đã gửi báo cáo đã ký, đúng hạn hay trễ hạn, và đơn vị nào chưa gửi — theo tuyến báo cáo của kế hoạch.",
    "Which units have sent their signed report, on time or late, and which have not — along the plan's reporting route.",
  ],
  "s.plan": ["Kế hoạch", "Plan"],
  "s.stage": ["Giai đoạn báo cáo", "Report stage"],
  "s.unit": ["Đơn vị nhận báo cáo (mã)", "Receiving unit (code)"],
  "s.unitHint": ["Mã tỉnh (2 số), huyện (3 số) hoặc xã (5 số); mặc định là đơn vị của bạn.", "A province (2 digits), district (3) or commune (5) code; your own unit by default."],
  "s.show": ["Hiện", "Show"],
  "s.show.all": ["Tất cả đơn vị", "All units"],
  "s.show.missing": ["Chưa nộp", "Not submitted"],
  "s.show.late": ["Trễ hạn", "Late"],
  "s.show.on-time": ["Đúng hạn", "On time"],
  "s.open": ["Xem", "Show"],
  "s.title": ["{stage} · {plan} — {unit}", "{stage} · {plan} — {unit}"],
  "s.count.expected": ["Phải nộp", "Expected"],
  "s.count.submitted": ["Đã nộp", "Submitted"],
  "s.count.onTime": ["Đúng hạn", "On time"],
  "s.count.late": ["Trễ hạn", "Late"],
  "s.count.missing": ["Chưa nộp", "Missing"],
  "s.count.noDeadline": ["Nộp, kế hoạch không quy định hạn", "Submitted, no deadline set"],
  "s.shown": ["Hiện {shown} / {count} đơn vị.", "Showing {shown} of {count} units."],
  "s.none": ["Không có đơn vị nào phải gửi báo cáo cho đơn vị này ở giai đoạn này.", "No unit has to send this unit a report at this stage."],
  "s.noneShown": ["Không có đơn vị nào như vậy.", "No such unit."],
  "s.reporters": ["Các đơn vị phải gửi báo cáo", "Units that must report"],
  "s.col.reporter": ["Đơn vị / cơ quan", "Unit / body"],
  "s.col.status": ["Trạng thái", "Status"],
  "s.col.timeliness": ["Đúng hạn / trễ hạn", "On time / late"],
  "s.col.deadline": ["Hạn", "Deadline"],
  "s.col.submittedAt": ["Nộp lúc", "Submitted at"],
  "s.col.daysLate": ["Số ngày trễ", "Days late"],
  "s.col.file": ["Báo cáo đã ký", "Signed report"],
  "s.download": ["Tải về (PDF)", "Download (PDF)"],
  "s.own": ["Báo cáo của {unit}:", "The report of {unit}:"],
  "s.needSignIn": ["Đăng nhập với vai trò thẩm định hoặc lãnh đạo để xem báo cáo của các đơn vị.", "Sign in as a reviewer or a leader to see the units' reports."],
  "s.forbidden": ["Đơn vị {unit} ngoài phạm vi của bạn.", "Unit {unit} is outside your scope."],
  "s.needUnit": ["Nhập mã đơn vị nhận báo cáo.", "Type the receiving unit's code."],
});

const REPORT_KINDS = ["annual", "mid-term", "final"];
const SHOW = ["all", "missing", "late", "on-time"];
const state = { me: null, plans: [], status: null, problem: null };

/** The report stages of a plan: its sơ kết and tổng kết, and its yearly report once per year of the period. */
function reportStages(plan) {
  const stages = [];
  for (const s of plan?.stages ?? []) {
    if (!REPORT_KINDS.includes(s.kind)) continue;
    if (s.year) stages.push({ kind: s.kind, year: s.year });
    else for (let y = plan.period.from; y <= plan.period.to; y++) stages.push({ kind: s.kind, year: y });
  }
  return stages.sort((a, b) => a.year - b.year || REPORT_KINDS.indexOf(a.kind) - REPORT_KINDS.indexOf(b.kind));
}

/** The stage to propose: the form's choice (defaultStageIndex) among the plan's report stages; a yearly report, this year's. */
function defaultStage(plan, stages) {
  const candidates = { ...plan, stages: (plan.stages ?? []).filter((s) => REPORT_KINDS.includes(s.kind)) };
  if (!candidates.stages.length) return null;
  const year = vietnamYear(new Date());
  const chosen = candidates.stages[defaultStageIndex(candidates, year)];
  const wantedYear = chosen.year ?? Math.min(Math.max(year, plan.period.from), plan.period.to);
  return stages.find((s) => s.kind === chosen.kind && s.year === wantedYear) ?? stages.at(-1);
}

const stageValue = (s) => `${s.kind}:${s.year}`;

function plan() {
  return state.plans.find((p) => p.id === $("plan").value);
}

/** Plans that ask for a report (a yearly, sơ kết or tổng kết stage). */
function reportPlans() {
  return state.plans.filter((p) => (p.stages ?? []).some((s) => REPORT_KINDS.includes(s.kind)));
}

/** The plan asked for, else the first of the user's own plans (GET /api/me: those governing the user's unit), else the first. */
function fillPlans(chosen) {
  const plans = reportPlans();
  $("plan").replaceChildren(...plans.map((p) => el("option", { value: p.id, text: p.title ?? p.id })));
  const own = plans.find((p) => (state.me?.scope?.plans ?? []).includes(p.id));
  const wanted = plans.some((p) => p.id === chosen) ? chosen : own?.id;
  if (wanted) $("plan").value = wanted;
}

function fillStages(chosen) {
  const p = plan();
  const stages = reportStages(p);
  $("stage").replaceChildren(...stages.map((s) => el("option", { value: stageValue(s), text: reportStageText(s) })));
  const fallback = p ? defaultStage(p, stages) : null;
  $("stage").value = chosen && stages.some((s) => stageValue(s) === chosen) ? chosen : fallback ? stageValue(fallback) : "";
}

/** The receiving units to suggest: the user's own (unless national) and the units the plan governs. */
function fillUnits(chosen) {
  const own = state.me?.scope?.unitCode;
  const p = plan();
  const codes = [...new Set([own, ...(p?.governs ?? [])].filter((c) => c && c !== "VN"))];
  $("unit-choices").replaceChildren(...codes.map((c) => el("option", { value: c, text: c === own ? state.me?.scope?.unitName ?? c : c })));
  if (chosen !== undefined) $("unit").value = chosen;
  else if (!$("unit").value) $("unit").value = own && own !== "VN" ? own : p?.governs?.[0] ?? "";
}

function fillShow() {
  const keep = $("show").value || "all";
  $("show").replaceChildren(...SHOW.map((v) => el("option", { value: v, text: t(`s.show.${v}`) })));
  $("show").value = keep;
}

function showError(text) {
  $("page-error").hidden = !text;
  $("page-error").textContent = text ?? "";
}

function keepInAddress(query) {
  const url = new URL(location.href);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  url.searchParams.set("show", $("show").value);
  history.replaceState(null, "", url);
}

async function load() {
  const [stageKind, stageYear] = $("stage").value.split(":");
  const unitCode = $("unit").value.trim();
  if (!unitCode) {
    showError(t("s.needUnit"));
    return;
  }
  const query = { planId: $("plan").value, stageKind, stageYear, unitCode };
  keepInAddress(query);
  document.body.dataset.loading = "true";
  const result = await getJson(`/api/reports/status?${new URLSearchParams(query)}`);
  document.body.dataset.loading = "false";
  state.status = result.ok ? result.data : null;
  state.problem = result.ok ? null : { status: result.status, problem: result.problem, unitCode };
  render();
  return result.ok;
}

/**
 * On arrival without a plan in the address: the proposed plan, else the next plans in turn, until the server answers with
 * reporters for the default stage and unit (Gia Lai's leader lands on Chư Pưh's plan, the one with reporters within the
 * province: Bắc Giang's is refused or has none there).
 */
async function land() {
  const first = $("plan").value;
  for (const id of [first, ...reportPlans().map((p) => p.id).filter((x) => x !== first)]) {
    $("plan").value = id;
    fillStages(null);
    $("unit").value = "";
    fillUnits();
    if ((await load()) && state.status.reporters?.length) return;
  }
  $("plan").value = first;
  fillStages(null);
  $("unit").value = "";
  fillUnits();
  await load();
}

function renderProblem() {
  const p = state.problem;
  if (!p) return showError(null);
  if (p.status === 401) return showError(t("s.needSignIn"));
  if (p.status === 403) return showError(t("s.forbidden", { unit: p.unitCode }));
  return showError(problemLines(p.problem).join(" "));
}

function matches(reporter, show) {
  if (show === "missing") return reporter.status !== "submitted";
  if (show === "late") return reporter.timeliness === "late";
  if (show === "on-time") return reporter.timeliness === "on-time";
  return true;
}

function render() {
  renderProblem();
  const s = state.status;
  $("status-view").hidden = !s;
  if (!s) return;
  $("status-title").textContent = t("s.title", { stage: reportStageText(s.stage), plan: s.planName ?? s.planId, unit: s.unit?.name ?? s.unit?.code ?? "" });
  $("status-route").textContent = routeText(s.route);
  // The receiving unit's own report to the level above (Bắc Giang V.2: the province to Ban Thi đua - Khen thưởng Trung ương).
  $("own-report").hidden = !s.own;
  if (s.own) {
    const timeliness = timelinessBadge(s.own.timeliness, null, { overdue: s.own.overdue });
    const download = s.own.status === "submitted" ? signedDownloadButton(s.own.submissionId, null, t("s.download"), $("page-error")) : null;
    $("own-report").replaceChildren(...[el("strong", { text: `${t("s.own", { unit: reporterName(s.own) })} ` }), `${routeText(s.ownRoute)} `,
      reportStatusBadge(s.own.status), timeliness && " ", timeliness, download && " ", download].filter(Boolean));
  }
  const counts = s.counts ?? {};
  // Reports under a route without a date (Chư Pưh II.4) are neither on time nor late: counted apart, when there are any.
  const boxes = [["expected", ""], ["submitted", ""], ["onTime", "on-time"], ["late", "late"], ...(counts.noDeadline ? [["noDeadline", ""]] : []), ["missing", "missing"]];
  $("counts").replaceChildren(...boxes.map(([key, cls]) =>
    el("div", { class: cls || null, "data-count": key }, el("dt", { text: t(`s.count.${key}`) }), el("dd", { text: formatNumber(counts[key] ?? 0, 0) }))));
  const show = $("show").value;
  const reporters = (s.reporters ?? []).filter((r) => matches(r, show));
  const body = $("reporters").tBodies[0];
  if (!reporters.length) {
    body.replaceChildren(el("tr", {}, el("td", { colspan: "7", text: t((s.reporters ?? []).length ? "s.noneShown" : "s.none") })));
  } else {
    body.replaceChildren(...reporters.map((r) => el("tr", {
      "data-unit": r.unit?.code ?? "", "data-body": r.body?.id ?? "", "data-status": r.status, "data-timeliness": r.timeliness ?? "",
    },
    el("th", { scope: "row", lang: "vi", text: reporterName(r) }),
    el("td", {}, reportStatusBadge(r.status)),
    el("td", {}, timelinessBadge(r.timeliness, null, { overdue: r.overdue }) ?? "–"),
    el("td", { text: r.deadline ? formatDate(r.deadline) : "–" }),
    el("td", { text: r.submittedAt ? formatDateTime(r.submittedAt) : "–" }),
    el("td", { class: "num", text: r.daysLate ? formatNumber(r.daysLate, 0) : "–" }),
    el("td", {}, r.status === "submitted" && r.submissionId ? signedDownloadButton(r.submissionId, null, t("s.download"), $("page-error")) : "–"))));
  }
  $("status-count").textContent = t("s.shown", { shown: formatNumber(reporters.length, 0), count: formatNumber((s.reporters ?? []).length, 0) });
  document.body.dataset.statusLoaded = `${s.planId}:${s.stage?.kind}:${s.stage?.year}:${s.unit?.code}`;
}

async function main() {
  state.me = await initShell();
  state.plans = await listPlans();
  const params = new URLSearchParams(location.search);
  fillShow();
  if (SHOW.includes(params.get("show"))) $("show").value = params.get("show");
  fillPlans(params.get("planId"));
  fillStages(params.get("stageKind") && params.get("stageYear") ? `${params.get("stageKind")}:${params.get("stageYear")}` : null);
  fillUnits(params.get("unitCode") ?? undefined);
  $("plan").addEventListener("change", () => {
    fillStages(null);
    $("unit").value = "";
    fillUnits();
  });
  $("show").addEventListener("change", () => {
    keepInAddress({});
    render();
  });
  $("choose").addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  onLangChange(() => {
    applyTranslations();
    fillShow();
    fillPlans($("plan").value);
    fillStages($("stage").value);
    render();
  });
  if (!state.me) showError(t("s.needSignIn"));
  else if (params.get("planId")) await load();
  else if ($("plan").value) await land();
  document.body.dataset.ready = "true";
}

main().catch((error) => {
  showError(error.message);
  document.body.dataset.ready = "true";
});
