// The dossier panel of the agency form: saves the form as a dossier (POST /api/dossiers, then PUT with
// If-Match — a stale ETag is shown as a conflict, nothing overwritten), lists the plan's components,
// uploads each file straight to Blob storage in blocks with the SAS the API issues (progress bar;
// after a dropped connection "Tiếp tục tải lên" asks the API which blocks the service holds and sends
// only the missing ones), confirms it and shows the server's verdict (accepted: size and SHA-256;
// rejected: the reason), and submits (deadline, completeness and quota refusals next to what is wrong).
// A dossier returned for supplement opens with only the named fields and components editable.
import { fieldMessage, getJson, problemFields, problemMessage, problemTitle, rejectionReasonText, sendJson } from "./api.js";
import { el } from "./dom.js";
import { addMessages, formatDate, formatNumber, lang, onLangChange, t } from "./i18n.js";
import { UploadInterrupted, prepareResume, uploadBlocks } from "./upload.js";

addMessages({
  "dossier.heading": ["Hồ sơ đề nghị: lưu, đính kèm tệp, nộp", "Dossier: save, attach files, submit"],
  "dossier.save": ["Lưu hồ sơ", "Save dossier"],
  "dossier.saveChanges": ["Lưu thay đổi", "Save changes"],
  "dossier.submit": ["Nộp hồ sơ", "Submit dossier"],
  "dossier.resubmit": ["Nộp lại hồ sơ đã bổ sung", "Resubmit the supplemented dossier"],
  "dossier.statusLink": ["Xem trạng thái hồ sơ", "View the dossier's status"],
  "dossier.components": ["Thành phần hồ sơ", "Dossier components"],
  "dossier.state.new": ["Chưa lưu. Lưu hồ sơ để đính kèm tệp và nộp.", "Not saved yet. Save the dossier to attach files and submit."],
  "dossier.state.saved": ["Hồ sơ {id} · {status} · lần nộp {revision}", "Dossier {id} · {status} · revision {revision}"],
  "dossier.state.code": ["mã {code}", "code {code}"],
  "dossier.state.unsaved": ["(có thay đổi chưa lưu)", "(unsaved changes)"],
  "dossier.needSignIn": ["Đăng nhập với vai trò người nộp của đơn vị để lưu và nộp hồ sơ.", "Sign in as a submitter of your unit to save and submit a dossier."],
  "dossier.planRule": ["Kế hoạch (mục {clause}): {text}", "The plan (clause {clause}): {text}"],
  "dossier.routeRule": ["Hồ sơ gửi {to} (mục {clause} của kế hoạch).", "The dossier goes to {to} (clause {clause} of the plan)."],
  "dossier.needSave": ["Lưu hồ sơ trước, rồi đính kèm tệp cho từng thành phần.", "Save the dossier first, then attach the files of each component."],
  "dossier.filesHint": [
    "Tệp PDF, DOCX, XLSX, JPEG hoặc PNG; tải thẳng lên kho lưu trữ theo từng khối, tiếp tục được khi mất kết nối.",
    "PDF, DOCX, XLSX, JPEG or PNG files; uploaded straight to storage in blocks, resumable after a dropped connection.",
  ],
  "dossier.deadline": ["Hạn nộp ({level}): {date} — {text}", "Deadline ({level}): {date} — {text}"],
  "dossier.deadlineClause": ["mục {clause}", "clause {clause}"],
  "dossier.noDeadline": ["Kế hoạch không quy định hạn nộp cho đợt này.", "The plan sets no submission deadline for this stage."],
  "dossier.saved": ["Đã lưu hồ sơ.", "Dossier saved."],
  "dossier.submitted": ["Đã nộp hồ sơ (lần {revision}). Máy đang đánh giá tiêu chí.", "Dossier submitted (revision {revision}). The criteria are being evaluated."],
  "dossier.conflict": [
    "Hồ sơ đã bị thay đổi ở nơi khác sau khi bạn mở (trạng thái hiện tại: {status}). Không có gì bị ghi đè. Tải lại hồ sơ rồi thực hiện lại.",
    "The dossier was changed elsewhere after you opened it (now: {status}). Nothing was overwritten. Reload it and try again.",
  ],
  "dossier.progress.save": ["Đang lưu hồ sơ…", "Saving the dossier…"],
  "dossier.progress.submit": ["Đang nộp hồ sơ…", "Submitting the dossier…"],
  "dossier.progress.add": ["Đang đăng ký tệp…", "Registering the file…"],
  "dossier.progress.confirm": ["Đang kiểm tra tệp đã tải lên…", "Checking the uploaded file…"],
  "dossier.progress.remove": ["Đang xoá tệp…", "Removing the file…"],
  "dossier.progress.refresh": ["Đang đọc lại hồ sơ…", "Reading the dossier again…"],
  "dossier.progress.next": ["Tiếp theo: {list}.", "Next: {list}."],
  "dossier.next.save": ["lưu hồ sơ", "save the dossier"],
  "dossier.next.submit": ["nộp hồ sơ", "submit the dossier"],
  "dossier.next.add": ["đăng ký tệp", "register a file"],
  "dossier.next.confirm": ["kiểm tra tệp", "check a file"],
  "dossier.next.remove": ["xoá tệp", "remove a file"],
  "dossier.next.refresh": ["đọc lại hồ sơ", "read the dossier again"],
  "dossier.numbersToFix": ["Chưa lưu: sửa các ô số đánh dấu đỏ.", "Not saved: fix the number fields marked in red."],
  "dossier.reload": ["Tải lại hồ sơ", "Reload the dossier"],
  "dossier.loadFailed": ["Không mở được hồ sơ {id}: {message}", "Could not open dossier {id}: {message}"],
  "dossier.readOnly": ["Hồ sơ đã nộp; xem tiến trình ở trang trạng thái.", "The dossier is submitted; follow it on its status page."],
  "dossier.supplementTitle": ["Hồ sơ bị trả lại để bổ sung. Chỉ sửa được những mục sau:", "The dossier was returned for supplement. Only these may be changed:"],
  "dossier.supplementNote": ["Ghi chú của người thẩm định: {note}", "Reviewer's note: {note}"],
  "dossier.required": ["bắt buộc", "required"],
  "dossier.optional": ["không bắt buộc", "optional"],
  "dossier.template": ["Mẫu: {template}", "Template: {template}"],
  "dossier.accepted": ["{count} tệp đã nhận", "{count} file(s) accepted"],
  "dossier.chooseFile": ["Chọn tệp: {component}", "Choose a file: {component}"],
  "dossier.chooseFileShort": ["Chọn tệp…", "Choose a file…"],
  "dossier.requestedHere": ["Cần bổ sung: {reason}", "To supplement: {reason}"],
  "file.state.uploading": ["Đang tải lên", "Uploading"],
  "file.state.interrupted": ["Mất kết nối", "Connection dropped"],
  "file.state.checking": ["Đang kiểm tra", "Checking"],
  "file.state.pending": ["Chưa tải xong", "Not finished"],
  "file.state.accepted": ["Đã nhận", "Accepted"],
  "file.state.rejected": ["Bị từ chối", "Rejected"],
  "file.progress": ["Tiến độ tải lên {name}", "Upload progress of {name}"],
  "file.resume": ["Tiếp tục tải lên", "Resume upload"],
  "file.remove": ["Xoá tệp", "Remove file"],
  "file.accepted": ["{size} · SHA-256 {sha}", "{size} · SHA-256 {sha}"],
  "file.interrupted": [
    "Tải lên bị gián đoạn sau {done} / {total}. Bấm \u201cTiếp tục tải lên\u201d: chỉ những khối còn thiếu được gửi lại.",
    "The upload stopped after {done} / {total}. Press \u201cResume upload\u201d: only the missing blocks are sent again.",
  ],
  "file.pendingNoData": ["Chọn lại đúng tệp này để tiếp tục tải lên.", "Choose the same file again to resume the upload."],
  "file.sending": ["{done} / {total}", "{done} / {total}"],
  "file.failed": ["Không tải lên được: {message}", "Upload failed: {message}"],
  "level.province": ["cấp tỉnh", "province"],
  "level.district": ["cấp huyện", "district"],
  "level.commune": ["cấp xã", "commune"],
  "field.nominee": ["Thông tin đối tượng", "Nominee"],
  "field.awardFormId": ["Hình thức khen thưởng", "Award form"],
  "field.nominationYear": ["Năm đề nghị", "Nomination year"],
  "field.statistics": ["Số liệu rà soát hộ nghèo, cận nghèo", "Poverty review figures"],
  "field.facts": ["Thông tin khác theo tiêu chí", "Other facts"],
  "field.achievementsSummary": ["Tóm tắt thành tích", "Achievements summary"],
  "dstatus.new": ["Chưa lưu", "Not saved"],
  "dstatus.draft": ["Bản nháp", "Draft"],
  "dstatus.submitted": ["Đã nộp", "Submitted"],
  "dstatus.evaluated": ["Đã đánh giá tiêu chí", "Evaluated"],
  "dstatus.evaluation-failed": ["Lỗi đánh giá", "Evaluation failed"],
  "dstatus.under-review": ["Đang thẩm định", "Under review"],
  "dstatus.returned": ["Trả lại để bổ sung", "Returned for supplement"],
  "dstatus.approved": ["Đạt", "Approved"],
  "dstatus.rejected": ["Không đạt", "Rejected"],
  "dstatus.forwarded": ["Đã trình", "Forwarded"],
  "dstatus.decided": ["Đã có quyết định", "Decided"],
});

// What the page checks before an upload (issue 17, item 8), as the server does after it (docs/dossiers.md "Files"):
// the extension, the size and the first bytes. The server stays the authority; this only spares a slow link the
// upload of a file that would be refused.
const FILE_KINDS = [
  { name: "PDF", extensions: [".pdf"], magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: "PNG", extensions: [".png"], magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { name: "JPEG", extensions: [".jpg", ".jpeg"], magic: [0xff, 0xd8, 0xff] },
  { name: "DOCX", extensions: [".docx"], magic: [0x50, 0x4b, 0x03, 0x04] },
  { name: "XLSX", extensions: [".xlsx"], magic: [0x50, 0x4b, 0x03, 0x04] },
];
const OTHER_KINDS = [
  { name: "RAR", magic: [0x52, 0x61, 0x72, 0x21] },
  { name: "7z", magic: [0x37, 0x7a, 0xbc, 0xaf] },
  { name: "EXE (Windows)", magic: [0x4d, 0x5a] },
  { name: "ELF", magic: [0x7f, 0x45, 0x4c, 0x46] },
  { name: "GIF", magic: [0x47, 0x49, 0x46, 0x38] },
];

const startsWith = (bytes, magic) => magic.every((b, i) => bytes[i] === b);

/** Null when the file may be uploaded, else why not ({ vi, en }). */
export async function checkBeforeUpload(file, limits) {
  const name = file.name;
  const dot = name.lastIndexOf(".");
  const extension = dot >= 0 ? name.slice(dot).toLowerCase() : "";
  const kind = FILE_KINDS.find((k) => k.extensions.includes(extension));
  if (!kind) {
    return {
      vi: `Tệp \u201c${name}\u201d ${extension ? `có đuôi ${extension}` : "không có đuôi"}: chỉ nhận PDF, DOCX, XLSX, JPEG, PNG. Tệp chưa được tải lên.`,
      en: `\u201c${name}\u201d ${extension ? `is a ${extension} file` : "has no extension"}: only PDF, DOCX, XLSX, JPEG and PNG are accepted. Nothing was uploaded.`,
    };
  }
  if (file.size === 0) return { vi: `Tệp \u201c${name}\u201d rỗng (0 byte). Tệp chưa được tải lên.`, en: `\u201c${name}\u201d is empty (0 bytes). Nothing was uploaded.` };
  const max = limits?.maxFileBytes;
  if (max && file.size > max) {
    return {
      vi: `Tệp \u201c${name}\u201d nặng ${formatBytesIn(file.size, "vi")}, vượt giới hạn ${formatBytesIn(max, "vi")} mỗi tệp. Tệp chưa được tải lên.`,
      en: `\u201c${name}\u201d is ${formatBytesIn(file.size, "en")}, over the limit of ${formatBytesIn(max, "en")} per file. Nothing was uploaded.`,
    };
  }
  const bytes = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  if (!startsWith(bytes, kind.magic)) {
    const actual = FILE_KINDS.find((k) => startsWith(bytes, k.magic))?.name ?? OTHER_KINDS.find((k) => startsWith(bytes, k.magic))?.name;
    return {
      vi: `Nội dung tệp \u201c${name}\u201d không phải ${kind.name}${actual ? ` (là ${actual})` : ""}; chỉ nhận PDF, DOCX, XLSX, JPEG, PNG đúng với đuôi tệp. Tệp chưa được tải lên.`,
      en: `The content of \u201c${name}\u201d is not ${kind.name}${actual ? ` (it is ${actual})` : ""}; only PDF, DOCX, XLSX, JPEG and PNG matching the file's extension are accepted. Nothing was uploaded.`,
    };
  }
  return null;
}

function formatBytesIn(bytes, language) {
  const mb = bytes / (1024 * 1024);
  const format = new Intl.NumberFormat(language === "en" ? "en-GB" : "vi-VN", { maximumFractionDigits: 1 });
  return mb >= 1 ? `${format.format(mb)} MB` : `${format.format(bytes / 1024)} KB`;
}

/** The dossier fields the form edits (a return names some of them). */
const EDITABLE_FIELDS = ["nominee", "awardFormId", "nominationYear", "statistics", "facts", "achievementsSummary"];
const ACCEPT = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";
const $ = (id) => document.getElementById(id);

/** "12345" bytes → "12,1 KB" (vi) / "12.1 KB". */
export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined) return "–";
  if (bytes < 1024) return `${formatNumber(bytes, 0)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024, 1)} KB`;
  return `${formatNumber(bytes / 1048576, 1)} MB`;
}

/** The nominating level of a unit code: 2 digits province, 3 district, 5 commune. */
export function levelOf(code) {
  return { 2: "province", 3: "district", 5: "commune" }[String(code ?? "").length] ?? "commune";
}

/** The problem's message for `field` in the current language (the API sends [vi, en]). */
function messageOf(problem, field) {
  const messages = problemFields(problem)[field];
  return messages ? fieldMessage(messages, lang()) : null;
}


/**
 * Wires the panel. `form` gives { me, plan(), input(unitCode), fill(dossier), lock(editable), showErrors(problem), clearErrors() }.
 * Returns { load(id), changed() }.
 */
export function initDossierPanel(form) {
  const state = {
    dossier: null,
    etag: null,
    dirty: false,
    busy: false,
    uploads: new Map(), // fileId → { file, url, expiresOn, status, done, total, message }
    // The form as last loaded or saved: what the user typed since is what differs from it (kept on a conflict).
    baseline: null,
    // The page's own writes run one after another, each with the ETag the previous one returned (issue 17, item 5).
    writes: Promise.resolve(),
    pending: [], // the labels of the writes queued or on their way
  };
  const unitCode = form.me?.scope?.unitCode ?? null;
  const canSubmit = Boolean(unitCode && form.me?.roles?.includes("Submitter"));

  function editableStatus() {
    return ["draft", "returned"].includes(state.dossier?.status ?? "draft");
  }

  function requested() {
    return state.dossier?.status === "returned" ? state.dossier.supplement ?? [] : null;
  }

  function componentOpen(componentId) {
    if (!state.dossier || !canSubmit || !editableStatus()) return false;
    const items = requested();
    return items === null || items.some((i) => i.componentId === componentId);
  }

  function setDossier(dossier) {
    state.dossier = dossier;
    state.etag = dossier.etag;
    document.body.dataset.dossierId = dossier.id;
    document.body.dataset.dossierStatus = dossier.status;
    document.body.dataset.dossierRevision = String(dossier.revision);
    const items = requested();
    form.lock(items ? [...new Set(items.filter((i) => i.field).map((i) => i.field))] : editableStatus() ? "all" : "none");
  }

  /**
   * Runs one write of this page to the dossier after the ones before it. `If-Match` is the ETag as it stands when
   * the request leaves (the answer to the previous write), never the one of the moment the user clicked; the
   * answer's ETag (a whole dossier is taken as it is) is kept before the next write leaves. While any is queued or
   * on its way, the panel says which (`#dossier-progress`).
   */
  function write(label, method, path, body, { ifMatch = false } = {}) {
    state.pending.push(label);
    showProgress();
    const run = state.writes.then(async () => {
      const result = await sendJson(method, path, body, ifMatch ? { ifMatch: state.etag } : {});
      if (result.ok && result.data && typeof result.data === "object") {
        if (result.data.id && result.data.status) setDossier(result.data);
        else if (result.data.etag) state.etag = result.data.etag;
      }
      return result;
    });
    state.writes = run.catch(() => {});
    return run.finally(() => {
      state.pending.splice(state.pending.indexOf(label), 1);
      showProgress();
    });
  }

  function showProgress() {
    const box = $("dossier-progress");
    const [current, ...waiting] = state.pending;
    box.hidden = !current;
    box.textContent = current
      ? [t(`dossier.progress.${current}`), ...(waiting.length ? [t("dossier.progress.next", { list: waiting.map((w) => t(`dossier.next.${w}`)).join(", ") })] : [])].join(" ")
      : "";
    box.dataset.pending = state.pending.join(" ");
    $("dossier").setAttribute("aria-busy", String(state.pending.length > 0));
  }

  /** The result of an action the user took: shown, and the focus moves there (issue 17, item 9), not to the page. */
  function message(text) {
    const box = $("dossier-message");
    box.hidden = !text;
    box.textContent = text ?? "";
    if (text) focusOn(box);
  }

  function focusOn(element) {
    if (!element) return;
    element.tabIndex = -1;
    element.focus();
  }

  /** After an upload: the focus goes to the file's verdict (accepted with its size, or the reason of a refusal). */
  function focusFileResult(fileId) {
    focusOn(document.querySelector(`[data-file="${CSS.escape(fileId)}"] .file-detail`));
  }

  function error(lines, action) {
    const box = $("dossier-error");
    box.hidden = lines.length === 0;
    box.replaceChildren(...lines.map((line) => el("p", { text: line })));
    if (action) box.append(action);
  }

  function clearErrors() {
    error([]);
    $("dossier-deadline-error").hidden = true;
    for (const box of document.querySelectorAll("#components .field-error")) {
      box.hidden = true;
      box.textContent = "";
    }
    form.clearErrors();
  }

  function conflict(problem) {
    const status = problem.currentStatus ? t(`dstatus.${problem.currentStatus}`) : "?";
    const reload = el("button", { type: "button", id: "reload-dossier", class: "secondary", text: t("dossier.reload") });
    reload.addEventListener("click", async () => {
      // What the user typed since the last load or save is put back over the dossier as it now is.
      const typed = typedChanges();
      await load(state.dossier.id, typed);
      message(null);
    });
    error([t("dossier.conflict", { status })], reload);
    $("dossier-error").dataset.code = "stale-etag";
    focusOn($("dossier-error"));
  }

  /** Places a problem's errors next to what is wrong; returns nothing. */
  function showProblem(problem) {
    if (problem?.code === "stale-etag" || problem?.status === 412) {
      conflict(problem);
      return;
    }
    $("dossier-error").dataset.code = problem?.code ?? "";
    const fields = problemFields(problem);
    const formProblem = { ...problem, errors: {} };
    for (const field of Object.keys(fields)) {
      const text = messageOf(problem, field);
      const component = /^components\.(.+)$/.exec(field);
      const file = /^files\.(.+)$/.exec(field);
      if (component && $(`component-${component[1]}-error`)) {
        const box = $(`component-${component[1]}-error`);
        box.hidden = false;
        box.textContent = text;
      } else if (file && document.querySelector(`[data-file="${CSS.escape(file[1])}"] .file-detail`)) {
        const detail = document.querySelector(`[data-file="${CSS.escape(file[1])}"] .file-detail`);
        detail.textContent = text;
        detail.classList.add("field-error");
      } else if (field === "deadline") {
        $("dossier-deadline-error").hidden = false;
        $("dossier-deadline-error").textContent = text;
      } else {
        formProblem.errors[field] = fields[field];
      }
    }
    form.showErrors(formProblem);
    // The summary repeats every message, so nothing is lost when a field has no place on the page.
    const title = problemTitle(problem, lang());
    const lines = Object.keys(fields).map((f) => messageOf(problem, f));
    if (lines.length === 0 && problem?.localizedDetail) lines.push(problemMessage(problem, lang()));
    error([title, ...lines].filter(Boolean));
    focusOn($("dossier-error"));
  }

  function render() {
    const d = state.dossier;
    const stateLine = $("dossier-state");
    if (d) {
      stateLine.dataset.status = d.status;
      stateLine.dataset.revision = String(d.revision);
      // The short tracking code is what a clerk reads over the phone; dossiers created before have only the id.
      const name = d.trackingCode ? t("dossier.state.code", { code: d.trackingCode }) : d.id;
      stateLine.dataset.trackingCode = d.trackingCode ?? "";
      stateLine.textContent = `${t("dossier.state.saved", { id: name, status: t(`dstatus.${d.status}`), revision: d.revision })}${state.dirty ? ` ${t("dossier.state.unsaved")}` : ""}`;
    } else {
      stateLine.dataset.status = "new";
      stateLine.textContent = canSubmit ? t("dossier.state.new") : t("dossier.needSignIn");
    }

    const deadline = $("dossier-deadline");
    if (d?.deadline) {
      const clause = d.deadline.clause ? ` (${t("dossier.deadlineClause", { clause: d.deadline.clause })})` : "";
      deadline.textContent = t("dossier.deadline", { level: t(`level.${levelOf(d.nominatingUnitCode)}`), date: formatDate(d.deadline.date), text: d.deadline.text }) + clause;
      deadline.dataset.deadline = d.deadline.date;
    } else {
      deadline.textContent = d ? t("dossier.noDeadline") : "";
      delete deadline.dataset.deadline;
    }

    const items = requested();
    const supplement = $("dossier-supplement");
    supplement.hidden = !items;
    if (items) {
      const list = el("ul", {}, ...items.map((item) => el("li", {
        "data-supplement-field": item.field,
        "data-supplement-component": item.componentId,
        text: `${item.field ? t(`field.${item.field}`) : componentText(item.componentId).replace(/[.。]\s*$/, "")}: ${item.reason}`,
      })));
      supplement.replaceChildren(el("p", { text: t("dossier.supplementTitle") }), list,
        ...(d.decisionNote ? [el("p", { text: t("dossier.supplementNote", { note: d.decisionNote }) })] : []));
    }

    const save = $("save-dossier");
    save.textContent = d ? t("dossier.saveChanges") : t("dossier.save");
    save.disabled = !canSubmit || state.busy || !editableStatus() || (items !== null && !items.some((i) => i.field));
    const submit = $("submit-dossier");
    submit.textContent = d?.status === "returned" ? t("dossier.resubmit") : t("dossier.submit");
    submit.disabled = !canSubmit || state.busy || !d || !d.allowedActions?.includes("submit");
    const link = $("dossier-status-link");
    link.hidden = !d;
    if (d) link.href = `/dossiers.html?id=${encodeURIComponent(d.id)}`;
    if (d) $("components-hint").textContent = editableStatus() ? t("dossier.filesHint") : t("dossier.readOnly");
    renderComponents();
  }

  /** What the route preview depends on: plan, stage, award form and the caller's unit. */
  function routeKey() {
    const input = form.plan() ? form.input(unitCode) : null;
    return input?.awardFormId ? JSON.stringify([input.planId, input.stage.kind, input.stage.year, input.awardFormId, unitCode]) : null;
  }

  /** Asks the server which components the caller's body sends for the form's plan, stage and award form. */
  async function loadRoutePreview() {
    const key = routeKey();
    if (!key || state.routePreview?.key === key || state.routePreview?.loading === key) return;
    state.routePreview = { ...state.routePreview, loading: key };
    const [planId, stageKind, stageYear, awardFormId] = JSON.parse(key);
    const query = new URLSearchParams({ planId, stageKind, awardFormId, nominatingUnitCode: unitCode });
    if (stageYear) query.set("stageYear", String(stageYear));
    try {
      const result = await getJson(`/api/dossier-route?${query}`);
      state.routePreview = { key, answer: result.ok ? result.data : null };
    } catch {
      state.routePreview = { key, answer: null }; // the plan's list stays shown; saving answers with the route
    }
    if (!state.dossier && routeKey() === key) renderComponents();
  }

  function componentText(id) {
    return state.dossier?.components?.find((c) => c.id === id)?.text ?? id;
  }

  function renderComponents() {
    const d = state.dossier;
    const list = $("components");
    if (!d) {
      // Before saving: a submitter sees what their body will send on its route (GET /api/dossier-route: a Bắc Giang
      // unit its own proposal and the Mẫu 07 report, never the Sở's documents); anyone else what the plan says the
      // dossier holds. The file pickers come with the saved dossier.
      const dossier = form.plan()?.dossier;
      const preview = state.routePreview?.key === routeKey() ? state.routePreview.answer : null;
      const items = preview?.components ?? dossier?.components ?? [];
      list.replaceChildren(...items.map((c) => el("li", { "data-plan-component": c.id }, el("span", { lang: "vi", text: c.text }))));
      const rule = preview?.route
        ? t("dossier.routeRule", { clause: preview.route.clause ?? "", to: preview.route.to ?? "" })
        : dossier?.text && !preview ? t("dossier.planRule", { clause: dossier.clause ?? "", text: dossier.text }) : "";
      $("components-hint").textContent = rule ? `${t("dossier.needSave")} ${rule}` : t("dossier.needSave");
      if (canSubmit && !preview) loadRoutePreview();
      return;
    }
    // Keep the error texts placed by the last answer.
    const errors = new Map([...list.querySelectorAll(".component-error")].map((e) => [e.id, e.hidden ? null : e.textContent]));
    list.replaceChildren(...d.components.map((c) => {
      const open = componentOpen(c.id);
      const reason = requested()?.find((i) => i.componentId === c.id)?.reason;
      const inputId = `file-${c.id}`;
      const input = el("input", { type: "file", id: inputId, class: "file-input", accept: ACCEPT, disabled: !open, "data-component-input": c.id });
      input.addEventListener("change", () => {
        const file = input.files?.[0];
        input.value = "";
        if (file) startUpload(c.id, file);
      });
      const files = d.files.filter((f) => f.componentId === c.id);
      const errorBox = el("div", { class: "field-error component-error", id: `component-${c.id}-error`, role: "alert" });
      const previous = errors.get(errorBox.id);
      errorBox.hidden = !previous;
      errorBox.textContent = previous ?? "";
      return el("li", { "data-component": c.id, "data-required": String(c.required), "data-accepted": String(c.accepted), class: reason ? "requested" : undefined },
        el("div", { class: "component-head" },
          el("span", { class: "component-text", lang: "vi", text: c.text }),
          el("span", { class: `badge ${c.required ? "status-needs-review" : "status-insufficient-data"}`, text: c.required ? t("dossier.required") : t("dossier.optional") }),
          el("span", { class: "hint", text: t("dossier.accepted", { count: c.accepted }) })),
        c.template ? el("p", { class: "hint", text: t("dossier.template", { template: c.template }) }) : null,
        reason ? el("p", { class: "supplement-reason", text: t("dossier.requestedHere", { reason }) }) : null,
        el("div", { class: `file-pick${open ? "" : " disabled"}` },
          input,
          el("label", { for: inputId, class: "file-button" },
            el("span", { "aria-hidden": "true", text: t("dossier.chooseFileShort") }),
            el("span", { class: "visually-hidden", text: t("dossier.chooseFile", { component: c.text }) }))),
        errorBox,
        files.length ? el("ul", { class: "files" }, ...files.map(renderFile)) : null);
    }));
  }

  function renderFile(f) {
    const upload = state.uploads.get(f.id);
    const status = upload?.status ?? f.state;
    const li = el("li", { "data-file": f.id, "data-state": status, "data-file-name": f.originalName });
    const badgeClass = { accepted: "status-met", rejected: "status-not-met", interrupted: "status-needs-review" }[status] ?? "status-insufficient-data";
    li.append(el("div", { class: "file-head" },
      el("span", { class: "file-name", text: f.originalName }),
      el("span", { class: `badge ${badgeClass}`, text: t(`file.state.${status}`) })));
    if (upload && ["uploading", "interrupted", "checking"].includes(status)) {
      const percent = upload.total ? Math.floor((upload.done * 100) / upload.total) : 0;
      li.append(el("progress", {
        max: 100, value: percent, "aria-valuenow": String(percent), "aria-valuemin": "0", "aria-valuemax": "100",
        "aria-label": t("file.progress", { name: f.originalName }), "data-progress": String(percent),
      }), el("span", { class: "hint progress-text", text: ` ${formatNumber(percent, 0)} % · ${t("file.sending", { done: formatBytes(upload.done), total: formatBytes(upload.total) })}` }));
    }
    let detail = "";
    if (status === "accepted") detail = t("file.accepted", { size: formatBytes(f.size), sha: f.sha256 });
    else if (status === "rejected") detail = (f.rejection || f.rejectionReason) ? rejectionReasonText(f, lang()) : upload?.message ?? "";
    else if (status === "interrupted") detail = upload?.message ?? t("file.interrupted", { done: formatBytes(upload?.done ?? 0), total: formatBytes(upload?.total ?? 0) });
    else if (status === "pending" && !upload) detail = t("file.pendingNoData");
    else if (upload?.message) detail = upload.message;
    li.append(el("p", { class: `file-detail${status === "rejected" ? " reason" : ""}`, "data-sha256": status === "accepted" ? f.sha256 : undefined, text: detail }));
    const actions = el("div", { class: "file-actions" });
    if (status === "interrupted" && componentOpen(f.componentId)) {
      const resume = el("button", { type: "button", class: "resume", text: t("file.resume") });
      resume.addEventListener("click", () => resumeUpload(f.id));
      actions.append(resume);
    }
    if (componentOpen(f.componentId) && !["uploading", "checking"].includes(status)) {
      const remove = el("button", { type: "button", class: "secondary remove", text: t("file.remove"), "aria-label": `${t("file.remove")}: ${f.originalName}` });
      remove.addEventListener("click", () => removeFile(f.id));
      actions.append(remove);
    }
    if (actions.childElementCount) li.append(actions);
    return li;
  }

  function renderFileRow(fileId) {
    const f = state.dossier?.files.find((x) => x.id === fileId);
    const row = document.querySelector(`[data-file="${CSS.escape(fileId)}"]`);
    if (f && row) row.replaceWith(renderFile(f));
    else renderComponents();
  }

  async function refresh() {
    // Queued with the writes: a read that overtook a write would bring back an older ETag.
    return write("refresh", "GET", `/api/dossiers/${encodeURIComponent(state.dossier.id)}`);
  }

  /** The editable fields whose value in the form differs from the dossier as last loaded or saved: { field: value }. */
  function typedChanges() {
    if (!state.baseline) return {};
    const now = form.input(unitCode);
    const changes = {};
    for (const field of EDITABLE_FIELDS) {
      if (JSON.stringify(now[field]) !== JSON.stringify(state.baseline[field])) changes[field] = field === "statistics" ? { typed: now.statistics, was: state.baseline.statistics } : now[field];
    }
    return changes;
  }

  /** The dossier `fresh` with the user's changes over it; figures are merged per year and column. */
  function withTyped(fresh, changes) {
    const merged = { ...fresh };
    for (const [field, value] of Object.entries(changes)) {
      if (field !== "statistics") {
        merged[field] = value;
        continue;
      }
      const was = new Map((value.was ?? []).map((r) => [r.year, r]));
      const rows = new Map((fresh.statistics ?? []).map((r) => [r.year, { ...r }]));
      for (const row of value.typed ?? []) {
        const target = rows.get(row.year) ?? { year: row.year };
        for (const column of ["households", "poor", "nearPoor"]) {
          if (row[column] !== (was.get(row.year)?.[column] ?? null) || !rows.has(row.year)) target[column] = row[column];
        }
        rows.set(row.year, target);
      }
      merged.statistics = [...rows.values()].sort((a, b) => a.year - b.year);
    }
    return merged;
  }

  async function load(id, typed = {}) {
    if (!id || !form.me) {
      // Not signed in: the dossier opens after sign-in (the state line says so); no anonymous API call.
      render();
      return;
    }
    const result = await getJson(`/api/dossiers/${encodeURIComponent(id)}`);
    if (!result.ok) {
      error([t("dossier.loadFailed", { id, message: problemMessage(result.problem, lang()) })]);
      render();
      return;
    }
    await form.fill(result.data);
    setDossier(result.data);
    state.baseline = form.input(unitCode);
    state.dirty = Object.keys(typed).length > 0;
    if (state.dirty) await form.fill(withTyped(result.data, typed));
    clearErrors();
    render();
  }

  async function save() {
    clearErrors();
    message(null);
    // A number the page cannot read is never sent (it would be dropped or refused): fix it first, nothing is lost.
    const numbers = form.numberProblems?.() ?? [];
    if (numbers.length) {
      error([t("dossier.numbersToFix"), ...numbers]);
      $("dossier-error").dataset.code = "unreadable-number";
      form.focusFirstNumberProblem();
      return false;
    }
    state.busy = true;
    render();
    try {
      const body = form.input(unitCode);
      let result;
      if (!state.dossier) {
        result = await write("save", "POST", "/api/dossiers", body);
      } else {
        // A returned dossier sends only the fields the reviewer named (the others must not change).
        const items = requested();
        const put = items ? Object.fromEntries(items.filter((i) => i.field).map((i) => [i.field, body[i.field]])) : body;
        result = await write("save", "PUT", `/api/dossiers/${encodeURIComponent(state.dossier.id)}`, put, { ifMatch: true });
      }
      if (!result.ok) {
        // Nothing is written and nothing typed is lost: the form keeps the user's input.
        showProblem(result.problem);
        return false;
      }
      state.baseline = body;
      state.dirty = false;
      if (!new URLSearchParams(location.search).has("dossier") || new URLSearchParams(location.search).get("dossier") !== result.data.id) {
        const url = new URL(location.href);
        url.searchParams.set("dossier", result.data.id);
        history.replaceState(null, "", url);
      }
      message(t("dossier.saved"));
      return true;
    } finally {
      state.busy = false;
      render();
    }
  }

  async function submit() {
    if (state.dirty && !(await save())) return;
    clearErrors();
    message(null);
    state.busy = true;
    render();
    try {
      const result = await write("submit", "POST", `/api/dossiers/${encodeURIComponent(state.dossier.id)}/submit`, undefined, { ifMatch: true });
      if (!result.ok) {
        showProblem(result.problem);
        return;
      }
      message(t("dossier.submitted", { revision: result.data.revision }));
    } finally {
      state.busy = false;
      render();
    }
  }

  // ---- files ----

  function progress(fileId) {
    return (done, total) => {
      const upload = state.uploads.get(fileId);
      upload.done = done;
      upload.total = total;
      const bar = document.querySelector(`[data-file="${CSS.escape(fileId)}"] progress`);
      if (bar) {
        const percent = total ? Math.floor((done * 100) / total) : 100;
        bar.value = percent;
        bar.setAttribute("aria-valuenow", String(percent));
        bar.dataset.progress = String(percent);
        const text = bar.nextElementSibling;
        if (text) text.textContent = ` ${formatNumber(percent, 0)} % · ${t("file.sending", { done: formatBytes(done), total: formatBytes(total) })}`;
      }
    };
  }

  /** Shows a message in a component's error box and moves the focus there (keyboard and screen-reader users hear it). */
  function componentError(componentId, text) {
    const box = $(`component-${componentId}-error`);
    box.hidden = false;
    box.textContent = text;
    box.tabIndex = -1;
    box.focus();
  }

  async function startUpload(componentId, file) {
    clearErrors();
    const refused = await checkBeforeUpload(file, state.dossier.fileLimits);
    if (refused) {
      componentError(componentId, lang() === "en" ? refused.en : refused.vi);
      $(`component-${componentId}-error`).dataset.checkedInBrowser = "true";
      return;
    }
    // The same file name still pending in this component: resume it instead of starting over.
    const pending = state.dossier.files.find((f) => f.componentId === componentId && f.state === "pending" && f.originalName === file.name);
    if (pending) {
      state.uploads.set(pending.id, { file, status: "interrupted", done: 0, total: file.size });
      await resumeUpload(pending.id);
      return;
    }
    const added = await write("add", "POST", `/api/dossiers/${encodeURIComponent(state.dossier.id)}/files`, { componentId, fileName: file.name, size: file.size });
    if (!added.ok) {
      if (added.problem?.code === "stale-etag") {
        conflict(added.problem);
        return;
      }
      const box = $(`component-${componentId}-error`);
      const fields = problemFields(added.problem);
      box.hidden = false;
      box.textContent = Object.keys(fields).map((f) => messageOf(added.problem, f)).join(" ") || problemTitle(added.problem, lang());
      return;
    }
    const { file: entry, upload } = added.data;
    state.dossier.files = [...state.dossier.files, entry];
    state.dossier.etag = state.etag;
    state.uploads.set(entry.id, { file, url: upload.url, expiresOn: upload.expiresOn, status: "uploading", done: 0, total: file.size });
    renderComponents();
    await send(entry.id, new Map());
  }

  async function resumeUpload(fileId) {
    const upload = state.uploads.get(fileId);
    if (!upload?.file) return;
    const id = encodeURIComponent(state.dossier.id);
    upload.status = "uploading";
    upload.message = null;
    renderFileRow(fileId);
    // Ask the service (through the API) which blocks arrived; a fresh SAS if the old one is (nearly) expired.
    const ready = await prepareResume(`/api/dossiers/${id}/files/${fileId}`, upload);
    if (!ready.ok) {
      upload.status = "interrupted";
      upload.message = problemMessage(ready.problem, lang());
      renderFileRow(fileId);
      return;
    }
    await send(fileId, ready.have);
  }

  async function send(fileId, have) {
    const upload = state.uploads.get(fileId);
    try {
      const outcome = await uploadBlocks(upload.url, upload.file, { have, onProgress: progress(fileId) });
      upload.sentBlocks = (upload.sentBlocks ?? 0) + outcome.sentBlocks;
      const row = document.querySelector(`[data-file="${CSS.escape(fileId)}"]`);
      if (row) row.dataset.skippedBlocks = String(outcome.skippedBlocks);
    } catch (e) {
      upload.status = "interrupted";
      upload.message = e instanceof UploadInterrupted ? null : t("file.failed", { message: e.message });
      renderFileRow(fileId);
      return;
    }
    upload.status = "checking";
    renderFileRow(fileId);
    await confirm(fileId);
  }

  async function confirm(fileId) {
    const upload = state.uploads.get(fileId);
    const result = await write("confirm", "POST", `/api/dossiers/${encodeURIComponent(state.dossier.id)}/files/${fileId}/confirm`, undefined);
    if (result.ok) {
      state.uploads.delete(fileId);
      renderComponents();
      render();
      focusFileResult(fileId);
      return;
    }
    if (result.problem?.code === "upload-incomplete") {
      upload.status = "interrupted";
      upload.message = messageOf(result.problem, `files.${fileId}`) ?? problemMessage(result.problem, lang());
      renderFileRow(fileId);
      return;
    }
    // Rejected: the server deleted the bytes and recorded the reason on the dossier.
    upload.status = "rejected";
    upload.message = messageOf(result.problem, `files.${fileId}`) ?? problemMessage(result.problem, lang());
    await refresh();
    state.uploads.delete(fileId);
    const entry = state.dossier.files.find((f) => f.id === fileId);
    if (entry && !entry.rejection && !entry.rejectionReason) entry.rejectionReason = upload.message;
    render();
    focusFileResult(fileId);
  }

  async function removeFile(fileId) {
    clearErrors();
    const row = document.querySelector(`[data-file="${CSS.escape(fileId)}"]`);
    row?.setAttribute("aria-busy", "true");
    for (const button of row?.querySelectorAll("button") ?? []) button.disabled = true;
    const result = await write("remove", "DELETE", `/api/dossiers/${encodeURIComponent(state.dossier.id)}/files/${fileId}`, undefined, { ifMatch: true });
    if (!result.ok) {
      showProblem(result.problem);
      render();
      return;
    }
    state.uploads.delete(fileId);
    render();
  }

  // Leaving mid-upload (or with a write on its way) loses it: the browser asks first (issue 17, item 8).
  window.addEventListener("beforeunload", (event) => {
    const uploading = [...state.uploads.values()].some((u) => ["uploading", "checking"].includes(u.status));
    if (!uploading && state.pending.length === 0) return;
    event.preventDefault();
    event.returnValue = "";
  });

  $("save-dossier").addEventListener("click", save);
  $("submit-dossier").addEventListener("click", submit);
  onLangChange(render);

  return {
    load,
    changed() {
      if (!state.dossier) {
        render(); // the plan may have changed: its dossier rule and components
        return;
      }
      if (state.dirty) return;
      state.dirty = true;
      render();
    },
  };
}
