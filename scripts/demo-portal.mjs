#!/usr/bin/env node
// A demo portal on another origin that embeds the dashboards as a real portal would (ADR 0005, docs/web.md): its page
// frames /dashboards/embed.html with a token its "server" minted, and answers the frame's renewal requests with new
// tokens. Its server signs in through the app's development issuer (Development only: POST /dev/token) as a demo user
// whose role may embed, and mints with POST /api/embed-tokens for its own origin — which must be in the app's
// Embedding:AllowedOrigins (scripts/run.sh starts it and sets that). No dependencies.
//
//   node scripts/demo-portal.mjs [--port 7072] [--host 127.0.0.1] [--app http://127.0.0.1:7071] [--user lanh-dao-trung-uong]
//
// Pages: /?dashboard=poverty&unit=52 (mints itself), /?embed=<the app's embed URL> (a token minted elsewhere, e.g. on
// /dashboards/embed-admin.html; the portal renews it for the same dashboard and unit).
import { createServer } from "node:http";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    port: { type: "string", default: "7072" },
    host: { type: "string", default: "127.0.0.1" },
    app: { type: "string", default: "http://127.0.0.1:7071" },
    user: { type: "string", default: "lanh-dao-trung-uong" },
  },
});
const app = new URL(args.app).origin;
const origin = `http://${args.host.includes(":") ? `[${args.host}]` : args.host}:${args.port}`;
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function mint(dashboardId, unitCode, hostOrigin) {
  const signIn = await fetch(`${app}/dev/token`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ user: args.user }) });
  if (!signIn.ok) throw new Error(`the app's development sign-in answered ${signIn.status} (is it running in Development?)`);
  const { access_token: bearer } = await signIn.json();
  const response = await fetch(`${app}/api/embed-tokens`, {
    method: "POST",
    headers: { Authorization: `Bearer ${bearer}`, "Content-Type": "application/json" },
    body: JSON.stringify({ dashboardId, unitCode, hostOrigin }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body.localizedDetail?.vi ?? body.detail ?? `HTTP ${response.status}`);
  return body;
}

function page({ dashboard, unit, embedUrl, error }) {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cổng thông tin điện tử (mẫu) · báo cáo nhúng</title>
<style>body{font-family:"Noto Sans","DejaVu Sans",sans-serif;margin:0;color:#1b1f23}header{background:#7a1f1f;color:#fff;padding:.7rem 1rem}
form{display:flex;gap:.6rem;align-items:end;flex-wrap:wrap;padding:.7rem 1rem;background:#f6f1ee}label{display:flex;flex-direction:column;font-size:.9rem}
input,select,button{font:inherit;padding:.3rem .5rem}iframe{border:0;width:100%;height:1500px}.error{color:#a4161a;padding:1rem}#log{font-size:.85rem;color:#4a4f55;padding:0 1rem}</style></head>
<body><header><strong>Cổng thông tin điện tử (mẫu)</strong> · trang thử nghiệm nhúng báo cáo từ ${escape(app)}</header>
<form method="get"><label>Bảng điều khiển<select name="dashboard">${["poverty", "nominations"].map((d) => `<option${d === dashboard ? " selected" : ""}>${d}</option>`).join("")}</select></label>
<label>Mã đơn vị<input name="unit" value="${escape(unit)}" inputmode="numeric"></label><button>Nhúng</button></form>
<p id="log" role="status"></p>
${error ? `<p class="error" role="alert">Không tạo được mã nhúng: ${escape(error)}</p>` : `<iframe id="report" title="Báo cáo giảm nghèo" src="${escape(embedUrl)}"></iframe>`}
<script>
const app = ${JSON.stringify(app)};
const dashboard = ${JSON.stringify(dashboard)}, unit = ${JSON.stringify(unit)};
window.portalLog = [];
addEventListener("message", async (event) => {
  if (event.origin !== app) return;
  window.portalLog.push(event.data?.type);
  document.getElementById("log").textContent = "Trang nhúng: " + event.data?.type;
  if (event.data?.type !== "nolb-embed:token-request") return;
  const next = await (await fetch("/portal-backend/token?dashboard=" + encodeURIComponent(dashboard) + "&unit=" + encodeURIComponent(unit))).json();
  if (next.token) document.getElementById("report").contentWindow.postMessage({ type: "nolb-embed:token", token: next.token }, app);
});
</script></body></html>`;
}

const server = createServer(async (request, response) => {
  const url = new URL(request.url, origin);
  const hostOrigin = `http://${request.headers.host}`;
  try {
    if (url.pathname === "/portal-backend/token") {
      const minted = await mint(url.searchParams.get("dashboard") ?? "poverty", url.searchParams.get("unit") ?? "52", hostOrigin);
      response.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      return response.end(JSON.stringify({ token: minted.token, expiresAt: minted.expiresAt }));
    }
    if (url.pathname !== "/") return response.writeHead(404).end();
    const given = url.searchParams.get("embed");
    let dashboard = url.searchParams.get("dashboard") ?? "poverty";
    let unit = url.searchParams.get("unit") ?? "52";
    let embedUrl;
    let error = null;
    if (given) {
      // Only the app's own embed page: the portal frames nothing else.
      if (!given.startsWith(`${app}/dashboards/embed.html?token=`)) error = "địa chỉ nhúng không phải của ứng dụng";
      else embedUrl = given;
    } else {
      try {
        const minted = await mint(dashboard, unit, hostOrigin);
        embedUrl = app + minted.embedUrl;
        dashboard = minted.dashboardId;
        unit = minted.unitCode;
      } catch (e) {
        error = e.message;
      }
    }
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
    response.end(page({ dashboard, unit, embedUrl, error }));
  } catch (e) {
    response.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" }).end(String(e.message ?? e));
  }
});
server.listen(Number(args.port), args.host, () => console.log(`demo portal: ${origin}/ (embeds ${app})`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
