// The page header shared by the form and the dashboards: language switch, who is signed in,
// sign-in / sign-out. Pages put the markup (see index.html) and call initShell().
import { currentUser, signIn, signOut } from "/auth/auth.js";
import { addMessages, applyTranslations, lang, onLangChange, setLang, t } from "./i18n.js";

addMessages({
  "shell.title": ["Vì người nghèo – Không để ai bị bỏ lại phía sau", "For the poor – No one left behind"],
  "shell.nav.form": ["Hồ sơ đề nghị", "Nomination form"],
  "shell.nav.dashboards": ["Bảng điều khiển", "Dashboards"],
  "shell.nav.dossiers": ["Hồ sơ của đơn vị", "Our dossiers"],
  "shell.nav.review": ["Thẩm định hồ sơ", "Review dossiers"],
  "shell.nav.reports": ["Báo cáo sơ kết/tổng kết", "Review reports"],
  "shell.nav.reportStatus": ["Báo cáo của các đơn vị", "Reports of the units"],
  "shell.nav.list": ["Danh sách trình", "Nominee list"],
  "shell.signIn": ["Đăng nhập", "Sign in"],
  "shell.signOut": ["Đăng xuất", "Sign out"],
  "shell.signedOut": ["Chưa đăng nhập", "Not signed in"],
  "shell.signedInAs": ["{name} · {roles} · phạm vi {scope}", "{name} · {roles} · scope {scope}"],
  "shell.noScope": ["chưa được phân phạm vi", "no unit scope yet"],
  "shell.switchTo": ["English", "Tiếng Việt"],
  "shell.switchLabel": ["Chuyển sang tiếng Anh", "Switch to Vietnamese"],
  "shell.skip": ["Bỏ qua, đến nội dung chính", "Skip to main content"],
  "role.Submitter": ["Người nộp", "Submitter"],
  "role.Reviewer": ["Thẩm định", "Reviewer"],
  "role.Leader": ["Lãnh đạo", "Leader"],
  "role.Admin": ["Quản trị", "Admin"],
});

let me = null;

export function signedInUser() {
  return me;
}

function renderUser() {
  const label = document.getElementById("user");
  const button = document.getElementById("sign-in-out");
  if (!label || !button) return;
  if (me) {
    const roles = (me.roles ?? []).map((r) => t(`role.${r}`)).join(", ");
    label.textContent = t("shell.signedInAs", { name: me.name ?? me.objectId, roles, scope: me.scope?.unitCode ?? t("shell.noScope") });
    button.textContent = t("shell.signOut");
    button.dataset.action = "sign-out";
  } else {
    label.textContent = t("shell.signedOut");
    button.textContent = t("shell.signIn");
    button.dataset.action = "sign-in";
  }
}

/** A link in the page's navigation, unless the page has it already (its own, marked aria-current). */
function addNavLink(href, key) {
  const nav = document.querySelector("header.shell nav");
  const path = href.split("?")[0];
  if (!nav || [...nav.querySelectorAll("a[href]")].some((a) => a.getAttribute("href").split("?")[0] === path)) return;
  const link = document.createElement("a");
  link.href = href;
  link.dataset.i18n = key;
  link.textContent = t(key);
  nav.append(link);
}

/**
 * Links by role in every page's navigation: submitters get the reports their unit must send (/reports.html), reviewers
 * their console (/review/), leaders the console's page of which units have reported (/review/reports.html); a user whose
 * scope's body assembles a nominee list (`scope.lists` of GET /api/me, e.g. Sở LĐ-TB&XH Bắc Giang, IV.3.b) the list page,
 * opened on the list when there is just one.
 */
function addRoleLinks() {
  const roles = me?.roles ?? [];
  if (roles.includes("Submitter")) addNavLink("/reports.html", "shell.nav.reports");
  if (roles.includes("Reviewer")) addNavLink("/review/", "shell.nav.review");
  if (roles.includes("Leader")) addNavLink("/review/reports.html", "shell.nav.reportStatus");
  const lists = me?.scope?.lists ?? [];
  if (lists.length) addNavLink(listHref(lists), "shell.nav.list");
}

/** The list page; with the list's plan, stage and award form in the query when the body assembles only one. */
function listHref(lists) {
  if (lists.length !== 1) return "/review/list.html";
  const [l] = lists;
  const query = new URLSearchParams({ planId: l.planId, stageKind: l.stage.kind, stageYear: String(l.stage.year), awardFormId: l.awardFormId });
  return `/review/list.html?${query}`;
}

function renderLangButton() {
  const button = document.getElementById("lang-switch");
  if (!button) return;
  button.textContent = t("shell.switchTo");
  button.setAttribute("aria-label", t("shell.switchLabel"));
  button.setAttribute("lang", lang() === "vi" ? "en" : "vi");
}

/** Wires the header; resolves with the signed-in user (GET /api/me) or null. */
export async function initShell() {
  applyTranslations();
  renderLangButton();
  document.getElementById("lang-switch")?.addEventListener("click", () => setLang(lang() === "vi" ? "en" : "vi"));
  onLangChange(() => {
    renderLangButton();
    renderUser();
  });
  document.getElementById("sign-in-out")?.addEventListener("click", async (event) => {
    if (event.currentTarget.dataset.action === "sign-out") {
      await signOut();
      location.reload();
    } else {
      await signIn();
    }
  });
  try {
    me = await currentUser();
  } catch {
    me = null;
  }
  renderUser();
  addRoleLinks();
  document.body.dataset.signedIn = me ? "true" : "false";
  return me;
}
