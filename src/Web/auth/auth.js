// Browser sign-in for the API: Entra ID (authorization code + PKCE through MSAL) when the API
// says it is configured, the local development issuer otherwise. Plain ES module, no build step.
//
//   import { signIn, signOut, getAccessToken, currentUser, authFetch } from "/auth/auth.js";
//   await currentUser();             // null when signed out
//   await signIn();                  // navigates away, comes back signed in
//   const r = await authFetch("/api/me");
//
// Tokens live in memory and sessionStorage (gone when the tab closes), never in localStorage.
// MSAL is vendored from node_modules (@azure/msal-browser, pinned in package.json), never a CDN.

const MSAL_URL = "/auth/vendor/msal-browser/msal-browser.min.js";
const DEV_TOKEN_KEY = "nolb.dev.token";

let configPromise;
let msalPromise;
let memoryToken = null; // { token, expiresAt } for the development issuer

/** The API's public sign-in settings (GET /api/auth-config, anonymous, no secrets). */
export function authConfig() {
  configPromise ??= fetch("/api/auth-config", { headers: { Accept: "application/json" } }).then((r) => {
    if (!r.ok) throw new Error(`auth-config: HTTP ${r.status}`);
    return r.json();
  });
  return configPromise;
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

async function msalApp() {
  msalPromise ??= (async () => {
    const { entra } = await authConfig();
    if (!globalThis.msal) await loadScript(MSAL_URL);
    const app = await globalThis.msal.createStandardPublicClientApplication({
      auth: {
        clientId: entra.clientId,
        authority: entra.authority,
        redirectUri: location.origin + location.pathname,
        postLogoutRedirectUri: location.origin + location.pathname,
      },
      cache: { cacheLocation: "sessionStorage" },
    });
    // Completes a sign-in that came back to this page (code + PKCE exchange).
    const result = await app.handleRedirectPromise();
    if (result?.account) app.setActiveAccount(result.account);
    else if (!app.getActiveAccount() && app.getAllAccounts().length > 0) app.setActiveAccount(app.getAllAccounts()[0]);
    return { app, scopes: entra.scopes };
  })();
  return msalPromise;
}

// The development sign-in page returns the token in the URL fragment: take it, then erase it.
function takeDevTokenFromFragment() {
  if (!location.hash.includes("access_token=")) return;
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get("access_token");
  const expiresIn = Number(params.get("expires_in") ?? "0");
  history.replaceState(null, "", location.pathname + location.search);
  if (token) rememberDevToken(token, Date.now() + expiresIn * 1000);
}

function rememberDevToken(token, expiresAt) {
  memoryToken = { token, expiresAt };
  sessionStorage.setItem(DEV_TOKEN_KEY, JSON.stringify(memoryToken));
}

function devToken() {
  if (!memoryToken) {
    const saved = sessionStorage.getItem(DEV_TOKEN_KEY);
    memoryToken = saved ? JSON.parse(saved) : null;
  }
  // A minute's margin: a token about to expire would fail on the server.
  if (memoryToken && memoryToken.expiresAt - 60_000 > Date.now()) return memoryToken.token;
  memoryToken = null;
  sessionStorage.removeItem(DEV_TOKEN_KEY);
  return null;
}

/** Starts sign-in; the browser leaves the page and comes back to it signed in. */
export async function signIn() {
  const config = await authConfig();
  if (config.mode === "entra") {
    const { app, scopes } = await msalApp();
    await app.loginRedirect({ scopes });
  } else if (config.mode === "dev") {
    const back = location.pathname + location.search;
    location.assign(`${config.dev.signInUrl}?return_url=${encodeURIComponent(back)}`);
  } else {
    throw new Error("Sign-in is not configured on this server (Identity settings).");
  }
}

/** Signs out: forgets the tokens here and, with Entra ID, ends the session there too. */
export async function signOut() {
  const config = await authConfig();
  memoryToken = null;
  sessionStorage.removeItem(DEV_TOKEN_KEY);
  if (config.mode === "entra") {
    const { app } = await msalApp();
    await app.logoutRedirect({ account: app.getActiveAccount() ?? undefined });
  }
}

/** An access token for the API, or null when signed out. */
export async function getAccessToken() {
  const config = await authConfig();
  if (config.mode === "entra") {
    const { app, scopes } = await msalApp();
    const account = app.getActiveAccount();
    if (!account) return null;
    try {
      return (await app.acquireTokenSilent({ scopes, account })).accessToken;
    } catch (error) {
      if (error instanceof globalThis.msal.InteractionRequiredAuthError) {
        await app.acquireTokenRedirect({ scopes, account });
        return null;
      }
      throw error;
    }
  }
  takeDevTokenFromFragment();
  return devToken();
}

/** fetch() with the bearer token added when signed in. */
export async function authFetch(input, init = {}) {
  const token = await getAccessToken();
  const headers = new Headers(init.headers);
  if (token) headers.set("Authorization", `Bearer ${token}`);
  return fetch(input, { ...init, headers });
}

/** Who the API says the caller is (GET /api/me), or null when signed out or the token is refused. */
export async function currentUser() {
  if (!(await getAccessToken())) return null;
  const response = await authFetch("/api/me", { headers: { Accept: "application/json" } });
  return response.ok ? response.json() : null;
}
