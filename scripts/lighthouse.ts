// npm run lighthouse -- [--runs 1] [--port 3421] [--slug SLUG] [--reports DIR] [--no-compress]
// Lighthouse (12.2.3: 13 needs Node 22) on the article page, mobile (its default) and desktop presets.
// Serves the production build (`npm run build` first) on a temporary database holding the sample
// content, runs Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium: Playwright cannot
// download browsers here) headless, and prints the category scores, the key metrics and every audit
// that costs accessibility or performance points, with the elements concerned. Figures go to
// bench/results/<date>-lighthouse.json. With --runs N each preset runs N times and the run with the
// median performance score is kept: the score moves from run to run on a shared machine. --reports
// DIR keeps Lighthouse's full JSON reports there.
//
// next.config.ts turns Next's compression off (the page cache rewrites HTML) and leaves it to a
// reverse proxy in production, so by default the page is audited through a minimal gzip proxy, as a
// reader would get it; --no-compress audits the app server's plain bytes instead.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import zlib from "node:zlib";
import { closeDatabase, openDatabase } from "@/db";
import { newestFullyPreparedArticleSlug } from "@/db/queries/scripts";
import { config } from "@/lib/config";
import { seedSampleContent } from "@/lib/sample/seed";
import { spawnAppServer, waitForOk } from "./harness";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "1" },
    port: { type: "string", default: "3421" },
    slug: { type: "string" },
    reports: { type: "string" },
    "no-compress": { type: "boolean", default: false },
  },
});
const RUNS = Number(values.runs);
const PORT = Number(values.port);
if (!Number.isInteger(RUNS) || RUNS <= 0) throw new Error("--runs must be a positive integer");
const CHROMIUM = config().chromiumPath;
if (!fs.existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: set CHROMIUM_PATH.`);
if (!fs.existsSync(path.join(".next", "BUILD_ID"))) throw new Error("No production build: run `npm run build` first.");
// Headless in a container: no sandbox (no user namespaces), no GPU, and /dev/shm is small.
const CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidings-lighthouse-"));
const dbFile = path.join(dir, "lighthouse.db");
let server: ChildProcess | undefined;
process.on("exit", () => {
  if (server?.pid && server.exitCode === null) server.kill("SIGTERM");
  fs.rmSync(dir, { recursive: true, force: true });
});
process.on("SIGINT", () => process.exit(130));

// The sample content, as a fresh install shows it. The default page is the newest article with a
// related list and an analysis, so the page audited carries everything an article page can show.
const db = openDatabase(dbFile);
await seedSampleContent(db);
const slug = values.slug ?? (await newestFullyPreparedArticleSlug(db));
await closeDatabase(db);
if (!slug) throw new Error("the sample content has no article with a related list and an analysis");

server = spawnAppServer({ dbFile, port: PORT, logFile: path.join(dir, "server.log") });
const base = `http://127.0.0.1:${PORT}`;
await waitForOk(`${base}/healthz`);
const COMPRESS = !values["no-compress"];

/**
 * What a production reverse proxy does for this app: gzip text responses for clients that accept it.
 * Each chunk is flushed as it comes, so streamed HTML is not held back until the page is complete.
 */
function compressingProxy(upstreamPort: number, port: number): Promise<http.Server> {
  const proxy = http.createServer((req, res) => {
    const upstream = http.request(
      { host: "127.0.0.1", port: upstreamPort, path: req.url, method: req.method, headers: req.headers },
      (up) => {
        const type = String(up.headers["content-type"] ?? "");
        const gzip =
          /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? "")) &&
          !up.headers["content-encoding"] &&
          /^(text\/|application\/(javascript|json|xml|rss\+xml|manifest\+json)|image\/svg\+xml)/.test(type);
        const headers = { ...up.headers };
        if (gzip) {
          delete headers["content-length"];
          headers["content-encoding"] = "gzip";
          headers.vary = headers.vary ? `${headers.vary}, Accept-Encoding` : "Accept-Encoding";
        }
        res.writeHead(up.statusCode ?? 502, headers);
        if (gzip) up.pipe(zlib.createGzip({ flush: zlib.constants.Z_SYNC_FLUSH })).pipe(res);
        else up.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  return new Promise((resolve) => proxy.listen(port, "127.0.0.1", () => resolve(proxy)));
}
if (COMPRESS) await compressingProxy(PORT, PORT + 1);
const url = `http://127.0.0.1:${COMPRESS ? PORT + 1 : PORT}/articles/${slug}`;
// One request first, so the audited load is not the server's first render of anything.
await (await fetch(url)).arrayBuffer();

// ── Lighthouse ───────────────────────────────────────────────────────────────────────────────────
type Audit = {
  id: string;
  title: string;
  score: number | null;
  scoreDisplayMode: string;
  displayValue?: string;
  numericValue?: number;
  details?: { type?: string; items?: Record<string, unknown>[] };
};
type Lhr = {
  lighthouseVersion: string;
  runWarnings: string[];
  categories: Record<string, { title: string; score: number | null; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<string, Audit>;
};

function lighthouseOnce(preset: "mobile" | "desktop", n: number): Promise<Lhr> {
  const out = path.join(dir, `${preset}-${n}.json`);
  const args = [
    path.join("node_modules", "lighthouse", "cli", "index.js"),
    url,
    "--output=json",
    `--output-path=${out}`,
    `--chrome-flags=${CHROME_FLAGS}`,
    "--only-categories=performance,accessibility,best-practices,seo",
    "--quiet",
    ...(preset === "desktop" ? ["--preset=desktop"] : []),
  ];
  return new Promise((resolve, reject) => {
    // The environment is passed on to Lighthouse's process (with the browser it must use), not read here.
    const child = spawn(process.execPath, args, {
      env: { ...process.env, CHROME_PATH: CHROMIUM },
      stdio: "inherit",
    });
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`lighthouse (${preset}) exited with code ${code}`));
      else {
        if (values.reports) {
          fs.mkdirSync(values.reports, { recursive: true });
          fs.copyFileSync(out, path.join(values.reports, `${preset}-${n}.json`));
        }
        resolve(JSON.parse(fs.readFileSync(out, "utf8")) as Lhr);
      }
    });
  });
}

/** A busy machine sometimes loses the trace (NO_NAVSTART, NO_FCP): such a run is retried, twice at most. */
async function runLighthouse(preset: "mobile" | "desktop", n: number): Promise<Lhr> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await lighthouseOnce(preset, n);
    } catch (err) {
      if (attempt >= 3) throw err;
      console.log(`  ${err instanceof Error ? err.message : String(err)}; retrying`);
    }
  }
}

const score = (s: number | null | undefined) => (s == null ? null : Math.round(s * 100));

/** Total bytes transferred for scripts, from the resource summary. */
function scriptBytes(lhr: Lhr): number | null {
  const items = lhr.audits["resource-summary"]?.details?.items ?? [];
  const script = items.find((i) => i.resourceType === "script");
  return typeof script?.transferSize === "number" ? script.transferSize : null;
}

/** What an audit's details say about each offending element or resource, one short line each. */
function describeItems(a: Audit): string[] {
  return (a.details?.items ?? []).slice(0, 8).map((item) => {
    const node = item.node as { selector?: string; snippet?: string; explanation?: string } | undefined;
    if (node) return `${node.selector ?? ""} ${node.snippet ?? ""}${node.explanation ? ` — ${node.explanation}` : ""}`;
    const parts = ["url", "label", "source", "description", "wastedBytes", "wastedMs", "totalBytes"]
      .filter((k) => item[k] !== undefined && typeof item[k] !== "object")
      .map((k) => `${k}: ${String(item[k])}`);
    return parts.join(", ") || JSON.stringify(item).slice(0, 200);
  });
}

/** Audits that cost points in these categories: weighted, scored, and below full marks. */
function failing(lhr: Lhr, categories: string[]) {
  const out: { category: string; id: string; title: string; score: number | null; value?: string; items: string[] }[] =
    [];
  for (const category of categories) {
    for (const ref of lhr.categories[category]?.auditRefs ?? []) {
      const a = lhr.audits[ref.id];
      if (!a || ref.weight === 0 || a.score === null || a.score >= 1) continue;
      if (a.scoreDisplayMode !== "binary" && a.scoreDisplayMode !== "numeric" && a.scoreDisplayMode !== "metricSavings")
        continue;
      out.push({
        category,
        id: a.id,
        title: a.title,
        score: score(a.score),
        value: a.displayValue,
        items: describeItems(a),
      });
    }
  }
  return out;
}

/** Unweighted performance audits that flag something (unused JS, main-thread work...): the why behind TBT. */
function diagnostics(lhr: Lhr) {
  return (lhr.categories.performance?.auditRefs ?? [])
    .filter((ref) => ref.weight === 0)
    .flatMap((ref) => {
      const a = lhr.audits[ref.id];
      if (!a || a.score === null || a.score >= 0.9 || a.scoreDisplayMode === "informative") return [];
      return [{ id: a.id, title: a.title, value: a.displayValue, items: describeItems(a).slice(0, 5) }];
    });
}

function summarize(preset: string, lhr: Lhr, loadAverage: number) {
  const metric = (id: string) => lhr.audits[id]?.numericValue ?? null;
  return {
    preset,
    lighthouse: lhr.lighthouseVersion,
    loadAverage1m: loadAverage,
    scores: Object.fromEntries(Object.entries(lhr.categories).map(([k, c]) => [k, score(c.score)])),
    metrics: {
      fcpMs: metric("first-contentful-paint"),
      lcpMs: metric("largest-contentful-paint"),
      tbtMs: metric("total-blocking-time"),
      cls: metric("cumulative-layout-shift"),
      speedIndexMs: metric("speed-index"),
      jsTransferBytes: scriptBytes(lhr),
      totalTransferBytes: lhr.audits["total-byte-weight"]?.numericValue ?? null,
    },
    failing: failing(lhr, ["performance", "accessibility", "best-practices", "seo"]),
    diagnostics: diagnostics(lhr),
    warnings: lhr.runWarnings,
  };
}

const results: ReturnType<typeof summarize>[] = [];
for (const preset of ["mobile", "desktop"] as const) {
  const runs: Lhr[] = [];
  // Other work on the machine slows the trace Lighthouse times: say how busy it was.
  const loadBefore = os.loadavg()[0]?.toFixed(2);
  for (let n = 0; n < RUNS; n++) runs.push(await runLighthouse(preset, n));
  runs.sort((a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0));
  const median = runs[Math.floor(runs.length / 2)] as Lhr;
  const s = summarize(preset, median, Number(loadBefore));
  results.push(s);
  const m = s.metrics;
  console.log(
    `\n${preset} (Lighthouse ${s.lighthouse}, load average ${loadBefore}, ${COMPRESS ? "gzip proxy" : "uncompressed"}${RUNS > 1 ? `, median of ${RUNS} runs; performance ${runs.map((r) => score(r.categories.performance?.score)).join(", ")}` : ""})`,
  );
  console.log(
    `  scores: ${Object.entries(s.scores)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  console.log(
    `  FCP ${Math.round(m.fcpMs ?? 0)} ms, LCP ${Math.round(m.lcpMs ?? 0)} ms, TBT ${Math.round(m.tbtMs ?? 0)} ms, CLS ${(m.cls ?? 0).toFixed(3)}, Speed Index ${Math.round(m.speedIndexMs ?? 0)} ms, JS ${Math.round((m.jsTransferBytes ?? 0) / 1024)} KiB transferred (${Math.round((m.totalTransferBytes ?? 0) / 1024)} KiB in all)`,
  );
  for (const f of s.failing) {
    console.log(`  ✗ [${f.category}] ${f.title} (${f.id}, score ${f.score}${f.value ? `, ${f.value}` : ""})`);
    for (const line of f.items) console.log(`      ${line}`);
  }
  for (const d of s.diagnostics) {
    console.log(`  · [diagnostic] ${d.title} (${d.id}${d.value ? `, ${d.value}` : ""})`);
    for (const line of d.items) console.log(`      ${line}`);
  }
  for (const w of s.warnings) console.log(`  warning: ${w}`);
}

const date = new Date().toISOString().slice(0, 10);
fs.mkdirSync(path.join("bench", "results"), { recursive: true });
const out = path.join("bench", "results", `${date}-lighthouse${COMPRESS ? "" : "-uncompressed"}.json`);
fs.writeFileSync(
  out,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      page: `/articles/${slug}`,
      content: "sample content (db/seed)",
      served: COMPRESS
        ? "through a gzip reverse proxy (next.config.ts: compression is the proxy's job)"
        : "uncompressed, straight from the app server",
      chromium: CHROMIUM,
      chromeFlags: CHROME_FLAGS,
      runsPerPreset: RUNS,
      machine: {
        cpus: os.cpus().length,
        node: process.version,
        loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
      },
      results,
    },
    null,
    2,
  )}\n`,
);
console.log(`\nWritten to ${out}`);
process.exit(0);
