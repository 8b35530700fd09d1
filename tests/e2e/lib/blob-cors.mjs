#!/usr/bin/env node
// Lets a browser page PUT blocks straight to the local emulator (Azurite) with a SAS: sets the Blob
// service's CORS rule for the given origins (Set Blob Service Properties, signed with the well-known
// development account key — emulator only; in Azure the rule comes from infra/bicep/modules/data-storage.bicep).
//
//   node tests/e2e/lib/blob-cors.mjs http://127.0.0.1:10000/devstoreaccount1 http://127.0.0.1:7071 [origin…]
import { createHmac } from "node:crypto";
import { pathToFileURL } from "node:url";

const ACCOUNT = "devstoreaccount1";
const KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/** PUT ?restype=service&comp=properties with one CORS rule for `origins` (GET, PUT, HEAD, OPTIONS; any header). */
export async function allowBrowserUploads(blobUrl, origins) {
  const body = '<?xml version="1.0" encoding="utf-8"?><StorageServiceProperties><Cors><CorsRule>'
    + `<AllowedOrigins>${origins.join(",")}</AllowedOrigins><AllowedMethods>GET,PUT,HEAD,OPTIONS</AllowedMethods>`
    + "<AllowedHeaders>*</AllowedHeaders><ExposedHeaders>*</ExposedHeaders><MaxAgeInSeconds>600</MaxAgeInSeconds>"
    + "</CorsRule></Cors></StorageServiceProperties>";
  const length = Buffer.byteLength(body);
  const date = new Date().toUTCString();
  const version = "2021-08-06";
  const type = "application/xml";
  const url = new URL(`${blobUrl.replace(/\/$/, "")}/?restype=service&comp=properties`);
  // Path-style emulator URL: the account is the first path segment and is named again in the resource.
  const resource = `/${ACCOUNT}${url.pathname}\ncomp:properties\nrestype:service`;
  const toSign = ["PUT", "", "", String(length), "", type, "", "", "", "", "", "",
    `x-ms-date:${date}\nx-ms-version:${version}`, resource].join("\n");
  const signature = createHmac("sha256", Buffer.from(KEY, "base64")).update(toSign, "utf8").digest("base64");
  const response = await fetch(url, {
    method: "PUT",
    headers: { "x-ms-date": date, "x-ms-version": version, "Content-Type": type, Authorization: `SharedKey ${ACCOUNT}:${signature}` },
    body,
  });
  if (response.status !== 202) throw new Error(`Azurite CORS rule refused: HTTP ${response.status} ${await response.text()}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [blobUrl, ...origins] = process.argv.slice(2);
  if (!blobUrl || origins.length === 0) {
    console.error("usage: blob-cors.mjs <blob service url> <origin> [origin…]");
    process.exit(2);
  }
  await allowBrowserUploads(blobUrl, origins);
  console.log(`Azurite blob CORS: ${origins.join(", ")}`);
}
