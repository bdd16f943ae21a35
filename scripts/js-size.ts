// npm run js:size — the JavaScript each route makes a browser load on a first view, split between the
// framework (Next.js and React) and our own client code, from the production build's own records
// (`npm run build` first):
// - .next/diagnostics/route-bundle-stats.json: the chunks each route loads first;
// - .next/server/app/**/page_client-reference-manifest.js: the module id and source path of every
//   client component (ours under components/ and app/, Next's under node_modules/);
// - the chunks themselves: Turbopack registers each module as an id and a function, and a module's
//   imports are calls on its first parameter with the imported id (`e.i(71645)`).
// A module is the framework's when Next's bootstrap chunks hold it or a node_modules client module
// reaches it; ours when only our client components reach it (ActionForm, reader-shell constants...).
// Sizes are minified bytes of each module's function; gzip is of each whole chunk, as served.
// Polyfills (loaded with `nomodule`, skipped by current browsers) are left out.
// Writes bench/results/<date>-js-size.json.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";

const NEXT = ".next";
if (!fs.existsSync(path.join(NEXT, "BUILD_ID"))) throw new Error("No production build: run `npm run build` first.");

type RouteStats = { route: string; firstLoadChunkPaths: string[] };
const routes = JSON.parse(
  fs.readFileSync(path.join(NEXT, "diagnostics", "route-bundle-stats.json"), "utf8"),
) as RouteStats[];
const buildManifest = JSON.parse(fs.readFileSync(path.join(NEXT, "build-manifest.json"), "utf8")) as {
  rootMainFiles: string[];
};
const bootstrap = new Set(buildManifest.rootMainFiles.map((f) => path.join(NEXT, f)));

/** Module id to source path, for every client module any route's manifest names. */
const idPath = new Map<number, string>();
function readManifests(dir: string) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) readManifests(p);
    else if (entry.name.endsWith("_client-reference-manifest.js")) {
      const ctx: Record<string, unknown> = {};
      ctx.globalThis = ctx;
      vm.runInNewContext(fs.readFileSync(p, "utf8"), ctx);
      for (const m of Object.values(ctx.__RSC_MANIFEST as Record<string, { clientModules: object }>))
        for (const [source, v] of Object.entries(m.clientModules as Record<string, { id: number | string }>))
          idPath.set(Number(v.id), source);
    }
  }
}
readManifests(path.join(NEXT, "server", "app"));

type Module = { id: number; bytes: number; imports: number[]; chunk: string };
const modules = new Map<number, Module>();
const chunkInfo = new Map<string, { bytes: number; gzip: number; modules: number[] }>();

/** Runs a chunk against a stand-in TURBOPACK array: it only registers module functions, runs none. */
function readChunk(file: string) {
  if (chunkInfo.has(file)) return;
  const source = fs.readFileSync(file);
  const ctx: Record<string, unknown> = { TURBOPACK: [] as unknown[][], document: undefined };
  ctx.globalThis = ctx;
  ctx.self = ctx;
  ctx.window = ctx;
  const ids: number[] = [];
  try {
    vm.runInNewContext(source.toString("utf8"), ctx);
  } catch {
    // The runtime chunk (turbopack-*.js) starts Next's loader, which needs a browser: all framework.
  }
  for (const pushed of ctx.TURBOPACK as unknown[][]) {
    if (!Array.isArray(pushed)) continue;
    for (let i = 1; i < pushed.length - 1; i++) {
      const id = pushed[i];
      const fn = pushed[i + 1];
      if (typeof id !== "number" || typeof fn !== "function") continue;
      const text = fn.toString();
      const param = /^\(?\s*([A-Za-z_$][\w$]*)/.exec(text)?.[1];
      const imports = param
        ? [...text.matchAll(new RegExp(`\\b${param.replace("$", "\\$")}\\.[A-Za-z]\\((\\d+)\\)`, "g"))].map((m) =>
            Number(m[1]),
          )
        : [];
      modules.set(id, { id, bytes: Buffer.byteLength(text), imports, chunk: file });
      ids.push(id);
      i++;
    }
  }
  chunkInfo.set(file, { bytes: source.length, gzip: zlib.gzipSync(source, { level: 9 }).length, modules: ids });
}
for (const r of routes) for (const c of r.firstLoadChunkPaths) readChunk(c);

/** Everything reachable from `roots` through imports. */
function closure(roots: Iterable<number>): Set<number> {
  const seen = new Set<number>();
  const stack = [...roots];
  while (stack.length) {
    const id = stack.pop() as number;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const dep of modules.get(id)?.imports ?? []) stack.push(dep);
  }
  return seen;
}
const isOurs = (source: string) => /^\[project\]\/(?!node_modules\/)/.test(source);
const frameworkRoots = [...modules.values()]
  .filter((m) => bootstrap.has(m.chunk) || (idPath.has(m.id) && !isOurs(idPath.get(m.id) as string)))
  .map((m) => m.id);
const framework = closure(frameworkRoots);
const oursRoots = [...modules.keys()].filter((id) => isOurs(idPath.get(id) ?? "") && !framework.has(id));
const ours = new Set([...closure(oursRoots)].filter((id) => !framework.has(id)));

const kb = (n: number) => Number((n / 1024).toFixed(1));
const rows = routes.map((r) => {
  let frameworkBytes = 0;
  let ourBytes = 0;
  let unattributed = 0;
  let total = 0;
  let gzip = 0;
  const ourModules: string[] = [];
  for (const c of r.firstLoadChunkPaths) {
    const info = chunkInfo.get(c);
    if (!info) continue;
    total += info.bytes;
    gzip += info.gzip;
    let inModules = 0;
    for (const id of info.modules) {
      const m = modules.get(id) as Module;
      inModules += m.bytes;
      if (ours.has(id)) {
        ourBytes += m.bytes;
        ourModules.push(idPath.get(id)?.replace("[project]/", "") ?? `#${id}`);
      } else if (framework.has(id)) frameworkBytes += m.bytes;
      else unattributed += m.bytes;
    }
    // What is not a module function (the chunk's wrapper, Turbopack's runtime) is the framework's.
    frameworkBytes += info.bytes - inModules;
  }
  return {
    route: r.route,
    chunks: r.firstLoadChunkPaths.length,
    totalKb: kb(total),
    gzipKb: kb(gzip),
    frameworkKb: kb(frameworkBytes),
    oursKb: kb(ourBytes),
    unattributedKb: kb(unattributed),
    ourModules: ourModules.sort(),
  };
});

console.log("JavaScript loaded on a first view, per route (minified KB; gzip of the whole chunks as served)");
console.log("| route | chunks | total KB | gzip KB | framework KB | ours KB | unattributed KB |");
console.log("|---|---|---|---|---|---|---|");
for (const r of rows)
  console.log(
    `| ${r.route} | ${r.chunks} | ${r.totalKb} | ${r.gzipKb} | ${r.frameworkKb} | ${r.oursKb} | ${r.unattributedKb} |`,
  );
const article = rows.find((r) => r.route === "/articles/[slug]");
if (article) console.log(`\nOur modules on /articles/[slug]: ${article.ourModules.join(", ")}`);
const date = new Date().toISOString().slice(0, 10);
fs.mkdirSync(path.join("bench", "results"), { recursive: true });
const out = path.join("bench", "results", `${date}-js-size.json`);
fs.writeFileSync(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), buildId: fs.readFileSync(path.join(NEXT, "BUILD_ID"), "utf8"), routes: rows }, null, 2)}\n`,
);
console.log(`Written to ${out}`);
