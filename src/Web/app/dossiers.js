// The unit's dossiers ("Hồ sơ của đơn vị", /dossiers.html) and one dossier's status page
// (/dossiers.html?id=…): status and revision, the machine's result per criterion once evaluated
// (polled while the evaluation is queued), the files with the server's verdict, what a reviewer asked
// to supplement (with the way to answer it in the form), the history from the audit trail, and the
// unit's notifications (deadline reminders).
import { getJson, getPlan, listPlans, problemMessage, rejectionReasonText } from "./api.js";
import { formatBytes } from "./dossier.js";
import { el } from "./dom.js";
import { addMessages, formatDate, formatDateTime, lang, onLangChange, t } from "./i18n.js";
import { initShell } from "./shell.js";

addMessages({
  "list.heading": ["Hồ sơ của đơn vị", "Our dossiers"],
  "list.new": ["Lập hồ sơ đề nghị mới", "Start a new dossier"],
  "list.empty": ["Đơn vị chưa có hồ sơ nào.", "No dossiers yet."],
  "list.col.nominee": ["Đối tượng", "Nominee"],
  "list.code": ["Mã hồ sơ {code}", "Tracking code {code}"],
  "list.created": ["tạo lúc {at}", "created {at}"],
  "status.code": ["Mã hồ sơ", "Tracking code"],
  "status.noCode": ["(hồ sơ tạo trước khi có mã; tra bằng số hiệu bên dưới)", "(created before tracking codes; use the id below)"],
  "list.col.plan": ["Kế hoạch · đợt", "Plan · stage"],
  "list.col.status": ["Trạng thái", "Status"],
  "list.col.revision": ["Lần nộp", "Revision"],
  "list.col.updated": ["Cập nhật", "Updated"],
  "list.open": ["Xem hồ sơ {name}", "Open the dossier of {name}"],
  "list.needSignIn": ["Đăng nhập để xem hồ sơ của đơn vị.", "Sign in to see your unit's dossiers."],
  "status.back": ["← Hồ sơ của đơn vị", "← Our dossiers"],
  "status.status": ["Trạng thái", "Status"],
  "status.revision": ["Lần nộp", "Revision"],
  "status.plan": ["Kế hoạch", "Plan"],
  "status.stage": ["Đợt", "Stage"],
  "status.unit": ["Đơn vị đề nghị", "Nominating unit"],
  "status.award": ["Hình thức khen thưởng", "Award form"],
  "status.submittedAt": ["Nộp lúc", "Submitted at"],
  "status.deadline": ["Hạn nộp", "Deadline"],
  "status.noDeadline": ["không quy định", "none set"],
  "status.id": ["Mã hồ sơ", "Dossier id"],
  "status.reviewer": ["Người thẩm định", "Reviewer"],
  "status.decisionNote": ["Ghi chú / quyết định", "Note / decision"],
  "status.supplement": ["Yêu cầu bổ sung", "Supplement requested"],
  "status.answer": ["Bổ sung hồ sơ", "Supplement the dossier"],
  "status.continue": ["Tiếp tục soạn hồ sơ", "Continue editing"],
  "status.draftHint": ["Hồ sơ đang là bản nháp: đính kèm đủ thành phần rồi nộp.", "The dossier is a draft: attach every component, then submit."],
  "status.evaluation": ["Kết quả đánh giá tiêu chí của máy", "The machine's criteria result"],
  "status.waiting": ["Đang chờ máy đánh giá lần nộp {revision}…", "Waiting for the evaluation of revision {revision}…"],
  "status.notEvaluated": ["Chưa nộp nên chưa đánh giá.", "Not submitted, so not evaluated yet."],
  "status.evaluatedAt": ["Lần nộp {revision}, đánh giá lúc {at} theo phiên bản kế hoạch {version}: {verdict}", "Revision {revision}, evaluated at {at} with plan version {version}: {verdict}"],
  "status.failed": ["Không đánh giá được: {reason}", "Evaluation failed: {reason}"],
  "status.files": ["Tệp đính kèm", "Attached files"],
  "status.col.component": ["Thành phần", "Component"],
  "status.col.file": ["Tệp", "File"],
  "status.col.state": ["Kết quả kiểm tra", "Check"],
  "status.history": ["Lịch sử hồ sơ", "History"],
  "actor.system": ["Hệ thống (chấm tiêu chí tự động)", "System (automatic criteria check)"],
  "actor.demo": ["Dữ liệu mẫu", "Demo data"],
  "status.col.at": ["Thời gian", "Time"],
  "status.col.actor": ["Người thực hiện", "By"],
  "status.col.action": ["Thao tác", "Action"],
  "status.col.change": ["Thay đổi", "Change"],
  "status.notifications": ["Thông báo của đơn vị", "Notifications of the unit"],
  "status.noNotifications": ["Chưa có thông báo.", "No notifications."],
  "status.loadFailed": ["Không mở được hồ sơ: {message}", "Could not open the dossier: {message}"],
  "status.fileAccepted": ["Đã nhận · {size} · SHA-256 {sha}", "Accepted · {size} · SHA-256 {sha}"],
  "status.filePending": ["Chưa tải xong", "Not finished"],
  "status.download": ["Tải về {name}", "Download {name}"],
  "status.fileRejected": ["Bị từ chối: {reason}", "Rejected: {reason}"],
  "action.create": ["Tạo hồ sơ", "Created"],
  "action.edit": ["Sửa hồ sơ", "Edited"],
  "action.submit": ["Nộp hồ sơ", "Submitted"],
  "action.evaluate": ["Máy đánh giá tiêu chí", "Evaluated by the machine"],
  "action.fail-evaluation": ["Đánh giá lỗi", "Evaluation failed"],
  "action.retry-evaluation": ["Đánh giá lại", "Evaluation retried"],
  "action.start-review": ["Nhận thẩm định", "Review started"],
  "action.return": ["Trả lại để bổ sung", "Returned for supplement"],
  "action.approve": ["Đạt", "Approved"],
  "action.reject": ["Không đạt", "Rejected"],
  "action.forward": ["Trình cấp trên", "Forwarded"],
  "action.decide": ["Có quyết định khen thưởng", "Decided"],
  "field.files": ["Tệp", "Files"],
  "field.supplement": ["Yêu cầu bổ sung", "Supplement requested"],
  "field.reviewer": ["Người thẩm định", "Reviewer"],
  "field.decisionNote": ["Ghi chú / quyết định", "Note / decision"],
});

const $ = (id) => document.getElementById(id);
const POLL_MS = 1000;
const POLL_LIMIT = 120;
let current = null;
let plans = new Map();


function statusBadge(status, id) {
  return el("span", { class: `badge status-${status}`, id, "data-status": status, text: t(`dstatus.${status}`) });
}

function stageText(stage) {
  return `${t(`stage.${stage.kind}`)} ${stage.year}`;
}

function planTitle(planId) {
  return plans.get(planId)?.title ?? planId;
}

function shortActor(actor) {
  const name = String(actor ?? "").replace(/\s*\([^)]*\)\s*$/, "");
  // The app's own writers (the evaluation trigger, the demo seeder) are named in the page's language.
  return { system: t("actor.system"), "demo seed": t("actor.demo") }[name] ?? name;
}

function showError(text) {
  $("page-error").hidden = !text;
  $("page-error").textContent = text ?? "";
}

// ---- list ----

async function showList(me) {
  $("list-view").hidden = false;
  const result = await getJson("/api/dossiers");
  if (!result.ok) {
    showError(result.status === 401 ? t("list.needSignIn") : problemMessage(result.problem, lang()));
    return;
  }
  const rows = [...result.data].sort((a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt)));
  $("list-empty").hidden = rows.length > 0;
  $("dossier-list").querySelector("tbody").replaceChildren(...rows.map((d) => el("tr", { "data-dossier-id": d.id, "data-status": d.status },
    // Two drafts for the same nominee are told apart by their tracking code and when each was created (issue 17).
    el("td", {}, el("a", { href: `/dossiers.html?id=${encodeURIComponent(d.id)}`, class: "open", text: d.nominee.name || d.id, "aria-label": t("list.open", { name: `${d.nominee.name || d.id}${d.trackingCode ? ` (${d.trackingCode})` : ""}` }) }),
      el("div", { class: "hint row-ids", "data-tracking-code": d.trackingCode ?? "", text: `${d.trackingCode ? `${t("list.code", { code: d.trackingCode })} · ` : ""}${t("list.created", { at: formatDateTime(d.createdAt) })}` })),
    el("td", { text: `${planTitle(d.planId)} · ${stageText(d.stage)}` }),
    el("td", {}, statusBadge(d.status)),
    el("td", { class: "num", text: String(d.revision) }),
    el("td", { text: formatDateTime(d.updatedAt) }))));
  // The signed-in user's unit's reminders (all of its dossiers).
  const unit = me?.scope?.unitCode ?? rows[0]?.nominatingUnitCode;
  if (unit) await showNotifications(unit, null);
}

// ---- one dossier ----

function renderCriteria(result) {
  $("evaluation-criteria").replaceChildren(...result.criteria.map((c) => el("li", { "data-criterion": c.id, "data-status": c.status },
    el("div", { class: "head" },
      el("span", { class: "clause", text: c.clause }),
      el("span", { class: `badge status-${c.status}`, text: t(`status.${c.status}`) }),
      el("span", { class: "hint", text: t(`criterion.kind.${c.kind}`) })),
    el("div", { lang: "vi", text: c.text }),
    el("p", { class: "explanation", lang: "vi", text: c.explanation }))));
}

async function renderEvaluation(d) {
  $("evaluation-view").hidden = false;
  const summary = $("evaluation-summary");
  summary.dataset.state = "";
  if (d.status === "draft" && d.revision === 0) {
    summary.textContent = t("status.notEvaluated");
    $("evaluation-criteria").replaceChildren();
    return;
  }
  if (d.status === "submitted") {
    summary.textContent = t("status.waiting", { revision: d.revision });
    summary.dataset.state = "waiting";
    $("evaluation-criteria").replaceChildren();
    return;
  }
  if (d.status === "evaluation-failed") {
    summary.textContent = t("status.failed", { reason: d.evaluation?.failureReason ?? "?" });
    summary.dataset.state = "failed";
    return;
  }
  const result = await getJson(`/api/dossiers/${encodeURIComponent(d.id)}/evaluations`);
  if (!result.ok || result.data.length === 0) {
    summary.textContent = t("status.notEvaluated");
    return;
  }
  const latest = result.data.reduce((a, b) => (b.revision > a.revision ? b : a));
  const verdict = latest.result.verdict;
  summary.replaceChildren(t("status.evaluatedAt", { revision: latest.revision, at: formatDateTime(latest.evaluatedAt), version: latest.result.planVersion, verdict: "" }),
    el("span", { id: "evaluation-verdict", class: `badge verdict-${verdict}`, "data-verdict": verdict, text: t(`verdict.${verdict}`) }));
  summary.dataset.state = "evaluated";
  summary.dataset.revision = String(latest.revision);
  renderCriteria(latest.result);
}

function renderFacts(d, plan) {
  const award = plan?.awardForms?.find((a) => a.id === d.awardFormId)?.name ?? d.awardFormId;
  const pairs = [
    ["status.code", d.trackingCode ?? t("status.noCode")],
    ["status.id", d.id],
    ["status.plan", planTitle(d.planId)],
    ["status.stage", stageText(d.stage)],
    ["status.unit", d.nominatingUnitCode],
    ["status.award", award],
    ["status.deadline", d.deadline ? `${formatDate(d.deadline.date)} — ${d.deadline.text}` : t("status.noDeadline")],
    ["status.submittedAt", d.submittedAt ? formatDateTime(d.submittedAt) : "–"],
  ];
  if (d.reviewer) pairs.push(["status.reviewer", shortActor(d.reviewer)]);
  if (d.decisionNote) pairs.push(["status.decisionNote", d.decisionNote]);
  $("status-facts").replaceChildren(...pairs.flatMap(([key, value]) => [el("dt", { text: t(key) }), el("dd", { text: value, "data-fact": key.split(".")[1] })]));
}

function renderFiles(d) {
  $("files-view").hidden = false;
  const componentText = (id) => d.components?.find((c) => c.id === id)?.text ?? id;
  $("files").querySelector("tbody").replaceChildren(...d.files.map((f) => {
    let text;
    if (f.state === "accepted") text = t("status.fileAccepted", { size: formatBytes(f.size), sha: f.sha256 });
    else if (f.state === "rejected") text = t("status.fileRejected", { reason: rejectionReasonText(f, lang()) });
    else text = t("status.filePending");
    let name = el("span", { text: f.originalName });
    if (f.state === "accepted") {
      // A short-lived read SAS from the API; the browser downloads straight from Blob storage.
      name = el("button", { type: "button", class: "link download", text: f.originalName, "aria-label": t("status.download", { name: f.originalName }) });
      name.addEventListener("click", () => download(d.id, f.id));
    }
    return el("tr", { "data-file": f.id, "data-state": f.state },
      el("td", { lang: "vi", text: componentText(f.componentId) }),
      el("td", {}, name),
      el("td", { text }));
  }));
}

async function download(dossierId, fileId) {
  const result = await getJson(`/api/dossiers/${encodeURIComponent(dossierId)}/files/${fileId}/download`);
  if (!result.ok) {
    showError(problemMessage(result.problem, lang()));
    return;
  }
  const a = el("a", { href: result.data.url, download: result.data.fileName });
  document.body.append(a);
  a.click();
  a.remove();
}

function renderSupplement(d) {
  const returned = d.status === "returned";
  $("supplement-view").hidden = !returned;
  const action = $("status-action");
  action.hidden = !(returned || d.status === "draft");
  action.replaceChildren();
  if (d.status === "draft") {
    action.append(el("span", { text: `${t("status.draftHint")} ` }), el("a", { id: "continue-editing", href: `/?dossier=${encodeURIComponent(d.id)}`, text: t("status.continue") }));
  }
  if (!returned) return;
  const componentText = (id) => d.components?.find((c) => c.id === id)?.text ?? id;
  $("supplement-items").replaceChildren(...(d.supplement ?? []).map((item) => el("li", {
    "data-supplement-field": item.field ?? undefined,
    "data-supplement-component": item.componentId ?? undefined,
    text: `${item.field ? t(`field.${item.field}`) : componentText(item.componentId).replace(/[.。]\s*$/, "")}: ${item.reason}`,
  })));
  $("answer-return").href = `/?dossier=${encodeURIComponent(d.id)}`;
}

function parseList(text) {
  try {
    const value = JSON.parse(text ?? "[]");
    return Array.isArray(value) ? value : null;
  } catch {
    return null; // shortened by the server (very long lists)
  }
}

/** "Tệp: + bao-cao.pdf (Đã nhận); to-trinh.pdf: Chưa tải xong → Đã nhận" from the audit's before/after of the file list. */
function filesChange(change) {
  const before = parseList(change.before);
  const after = parseList(change.after);
  if (!before || !after) return t("field.files");
  const old = new Map(before.map((f) => [f.id, f]));
  const parts = [];
  for (const f of after) {
    const was = old.get(f.id);
    if (!was) parts.push(`+ ${f.originalName} (${t(`file.state.${f.state}`)})`);
    else if (was.state !== f.state) parts.push(`${f.originalName}: ${t(`file.state.${was.state}`)} → ${t(`file.state.${f.state}`)}`);
    old.delete(f.id);
  }
  for (const f of old.values()) parts.push(`− ${f.originalName}`);
  return `${t("field.files")}: ${parts.join("; ")}`;
}

function changeText(entry) {
  const fields = (entry.changes ?? []).map((c) => (c.field === "files" ? filesChange(c) : t(`field.${c.field}`)));
  const parts = [];
  if (entry.fromStatus && entry.fromStatus !== entry.toStatus) parts.push(`${t(`dstatus.${entry.fromStatus}`)} → ${t(`dstatus.${entry.toStatus}`)}`);
  if (fields.length) parts.push(fields.join(", "));
  if (entry.note) parts.push(entry.note);
  return parts.join(" · ");
}

async function renderHistory(d) {
  $("history-view").hidden = false;
  const result = await getJson(`/api/dossiers/${encodeURIComponent(d.id)}/audit`);
  if (!result.ok) return;
  $("history").querySelector("tbody").replaceChildren(...result.data.map((entry) => el("tr", { "data-action": entry.action, "data-revision": String(entry.revision) },
    el("td", { text: formatDateTime(entry.at) }),
    el("td", { text: shortActor(entry.actor) }),
    el("td", { text: t(`action.${entry.action}`) }),
    el("td", { class: "changes", text: changeText(entry) }))));
}

async function showNotifications(unitCode, dossierId) {
  $("notifications-view").hidden = false;
  const result = await getJson(`/api/units/${encodeURIComponent(unitCode)}/notifications`);
  const items = result.ok ? result.data.filter((n) => !dossierId || n.dossierId === dossierId) : [];
  $("notifications-empty").hidden = items.length > 0;
  $("notifications").replaceChildren(...items.map((n) => el("li", { "data-dossier-id": n.dossierId, "data-days-left": String(n.daysLeft) },
    el("span", { text: `${formatDateTime(n.createdAt)} — ` }),
    el("span", { lang: lang(), text: lang() === "en" ? n.messageEn : n.messageVi }))));
}

async function showDossier(id) {
  const result = await getJson(`/api/dossiers/${encodeURIComponent(id)}`);
  if (!result.ok) {
    showError(t("status.loadFailed", { message: problemMessage(result.problem, lang()) }));
    return null;
  }
  const d = result.data;
  current = d;
  const plan = await getPlan(d.planId).catch(() => null);
  $("status-view").hidden = false;
  $("status-heading").textContent = d.nominee.name || d.id;
  $("status").replaceWith(statusBadge(d.status, "status"));
  $("revision").textContent = String(d.revision);
  document.body.dataset.dossierStatus = d.status;
  renderFacts(d, plan);
  renderSupplement(d);
  renderFiles(d);
  await Promise.all([renderEvaluation(d), renderHistory(d), showNotifications(d.nominatingUnitCode, d.id)]);
  // Every section of this state is on the page (tests and other scripts wait for it).
  document.body.dataset.loaded = `${d.status}:${d.revision}`;
  return d;
}

async function start() {
  const me = await initShell();
  if (!me) {
    showError(t("list.needSignIn"));
    document.body.dataset.ready = "true";
    return;
  }
  try {
    plans = new Map((await listPlans()).map((p) => [p.id, p]));
  } catch {
    plans = new Map();
  }
  const id = new URLSearchParams(location.search).get("id");
  if (!id) {
    await showList(me);
    onLangChange(() => showList(me));
    document.body.dataset.ready = "true";
    return;
  }
  let d = await showDossier(id);
  onLangChange(() => showDossier(id));
  document.body.dataset.ready = "true";
  // The evaluation is queued: follow it until the machine has answered.
  for (let i = 0; d?.status === "submitted" && i < POLL_LIMIT; i++) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    d = await showDossier(id);
  }
}

start();
