// What the two reports pages share (the portal's /reports.html and the console's /review/reports.html, issue 18): the
// words of a submission's status and timeliness, the route in words, the stage, and the downloads (the draft DOCX
// through the API with the bearer token; a signed PDF straight from Blob storage with the short-lived URL the API
// issues). The server decides everything shown here (docs/reports.md); these only put it in words.
import { downloadFile, getJson } from "./api.js";
import { el } from "./dom.js";
import { formatBytes } from "./dossier.js";
import { addMessages, formatDate, lang, t } from "./i18n.js";

addMessages({
  "rp.status.not-submitted": ["Chưa nộp", "Not submitted"],
  "rp.status.submitted": ["Đã nộp", "Submitted"],
  "rp.timeliness.on-time": ["Đúng hạn", "On time"],
  "rp.timeliness.late": ["Trễ hạn", "Late"],
  "rp.timeliness.no-deadline": ["Kế hoạch không quy định hạn", "No deadline in the plan"],
  "rp.noDeadline": ["không quy định hạn", "no deadline set"],
  "rp.overdue": ["Quá hạn", "Overdue"],
  "rp.route": ["Gửi {to}", "To {to}"],
  "rp.deadline": ["hạn {date}", "by {date}"],
  "rp.clause": ["căn cứ: {clause}", "clause: {clause}"],
  "rp.draftFailed": ["Không tải được bản dự thảo: {message}", "Could not download the draft: {message}"],
  "rp.draftDone": ["Đã tải {name} ({size}).", "Downloaded {name} ({size})."],
  "rp.downloading": ["Đang tạo bản dự thảo…", "Building the draft…"],
  "rp.downloadSigned": ["Tải về báo cáo đã ký {name}", "Download the signed report {name}"],
  "rp.downloadFailed": ["Không tải được tệp: {message}", "Could not download the file: {message}"],
});

/** "Sơ kết 2023" / "Mid-term review 2023". */
export function reportStageText(stage) {
  if (!stage) return "–";
  return stage.year ? `${t(`stage.${stage.kind}`)} ${stage.year}` : t(`stage.${stage.kind}`);
}

/** Who sends the report: the nominating body when it is a body's report, else the unit. */
export function reporterName(view) {
  return view.body?.name ?? view.unit?.name ?? view.unit?.code ?? "–";
}

/** The route's deadline: "30/11/2023", or "không quy định hạn" with the plan's reason when there is one. */
export function deadlineText(route) {
  if (route?.deadline) return formatDate(route.deadline);
  return route?.noDateReason ? `${t("rp.noDeadline")} (${route.noDateReason})` : t("rp.noDeadline");
}

/** "Gửi Sở Nội vụ · hạn 30/11/2023 · căn cứ: V.1". */
export function routeText(route) {
  if (!route) return "–";
  const parts = [];
  if (route.to) parts.push(t("rp.route", { to: route.to }));
  parts.push(route.deadline ? t("rp.deadline", { date: formatDate(route.deadline) }) : deadlineText(route));
  if (route.clause) parts.push(t("rp.clause", { clause: route.clause }));
  return parts.join(" · ");
}

/** "Đã nộp" / "Chưa nộp". */
export function reportStatusBadge(status, id) {
  return el("span", { class: `badge report-${status}`, id, "data-status": status, text: t(`rp.status.${status}`) });
}

/**
 * "Đúng hạn" / "Trễ hạn" / "Kế hoạch không quy định hạn" once submitted; "Quá hạn" for a report not sent by its deadline
 * (the server says so: `overdue`, judged on its clock in Vietnam time); else nothing.
 */
export function timelinessBadge(timeliness, id, { overdue = false } = {}) {
  if (!timeliness && overdue) return el("span", { class: "badge timeliness-late", id, "data-timeliness": "overdue", text: t("rp.overdue") });
  if (!timeliness) return null;
  return el("span", { class: `badge timeliness-${timeliness}`, id, "data-timeliness": timeliness, text: t(`rp.timeliness.${timeliness}`) });
}

/** Downloads the draft DOCX of a submission view (its draftUrl); says how it went in `statusBox`. */
export async function downloadDraft(view, statusBox) {
  statusBox.textContent = t("rp.downloading");
  delete statusBox.dataset.done;
  const result = await downloadFile(view.draftUrl, "bao-cao.docx");
  if (!result.ok) {
    statusBox.textContent = t("rp.draftFailed", { message: problemLines(result.problem).join(" ") });
    return result;
  }
  statusBox.textContent = t("rp.draftDone", { name: result.name, size: formatBytes(result.size) });
  statusBox.dataset.done = result.name;
  return result;
}

/** Saves a signed PDF: the API issues a short-lived read URL, the browser fetches it from Blob storage. */
export async function downloadSigned(submissionId, fileId) {
  const query = fileId ? `?fileId=${encodeURIComponent(fileId)}` : "";
  const result = await getJson(`/api/reports/submissions/${encodeURIComponent(submissionId)}/download${query}`);
  if (!result.ok) return result;
  const a = document.createElement("a");
  a.href = result.data.url;
  a.download = result.data.fileName ?? "";
  document.body.append(a);
  a.click();
  a.remove();
  return result;
}

/** The button that downloads one signed PDF (a version of a submission, or its newest file). */
export function signedDownloadButton(submissionId, fileId, name, errorBox) {
  const button = el("button", { type: "button", class: "link download", text: name, "aria-label": t("rp.downloadSigned", { name }) });
  button.addEventListener("click", async () => {
    const result = await downloadSigned(submissionId, fileId);
    if (!result.ok && errorBox) {
      errorBox.hidden = false;
      errorBox.textContent = t("rp.downloadFailed", { message: problemLines(result.problem).join(" ") });
    }
  });
  return button;
}

/**
 * Each entry of a problem+json answer in the page's language: its problems[] (vi/en each), else its localized detail or
 * title. The answer is kept as it came, so a language switch shows it again in the other language.
 */
export function problemLines(problem) {
  const items = Array.isArray(problem?.problems) ? problem.problems : [];
  const lines = items.map((p) => (lang() === "en" ? p.en ?? p.vi : p.vi ?? p.en)).filter(Boolean);
  if (lines.length) return lines;
  const localized = problem?.localizedDetail ?? problem?.localizedTitle;
  if (localized) return [lang() === "en" ? localized.en ?? localized.vi : localized.vi ?? localized.en];
  return [String(problem?.detail ?? problem?.title ?? "")];
}
