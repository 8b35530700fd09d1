#!/usr/bin/env node
// The dashboards' ECharts: one ES module with only the chart types, components and renderer the dashboards use,
// bundled from the `echarts` package's modular sources (echarts/core, /charts, /components, /renderers, the way
// ECharts documents for a smaller build) by esbuild (a pinned devDependency). scripts/build-web.sh writes it where
// the viewer imports ECharts from, /vendor/echarts/echarts.esm.min.mjs, in place of the full prebuilt file
// (1.1 MB, 293 KB Brotli), with ECharts' licence files beside it.
//
//   node scripts/build-echarts.mjs <out-dir>      writes <out-dir>/echarts.esm.min.mjs, LICENSE.txt, NOTICE.txt, …
//
// What the dashboards use (dashboards/viewer/viewer.js, nominations.js; dom.js for the PNG), and so what is here:
//   series    line (trend, with markLine for the selected year and dashed target lines), bar (ranking, nominations,
//             stacked), map (national and province maps; it brings the geo component and its roaming)
//   component grid (cartesian axes, category/value), tooltip (item and axis; brings axisPointer, the shadow one of
//             the nominations chart), legend (plain and scroll), visualMap (continuous, calculable), markLine, aria
//   renderer  canvas (echarts.init(…, { renderer: "canvas" }); getDataURL for the PNG export needs nothing more)
//   API       init, registerMap (the only `echarts.` calls in the viewer)
// Not used, so not here: title (the PNG caption is drawn by dom.js), toolbox, dataZoom, svg renderer, the other
// series. The checkout layout (the app serving the repository as it is) still serves the full prebuilt file at the
// same URL, so a part missing here shows only in the built front end: run the dashboards' e2e with E2E_WEB_BUILT=1
// (scripts/test.sh does) after using a new series, component or `echarts.` function, and add it below.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.resolve(process.argv[2] ?? path.join(root, "out/web/vendor/echarts"));
const echartsDir = path.join(root, "node_modules", "echarts");
const version = JSON.parse(readFileSync(path.join(echartsDir, "package.json"), "utf8")).version;

const entry = `
import { use } from "echarts/core";
import { LineChart, BarChart, MapChart } from "echarts/charts";
import { GridComponent, TooltipComponent, LegendComponent, VisualMapContinuousComponent, MarkLineComponent, AriaComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
use([LineChart, BarChart, MapChart, GridComponent, TooltipComponent, LegendComponent, VisualMapContinuousComponent, MarkLineComponent, AriaComponent, CanvasRenderer]);
export { init, registerMap } from "echarts/core";
`;

mkdirSync(out, { recursive: true });
const result = await build({
  stdin: { contents: entry, resolveDir: root, sourcefile: "dashboards-echarts.mjs", loader: "js" },
  absWorkingDir: root, // the metafile's paths below are relative to it
  bundle: true,
  format: "esm",
  minify: true,
  // ECharts' sources keep their development checks and warnings behind process.env.NODE_ENV (as its own
  // production build does, they go).
  define: { "process.env.NODE_ENV": '"production"' },
  legalComments: "none",
  banner: {
    js: `/*! Apache ECharts ${version} (https://echarts.apache.org), with ZRender and tslib: the parts the dashboards use, bundled by scripts/build-echarts.mjs. `
      + "Licensed under the Apache License 2.0 (ECharts), BSD-3-Clause (ZRender), 0BSD (tslib): see LICENSE.txt, NOTICE.txt, LICENSE-d3.txt, LICENSE-zrender.txt, LICENSE-tslib.txt beside this file. */",
  },
  outfile: path.join(out, "echarts.esm.min.mjs"),
  logLevel: "warning",
  metafile: true,
});
// The licences of every package the bundle took code from (the metafile's inputs: echarts, zrender, tslib), as
// LICENSE-<package>.txt; ECharts' own as LICENSE.txt with its NOTICE and the d3 licence its NOTICE refers to.
const packages = new Set(Object.keys(result.metafile.inputs).map((input) => input.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//)?.[1]).filter(Boolean));
for (const dir of packages) {
  const name = JSON.parse(readFileSync(path.join(root, dir, "package.json"), "utf8")).name;
  const licence = readdirSync(path.join(root, dir)).find((f) => /^licen[cs]e(\.(md|txt))?$/i.test(f));
  if (!licence) throw new Error(`build-echarts: no licence file in ${dir}`);
  copyFileSync(path.join(root, dir, licence), path.join(out, name === "echarts" ? "LICENSE.txt" : `LICENSE-${name}.txt`));
}
copyFileSync(path.join(echartsDir, "NOTICE"), path.join(out, "NOTICE.txt"));
copyFileSync(path.join(echartsDir, "licenses", "LICENSE-d3"), path.join(out, "LICENSE-d3.txt"));
const bytes = Object.values(result.metafile.outputs)[0].bytes;
console.log(`echarts ${version} (dashboards' parts): ${path.join(out, "echarts.esm.min.mjs")} (${Math.round(bytes / 1024)} KB)`);
