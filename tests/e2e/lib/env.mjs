// Starts what the browser tests need and stops exactly what it started (by PID):
// Azurite (in memory, free ports, no telemetry) and the app (Development, free port, storage on that
// Azurite, serving the front end from this checkout).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, createWriteStream } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { allowBrowserUploads } from "./blob-cors.mjs";

// Azurite's public, documented development account key.
const AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check, timeoutMs, what) {
  const until = Date.now() + timeoutMs;
  let last;
  while (Date.now() < until) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not become ready in ${timeoutMs / 1000} s${last ? `: ${last.message}` : ""}`);
}

function start(name, command, args, options, logDir) {
  const log = createWriteStream(path.join(logDir, `${name}.log`));
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  child.exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return child;
}

async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const done = await Promise.race([child.exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]);
  if (!done) {
    child.kill("SIGKILL");
    await child.exited;
  }
}

/** Starts Azurite and the app; returns { baseUrl, blobUrl, stop() }. */
export async function startEnvironment({ root, logDir, appDll, extraEnv = {} }) {
  mkdirSync(logDir, { recursive: true });
  if (!existsSync(appDll)) {
    throw new Error(`The app is not built: ${appDll} is missing. Build it first (scripts/test.sh does), or set E2E_APP_DLL.`);
  }
  const [blobPort, queuePort, tablePort, appPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const portalPort = await freePort();
  process.env.E2E_EMBED_PORTAL_PORT = String(portalPort);
  const children = [];
  const stopAll = async () => {
    for (const child of children.reverse()) await stop(child);
  };
  try {
    const azurite = start("azurite", path.join(root, "node_modules", ".bin", "azurite"), [
      "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--inMemoryPersistence",
      "--blobHost", "127.0.0.1", "--blobPort", String(blobPort),
      "--queueHost", "127.0.0.1", "--queuePort", String(queuePort),
      "--tableHost", "127.0.0.1", "--tablePort", String(tablePort),
    ], { cwd: logDir }, logDir);
    children.push(azurite);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${tablePort}/devstoreaccount1/Tables`).catch(() => null)) !== null, 20_000, "Azurite");

    const baseUrl = `http://127.0.0.1:${appPort}`;
    const blobUrl = `http://127.0.0.1:${blobPort}/devstoreaccount1`;
    // The agency form uploads blocks straight to Blob storage from the page: the emulator needs a CORS rule.
    await allowBrowserUploads(blobUrl, [baseUrl]);
    const env = {
      ...process.env,
      ASPNETCORE_ENVIRONMENT: "Development",
      DOTNET_CLI_TELEMETRY_OPTOUT: "1",
      DataStorage__ConnectionString: "UseDevelopmentStorage=true",
      DataStorage__BlobServiceUri: blobUrl,
      DataStorage__QueueServiceUri: `http://127.0.0.1:${queuePort}/devstoreaccount1`,
      DataStorage__TableServiceUri: `http://127.0.0.1:${tablePort}/devstoreaccount1`,
      Identity__DevIssuer__Enabled: "true",
      Identity__DevIssuer__Issuer: `${baseUrl}/dev-issuer`,
      Evaluation__RateLimit__PermitLimit: "100000",
      // E2E_WEB_BUILT=<folder>: the built front end (scripts/build-web.sh: hashed, pre-compressed) instead of the checkout.
      ...(process.env.E2E_WEB_BUILT
        ? { Web__Root: path.resolve(process.env.E2E_WEB_BUILT), Web__Layout: "built" }
        : { Web__Root: path.join(root, "src", "Web") }),
      // The generated national figures take minutes to load; the dashboard tests import a small file instead.
      Statistics__SeedDemoData: "false",
      // The embed tests' host portal, another origin (specs/embed.spec.mjs serves it on that port).
      Embedding__AllowedOrigins__0: `http://localhost:${portalPort}`,
      ...extraEnv,
    };
    // The app as it runs in Azure: tools/FunctionsHost runs the isolated worker (the folder of appDll, its build output).
    // The host's queue triggers (connection "DataStorage") need the emulator's connection string on these ports.
    env.AzureWebJobsDataStorage = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_KEY};`
      + `BlobEndpoint=${blobUrl};QueueEndpoint=http://127.0.0.1:${queuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${tablePort}/devstoreaccount1;`;
    const hostDll = process.env.E2E_HOST_DLL ?? path.join(root, "tools", "FunctionsHost", "bin", "Debug", "net10.0", "NoOneLeftBehind.FunctionsHost.dll");
    if (!existsSync(hostDll)) throw new Error(`The local Functions host is not built: ${hostDll} is missing (dotnet build tools/FunctionsHost), or set E2E_HOST_DLL.`);
    const app = start("app", "dotnet", [hostDll, "--script-root", path.dirname(path.resolve(appDll)), "--port", String(appPort)],
      { cwd: path.dirname(appDll), env }, logDir);
    children.push(app);
    await waitFor(async () => {
      if (app.exitCode !== null) throw new Error(`the app exited with ${app.exitCode}; see ${logDir}/app.log`);
      const r = await fetch(`${baseUrl}/api/health`).catch(() => null);
      return r?.ok;
    }, 90_000, "The app");
    return { baseUrl, blobUrl, logDir, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
