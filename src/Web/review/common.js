// Shared by the reviewers' console pages (/review/ and /review/dossier.html): messages, a tiny element
// builder, status/verdict badges, stage and unit texts. Vietnamese first; English through the shell's switch.
import { el } from "/app/dom.js";
import { addMessages, t } from "/app/i18n.js";

addMessages({
  "rv.actor.system": ["Hệ thống (chấm tiêu chí tự động)", "System (automatic criteria check)"],
  "rv.actor.demo": ["Dữ liệu mẫu", "Demo data"],
  "rv.status.draft": ["Bản nháp", "Draft"],
  "rv.status.submitted": ["Đã nộp, chờ máy đánh giá", "Submitted, awaiting evaluation"],
  "rv.status.evaluated": ["Đã đánh giá tiêu chí, chờ thẩm định", "Evaluated, awaiting review"],
  "rv.status.evaluation-failed": ["Lỗi đánh giá", "Evaluation failed"],
  "rv.status.under-review": ["Đang thẩm định", "Under review"],
  "rv.status.returned": ["Trả lại để bổ sung", "Returned for supplement"],
  "rv.status.approved": ["Đạt", "Approved"],
  "rv.status.rejected": ["Không đạt", "Rejected"],
  "rv.status.forwarded": ["Đã trình cấp trên", "Forwarded"],
  "rv.status.decided": ["Đã có quyết định", "Decided"],
  "rv.verdict.eligible": ["Đủ điều kiện", "Eligible"],
  "rv.verdict.not-eligible": ["Không đủ điều kiện", "Not eligible"],
  "rv.verdict.needs-review": ["Cần thẩm định", "Needs review"],
  "rv.verdict.incomplete": ["Chưa đủ số liệu", "Incomplete"],
  "rv.verdict.none": ["Chưa có", "None yet"],
  "rv.kind.commune": ["Xã", "Commune"],
  "rv.kind.household": ["Hộ gia đình", "Household"],
  "rv.kind.individual": ["Cá nhân", "Individual"],
  "rv.kind.collective": ["Tập thể", "Collective"],
  "l.nav": ["Danh sách trình", "List to submit"],
  "rv.needSignIn": ["Đăng nhập với vai trò thẩm định để xem hồ sơ.", "Sign in as a reviewer to see the dossiers."],
  "rv.forbidden": ["Bạn không có quyền xem hồ sơ này (ngoài phạm vi đơn vị của bạn).", "You may not see this dossier (outside your units)."],
});

export const STATUSES = ["submitted", "evaluated", "evaluation-failed", "under-review", "returned", "approved", "rejected", "forwarded", "decided", "draft"];
export const STAGE_KINDS = ["launch", "annual", "mid-term", "final"];

export const $ = (id) => document.getElementById(id);

/** The shared element builder (/app/dom.js), for the console's pages. */
export { el };

export function statusBadge(status, id) {
  return el("span", { class: `badge status-${status}`, id, "data-status": status, text: t(`rv.status.${status}`) });
}

export function verdictBadge(verdict, id) {
  const v = verdict ?? "none";
  return el("span", { class: `badge verdict-${v}`, id, "data-verdict": v, text: t(`rv.verdict.${v}`) });
}

export function stageText(stage) {
  if (!stage) return "–";
  return stage.year ? `${t(`stage.${stage.kind}`)} ${stage.year}` : t(`stage.${stage.kind}`);
}

/** "Nguyễn Văn A (tid_oid)" → "Nguyễn Văn A". */
export function shortActor(actor) {
  const name = String(actor ?? "").replace(/\s*\([^)]*\)\s*$/, "");
  // The app's own writers (the evaluation trigger, the demo seeder) in the page's language (issue 17, item 7).
  return { system: t("rv.actor.system"), "demo seed": t("rv.actor.demo") }[name] ?? name;
}

/** The text a problem+json answer carries in the page's language (its localizedDetail, else localizedTitle). */
export { problemMessage as problemText } from "/app/api.js";
