// Bundles the dashboards into src/TrialMonitor.Server/web-dist: the HTML pages at its root, the scripts and styles
// under app/ (served at /app). One entry per page; code they share (the SignalR client, uPlot) is split into chunks.
import { build } from "esbuild";
import { cp, mkdir, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, "../src/TrialMonitor.Server/web-dist");
const pages = ["signin", "console", "patient", "sponsor", "dsmb"];

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: [...pages.map((p) => path.join(here, "src", `${p}.js`)), path.join(here, "src", "styles.css")],
  outdir: path.join(out, "app"),
  bundle: true,
  splitting: true,
  format: "esm",
  minify: true,
  sourcemap: "linked",
  target: ["es2022"],
  chunkNames: "chunk-[hash]",
  logLevel: "info",
});
for (const page of pages) await cp(path.join(here, "src", "pages", `${page}.html`), path.join(out, `${page}.html`));
