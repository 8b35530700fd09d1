// The dashboards page for signed-in users (Leader, Reviewer, Submitter, Admin): the server filters every
// figure by the user's unit scope. ?dashboard=<id> picks a definition (default: poverty; also nominations).
import { addMessages, lang, onLangChange, t } from "/app/i18n.js";
import { initShell } from "/app/shell.js";
import { getAccessToken } from "/auth/auth.js";
import { createViewer, prefetchFirstView } from "./data.js";

addMessages({
  "dash.embedAdmin": ["Nhúng bảng điều khiển vào cổng khác (tạo mã nhúng)", "Embed a dashboard in another portal (mint a token)"],
  "dash.reportStatus": ["Đơn vị nào đã gửi báo cáo sơ kết/tổng kết, đúng hạn hay trễ hạn", "Which units have sent their review report, on time or late"],
  "dash.signInNeeded": ["Đăng nhập để xem số liệu thuộc phạm vi của bạn.", "Sign in to see the figures within your scope."],
});

const params = new URLSearchParams(location.search);
const id = /^[a-z0-9-]+$/.test(params.get("dashboard") ?? "") ? params.get("dashboard") : "poverty";
// Nothing waits for what it does not need: the definition is fetched while the shell finds out who is signed in;
// with a token, the first view's figures and map start at once; the viewer (and ECharts) load alongside.
// The head preloads the default definition (its href: the content-hashed name in the built front end): the same request.
const preloaded = [...document.querySelectorAll("link[rel=preload][data-dashboard]")].find((l) => l.dataset.dashboard === id);
const definitionLoad = fetch(preloaded?.href ?? `/dashboards/definitions/${id}.json`).then((r) => r.json());
const prefetched = Promise.all([definitionLoad, getAccessToken().catch(() => null)])
  .then(([definition, token]) => (token ? prefetchFirstView(definition, params) : null));
// The viewer's modules (ECharts: ~100 ms of evaluation) start one task later, once the requests above are sent.
const viewerLoad = Promise.all([definitionLoad, prefetched])
  .then(([definition, early]) => new Promise((resolve) => setTimeout(() => resolve([definition, early]), 0)))
  .then(([definition, early]) => createViewer(document.getElementById("dashboard"), definition, { prefetched: early, syncUrl: true, landing: true }));
viewerLoad.catch(() => {}); // awaited below when signed in
const me = await initShell();
const definition = await definitionLoad;
const title = () => {
  document.getElementById("dashboard-title").textContent = definition.title[lang() === "en" ? 1 : 0];
};
title();
onLangChange(title);
if (!me) {
  const box = document.getElementById("sign-in-needed");
  box.hidden = false;
  box.textContent = t("dash.signInNeeded");
  document.body.dataset.ready = "true";
} else {
  // Those who may mint embed tokens (Embedding:AllowedRoles, by default admins and leaders) get the way to the form.
  document.getElementById("embed-admin-link").hidden = !(me.roles ?? []).some((r) => r === "Admin" || r === "Leader");
  // Leaders and reviewers: which units have reported (the reviewers' console, /review/reports.html; issue 18).
  document.getElementById("report-status-link").hidden = !(me.roles ?? []).some((r) => r === "Leader" || r === "Reviewer");
  const viewer = await viewerLoad;
  viewer.applyQuery(params);
  // Leaders (and every user with a unit scope) land on their own unit, not on "Toàn quốc".
  viewer.setScope?.(me.scope?.unitCode, me.scope?.unitName ?? null);
  window.dashboard = viewer; // for the benchmark script and tests
  await viewer.start();
  document.body.dataset.ready = "true";
}
