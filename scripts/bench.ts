// npm run bench -- [--articles 10000] [--duration 10] [--connections 32]
// How close each page comes to what this machine can serve at all. Builds a corpus of N articles
// (perturbed copies of the Wikinews JSONL when ../shared is present, synthetic text otherwise), loads
// it into a temporary database through the real ingest path, serves the production build on it, and
// loads each route with autocannon. The ceiling is a minimal Node HTTP server sending the exact bytes
// of the article page. Needs `npm run build` first. Figures go to bench/results/<date>-<N>.json.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { openDatabase } from "@/db";
import { setBookmark } from "@/db/queries/bookmarks";
import { insertComment } from "@/db/queries/comments";
import { createUser } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";
import { ISLANDS_COOKIE } from "@/lib/reader-shell";
import { ingestJsonlFile } from "@/lib/ingest/pipeline";
import { credentialsSignIn, spawnAppServer, waitForOk } from "./harness";

const { values } = parseArgs({
  options: {
    articles: { type: "string", default: "10000" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "32" },
    port: { type: "string", default: "3411" },
    wikinews: { type: "string", default: path.join("..", "shared", "data", "wikinews", "articles.jsonl") },
  },
});
const N = Number(values.articles);
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const PORT = Number(values.port);
for (const [name, v] of [
  ["articles", N],
  ["duration", DURATION],
  ["connections", CONNECTIONS],
] as const) {
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
}
if (!fs.existsSync(path.join(".next", "BUILD_ID"))) throw new Error("No production build: run `npm run build` first.");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidings-bench-"));
const dbFile = path.join(dir, "bench.db");
const children: ChildProcess[] = [];
const cleanup = () => {
  for (const c of children) if (c.pid && c.exitCode === null) c.kill("SIGTERM");
  fs.rmSync(dir, { recursive: true, force: true });
};
process.on("exit", cleanup);
process.on("SIGINT", () => process.exit(130));

// ── Corpus ────────────────────────────────────────────────────────────────────────────────────────
type Row = { id: string; title: string; body: string; source?: string; categories?: string[]; published_at?: string };

function baseRows(): { rows: Row[]; origin: string } {
  if (fs.existsSync(values.wikinews)) {
    const rows = fs
      .readFileSync(values.wikinews, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Row);
    return { rows, origin: `perturbed copies of ${values.wikinews}` };
  }
  const words = "council river budget hospital election league festival market energy school court port rail".split(
    " ",
  );
  const rows = Array.from({ length: 300 }, (_, i) => {
    const w = (k: number) => words[(i * 7 + k * 3) % words.length];
    const sentences = Array.from(
      { length: 12 },
      (_, s) => `The ${w(s)} report ${s} says the ${w(s + 1)} plan changes ${w(s + 2)} rules.`,
    );
    return { id: `syn-${i}`, title: `${w(0)} ${w(1)} update ${i}`, body: sentences.join(" ") };
  });
  return { rows, origin: "synthetic text (no ../shared/data/wikinews)" };
}

function writeCorpus(file: string): string {
  const { rows, origin } = baseRows();
  const sources = ["Bench Wire", "Bench Ledger", "Bench Gazette", "Bench Times", "Bench Post"];
  const out = fs.openSync(file, "w");
  const now = Date.now();
  for (let i = 0; i < N; i++) {
    const r = rows[i % rows.length] as Row;
    // Perturb: rotate the sentences and vary the title, so copies are distinct stories to every dedupe rule.
    const sentences = r.body.split(/(?<=[.!?])\s+/);
    const k = Math.floor(i / rows.length) % Math.max(1, sentences.length);
    const body = [...sentences.slice(k), ...sentences.slice(0, k)].join(" ");
    const row = {
      id: `bench-${i}`,
      title: i < rows.length ? r.title : `${r.title} (${Math.floor(i / rows.length)})`,
      body: `${body}\n\nBench copy ${i}.`,
      source: sources[i % sources.length],
      categories: r.categories?.length ? r.categories : [["World", "Politics", "Science", "Sport", "Business"][i % 5]],
      published_at: new Date(now - i * 37_000).toISOString(),
    };
    fs.writeSync(out, `${JSON.stringify(row)}\n`);
  }
  fs.closeSync(out);
  return origin;
}

// ── Servers and load ──────────────────────────────────────────────────────────────────────────────
function peakRssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    // VmHWM: the high-water mark of resident memory over the process's life.
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

type RouteResult = {
  route: string;
  path: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
};

async function load(route: string, url: string, headers: Record<string, string> = {}): Promise<RouteResult> {
  // A short warm-up fills caches and JIT before the measured run.
  await autocannon({ url, connections: CONNECTIONS, duration: 1, headers });
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });
  const res: RouteResult = {
    route,
    path: new URL(url).pathname + new URL(url).search,
    reqPerSec: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
  console.log(
    `  ${route.padEnd(28)} ${String(res.reqPerSec).padStart(7)} req/s  p50 ${res.p50} ms  p99 ${res.p99} ms  (${r.requests.total} requests, ${res.errors} errors, ${res.non2xx} non-2xx)`,
  );
  return res;
}

// ── Run ───────────────────────────────────────────────────────────────────────────────────────────
const corpus = path.join(dir, "corpus.jsonl");
const origin = writeCorpus(corpus);
console.log(`Corpus: ${N} articles, ${origin}`);
const db = openDatabase(dbFile);
const started = performance.now();
const report = await ingestJsonlFile(db, corpus, {
  onProgress: (label, done, total) => {
    if (done % 1000 === 0 || done === total)
      process.stdout.write(
        `\r  ${label === "analysis" || label === "related lists" ? label : "writing"} ${done}/${total}   `,
      );
  },
});
process.stdout.write("\n");
if (!report.ok) throw new Error(`ingest failed: ${report.error}`);
const loadSeconds = (performance.now() - started) / 1000;
console.log(`Loaded through the ingest path in ${loadSeconds.toFixed(1)} s (${report.counts.new} new)`);

// A reader with comments on the measured article and a bookmark, for the signed-in route.
const target = db.$client
  .prepare("select id, slug from articles order by published_at desc limit 1 offset 5")
  .get() as { id: number; slug: string };
const tag = db.$client
  .prepare("select t.slug from article_tags at join tags t on t.id = at.tag_id where at.article_id = ? limit 1")
  .get(target.id) as { slug: string } | undefined;
const password = "bench password 123";
const user = createUser(db, {
  email: "bench@bench.local",
  name: "Bench Reader",
  passwordHash: await hashPassword(password),
});
if (!user) throw new Error("could not create the bench user");
for (let i = 0; i < 12; i++)
  insertComment(db, { articleId: target.id, userId: user.id, parentId: null, body: `Bench comment ${i}` });
setBookmark(db, { userId: user.id, articleId: target.id, saved: true });
db.$client.close();

const server = spawnAppServer({
  dbFile,
  port: PORT,
  logFile: path.join(dir, "server.log"),
  env: { RATE_LIMIT_SIGNIN_IP: "100000/60" },
});
children.push(server);
const base = `http://127.0.0.1:${PORT}`;
await waitForOk(`${base}/healthz`);
const articleUrl = `${base}/articles/${target.slug}`;
const articleBytes = Buffer.from(await (await fetch(articleUrl)).arrayBuffer());
const cookie = await credentialsSignIn(base, "bench@bench.local", password);
if (!cookie) throw new Error("sign-in for the signed-in route failed");

// The ceiling: the same bytes from the smallest Node HTTP server there is.
const bytesFile = path.join(dir, "article.html");
fs.writeFileSync(bytesFile, articleBytes);
const staticServer = spawn(
  process.execPath,
  [
    "-e",
    `const b=require("fs").readFileSync(${JSON.stringify(bytesFile)});require("http").createServer((q,s)=>{s.writeHead(200,{"content-type":"text/html; charset=utf-8","content-length":b.length});s.end(b)}).listen(${PORT + 1},"127.0.0.1")`,
  ],
  { stdio: "inherit" },
);
children.push(staticServer);
await waitForOk(`http://127.0.0.1:${PORT + 1}/`);

// Server render time: one request at a time for article pages nobody has asked for yet, so each is a
// cache miss rendered by Next from SQLite (related list, analysis, tags), timed to the last byte.
const renderSample = (db2: Database.Database) =>
  (db2.prepare("select slug from articles order by random() limit 101").all() as { slug: string }[]).map((r) => r.slug);
const sampleDb = new Database(dbFile, { readonly: true });
const renderSlugs = renderSample(sampleDb).filter((slug) => slug !== target.slug);
sampleDb.close();
const renderTimes: number[] = [];
for (const slug of renderSlugs.slice(0, 100)) {
  const t = performance.now();
  const res = await fetch(`${base}/articles/${slug}`);
  await res.arrayBuffer();
  if (res.headers.get("x-page-cache") === "HIT") throw new Error(`expected a fresh render for ${slug}`);
  renderTimes.push(performance.now() - t);
}
renderTimes.sort((a, b) => a - b);
const renderMedian = Number((renderTimes[Math.floor(renderTimes.length / 2)] ?? 0).toFixed(1));
const renderP90 = Number((renderTimes[Math.floor(renderTimes.length * 0.9)] ?? 0).toFixed(1));
console.log(`Article page server render (cache miss, sequential): median ${renderMedian} ms, p90 ${renderP90} ms`);

console.log(`Load: ${CONNECTIONS} connections, ${DURATION} s per route`);
const results: RouteResult[] = [];
results.push(await load("static ceiling", `http://127.0.0.1:${PORT + 1}/`));
results.push(await load("front page", `${base}/`));
results.push(await load("article (anonymous)", articleUrl));
// A browser that runs our islands carries ISLANDS_COOKIE and is sent the cached page with its own
// state embedded; without it (no JavaScript) the page is rendered whole. Measure both, and make sure
// the first really is this reader's page before timing it.
const shellCookie = `${cookie}; ${ISLANDS_COOKIE}=1`;
const shell = await fetch(articleUrl, { headers: { cookie: shellCookie } });
const shellHtml = await shell.text();
if (shell.headers.get("x-page-cache") !== "SHELL" || !shellHtml.includes('"name":"Bench Reader"'))
  throw new Error("the signed-in route did not get the reader's own cached page");
results.push(await load("article (signed in)", articleUrl, { cookie: shellCookie }));
results.push(await load("article (signed in, no JS)", articleUrl, { cookie }));
if (tag) results.push(await load("tag page", `${base}/tags/${tag.slug}`));
results.push(await load("search", `${base}/search?q=government`));
const peakRss = peakRssMb(server.pid);
if (server.exitCode !== null)
  console.error(
    `server exited early (code ${server.exitCode}):\n${fs.readFileSync(path.join(dir, "server.log"), "utf8").slice(-3000)}`,
  );

const ceiling = results[0]?.reqPerSec ?? 1;
console.log("");
console.log("| route | req/s | p50 ms | p99 ms | errors | non-2xx | share of ceiling |");
console.log("|---|---|---|---|---|---|---|");
for (const r of results)
  console.log(
    `| ${r.route} | ${r.reqPerSec} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${(r.reqPerSec / ceiling).toFixed(3)} |`,
  );
console.log(`\nPeak server memory (RSS): ${peakRss ?? "n/a"} MB. Article page: ${articleBytes.length} bytes.`);

const date = new Date().toISOString().slice(0, 10);
fs.mkdirSync(path.join("bench", "results"), { recursive: true });
// PAGE_CACHE=0 measures the app without its page cache (the "before"); keep both files apart.
const out = path.join("bench", "results", `${date}-${N}${process.env.PAGE_CACHE === "0" ? "-no-page-cache" : ""}.json`);
fs.writeFileSync(
  out,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      articles: N,
      corpus: origin,
      loadSeconds: Number(loadSeconds.toFixed(1)),
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      machine: { cpus: os.cpus().length, node: process.version },
      peakServerRssMb: peakRss,
      articleRenderMs: { median: renderMedian, p90: renderP90, samples: renderTimes.length },
      articleBytes: articleBytes.length,
      routes: results.map((r) => ({ ...r, shareOfCeiling: Number((r.reqPerSec / ceiling).toFixed(3)) })),
    },
    null,
    2,
  )}\n`,
);
console.log(`Written to ${out}`);
process.exit(0);
