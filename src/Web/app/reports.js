// "Báo cáo sơ kết/tổng kết" in the agency portal (/reports.html, issue 18): the reports the signed-in user's unit (and
// the nominating bodies the user acts for) must send, newest stage first (GET /api/reports/obligations); for the chosen
// one (?report=<submission id>) its route (to whom, by when, which clause), its deadline reminders, the draft DOCX, the upload of
// the signed PDF straight to Blob storage in blocks with a progress bar (POST …/submission/files, then …/confirm: the
// server sniffs the content, hashes it and records the time, on time or late in Vietnam time), the server's refusal in
// Vietnamese or English, and every version sent. See docs/reports.md.
import { getJson, sendJson } from "./api.js";
import { el } from "./dom.js";
import { formatBytes } from "./dossier.js";
import { addMessages, applyTranslations, formatDateTime, formatNumber, lang, onLangChange, t } from "./i18n.js";
import {
  deadlineText, downloadDraft, problemLines, reportStageText, reporterName, reportStatusBadge, routeText, signedDownloadButton,
  timelinessBadge,
} from "./report-views.js";
import { initShell } from "./shell.js";
import { UploadInterrupted, prepareResume, uploadBlocks } from "./upload.js";

addMessages({
  "r.heading": ["Báo cáo sơ kết/tổng kết", "Review reports"],
  "r.intro": [
    "Các báo cáo đơn vị phải gửi theo kế hoạch: tải bản dự thảo (DOCX) đã điền số liệu, hoàn thiện, ký, đóng dấu rồi tải lên bản đã ký (PDF) trước hạn.",
    "The reports your unit must send under the plans: download the draft (DOCX) with the figures filled in, complete it, sign and stamp it, then upload the signed copy (PDF) before the deadline.",
  ],
  "r.obligations": ["Báo cáo phải gửi", "Reports to send"],
  "r.empty": ["Không có báo cáo nào đơn vị phải gửi theo các kế hoạch hiện có.", "Your unit has no report to send under the current plans."],
  "r.col.report": ["Báo cáo", "Report"],
  "r.col.from": ["Đơn vị gửi", "Sent by"],
  "r.col.route": ["Gửi đến · hạn", "To · deadline"],
  "r.col.status": ["Trạng thái", "Status"],
  "r.open": ["Mở báo cáo {name}", "Open the report {name}"],
  "r.title": ["{stage} · {plan}", "{stage} · {plan}"],
  "r.status": ["Trạng thái", "Status"],
  "r.fact.plan": ["Kế hoạch", "Plan"],
  "r.fact.stage": ["Giai đoạn", "Stage"],
  "r.fact.from": ["Đơn vị gửi", "Sent by"],
  "r.fact.to": ["Gửi đến", "To"],
  "r.fact.deadline": ["Hạn gửi", "Deadline"],
  "r.fact.clause": ["Căn cứ", "Clause"],
  "r.fact.submittedAt": ["Nộp lúc", "Submitted at"],
  "r.fact.submittedBy": ["Người nộp", "Submitted by"],
  "r.fact.file": ["Bản hiện hành", "Current copy"],
  "r.draft.heading": ["1. Bản dự thảo", "1. The draft"],
  "r.draft.hint": [
    "Bản dự thảo theo đề cương của kế hoạch, điền sẵn số liệu hộ nghèo, chỉ tiêu và khen thưởng của đơn vị; các phần nhận xét đơn vị tự viết theo gợi ý tô vàng.",
    "The draft follows the plan's outline with the unit's poverty figures, targets and awards filled in; the unit writes the narrative sections following the yellow prompts.",
  ],
  "r.draft.download": ["Tải bản dự thảo (DOCX)", "Download the draft (DOCX)"],
  "r.upload.heading": ["2. Báo cáo đã ký", "2. The signed report"],
  "r.upload.hint": [
    "Chỉ nhận tệp PDF của báo cáo đã ký, đóng dấu. Tệp được tải thẳng lên kho lưu trữ, máy chủ kiểm tra nội dung rồi ghi nhận thời điểm nộp.",
    "Only the signed and stamped report as a PDF. The file goes straight to storage; the server checks its content, then records when it was submitted.",
  ],
  "r.upload.choose": ["Tải lên báo cáo đã ký (PDF)", "Upload the signed report (PDF)"],
  "r.upload.again": ["Tải lên bản khác (PDF)", "Upload another copy (PDF)"],
  "r.upload.progressLabel": ["Tiến độ tải lên báo cáo", "Upload progress of the report"],
  "r.upload.registering": ["Đang đăng ký tệp {name}…", "Registering {name}…"],
  "r.upload.sending": ["{percent} % · đã gửi {done} / {total}", "{percent} % · sent {done} / {total}"],
  "r.upload.checking": ["Đang kiểm tra tệp đã tải lên…", "Checking the uploaded file…"],
  "r.upload.done": ["Đã nộp {name} lúc {at}.", "{name} submitted at {at}."],
  "r.upload.refused": ["Tệp {name} không được nhận:", "{name} was not accepted:"],
  "r.upload.interrupted": [
    "Tải lên {name} bị gián đoạn sau {done} / {total}. Bấm \u201cTiếp tục tải lên\u201d (hoặc chọn lại đúng tệp này): chỉ các phần còn thiếu được gửi lại.",
    "The upload of {name} stopped after {done} / {total}. Press \u201cResume upload\u201d (or choose the same file again): only the missing blocks are sent again.",
  ],
  "r.upload.resume": ["Tiếp tục tải lên", "Resume upload"],
  "r.reminders": ["Nhắc hạn", "Reminders"],
  "r.versions": ["Các lần nộp", "Submitted copies"],
  "r.versions.empty": ["Chưa nộp bản nào.", "Nothing submitted yet."],
  "r.col.version": ["Lần", "No."],
  "r.col.file": ["Tệp", "File"],
  "r.col.size": ["Dung lượng", "Size"],
  "r.col.submittedAt": ["Nộp lúc", "Submitted at"],
  "r.col.timeliness": ["Đúng hạn / trễ hạn", "On time / late"],
  "r.col.sha": ["SHA-256", "SHA-256"],
  "r.current": ["(bản hiện hành)", "(current)"],
  "r.needSignIn": ["Đăng nhập để xem các báo cáo đơn vị phải gửi.", "Sign in to see the reports your unit must send."],
  "r.loadFailed": ["Không đọc được danh sách báo cáo: {message}", "Could not read the reports: {message}"],
  "r.notFound": ["Không có báo cáo này trong danh sách của đơn vị.", "This report is not among your unit's reports."],
});

const $ = (id) => document.getElementById(id);

const state = {
  items: [],
  selected: null, // submission id
  reminders: new Map(), // unit code → the unit's notifications (GET /api/units/{code}/notifications)
  // { name, done, total, phase: "registering" | "sending" | "checking" | "done" | "refused" | "interrupted", problem, message,
  //   and while it may be resumed: file, submissionId, fileId, url, expiresOn }
  upload: null,
};


function showError(text) {
  $("page-error").hidden = !text;
  $("page-error").textContent = text ?? "";
}

function selectedView() {
  return state.items.find((v) => v.id === state.selected) ?? null;
}

function titleOf(view) {
  return t("r.title", { stage: reportStageText(view.stage), plan: view.planName ?? view.planId });
}

function renderList() {
  $("obligations-view").hidden = false;
  $("obligations-empty").hidden = state.items.length > 0;
  $("obligations").tBodies[0].replaceChildren(...state.items.map((v) => el("tr", { "data-report-id": v.id, "data-status": v.status, "aria-current": v.id === state.selected ? "true" : null },
    el("td", {}, el("a", { href: `?report=${encodeURIComponent(v.id)}`, class: "open", text: titleOf(v), "aria-label": t("r.open", { name: `${titleOf(v)} — ${reporterName(v)}` }), onclick: (event) => {
      event.preventDefault();
      select(v.id, { focus: true });
    } })),
    el("td", { lang: "vi", text: reporterName(v) }),
    el("td", { text: routeText(v.route) }),
    el("td", {}, reportStatusBadge(v.status), " ", timelinessBadge(v.timeliness)))));
}

function renderReport() {
  const view = selectedView();
  $("report-view").hidden = !view;
  if (!view) return;
  $("report-view").dataset.reportId = view.id;
  $("report-view").dataset.status = view.status;
  $("report-heading").textContent = `${titleOf(view)} — ${reporterName(view)}`;
  $("report-status").replaceWith(reportStatusBadge(view.status, "report-status"));
  $("report-timeliness").replaceChildren(...[timelinessBadge(view.timeliness)].filter(Boolean));
  const facts = [
    ["plan", view.planName ?? view.planId],
    ["stage", reportStageText(view.stage)],
    ["from", reporterName(view)],
    ["to", view.route?.to ?? "–"],
    ["deadline", deadlineText(view.route)],
    ["clause", view.route?.clause ?? "–"],
    ["submittedAt", view.submittedAt ? formatDateTime(view.submittedAt) : "–"],
  ];
  if (view.submittedBy) facts.push(["submittedBy", view.submittedBy.replace(/\s*\([^)]*\)\s*$/, "")]);
  $("report-facts").replaceChildren(...facts.flatMap(([key, value]) => [el("dt", { text: t(`r.fact.${key}`) }), el("dd", { "data-fact": key, text: value })]));
  if (view.file) {
    $("report-facts").append(el("dt", { text: t("r.fact.file") }),
      el("dd", { "data-fact": "file" }, signedDownloadButton(view.id, view.file.id, view.file.name, $("page-error")), ` · ${formatBytes(view.file.size)}`));
  }
  $("download-draft").disabled = !view.draftUrl;
  $("upload-pick").querySelector("label").textContent = t(view.status === "submitted" ? "r.upload.again" : "r.upload.choose");
  renderUpload();
  renderReminders(view);
  renderVersions(view);
}

/** The deadline reminders of this report (the daily timer's notices to the unit: 7, 3 and 1 days before, until it is sent). */
function renderReminders(view) {
  const items = (state.reminders.get(view.unit?.code) ?? []).filter((n) => n.reportId === view.id);
  $("reminders-box").hidden = items.length === 0;
  $("reminders").replaceChildren(...items.map((n) => el("li", { "data-days-left": String(n.daysLeft) },
    el("span", { text: `${formatDateTime(n.createdAt)} — ` }),
    el("span", { lang: lang(), text: lang() === "en" ? n.messageEn : n.messageVi }))));
}

async function loadReminders() {
  const units = [...new Set(state.items.map((v) => v.unit?.code).filter(Boolean))];
  await Promise.all(units.map(async (code) => {
    const result = await getJson(`/api/units/${encodeURIComponent(code)}/notifications`);
    state.reminders.set(code, result.ok ? result.data : []);
  }));
}

function renderVersions(view) {
  const versions = [...(view.versions ?? [])].sort((a, b) => String(a.submittedAt).localeCompare(String(b.submittedAt)));
  $("versions-empty").hidden = versions.length > 0;
  $("versions").hidden = versions.length === 0;
  $("versions").tBodies[0].replaceChildren(...versions.map((v, i) => el("tr", { "data-file-id": v.fileId, "data-timeliness": v.timeliness ?? "" },
    el("td", { class: "num", text: formatNumber(i + 1, 0) }),
    el("td", {}, signedDownloadButton(view.id, v.fileId, v.name, $("page-error")), v.fileId === view.file?.id ? ` ${t("r.current")}` : ""),
    el("td", { class: "num", text: formatBytes(v.size) }),
    el("td", { text: formatDateTime(v.submittedAt) }),
    el("td", {}, timelinessBadge(v.timeliness) ?? "–"),
    el("td", { class: "sha", title: v.sha256, text: v.sha256 ? `${v.sha256.slice(0, 12)}…` : "–" }))));
}

function renderUpload() {
  const u = state.upload;
  const box = $("upload-progress-box");
  const bar = $("upload-progress");
  box.hidden = !u || !["sending", "checking", "done", "interrupted"].includes(u.phase);
  $("upload-resume").hidden = u?.phase !== "interrupted";
  if (u?.total) {
    const percent = Math.floor((u.done * 100) / u.total);
    bar.value = percent;
    bar.dataset.progress = String(percent);
    $("upload-progress-text").textContent = t("r.upload.sending", { percent: formatNumber(percent, 0), done: formatBytes(u.done), total: formatBytes(u.total) });
  }
  const status = $("upload-status");
  status.dataset.phase = u?.phase ?? "";
  if (!u) status.textContent = "";
  else if (u.phase === "registering") status.textContent = t("r.upload.registering", { name: u.name });
  else if (u.phase === "sending") status.textContent = "";
  else if (u.phase === "checking") status.textContent = t("r.upload.checking");
  else if (u.phase === "done") status.textContent = t("r.upload.done", { name: u.name, at: formatDateTime(selectedView()?.submittedAt) });
  else if (u.phase === "interrupted") {
    status.textContent = [t("r.upload.interrupted", { name: u.name, done: formatBytes(u.done), total: formatBytes(u.total) }), u.message].filter(Boolean).join(" ");
  }
  else status.textContent = "";
  const error = $("upload-error");
  const lines = u?.phase === "refused" ? [t("r.upload.refused", { name: u.name }), ...problemLines(u.problem)] : [];
  error.hidden = lines.length === 0;
  error.replaceChildren(...lines.map((line, i) => (i === 0 && lines.length > 1 ? el("strong", { text: line }) : el("p", { text: line }))));
  if (u?.problem?.code) error.dataset.code = u.problem.code;
  else delete error.dataset.code;
}

function select(id, { focus = false } = {}) {
  state.selected = id;
  state.upload = null;
  const url = new URL(location.href);
  url.searchParams.set("report", id);
  history.replaceState(null, "", url);
  renderList();
  renderReport();
  if (focus) $("report-heading").focus();
}

function replaceView(view) {
  const i = state.items.findIndex((v) => v.id === state.selected);
  if (i >= 0) state.items[i] = view;
  // A registration may answer with the submission's id where the list had none yet (nothing sent before).
  state.selected = view.id;
  renderList();
  renderReport();
}

function uploadPhase(phase, extra = {}) {
  Object.assign(state.upload, { phase }, extra);
  renderUpload();
  document.body.dataset.upload = phase;
}

async function upload(file) {
  const view = selectedView();
  if (!view) return;
  // The same file name interrupted here, or still pending on the report (an upload cut off before a reload): resume it.
  const held = state.upload?.phase === "interrupted" && state.upload.name === file.name && state.upload.submissionId === view.id ? state.upload : null;
  const pending = held ? null : (view.pending ?? []).find((f) => f.name === file.name);
  if (held || pending) {
    state.upload = held ? { ...held, file } : { name: file.name, done: 0, total: file.size, file, submissionId: view.id, fileId: pending.id };
    await resumeUpload();
    return;
  }
  state.upload = { name: file.name, done: 0, total: file.size, file };
  uploadPhase("registering");
  const added = await sendJson("POST", "/api/reports/submission/files", {
    planId: view.planId, stageKind: view.stage.kind, stageYear: view.stage.year, unitCode: view.unit.code,
    bodyId: view.body?.id ?? undefined, fileName: file.name, size: file.size,
  });
  if (!added.ok) {
    uploadPhase("refused", { problem: added.problem });
    return;
  }
  Object.assign(state.upload, {
    submissionId: added.data.submission?.id ?? view.id, fileId: added.data.file.id, url: added.data.upload.url, expiresOn: added.data.upload.expiresOn,
  });
  await send(new Map());
}

function fileApi(u) {
  return `/api/reports/submissions/${encodeURIComponent(u.submissionId)}/files/${encodeURIComponent(u.fileId)}`;
}

/** Sends only the blocks the service lacks, with a fresh link when the one held expired (as a dossier's upload resumes). */
async function resumeUpload() {
  const u = state.upload;
  if (!u?.file) return;
  uploadPhase("sending", { message: null });
  const ready = await prepareResume(fileApi(u), u);
  if (!ready.ok) {
    uploadPhase("interrupted", { message: problemLines(ready.problem).join(" ") });
    return;
  }
  await send(ready.have);
}

async function send(have) {
  const u = state.upload;
  uploadPhase("sending");
  try {
    await uploadBlocks(u.url, u.file, {
      have,
      onProgress: (done, total) => {
        u.done = done;
        u.total = total;
        renderUpload();
      },
    });
  } catch (error) {
    uploadPhase("interrupted", { message: error instanceof UploadInterrupted ? null : error.message });
    return;
  }
  uploadPhase("checking");
  const confirmed = await sendJson("POST", `${fileApi(u)}/confirm`, undefined);
  if (!confirmed.ok) {
    if (confirmed.problem?.code === "upload-incomplete") uploadPhase("interrupted", { message: problemLines(confirmed.problem).join(" ") });
    else uploadPhase("refused", { problem: confirmed.problem });
    return;
  }
  replaceView(confirmed.data);
  state.upload = { name: u.name, done: u.total, total: u.total };
  uploadPhase("done");
}

async function load() {
  const result = await getJson("/api/reports/obligations");
  if (!result.ok) {
    showError(result.status === 401 ? t("r.needSignIn") : t("r.loadFailed", { message: problemLines(result.problem).join(" ") }));
    return false;
  }
  state.items = result.data.items ?? [];
  await loadReminders();
  return true;
}

async function start() {
  const me = await initShell();
  onLangChange(() => {
    applyTranslations();
    if (state.items.length) {
      renderList();
      renderReport();
    }
  });
  if (!me) {
    showError(t("r.needSignIn"));
    document.body.dataset.ready = "true";
    return;
  }
  if (await load()) {
    const wanted = new URLSearchParams(location.search).get("report");
    if (wanted && !state.items.some((v) => v.id === wanted)) showError(t("r.notFound"));
    const first = state.items.find((v) => v.id === wanted) ?? state.items[0];
    if (first) select(first.id);
    else renderList();
  }
  $("download-draft").addEventListener("click", () => {
    const view = selectedView();
    if (view) downloadDraft(view, $("draft-status"));
  });
  $("upload-file").addEventListener("change", (event) => {
    const file = event.target.files?.[0];
    event.target.value = ""; // the same file may be chosen again after a refusal
    if (file) upload(file);
  });
  $("upload-resume").addEventListener("click", () => resumeUpload());
  document.body.dataset.ready = "true";
}

start().catch((error) => {
  showError(error.message);
  document.body.dataset.ready = "true";
});
