// One dossier in the reviewers' console (/review/dossier.html?id=…): the machine's criteria result (each
// criterion with its clause, status and explanation), the typed figures, every component with its evidence
// (viewed in the page from a short-lived read SAS — a PDF drawn by PDF.js, an image in a sandboxed frame —
// or downloaded), the quota use of the nominating
// unit, the reviewer's decision (take it, return for supplement naming components/fields with a reason
// each, approve, reject, forward, record the award decision) — a conflict (someone changed the dossier
// since it was opened) is shown with a reload, nothing overwritten — and the history from the audit trail.
import { fieldMessage as fieldText, getJson, getPlan, rejectionReasonText, sendJson } from "/app/api.js";
import { addMessages, applyTranslations, formatDate, formatDateTime, formatNumber, formatPercent, lang, onLangChange, t } from "/app/i18n.js";
import { initShell } from "/app/shell.js";
import { $, el, problemText, shortActor, stageText, statusBadge, verdictBadge } from "./common.js";
import { PdfDocumentView, PdfViewerError, fetchPdfBytes } from "./pdf-viewer.js";

addMessages({
  "d.back": ["← Hàng chờ thẩm định", "← Review queue"],
  "d.status": ["Trạng thái", "Status"],
  "d.revision": ["Lần nộp", "Revision"],
  "d.verdict": ["Kết quả máy", "Machine's verdict"],
  "d.fact.id": ["Mã hồ sơ", "Dossier id"],
  "d.fact.plan": ["Kế hoạch", "Plan"],
  "d.fact.stage": ["Đợt", "Stage"],
  "d.fact.unit": ["Đơn vị đề nghị", "Nominating unit"],
  "d.fact.kind": ["Loại đối tượng", "Nominee kind"],
  "d.fact.award": ["Hình thức khen thưởng", "Award form"],
  "d.fact.year": ["Năm đề nghị", "Nomination year"],
  "d.fact.summary": ["Tóm tắt thành tích", "Achievements summary"],
  "d.fact.submittedAt": ["Nộp lúc", "Submitted at"],
  "d.fact.deadline": ["Hạn nộp", "Deadline"],
  "d.fact.noDeadline": ["không quy định", "none set"],
  "d.fact.reviewer": ["Người thẩm định", "Reviewer"],
  "d.fact.note": ["Ý kiến / quyết định", "Note / decision"],
  "d.fact.supplement": ["Đã yêu cầu bổ sung", "Supplement requested"],
  "d.criteria": ["Kết quả đánh giá tiêu chí của máy", "The machine's criteria result"],
  "d.gaps": ["Kế hoạch chưa có tiêu chí cho đối tượng này — người thẩm định xem xét:", "The plan has no criteria for this nominee — for the reviewer to judge:"],
  "d.gaps.clause": ["mục {clause}:", "clause {clause}:"],
  "d.criteria.none": ["Chưa có kết quả: hồ sơ chưa được máy đánh giá.", "No result yet: the dossier has not been evaluated."],
  "d.criteria.waiting": ["Máy đang đánh giá lần nộp {revision}…", "The machine is evaluating revision {revision}…"],
  "d.criteria.at": ["Lần nộp {revision}, đánh giá lúc {at}, phiên bản kế hoạch {version}. Kết luận:", "Revision {revision}, evaluated at {at}, plan version {version}. Verdict:"],
  "d.criteria.failed": ["Máy không đánh giá được: {reason}", "The evaluation failed: {reason}"],
  "d.crit.met": ["Đạt", "Met"],
  "d.crit.not-met": ["Không đạt", "Not met"],
  "d.crit.needs-review": ["Cần thẩm định", "Needs review"],
  "d.crit.insufficient-data": ["Thiếu số liệu", "Insufficient data"],
  "d.crit.kind.numeric": ["định lượng", "numeric"],
  "d.crit.kind.judgement": ["định tính", "judgement"],
  "d.crit.kind.fact": ["dữ kiện", "fact"],
  "d.figures": ["Số liệu đơn vị đã nhập", "Figures typed by the unit"],
  "d.fig.year": ["Năm", "Year"],
  "d.fig.households": ["Tổng số hộ", "Households"],
  "d.fig.poor": ["Hộ nghèo", "Poor"],
  "d.fig.nearPoor": ["Hộ cận nghèo", "Near-poor"],
  "d.fig.rate": ["Tỷ lệ nghèo · nghèo + cận nghèo", "Poor rate · poor + near-poor"],
  "d.fig.official": ["Số liệu chính thức (kho thống kê)", "Official figures (statistics store)"],
  "d.fig.officialNone": ["không có", "none"],
  "d.fig.differs": ["Khác số liệu chính thức ở {count} ô (đánh dấu ≠): người thẩm định đối chiếu.", "Differs from the official figures in {count} cell(s) (marked ≠): for the reviewer to check."],
  "d.fig.same": ["Khớp số liệu chính thức.", "Matches the official figures."],
  "d.fig.officialOf": ["chính thức {value}", "official {value}"],
  "d.evidence": ["Thành phần hồ sơ và minh chứng", "Components and evidence"],
  "d.required": ["bắt buộc", "required"],
  "d.optional": ["không bắt buộc", "optional"],
  "d.noFile": ["Chưa có tệp được nhận.", "No accepted file."],
  "d.view": ["Xem", "View"],
  "d.viewLabel": ["Xem tệp {name} ngay trên trang", "View {name} in the page"],
  "d.download": ["Tải về", "Download"],
  "d.downloadLabel": ["Tải về tệp {name}", "Download {name}"],
  "d.fileInfo": ["{size} · SHA-256 {sha}", "{size} · SHA-256 {sha}"],
  "d.fileRejected": ["Bị từ chối: {reason}", "Rejected: {reason}"],
  "d.filePending": ["Chưa tải xong", "Not finished"],
  "d.closeViewer": ["Đóng tệp", "Close the file"],
  "d.viewerTitle": ["Tệp {name}", "File {name}"],
  "d.viewer.fetching": ["Đang tải tệp…", "Downloading the file…"],
  "d.viewer.fetchingOf": ["Đang tải tệp: {received} / {total}", "Downloading the file: {received} of {total}"],
  "d.viewer.reading": ["Đang đọc tệp PDF…", "Reading the PDF…"],
  "d.viewer.drawing": ["Đang hiển thị trang {page}…", "Drawing page {page}…"],
  "d.viewer.pages": ["Tệp có {pages} trang.", "The file has {pages} page(s)."],
  "d.viewer.image": ["Ảnh hiển thị trong khung cách ly (không chạy mã).", "The image is shown in an isolated frame (nothing runs)."],
  "d.pdf.prev": ["Trang trước", "Previous page"],
  "d.pdf.next": ["Trang sau", "Next page"],
  "d.pdf.pageInfo": ["Trang {page}/{pages}", "Page {page} of {pages}"],
  "d.pdf.pageLabel": ["{name}, trang {page}/{pages}", "{name}, page {page} of {pages}"],
  "d.viewer.err.invalid": ["Không đọc được tệp PDF này (tệp hỏng hoặc không đúng định dạng PDF). Hãy tải tệp về để kiểm tra.",
    "This PDF cannot be read (the file is damaged or not a valid PDF). Download it to check."],
  "d.viewer.err.password": ["Tệp PDF được đặt mật khẩu nên không xem được trên trang. Hãy tải tệp về để mở.",
    "The PDF is password-protected and cannot be shown in the page. Download it to open it."],
  "d.viewer.err.fetch": ["Không tải được tệp từ kho lưu trữ ({detail}). Hãy thử lại hoặc tải tệp về.",
    "The file could not be fetched from storage ({detail}). Try again or download it."],
  "d.viewer.err.too-large": ["Tệp quá lớn để xem trên trang. Hãy tải tệp về.", "The file is too large to show in the page. Download it."],
  "d.viewer.err.render": ["Không hiển thị được trang {page} của tệp PDF. Hãy tải tệp về để xem.",
    "Page {page} of the PDF could not be drawn. Download the file to see it."],
  "d.viewer.err.library": ["Không tải được bộ hiển thị PDF. Tải lại trang hoặc tải tệp về.",
    "The PDF viewer could not be loaded. Reload the page or download the file."],
  "d.viewer.err.notInline": ["Loại tệp này không xem được trên trang; hãy tải về.", "This kind of file is not shown in the page; download it."],
  "d.quota": ["Chỉ tiêu của đơn vị đề nghị", "Quota of the nominating unit"],
  "d.quota.none": ["Kế hoạch không giao chỉ tiêu số lượng cho {unit} với hình thức và loại đối tượng này.", "The plan sets no quota for {unit} for this award form and nominee kind."],
  "d.quota.use": ["{unit}: đã dùng {used}/{limit} suất (mục {clause}: {text}).", "{unit}: {used} of {limit} slot(s) used (clause {clause}: {text})."],
  "d.quota.holds": ["Hồ sơ này đang giữ một suất.", "This dossier holds a slot."],
  "d.quota.label": ["Đã dùng {used} trên {limit} suất", "{used} of {limit} slots used"],
  "d.decision": ["Quyết định thẩm định", "Review decision"],
  "d.reload": ["Tải lại hồ sơ", "Reload the dossier"],
  "d.conflict": ["Hồ sơ đã bị thay đổi sau khi bạn mở (hiện tại: {status}{reviewer}). Không có gì bị ghi đè. Tải lại hồ sơ rồi quyết định lại.",
    "The dossier changed after you opened it (now: {status}{reviewer}). Nothing was overwritten. Reload it and decide again."],
  "d.conflictReviewer": [", người thẩm định: {name}", ", reviewer: {name}"],
  "d.notAllowed": ["Không thực hiện được ở trạng thái hiện tại: {message}", "Not possible in the current status: {message}"],
  "d.act.start-review": ["Nhận thẩm định hồ sơ này", "Take this dossier for review"],
  "d.act.retry-evaluation": ["Yêu cầu máy đánh giá lại", "Ask for the evaluation again"],
  "d.act.approve": ["Đạt — đề nghị khen thưởng", "Approve"],
  "d.act.reject": ["Không đạt", "Reject"],
  "d.act.forward": ["Trình cấp trên", "Forward to the next level"],
  "d.act.decide": ["Ghi nhận quyết định khen thưởng", "Record the award decision"],
  "d.done.start-review": ["Bạn đã nhận thẩm định hồ sơ.", "You took the dossier for review."],
  "d.done.retry-evaluation": ["Đã gửi lại để máy đánh giá.", "Sent for evaluation again."],
  "d.done.return": ["Đã trả lại hồ sơ để đơn vị bổ sung.", "Returned to the unit for supplement."],
  "d.done.approve": ["Hồ sơ đạt.", "The dossier is approved."],
  "d.done.reject": ["Hồ sơ không đạt.", "The dossier is rejected."],
  "d.done.forward": ["Đã trình cấp trên.", "Forwarded."],
  "d.done.decide": ["Đã ghi nhận quyết định.", "Decision recorded."],
  "d.hint.evaluated": ["Máy đã đánh giá xong. Nhận hồ sơ để thẩm định.", "The machine has evaluated it. Take the dossier to review it."],
  "d.hint.under-review": ["Đang thẩm định bởi {name}.", "Under review by {name}."],
  "d.hint.approved": ["Hồ sơ đạt; trình cấp trên khi đủ danh sách.", "Approved; forward it with the list."],
  "d.hint.forwarded": ["Đã trình; ghi nhận số, ngày quyết định khi có.", "Forwarded; record the decision's number and date when it is issued."],
  "d.hint.other": ["Hồ sơ đang ở trạng thái \"{status}\": chưa có thao tác thẩm định.", "The dossier is \"{status}\": nothing to decide now."],
  "d.returnLegend": ["Trả lại để bổ sung: chọn thành phần / trường cần sửa, nêu lý do", "Return for supplement: tick what must be fixed and give a reason"],
  "d.return": ["Trả lại để bổ sung", "Return for supplement"],
  "d.returnPick": ["Yêu cầu bổ sung: {what}", "Ask to supplement: {what}"],
  "d.returnReason": ["Lý do ({what})", "Reason ({what})"],
  "d.returnNone": ["Chọn ít nhất một thành phần hoặc trường cần bổ sung.", "Tick at least one component or field to supplement."],
  "d.reasonRequired": ["Nêu lý do cần bổ sung.", "Give the reason."],
  "d.returnComponents": ["Thành phần hồ sơ", "Components"],
  "d.returnFields": ["Thông tin trong hồ sơ", "Dossier fields"],
  "d.decideLegend": ["Kết luận thẩm định", "Conclusion"],
  "d.note": ["Ý kiến / lý do", "Opinion / reason"],
  "d.noteHint.review": ["Bắt buộc khi kết luận không đạt.", "Required to reject."],
  "d.noteHint.forward": ["Không bắt buộc.", "Optional."],
  "d.noteHint.decide": ["Số, ngày quyết định khen thưởng (bắt buộc).", "The decision's number and date (required)."],
  "d.field.nominee": ["Thông tin đối tượng", "Nominee details"],
  "d.field.awardFormId": ["Hình thức khen thưởng", "Award form"],
  "d.field.nominationYear": ["Năm đề nghị", "Nomination year"],
  "d.field.statistics": ["Số liệu hộ nghèo, cận nghèo", "Poverty figures"],
  "d.field.facts": ["Dữ kiện của tiêu chí", "Criteria facts"],
  "d.field.achievementsSummary": ["Tóm tắt thành tích", "Achievements summary"],
  "d.field.files": ["Tệp", "Files"],
  "d.field.supplement": ["Yêu cầu bổ sung", "Supplement requested"],
  "d.field.reviewer": ["Người thẩm định", "Reviewer"],
  "d.field.decisionNote": ["Ý kiến / quyết định", "Note / decision"],
  "d.file.pending": ["chưa tải xong", "not finished"],
  "d.file.accepted": ["đã nhận", "accepted"],
  "d.file.rejected": ["bị từ chối", "rejected"],
  "d.history": ["Lịch sử hồ sơ", "History"],
  "d.col.at": ["Thời gian", "Time"],
  "d.col.actor": ["Người thực hiện", "By"],
  "d.col.action": ["Thao tác", "Action"],
  "d.col.change": ["Thay đổi", "Change"],
  "d.action.create": ["Tạo hồ sơ", "Created"],
  "d.action.edit": ["Sửa hồ sơ", "Edited"],
  "d.action.add-file": ["Thêm tệp", "File added"],
  "d.action.confirm-file": ["Kiểm tra tệp", "File checked"],
  "d.action.delete-file": ["Xoá tệp", "File removed"],
  "d.action.submit": ["Nộp hồ sơ", "Submitted"],
  "d.action.evaluate": ["Máy đánh giá tiêu chí", "Evaluated by the machine"],
  "d.action.fail-evaluation": ["Đánh giá lỗi", "Evaluation failed"],
  "d.action.retry-evaluation": ["Đánh giá lại", "Evaluation retried"],
  "d.action.start-review": ["Nhận thẩm định", "Review started"],
  "d.action.return": ["Trả lại để bổ sung", "Returned for supplement"],
  "d.action.approve": ["Đạt", "Approved"],
  "d.action.reject": ["Không đạt", "Rejected"],
  "d.action.forward": ["Trình cấp trên", "Forwarded"],
  "d.action.decide": ["Có quyết định khen thưởng", "Decided"],
  "d.loadFailed": ["Không mở được hồ sơ: {message}", "Could not open the dossier: {message}"],
});

const RETURN_FIELDS = ["nominee", "awardFormId", "nominationYear", "statistics", "facts", "achievementsSummary"];
const state = { id: null, dossier: null, plan: null, me: null, unitName: null, evaluation: null, audit: [], returnRows: [] };

function showError(text) {
  $("page-error").hidden = !text;
  $("page-error").textContent = text ?? "";
}

function componentText(id) {
  return state.dossier?.components?.find((c) => c.id === id)?.text?.replace(/[.。]\s*$/, "") ?? id;
}

// ---- reading ----

async function load({ keepNotice = false } = {}) {
  const result = await getJson(`/api/dossiers/${encodeURIComponent(state.id)}`);
  if (!result.ok) {
    showError(result.status === 401 ? t("rv.needSignIn") : result.status === 403 ? t("rv.forbidden") : t("d.loadFailed", { message: problemText(result.problem, lang()) }));
    document.body.dataset.denied = String(result.status);
    return false;
  }
  showError(null);
  state.dossier = result.data;
  state.plan = await getPlan(state.dossier.planId).catch(() => null);
  const [evaluations, audit, quota] = await Promise.all([
    getJson(`/api/dossiers/${encodeURIComponent(state.id)}/evaluations`),
    getJson(`/api/dossiers/${encodeURIComponent(state.id)}/audit`),
    getJson(`/api/dossiers/${encodeURIComponent(state.id)}/quota`),
  ]);
  state.evaluation = evaluations.ok && evaluations.data.length ? evaluations.data.reduce((a, b) => (b.revision > a.revision ? b : a)) : null;
  state.audit = audit.ok ? audit.data : [];
  state.quota = quota.ok ? quota.data : null;
  state.unitName = state.quota?.unit?.name ?? state.dossier.nominatingUnitCode;
  if (!keepNotice) $("decision-done").hidden = true;
  $("conflict").hidden = true;
  render();
  document.body.dataset.etag = state.dossier.etag;
  return true;
}

function render() {
  const d = state.dossier;
  if (!d) return;
  document.title = `${d.nominee.name} · ${t("shell.nav.review")}`;
  $("dossier-view").hidden = false;
  $("d-heading").textContent = d.nominee.name;
  $("d-status").replaceChildren(statusBadge(d.status, "status"));
  $("d-revision").textContent = formatNumber(d.revision, 0);
  $("d-verdict").replaceChildren(verdictBadge(state.evaluation?.result?.verdict ?? d.evaluation?.verdict, "verdict"));
  renderFacts(d);
  renderCriteria(d);
  renderFigures(d);
  if ((d.statistics ?? []).length) renderOfficialFigures(d);
  renderEvidence(d);
  renderQuota();
  renderDecision(d);
  renderHistory();
}

function renderFacts(d) {
  const award = state.plan?.awardForms?.find((a) => a.id === d.awardFormId)?.name ?? d.awardFormId;
  const pairs = [
    ["id", d.id],
    ["plan", state.plan?.title ?? d.planId],
    ["stage", stageText(d.stage)],
    ["unit", state.unitName],
    ["kind", t(`rv.kind.${d.nominee.kind}`)],
    ["award", award],
    ["year", String(d.nominationYear)],
    ["summary", d.achievementsSummary || "–"],
    ["deadline", d.deadline ? `${formatDate(d.deadline.date)} (${d.deadline.clause})` : t("d.fact.noDeadline")],
    ["submittedAt", d.submittedAt ? formatDateTime(d.submittedAt) : "–"],
  ];
  if (d.reviewer) pairs.push(["reviewer", shortActor(d.reviewer)]);
  if (d.decisionNote) pairs.push(["note", d.decisionNote]);
  if (d.supplement?.length) pairs.push(["supplement", d.supplement.map((s) => `${s.componentId ? componentText(s.componentId) : t(`d.field.${s.field}`)}: ${s.reason}`).join("; ")]);
  $("d-facts").replaceChildren(...pairs.flatMap(([key, value]) => [el("dt", { text: t(`d.fact.${key}`) }), el("dd", { text: value, "data-fact": key })]));
}

function renderCriteria(d) {
  $("criteria-view").hidden = false;
  const summary = $("criteria-summary");
  const list = $("criteria");
  summary.dataset.state = "";
  if (d.status === "submitted") {
    summary.textContent = t("d.criteria.waiting", { revision: d.revision });
    summary.dataset.state = "waiting";
  } else if (d.status === "evaluation-failed") {
    summary.textContent = t("d.criteria.failed", { reason: d.evaluation?.failureReason ?? "?" });
    summary.dataset.state = "failed";
  }
  const e = state.evaluation;
  if (!e) {
    if (!summary.dataset.state) summary.textContent = t("d.criteria.none");
    list.replaceChildren();
    return;
  }
  if (!summary.dataset.state) {
    summary.replaceChildren(`${t("d.criteria.at", { revision: e.revision, at: formatDateTime(e.evaluatedAt), version: e.result.planVersion })} `,
      verdictBadge(e.result.verdict));
    summary.dataset.state = "evaluated";
    summary.dataset.revision = String(e.revision);
  }
  list.replaceChildren(...e.result.criteria.map((c) => el("li", { "data-criterion": c.id, "data-status": c.status },
    el("div", { class: "head" },
      el("span", { class: "clause", text: c.clause }),
      el("span", { class: `badge status-${c.status}`, text: t(`d.crit.${c.status}`) }),
      c.kind ? el("span", { class: "hint", text: t(`d.crit.kind.${c.kind}`) }) : null),
    el("div", { lang: "vi", text: c.text }),
    el("p", { class: "explanation", lang: "vi", text: c.explanation }))));
  renderGaps(e.result.gaps ?? []);
}

/** What the plan lacks for this nominee (the answer's `gaps`, docs/criteria.md): the reviewer judges it. */
function renderGaps(gaps) {
  const box = $("criteria-gaps");
  box.hidden = gaps.length === 0;
  box.replaceChildren(el("p", { class: "gaps-title", text: t("d.gaps") }),
    el("ul", {}, ...gaps.map((g) => el("li", { "data-clause": g.clause ?? "" },
      g.clause ? el("span", { class: "clause", text: `${t("d.gaps.clause", { clause: g.clause })} ` }) : null,
      el("span", { lang: lang(), text: lang() === "en" ? g.en : g.vi })))));
}

/**
 * The typed figures beside the official review results of the nominee unit (GET …/official-figures, issue 17):
 * a column with the official counts and every typed count that differs marked ≠ with the official value.
 */
async function renderOfficialFigures(d) {
  const result = await getJson(`/api/dossiers/${encodeURIComponent(d.id)}/official-figures`);
  const note = $("figures-official-note");
  if (!result.ok || !result.data.available) {
    note.hidden = true;
    return;
  }
  const byYear = new Map(result.data.rows.map((r) => [r.year, r]));
  const head = $("figures").querySelector("thead tr");
  if (head && !head.querySelector("[data-official]")) head.append(el("th", { scope: "col", class: "num", "data-official": "true", text: t("d.fig.official") }));
  let count = 0;
  for (const tr of $("figures").querySelectorAll("tbody tr")) {
    const row = byYear.get(Number(tr.dataset.year));
    const o = row?.official;
    tr.append(el("td", { class: "num", "data-official": "true", text: o ? [o.households, o.poor, o.nearPoor].map((v) => formatNumber(v, 0)).join(" · ") : t("d.fig.officialNone") }));
    tr.dataset.differs = (row?.differs ?? []).join(" ");
    ["households", "poor", "nearPoor"].forEach((column, i) => {
      if (!row?.differs?.includes(column)) return;
      count++;
      const cell = tr.children[i + 1];
      cell.classList.add("differs");
      cell.append(el("span", { class: "official", text: ` ≠ ${t("d.fig.officialOf", { value: formatNumber(o[column], 0) })}` }));
    });
  }
  note.hidden = false;
  note.dataset.differs = String(count);
  note.textContent = count ? t("d.fig.differs", { count }) : t("d.fig.same");
  if (count) $("figures-view").open = true;
}

function renderFigures(d) {
  const rows = d.statistics ?? [];
  $("figures-view").hidden = rows.length === 0;
  if (!rows.length) return;
  const head = ["year", "households", "poor", "nearPoor", "rate"];
  $("figures").querySelector("thead").replaceChildren(el("tr", {}, ...head.map((k) => el("th", { scope: "col", class: k === "year" ? "" : "num", text: t(`d.fig.${k}`) }))));
  $("figures").querySelector("tbody").replaceChildren(...rows.map((r) => el("tr", { "data-year": String(r.year) },
    el("th", { scope: "row", text: String(r.year) }),
    el("td", { class: "num", text: formatNumber(r.households, 0) }),
    el("td", { class: "num", text: formatNumber(r.poor, 0) }),
    el("td", { class: "num", text: formatNumber(r.nearPoor, 0) }),
    el("td", { class: "num", text: r.households ? `${formatPercent((100 * r.poor) / r.households)} · ${formatPercent((100 * (r.poor + r.nearPoor)) / r.households)}` : "–" }))));
}

function formatBytes(bytes) {
  if (bytes === null || bytes === undefined) return "–";
  if (bytes < 1024) return `${formatNumber(bytes, 0)} B`;
  if (bytes < 1048576) return `${formatNumber(bytes / 1024, 1)} KB`;
  return `${formatNumber(bytes / 1048576, 1)} MB`;
}

function renderEvidence(d) {
  $("evidence-view").hidden = false;
  const requested = new Map((d.status === "returned" ? d.supplement ?? [] : []).filter((s) => s.componentId).map((s) => [s.componentId, s.reason]));
  $("components").replaceChildren(...(d.components ?? []).map((c) => {
    const files = d.files.filter((f) => f.componentId === c.id);
    return el("li", { "data-component": c.id, "data-accepted": String(c.accepted) },
      el("div", { class: "component-head" },
        el("strong", { lang: "vi", text: c.text }),
        el("span", { class: "hint", text: `(${t(c.required ? "d.required" : "d.optional")})` })),
      requested.has(c.id) ? el("p", { class: "supplement-reason", text: `${t("d.fact.supplement")}: ${requested.get(c.id)}` }) : null,
      files.length === 0 ? el("p", { class: "hint", text: t("d.noFile") }) : el("ul", { class: "files" }, ...files.map(fileItem)));
  }));
}

function fileItem(f) {
  const item = el("li", { "data-file-id": f.id, "data-file-name": f.originalName, "data-state": f.state });
  item.append(el("span", { class: "file-name", text: f.originalName }));
  if (f.state === "accepted") {
    item.append(el("p", { class: "file-detail", text: t("d.fileInfo", { size: formatBytes(f.size), sha: f.sha256 }) }));
    const actions = el("div", { class: "file-actions" });
    if (["pdf", "png", "jpeg"].includes(f.kind)) {
      const view = el("button", { type: "button", class: "secondary view", text: t("d.view"), "aria-label": t("d.viewLabel", { name: f.originalName }) });
      view.addEventListener("click", () => viewFile(f));
      actions.append(view);
    }
    const download = el("button", { type: "button", class: "secondary download", text: t("d.download"), "aria-label": t("d.downloadLabel", { name: f.originalName }) });
    download.addEventListener("click", () => downloadFile(f));
    actions.append(download);
    item.append(actions);
  } else if (f.state === "rejected") {
    item.append(el("p", { class: "file-detail reason", text: t("d.fileRejected", { reason: rejectionReasonText(f, lang()) }) }));
  } else {
    item.append(el("p", { class: "file-detail", text: t("d.filePending") }));
  }
  return item;
}

// ---- the evidence viewer ----
// A PDF never becomes a document of its own: its bytes are fetched from the read SAS and PDF.js draws its
// pages onto #pdf-canvas (pdf-viewer.js; Chromium does not render a PDF in a sandboxed frame). A PNG/JPEG is
// shown in #viewer-frame, a frame with sandbox="" (no script, opaque origin) and no referrer. Any other kind
// is never shown inline (the API answers inline: false): download only.
const viewer = { file: null, kind: null, abort: null, pdf: null, failure: null, status: null };

function setViewerState(kind, viewState) {
  $("viewer").dataset.kind = kind ?? "";
  $("viewer").dataset.state = viewState;
}

/** The status line: a message key and its values, kept so that a language switch can say it again. */
function setViewerStatus(key, values = {}) {
  viewer.status = key ? { key, values } : null;
  $("viewer-status").textContent = key ? t(key, values) : "";
}

function showViewerError(code, values = {}) {
  viewer.failure = { code, values };
  setViewerState(viewer.kind, "failed");
  setViewerStatus(null);
  $("viewer-progress").hidden = true;
  $("pdf-view").hidden = true;
  $("viewer-error").dataset.code = code;
  $("viewer-error").textContent = t(`d.viewer.err.${code}`, values);
  $("viewer-error").hidden = false;
}

function renderViewerTexts() {
  if (!viewer.file) return;
  $("viewer-frame").title = t("d.viewerTitle", { name: viewer.file.originalName });
  if (viewer.status) $("viewer-status").textContent = t(viewer.status.key, viewer.status.values);
  if (viewer.failure) $("viewer-error").textContent = t(`d.viewer.err.${viewer.failure.code}`, viewer.failure.values);
  if (viewer.pdf?.pages) renderPageInfo();
}

function renderPageInfo() {
  const { page, pages } = viewer.pdf;
  const info = $("pdf-page-info");
  info.dataset.page = String(page);
  info.dataset.pages = String(pages);
  info.textContent = t("d.pdf.pageInfo", { page, pages });
  $("pdf-canvas").setAttribute("aria-label", t("d.pdf.pageLabel", { name: viewer.file.originalName, page, pages }));
  $("pdf-prev").disabled = page <= 1;
  $("pdf-next").disabled = page >= pages;
}

/** Closes whatever the viewer shows: stops a download in progress, frees PDF.js, empties the frame. */
function closeViewer() {
  viewer.abort?.abort();
  viewer.pdf?.destroy();
  Object.assign(viewer, { file: null, kind: null, abort: null, pdf: null, failure: null, status: null });
  const frame = $("viewer-frame");
  frame.removeAttribute("src");
  frame.hidden = true;
  $("pdf-view").hidden = true;
  $("viewer-error").hidden = true;
  $("viewer-progress").hidden = true;
  $("viewer-status").textContent = "";
  $("pdf-page-info").textContent = "";
  $("viewer").hidden = true;
  setViewerState(null, "closed");
}

async function viewFile(f) {
  closeViewer();
  const abort = new AbortController();
  viewer.abort = abort;
  viewer.file = f;
  $("viewer-title").textContent = f.originalName;
  $("viewer").hidden = false;
  setViewerState(null, "loading");
  $("viewer-close").focus();
  const result = await getJson(`/api/dossiers/${encodeURIComponent(state.id)}/files/${encodeURIComponent(f.id)}/download?inline=true`);
  if (abort.signal.aborted) return;
  if (!result.ok) {
    closeViewer();
    showError(problemText(result.problem, lang()));
    return;
  }
  // The kind the service found in the bytes decides, not the file's name.
  const { url, kind, inline } = result.data;
  viewer.kind = kind;
  $("viewer").dataset.fileId = f.id;
  if (inline && kind === "pdf") await showPdf(url, f, abort.signal);
  else if (inline && (kind === "png" || kind === "jpeg")) showImage(url, f);
  else showViewerError("notInline");
}

function showImage(url, f) {
  const frame = $("viewer-frame");
  frame.title = t("d.viewerTitle", { name: f.originalName });
  frame.setAttribute("sandbox", ""); // never loosened: the frame shows an image, nothing else
  frame.setAttribute("referrerpolicy", "no-referrer");
  frame.src = url;
  frame.hidden = false;
  setViewerStatus("d.viewer.image");
  setViewerState("image", "shown");
}

async function showPdf(url, f, signal) {
  setViewerState("pdf", "loading");
  const progress = $("viewer-progress");
  progress.hidden = false;
  progress.removeAttribute("value"); // indeterminate until the size is known
  setViewerStatus("d.viewer.fetching");
  let bytes;
  try {
    bytes = await fetchPdfBytes(url, {
      signal,
      expectedSize: f.size ?? 0,
      onProgress: (received, total) => {
        if (!total) return;
        progress.value = Math.min(1, received / total);
        setViewerStatus("d.viewer.fetchingOf", { received: formatBytes(received), total: formatBytes(total) });
      },
    });
  } catch (error) {
    if (signal.aborted) return;
    showViewerError(error instanceof PdfViewerError ? error.code : "fetch", { detail: error.message });
    return;
  }
  if (signal.aborted) return;
  progress.removeAttribute("value");
  setViewerStatus("d.viewer.reading");
  const view = new PdfDocumentView($("pdf-canvas"), $("pdf-scroll"));
  viewer.pdf = view;
  try {
    $("pdf-view").hidden = false; // laid out before the first page is fitted to its width
    await view.open(bytes);
    if (signal.aborted) return;
    await showPage(1);
  } catch (error) {
    if (signal.aborted) return;
    const code = error instanceof PdfViewerError ? error.code : "library";
    showViewerError(code, { page: view.page || 1 });
  }
}

async function showPage(n) {
  const view = viewer.pdf;
  if (!view) return;
  const signal = viewer.abort?.signal;
  setViewerState("pdf", "loading");
  setViewerStatus("d.viewer.drawing", { page: Math.min(Math.max(1, n), view.pages) });
  await view.show(n);
  if (signal?.aborted || viewer.pdf !== view) return;
  $("viewer-progress").hidden = true;
  renderPageInfo();
  setViewerStatus("d.viewer.pages", { pages: view.pages });
  setViewerState("pdf", "shown");
}

function turnPage(delta) {
  const view = viewer.pdf;
  if (!view?.pages) return;
  showPage(view.page + delta).catch((error) => showViewerError(error instanceof PdfViewerError ? error.code : "render", { page: view.page }));
}

async function downloadFile(f) {
  const result = await getJson(`/api/dossiers/${encodeURIComponent(state.id)}/files/${encodeURIComponent(f.id)}/download`);
  if (!result.ok) {
    showError(problemText(result.problem, lang()));
    return;
  }
  const a = el("a", { href: result.data.url, download: result.data.fileName });
  document.body.append(a);
  a.click();
  a.remove();
}

function renderQuota() {
  const q = state.quota;
  $("quota-view").hidden = !q;
  if (!q) return;
  const meter = $("quota-meter");
  $("quota-view").dataset.applies = String(q.applies);
  if (!q.applies) {
    $("quota-summary").textContent = t("d.quota.none", { unit: q.unit.name });
    meter.hidden = true;
    $("quota-holders").replaceChildren();
    return;
  }
  $("quota-view").dataset.used = String(q.used);
  $("quota-view").dataset.limit = String(q.limit);
  $("quota-summary").textContent = `${t("d.quota.use", { unit: q.unit.name, used: formatNumber(q.used, 0), limit: formatNumber(q.limit, 0), clause: q.clause, text: q.text })}${q.holdsSlot ? ` ${t("d.quota.holds")}` : ""}`;
  meter.hidden = false;
  meter.max = Math.max(q.limit, 1);
  meter.value = Math.min(q.used, meter.max);
  meter.high = Math.max(q.limit - 0.5, 0);
  meter.setAttribute("aria-label", t("d.quota.label", { used: q.used, limit: q.limit }));
  $("quota-holders").replaceChildren(...q.holders.map((h) => el("li", {}, h.id === state.id
    ? el("strong", { text: h.nominee ?? h.id })
    : el("a", { href: `/review/dossier.html?id=${encodeURIComponent(h.id)}`, text: h.nominee ?? h.id }))));
}

// ---- deciding ----

function actionButton(action, secondary = false) {
  const button = el("button", { type: "button", class: secondary ? "secondary" : "", id: `act-${action}`, "data-action": action, text: t(`d.act.${action}`) });
  button.addEventListener("click", () => act(action));
  return button;
}

function renderDecision(d) {
  const allowed = new Set(d.allowedActions ?? []);
  const reviewer = (state.me?.roles ?? []).includes("Reviewer");
  $("decision-view").hidden = !reviewer;
  if (!reviewer) return;
  const simple = $("simple-actions");
  simple.replaceChildren();
  $("return-form").hidden = true;
  $("decide-form").hidden = true;
  $("note-error").hidden = true;
  $("note").removeAttribute("aria-invalid");
  const hint = $("decision-hint");
  if (d.status === "evaluated" || d.status === "evaluation-failed") {
    hint.textContent = d.status === "evaluated" ? t("d.hint.evaluated") : "";
    if (allowed.has("start-review")) simple.append(actionButton("start-review"));
    if (allowed.has("retry-evaluation")) simple.append(actionButton("retry-evaluation"));
  } else if (d.status === "under-review") {
    hint.textContent = t("d.hint.under-review", { name: shortActor(d.reviewer) });
    buildReturnForm(d);
    $("return-form").hidden = false;
    showDecideForm(["approve", "reject"], "review");
  } else if (d.status === "approved") {
    hint.textContent = t("d.hint.approved");
    showDecideForm(["forward"], "forward");
  } else if (d.status === "forwarded") {
    hint.textContent = t("d.hint.forwarded");
    showDecideForm(["decide"], "decide");
  } else {
    hint.textContent = t("d.hint.other", { status: t(`rv.status.${d.status}`) });
  }
}

function showDecideForm(actions, hintKey) {
  $("decide-form").hidden = false;
  $("note-hint").textContent = t(`d.noteHint.${hintKey}`);
  $("decide-actions").replaceChildren(...actions.map((a, i) => actionButton(a, i > 0)));
}

function buildReturnForm(d) {
  const rows = [];
  const row = (kind, id, label) => {
    const key = `${kind}-${id}`;
    const check = el("input", { type: "checkbox", id: `ret-${key}`, "data-kind": kind, "data-id": id, "aria-controls": `ret-${key}-reason` });
    const reason = el("input", { type: "text", id: `ret-${key}-reason`, disabled: true, "aria-describedby": `ret-${key}-error` });
    const error = el("p", { class: "field-error", id: `ret-${key}-error`, hidden: true });
    check.addEventListener("change", () => {
      reason.disabled = !check.checked;
      if (check.checked) reason.focus();
    });
    const node = el("div", { class: "return-item", "data-return": key },
      el("div", { class: "checks" }, el("label", { for: `ret-${key}` }, check, el("span", { lang: kind === "component" ? "vi" : undefined, text: label }))),
      el("div", { class: "field" }, el("label", { for: `ret-${key}-reason`, class: "visually-hidden", text: t("d.returnReason", { what: label }) }), reason, error));
    rows.push({ kind, id, check, reason, error });
    return node;
  };
  $("return-items").replaceChildren(
    el("h4", { text: t("d.returnComponents") }),
    ...(d.components ?? []).map((c) => row("component", c.id, componentText(c.id))),
    el("h4", { text: t("d.returnFields") }),
    ...RETURN_FIELDS.map((f) => row("field", f, t(`d.field.${f}`))));
  state.returnRows = rows;
  $("return-error").hidden = true;
}

function fieldMessage(messages) {
  return fieldText(messages, lang());
}

function clearReturnErrors() {
  $("return-error").hidden = true;
  for (const r of state.returnRows) {
    r.error.hidden = true;
    r.reason.removeAttribute("aria-invalid");
  }
}

async function submitReturn(event) {
  event.preventDefault();
  clearReturnErrors();
  const chosen = state.returnRows.filter((r) => r.check.checked);
  if (chosen.length === 0) {
    $("return-error").textContent = t("d.returnNone");
    $("return-error").hidden = false;
    state.returnRows[0]?.check.focus();
    return;
  }
  const missing = chosen.filter((r) => !r.reason.value.trim());
  for (const r of missing) {
    r.error.textContent = t("d.reasonRequired");
    r.error.hidden = false;
    r.reason.setAttribute("aria-invalid", "true");
  }
  if (missing.length) {
    missing[0].reason.focus();
    return;
  }
  const items = chosen.map((r) => (r.kind === "component" ? { componentId: r.id, reason: r.reason.value.trim() } : { field: r.id, reason: r.reason.value.trim() }));
  await send("return", { action: "return", items }, (errors) => {
    let placed = false;
    for (const [key, messages] of Object.entries(errors)) {
      const m = /^items\[(\d+)\]/.exec(key);
      const r = m ? chosen[Number(m[1])] : null;
      if (r) {
        r.error.textContent = fieldMessage(messages);
        r.error.hidden = false;
        r.reason.setAttribute("aria-invalid", "true");
        placed = true;
      }
    }
    return placed;
  });
}

async function act(action) {
  const note = $("note").value.trim();
  const body = { action };
  if (["approve", "reject", "forward", "decide"].includes(action) && note) body.note = note;
  $("note-error").hidden = true;
  $("note").removeAttribute("aria-invalid");
  await send(action, body, (errors) => {
    if (!errors.note) return false;
    $("note-error").textContent = fieldMessage(errors.note);
    $("note-error").hidden = false;
    $("note").setAttribute("aria-invalid", "true");
    $("note").focus();
    return true;
  });
}

/** POST …/review with the ETag read; 409/412 (changed meanwhile) shows the conflict, 400 places errors next to inputs. */
async function send(action, body, placeErrors) {
  const buttons = [...document.querySelectorAll("#decision-view button:not(#conflict-reload)")];
  for (const b of buttons) b.disabled = true;
  document.body.dataset.busy = "true";
  try {
    const result = await sendJson("POST", `/api/dossiers/${encodeURIComponent(state.id)}/review`, body, { ifMatch: state.dossier.etag });
    if (result.ok) {
      $("note").value = "";
      $("decision-done").textContent = t(`d.done.${action}`);
      $("decision-done").hidden = false;
      $("decision-done").dataset.action = action;
      await load({ keepNotice: true });
      return;
    }
    const problem = result.problem ?? {};
    if (result.status === 412 || (result.status === 409 && problem.code === "stale-etag")) {
      const status = problem.currentStatus ? t(`rv.status.${problem.currentStatus}`) : "?";
      const reviewer = problem.currentReviewer ? t("d.conflictReviewer", { name: shortActor(problem.currentReviewer) }) : "";
      showConflict(t("d.conflict", { status, reviewer }), "stale-etag");
    } else if (result.status === 409) {
      showConflict(t("d.notAllowed", { message: problemText(problem, lang()) }), problem.code ?? "conflict");
    } else if (!(problem.errors && placeErrors(problem.errors))) {
      showError(problemText(problem, lang()));
    }
  } finally {
    for (const b of buttons) b.disabled = false;
    document.body.dataset.busy = "false";
  }
}

function showConflict(text, code) {
  $("conflict-text").textContent = text;
  $("conflict").hidden = false;
  $("conflict").dataset.code = code;
  $("conflict-reload").focus();
}

// ---- history ----

function parseJson(text) {
  try {
    return JSON.parse(text ?? "null");
  } catch {
    return null;
  }
}

/** "+ bien-ban.pdf (accepted); to-trinh.pdf: pending → accepted" from the audit's before/after of the file list. */
function filesChange(change) {
  const before = parseJson(change.before);
  const after = parseJson(change.after);
  if (!Array.isArray(before) || !Array.isArray(after)) return t("d.field.files");
  const old = new Map(before.map((f) => [f.id, f]));
  const parts = [];
  for (const f of after) {
    const was = old.get(f.id);
    if (!was) parts.push(`+ ${f.originalName} (${t(`d.file.${f.state}`)})`);
    else if (was.state !== f.state) parts.push(`${f.originalName}: ${t(`d.file.${was.state}`)} → ${t(`d.file.${f.state}`)}`);
    old.delete(f.id);
  }
  for (const f of old.values()) parts.push(`− ${f.originalName}`);
  return `${t("d.field.files")}: ${parts.join("; ")}`;
}

function changeText(entry) {
  const parts = [];
  if (entry.fromStatus && entry.fromStatus !== entry.toStatus) parts.push(`${t(`rv.status.${entry.fromStatus}`)} → ${t(`rv.status.${entry.toStatus}`)}`);
  for (const c of entry.changes ?? []) {
    if (c.field === "supplement") {
      const items = parseJson(c.after);
      if (Array.isArray(items) && items.length) {
        parts.push(items.map((s) => `${s.componentId ? componentText(s.componentId) : t(`d.field.${s.field}`)}: ${s.reason}`).join("; "));
        continue;
      }
    }
    if (c.field === "reviewer" || c.field === "decisionNote") continue;
    parts.push(c.field === "files" ? filesChange(c) : t(`d.field.${c.field}`));
  }
  if (entry.note) parts.push(entry.note);
  return parts.join(" · ");
}

function renderHistory() {
  $("history-view").hidden = false;
  $("history").querySelector("tbody").replaceChildren(...state.audit.map((entry) => el("tr", { "data-action": entry.action, "data-revision": String(entry.revision) },
    el("td", { text: formatDateTime(entry.at) }),
    el("td", { text: shortActor(entry.actor) }),
    el("td", { text: t(`d.action.${entry.action}`) }),
    el("td", { class: "changes", text: changeText(entry) }))));
}

// ---- start ----

async function main() {
  state.me = await initShell();
  state.id = new URLSearchParams(location.search).get("id");
  $("viewer-close").addEventListener("click", () => {
    const fileId = viewer.file?.id;
    closeViewer();
    // Back to the file's "View" button (the list may have been drawn again meanwhile: found by the file's id).
    if (fileId) document.querySelector(`#components [data-file-id="${CSS.escape(fileId)}"] button.view`)?.focus();
  });
  $("pdf-prev").addEventListener("click", () => turnPage(-1));
  $("pdf-next").addEventListener("click", () => turnPage(1));
  $("conflict-reload").addEventListener("click", () => load());
  $("return-form").addEventListener("submit", submitReturn);
  $("decide-form").addEventListener("submit", (event) => event.preventDefault());
  onLangChange(() => {
    applyTranslations();
    render();
    renderViewerTexts();
  });
  if (!state.me) showError(t("rv.needSignIn"));
  else if (state.id) await load();
  document.body.dataset.ready = "true";
}

main().catch((error) => {
  showError(error.message);
  document.body.dataset.ready = "true";
});
