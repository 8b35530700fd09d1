// The sign-in check page (demo.html); a file of its own because the pages' CSP allows no inline script.
import { currentUser, signIn, signOut } from "./auth.js";

const $ = (id) => document.getElementById(id);
$("sign-in").onclick = () => signIn();
$("sign-out").onclick = async () => { await signOut(); location.reload(); };

try {
  const me = await currentUser();
  $("sign-in").hidden = !!me;
  $("sign-out").hidden = !me;
  $("status").textContent = me
    ? `Đã đăng nhập: ${me.name ?? me.objectId}` + (me.scope ? ` · phạm vi ${me.scope.unitCode}` : " · chưa được phân phạm vi đơn vị")
    : "Chưa đăng nhập (signed out).";
  if (me) { $("me").hidden = false; $("me").textContent = JSON.stringify(me, null, 2); }
} catch (error) {
  $("status").textContent = `Lỗi: ${error.message}`;
}
