// A body's list to submit upward (danh sách trình; Bắc Giang IV.3.b: Sở LĐ-TB&XH's tờ trình with the list and its
// council's minutes, to the Chủ tịch UBND tỉnh by 05/12/2023). The server decides who may open it (a user of the body
// the plan gives it to), what goes on it (approved dossiers and the body's own), the documents' checks and the deadline;
// this page shows it, uploads the documents straight to Blob storage and submits it. Vietnamese first.
import { getJson, listPlans, problemFields, sendJson } from "/app/api.js";
import { addMessages, applyTranslations, formatDate, formatDateTime, lang, onLangChange, t } from "/app/i18n.js";
import { initShell } from "/app/shell.js";
import { UploadInterrupted, prepareResume, uploadBlocks } from "/app/upload.js";
import { $, el, problemText, stageText } from "./common.js";

addMessages({
  "l.heading": ["Danh sách đề nghị khen thưởng trình cấp trên", "List of nominees to submit upward"],
  "l.intro": ["Cơ quan tổng hợp (ví dụ Sở LĐ-TB&XH Bắc Giang, mục IV.3.b) lập danh sách gồm các hồ sơ đã duyệt và hồ sơ của chính cơ quan, đính kèm tờ trình và biên bản họp Hội đồng Thi đua - Khen thưởng, rồi trình trước hạn.",
    "The collecting body (e.g. Sở LĐ-TB&XH Bắc Giang, clause IV.3.b) lists the dossiers it approved and its own, attaches its tờ trình and its emulation council's minutes, and submits the list by the deadline."],
  "l.plan": ["Kế hoạch", "Plan"],
  "l.stage": ["Đợt", "Stage"],
  "l.award": ["Hình thức khen thưởng", "Award form"],
  "l.col.nominee": ["Đối tượng", "Nominee"],
  "l.col.unit": ["Đơn vị đề nghị", "Nominating unit"],
  "l.open": ["Lập / cập nhật danh sách", "Open / update the list"],
  "l.status": ["Trạng thái:", "Status:"],
  "l.status.draft": ["Đang lập", "Being assembled"],
  "l.status.submitted": ["Đã trình", "Submitted"],
  "l.rule": ["Mục {clause}: trình {to}; hạn cuối {date} (mục {deadlineClause}).", "Clause {clause}: to {to}; last day {date} (clause {deadlineClause})."],
  "l.title": ["Danh sách · {stage} · {award}", "List · {stage} · {award}"],
  "l.entries": ["Hồ sơ trong danh sách", "Dossiers on the list"],
  "l.col.source": ["Nguồn", "Source"],
  "l.own": ["Của cơ quan", "The body's own"],
  "l.approved": ["Đơn vị gửi, đã duyệt", "From a unit, approved"],
  "l.empty": ["Chưa có hồ sơ nào đủ điều kiện.", "No dossier may be on it yet."],
  "l.notListed": ["Hồ sơ chưa đủ điều kiện vào danh sách", "Dossiers not yet on the list"],
  "l.documents": ["Văn bản của danh sách", "The list's documents"],
  "l.choose": ["Chọn tệp", "Choose a file"],
  "l.file.accepted": ["đã nhận", "accepted"],
  "l.file.pending": ["chưa xác nhận", "not confirmed"],
  "l.file.rejected": ["bị từ chối", "rejected"],
  "l.uploading": ["Đang tải lên {name}…", "Uploading {name}…"],
  "l.interrupted": [
    "Tải lên {name} bị gián đoạn. Bấm \u201cTiếp tục tải lên\u201d (hoặc chọn lại đúng tệp này): chỉ các phần còn thiếu được gửi lại.",
    "The upload of {name} stopped. Press \u201cResume upload\u201d (or choose the same file again): only the missing blocks are sent again.",
  ],
  "l.resume": ["Tiếp tục tải lên", "Resume upload"],
  "l.submit": ["Trình danh sách", "Submit the list"],
  "l.submitted": ["Đã trình lúc {at}; {count} hồ sơ đã chuyển trình.", "Submitted at {at}; {count} dossier(s) forwarded."],
  "l.pending": ["{count} hồ sơ đang chờ chuyển trình.", "{count} dossier(s) waiting to be forwarded."],
});

// uploads: componentId → { file, fileId, url, expiresOn, interrupted, message } of an upload in progress or interrupted.
const state = { plans: [], list: null, uploads: new Map() };

function option(value, text) {
  return el("option", { value, text });
}

function showError(box, message) {
  $(box).hidden = !message;
  $(box).textContent = message ?? "";
}

function plan() {
  return state.plans.find((p) => p.id === $("plan").value);
}

function fillChoices() {
  const keep = { plan: $("plan").value, stage: $("stage").value, award: $("award").value };
  // Plans with a list: those whose award forms include one decided above the unit (the server has the last word).
  $("plan").replaceChildren(...state.plans.map((p) => option(p.id, p.title ?? p.id)));
  if (keep.plan) $("plan").value = keep.plan;
  const p = plan();
  $("stage").replaceChildren(...(p?.stages ?? []).filter((s) => s.year).map((s) => option(`${s.kind}:${s.year}`, stageText(s))));
  if (keep.stage) $("stage").value = keep.stage;
  $("award").replaceChildren(...(p?.awardForms ?? []).map((a) => option(a.id, a.name)));
  if (keep.award) $("award").value = keep.award;
}

async function openList(event) {
  event?.preventDefault();
  showError("page-error", null);
  const [kind, year] = $("stage").value.split(":");
  const answer = await sendJson("POST", "/api/nominee-lists", { planId: $("plan").value, stage: { kind, year: Number(year) }, awardFormId: $("award").value });
  if (!answer.ok) {
    showError("page-error", problemText(answer.problem, lang()));
    $("list").hidden = true;
    return;
  }
  if (state.list?.id !== answer.data.id) state.uploads.clear();
  state.list = answer.data;
  render();
}

async function reload() {
  const answer = await getJson(`/api/nominee-lists/${encodeURIComponent(state.list.id)}`);
  if (answer.ok) state.list = answer.data;
  render();
}

function render() {
  const list = state.list;
  if (!list) return;
  const p = state.plans.find((x) => x.id === list.planId);
  const award = p?.awardForms?.find((a) => a.id === list.awardFormId)?.name ?? list.awardFormId;
  $("list").hidden = false;
  $("list").dataset.status = list.status;
  $("list-title").textContent = t("l.title", { stage: stageText(list.stage), award });
  $("list-rule").textContent = t("l.rule", { clause: list.rule.clause, to: list.rule.to, date: formatDate(list.rule.deadline.date), deadlineClause: list.rule.deadline.clause });
  $("list-status").textContent = t(`l.status.${list.status}`);
  $("list-status").dataset.status = list.status;
  $("list-forwarding").textContent = list.status === "submitted" && list.pendingForwards.length ? t("l.pending", { count: list.pendingForwards.length }) : "";
  const rows = list.entries.map((e, i) => el("tr", { "data-dossier-id": e.dossierId },
    el("td", { class: "num", text: String(i + 1) }),
    el("td", {}, el("a", { href: `/review/dossier.html?id=${encodeURIComponent(e.dossierId)}`, text: e.nomineeName })),
    el("td", { text: e.nominatingUnitName ?? e.nominatingUnitCode }),
    el("td", { text: t(e.own ? "l.own" : "l.approved") })));
  $("entries").tBodies[0].replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: "4", text: t("l.empty") }))]));
  $("not-listed").replaceChildren(...list.notListed.map((d) => el("li", { "data-dossier-id": d.dossierId, text: `${d.nomineeName} (${d.nominatingUnitName ?? d.nominatingUnitCode}) — ${t(`rv.status.${d.status}`)}` })));
  $("not-listed-box").hidden = list.notListed.length === 0;
  const draft = list.status === "draft";
  $("documents").replaceChildren(...list.components.map((c) => {
    const files = list.files.filter((f) => f.componentId === c.id);
    const input = el("input", { type: "file", id: `doc-${c.id}`, class: "file-input", accept: ".pdf,.docx,.jpg,.jpeg,.png", disabled: !draft });
    input.addEventListener("change", () => {
      const file = input.files?.[0];
      input.value = "";
      if (file) upload(c.id, file);
    });
    return el("li", { "data-component": c.id, "data-accepted": String(c.accepted) },
      el("span", { lang: "vi", text: `${c.text} (${c.clause})` }),
      el("ul", {}, ...files.map((f) => el("li", { "data-file-name": f.originalName, "data-state": f.state, text: `${f.originalName} — ${t(`l.file.${f.state}`)}` }))),
      draft ? interruptedUpload(c) : null,
      draft ? el("div", { class: "file-pick" }, input,
        el("label", { for: input.id, class: "file-button" },
          el("span", { "aria-hidden": "true", text: t("l.choose") }),
          el("span", { class: "visually-hidden", text: `${t("l.choose")}: ${c.text}` }))) : null,
      el("div", { class: "field-error", id: `doc-${c.id}-error`, role: "alert", hidden: true }));
  }));
  $("submit-list").disabled = !draft;
  $("list-done").textContent = list.status === "submitted"
    ? t("l.submitted", { at: formatDateTime(list.submittedAt), count: list.forwarded.length })
    : "";
  document.body.dataset.listStatus = list.status;
}

/** An interrupted upload of the component's document: what happened, and the button that resumes it. */
function interruptedUpload(component) {
  const u = state.uploads.get(component.id);
  if (!u?.interrupted) return null;
  const resume = el("button", { type: "button", class: "resume secondary", text: t("l.resume") });
  resume.addEventListener("click", () => resumeUpload(component.id));
  return el("div", { class: "upload-interrupted", "data-file-id": u.fileId },
    el("p", { role: "status", text: [t("l.interrupted", { name: u.file.name }), u.message].filter(Boolean).join(" ") }), resume);
}

function fileApi(fileId) {
  return `/api/nominee-lists/${encodeURIComponent(state.list.id)}/files/${encodeURIComponent(fileId)}`;
}

async function upload(componentId, file) {
  showError(`doc-${componentId}-error`, null);
  // The same file name still pending in this component (an upload interrupted, here or before a reload): resume it.
  const pending = state.list.files.find((f) => f.componentId === componentId && f.state === "pending" && f.originalName === file.name);
  if (pending) {
    const held = state.uploads.get(componentId);
    state.uploads.set(componentId, held?.fileId === pending.id ? { ...held, file } : { file, fileId: pending.id });
    await resumeUpload(componentId);
    return;
  }
  $("list-done").textContent = t("l.uploading", { name: file.name });
  const added = await sendJson("POST", `/api/nominee-lists/${encodeURIComponent(state.list.id)}/files`, { componentId, fileName: file.name, size: file.size });
  if (!added.ok) {
    $("list-done").textContent = "";
    showError(`doc-${componentId}-error`, problemText(added.problem, lang()));
    return;
  }
  state.uploads.set(componentId, { file, fileId: added.data.file.id, url: added.data.upload.url, expiresOn: added.data.upload.expiresOn });
  await send(componentId, new Map());
}

/** Sends only the blocks the service lacks, with a fresh link when the one held expired (as a dossier's upload resumes). */
async function resumeUpload(componentId) {
  const u = state.uploads.get(componentId);
  if (!u) return;
  Object.assign(u, { interrupted: false, message: null });
  render();
  $("list-done").textContent = t("l.uploading", { name: u.file.name });
  const ready = await prepareResume(fileApi(u.fileId), u);
  if (!ready.ok) {
    await interrupted(componentId, problemText(ready.problem, lang()));
    return;
  }
  await send(componentId, ready.have);
}

async function send(componentId, have) {
  const u = state.uploads.get(componentId);
  try {
    await uploadBlocks(u.url, u.file, { have });
  } catch (error) {
    await interrupted(componentId, error instanceof UploadInterrupted ? null : error.message);
    return;
  }
  const confirmed = await sendJson("POST", `${fileApi(u.fileId)}/confirm`);
  if (!confirmed.ok && confirmed.problem?.code === "upload-incomplete") {
    await interrupted(componentId, problemText(confirmed.problem, lang()));
    return;
  }
  state.uploads.delete(componentId);
  await reload();
  if (!confirmed.ok) showError(`doc-${componentId}-error`, problemText(confirmed.problem, lang()));
}

/** Shows the upload as interrupted, with the list read again (its document now pending, so choosing the same file resumes it). */
async function interrupted(componentId, message) {
  Object.assign(state.uploads.get(componentId), { interrupted: true, message });
  $("list-done").textContent = "";
  await reload();
  document.body.dataset.upload = "interrupted";
}

async function submitList() {
  showError("list-error", null);
  const answer = await sendJson("POST", `/api/nominee-lists/${encodeURIComponent(state.list.id)}/submit`, undefined, { ifMatch: state.list.etag });
  if (!answer.ok) {
    // Each problem next to what it is about: a document's, else the list's box (the deadline in words, a dossier no longer eligible).
    const general = [];
    for (const item of answer.problem.problems ?? []) {
      const component = /^components\.(.+)$/.exec(item.field ?? "")?.[1];
      const text = lang() === "en" ? item.en : item.vi;
      if (component && $(`doc-${component}-error`)) showError(`doc-${component}-error`, text);
      else general.push(text);
    }
    if (!general.length && !Object.keys(problemFields(answer.problem)).length) general.push(problemText(answer.problem, lang()));
    showError("list-error", general.join(" ") || null);
    $("list-error").dataset.code = answer.problem.code ?? "";
    return;
  }
  state.list = answer.data;
  render();
}

async function main() {
  const me = await initShell();
  state.plans = await listPlans();
  const params = new URLSearchParams(location.search);
  fillChoices();
  if (params.get("planId")) $("plan").value = params.get("planId");
  fillChoices();
  if (params.get("stageKind") && params.get("stageYear")) $("stage").value = `${params.get("stageKind")}:${params.get("stageYear")}`;
  if (params.get("awardFormId")) $("award").value = params.get("awardFormId");
  $("plan").addEventListener("change", fillChoices);
  $("choose").addEventListener("submit", openList);
  $("submit-list").addEventListener("click", submitList);
  onLangChange(() => {
    applyTranslations();
    fillChoices();
    render();
  });
  if (!me) showError("page-error", t("rv.needSignIn"));
  else if (params.get("planId")) await openList();
  document.body.dataset.ready = "true";
}

main().catch((error) => {
  showError("page-error", error.message);
  document.body.dataset.ready = "true";
});
