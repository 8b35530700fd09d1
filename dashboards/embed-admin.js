// The minting form for embed tokens (ADR 0005): an admin or a leader picks a dashboard, a unit within their scope
// and an allowed portal, mints a short-lived token (POST /api/embed-tokens) and copies the snippet the portal's page
// needs (the iframe and the renewal by postMessage). The demo portal of scripts/run.sh (scripts/demo-portal.mjs)
// opens the minted view directly.
import { problemMessage } from "/app/api.js";
import { addMessages, applyTranslations, lang, onLangChange, t } from "/app/i18n.js";
import { initShell } from "/app/shell.js";
import { authFetch } from "/auth/auth.js";

addMessages({
  "embedAdmin.title": ["Nhúng bảng điều khiển vào cổng thông tin khác", "Embed a dashboard in another portal"],
  "embedAdmin.intro": ["Tạo mã nhúng ngắn hạn cho một bảng điều khiển và một đơn vị, rồi sao chép đoạn mã vào trang của cổng. Mã chỉ đọc được số liệu của đơn vị đó và hết hạn sau vài phút; máy chủ của cổng tạo mã mới khi trang nhúng yêu cầu.", "Mint a short-lived embed token for one dashboard and one unit, then copy the snippet into the portal's page. The token reads that unit's figures only and expires after a few minutes; the portal's server mints a new one when the embedded page asks."],
  "embedAdmin.dashboard": ["Bảng điều khiển", "Dashboard"],
  "embedAdmin.unit": ["Mã đơn vị", "Unit code"],
  "embedAdmin.unitHint": ["Trong phạm vi của bạn: {name} ({code}).", "Within your scope: {name} ({code})."],
  "embedAdmin.origin": ["Cổng được nhúng", "Portal that frames it"],
  "embedAdmin.lifetime": ["Thời hạn (giây)", "Lifetime (seconds)"],
  "embedAdmin.mint": ["Tạo mã nhúng", "Mint an embed token"],
  "embedAdmin.result": ["Mã nhúng đã tạo", "Embed token minted"],
  "embedAdmin.summary": ["Mã cho {dashboard} · {unit} ({code}) · cổng {origin} · hết hạn lúc {expires}.", "Token for {dashboard} · {unit} ({code}) · portal {origin} · expires at {expires}."],
  "embedAdmin.snippet": ["Đoạn mã cho trang của cổng", "Snippet for the portal's page"],
  "embedAdmin.copy": ["Sao chép đoạn mã", "Copy the snippet"],
  "embedAdmin.copied": ["Đã sao chép vào bộ nhớ tạm.", "Copied to the clipboard."],
  "embedAdmin.copyFailed": ["Không sao chép được: chọn đoạn mã và nhấn Ctrl+C.", "Could not copy: select the snippet and press Ctrl+C."],
  "embedAdmin.demo": ["Xem thử trên cổng mẫu", "Try it on the demo portal"],
  "embedAdmin.signIn": ["Đăng nhập bằng tài khoản quản trị hoặc lãnh đạo để tạo mã nhúng.", "Sign in as an admin or a leader to mint embed tokens."],
  "embedAdmin.forbidden": ["Tài khoản của bạn không được tạo mã nhúng (chỉ quản trị và lãnh đạo).", "Your account may not mint embed tokens (admins and leaders only)."],
  "embedAdmin.noOrigins": ["Chưa có cổng nào được phép nhúng (Embedding:AllowedOrigins).", "No portal is allowed to embed yet (Embedding:AllowedOrigins)."],
  "embedAdmin.frameTitle": ["Báo cáo giảm nghèo", "Poverty reduction report"],
  "embedAdmin.backendComment": ["máy chủ của cổng tạo mã mới (POST /api/embed-tokens)", "your server mints a new token (POST /api/embed-tokens)"],
});

const $ = (id) => document.getElementById(id);
const DASHBOARD_NAMES = { poverty: ["Giảm nghèo theo địa bàn", "Poverty reduction by area"], nominations: ["Hồ sơ đề nghị khen thưởng", "Award nominations"] };
const dashboardName = (id) => DASHBOARD_NAMES[id]?.[lang() === "en" ? 1 : 0] ?? id;

/** What the portal's page needs: the frame, and the renewal answer to the frame's token requests. */
export function snippet(appOrigin, embedUrl, title, backendComment) {
  return `<iframe id="report" title="${title}" src="${appOrigin}${embedUrl}" style="border:0;width:100%;height:1500px"></iframe>
<script>
addEventListener("message", async (e) => {
  if (e.origin !== "${appOrigin}" || e.data?.type !== "nolb-embed:token-request") return;
  const { token } = await (await fetch("/my-backend/embed-token")).json(); // ${backendComment}
  document.getElementById("report").contentWindow.postMessage({ type: "nolb-embed:token", token }, "${appOrigin}");
});
</script>`;
}

const me = await initShell();
applyTranslations();
onLangChange(() => applyTranslations());
const denied = $("embed-admin-denied");
let options = null;
if (!me) {
  denied.hidden = false;
  denied.textContent = t("embedAdmin.signIn");
} else {
  const response = await authFetch("/api/embed-tokens/options", { headers: { Accept: "application/json" } });
  if (!response.ok) {
    denied.hidden = false;
    denied.textContent = response.status === 403 ? t("embedAdmin.forbidden") : problemMessage(await response.json().catch(() => ({})), lang()) || `HTTP ${response.status}`;
  } else {
    options = await response.json();
    $("embed-dashboard").replaceChildren(...options.dashboards.map((id) => new Option(dashboardName(id), id)));
    $("embed-origin").replaceChildren(...options.allowedOrigins.map((o) => new Option(o, o)));
    $("embed-unit").value = options.scopeUnitCode ?? "";
    if (options.scopeUnitCode) $("embed-unit-hint").textContent = t("embedAdmin.unitHint", { name: options.scopeUnitName, code: options.scopeUnitCode });
    Object.assign($("embed-lifetime"), { min: options.minLifetimeSeconds, max: options.defaultLifetimeSeconds, value: options.defaultLifetimeSeconds });
    $("embed-form").hidden = false;
    if (!options.allowedOrigins.length) {
      denied.hidden = false;
      denied.textContent = t("embedAdmin.noOrigins");
    }
  }
}

$("embed-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const error = $("embed-error");
  error.hidden = true;
  $("embed-mint").disabled = true;
  try {
    const response = await authFetch("/api/embed-tokens", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        dashboardId: $("embed-dashboard").value,
        unitCode: $("embed-unit").value.trim(),
        hostOrigin: $("embed-origin").value,
        lifetimeSeconds: Number($("embed-lifetime").value) || undefined,
      }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      error.hidden = false;
      error.textContent = problemMessage(body, lang()) || `HTTP ${response.status}`;
      error.focus();
      return;
    }
    const expires = new Intl.DateTimeFormat("vi-VN", { hour: "2-digit", minute: "2-digit", second: "2-digit", day: "2-digit", month: "2-digit", year: "numeric" }).format(new Date(body.expiresAt));
    $("embed-summary").textContent = t("embedAdmin.summary", { dashboard: dashboardName(body.dashboardId), unit: body.unitName, code: body.unitCode, origin: body.hostOrigin, expires });
    $("embed-snippet").value = snippet(location.origin, body.embedUrl, t("embedAdmin.frameTitle"), t("embedAdmin.backendComment"));
    const demo = $("embed-demo");
    // The demo portal (scripts/demo-portal.mjs, started by scripts/run.sh on a local origin) opens the minted view.
    demo.hidden = !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(body.hostOrigin);
    demo.href = `${body.hostOrigin}/?dashboard=${encodeURIComponent(body.dashboardId)}&unit=${encodeURIComponent(body.unitCode)}&embed=${encodeURIComponent(location.origin + body.embedUrl)}`;
    $("embed-copied").textContent = "";
    $("embed-result").hidden = false;
    $("embed-result-title").focus();
  } finally {
    $("embed-mint").disabled = false;
  }
});

$("embed-copy").addEventListener("click", async () => {
  const area = $("embed-snippet");
  try {
    await navigator.clipboard.writeText(area.value);
    $("embed-copied").textContent = t("embedAdmin.copied");
  } catch {
    area.focus();
    area.select();
    $("embed-copied").textContent = t("embedAdmin.copyFailed");
  }
});
document.body.dataset.ready = "true";
