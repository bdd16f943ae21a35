// npm run bench -- [--articles 10000] [--duration 10] [--connections 32] [--rounds 3] [--precompute all|benched]
//                   [--keep-db PATH]
// How close each page comes to what this machine can serve at all. Builds a corpus of N articles
// (perturbed copies of the Wikinews JSONL when ../shared is present, synthetic text otherwise), loads
// it into a temporary database through the real ingest path, serves the production build on it, and
// loads each route with autocannon. The ceiling is a minimal Node HTTP server sending the exact bytes
// of the article page. Needs `npm run build` first. Figures go to bench/results/<date>-<N>.json.
//
// --precompute: what runs after the ingest write. "all" (the default up to 10,000 articles) is the
// pipeline as a feed import runs it: text analysis and related lists for every article, about an hour
// at 100,000 on two cores. "benched" (the default above) writes every article through the same ingest
// write (parse, sanitize, dedupe, tags, full-text index) and indexes all of them for relatedness (term
// statistics and postings, as `npm run related:rebuild` does), but computes analysis and related
// lists only for the article pages the run requests and the stories their lists link to, with the
// code the app uses. Only the article page reads either, so the pages measured are the pages a full
// load would serve. The output and the JSON say which was done.
// --keep-db PATH: after loading, keep a copy of the loaded database at PATH (and PATH.json describing
// it); a later run with the same --articles and --precompute copies it instead of loading again.
// --load-only (with --keep-db): load and keep, measure nothing.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type autocannon from "autocannon";
import { inArray } from "drizzle-orm";
import { checkpointDatabase, closeDatabase, type Db, openDatabase, transaction } from "@/db";
import { setBookmark } from "@/db/queries/bookmarks";
import { insertComment } from "@/db/queries/comments";
import { firstTagSlugOf, pickBenchArticles, relatedIdsOfLists } from "@/db/queries/scripts";
import { createUser } from "@/db/queries/users";
import { articles } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { config } from "@/lib/config";
import { ingestJsonlFile } from "@/lib/ingest/pipeline";
import { analyzeStoredArticles } from "@/lib/nlp/store";
import { ISLANDS_COOKIE, SESSION_RENEWED_KEY } from "@/lib/page-cache/reader-shell";
import { computeRelatedLists, rebuildRelated } from "@/lib/related/store";
import {
  type CapturedResponse,
  captureMix,
  type Mix,
  mixKinds,
  mixRequests,
  plainRequest,
  type RequestKind,
  recordBrowserMixes,
  responseBytes,
  runWrk,
  startMixCeiling,
} from "./browser-mix";
import {
  credentialsSignIn,
  freshPostgresDatabase,
  type LocalPostgres,
  localPostgres,
  processTree,
  sampleTreeRss,
  spawnAppServer,
  waitForOk,
} from "./harness";

const { values } = parseArgs({
  options: {
    articles: { type: "string", default: "10000" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "32" },
    rounds: { type: "string", default: "3" },
    port: { type: "string", default: "3411" },
    wikinews: { type: "string", default: path.join("..", "shared", "data", "wikinews", "articles.jsonl") },
    precompute: { type: "string" },
    "keep-db": { type: "string" },
    "load-only": { type: "boolean", default: false },
    engine: { type: "string", default: "sqlite" },
    instances: { type: "string", default: "2" },
    "pg-port": { type: "string", default: "55432" },
  },
});
// --engine postgres: after SQLite's figures, the same corpus loaded into PostgreSQL (a throwaway server
// from scripts/pg-local.sh on --pg-port, or scripts/with-postgres.sh's) and the same measurements with
// --instances app instances behind scripts/round-robin.mjs, in the same run and the same JSON.
const ENGINE = values.engine;
if (ENGINE !== "sqlite" && ENGINE !== "postgres") throw new Error("--engine takes sqlite or postgres");
const INSTANCES = Number(values.instances);
const PG_PORT = Number(values["pg-port"]);
const N = Number(values.articles);
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const ROUNDS = Number(values.rounds);
const PORT = Number(values.port);
for (const [name, v] of [
  ["articles", N],
  ["duration", DURATION],
  ["connections", CONNECTIONS],
  ["rounds", ROUNDS],
  ["instances", INSTANCES],
] as const) {
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
}
const PRECOMPUTE = values.precompute ?? (N > 10_000 ? "benched" : "all");
if (PRECOMPUTE !== "all" && PRECOMPUTE !== "benched") throw new Error("--precompute takes all or benched");
const KEEP_DB = values["keep-db"] ? path.resolve(values["keep-db"]) : null;
if (values["load-only"] && !KEEP_DB) throw new Error("--load-only needs --keep-db PATH, or the load is thrown away");
/** Article pages timed one at a time as cache misses, besides the one under load. */
const RENDER_SAMPLE = 100;
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

function corpusOrigin(): string {
  return fs.existsSync(values.wikinews)
    ? `perturbed copies of ${values.wikinews}`
    : "synthetic text (no ../shared/data/wikinews)";
}

function baseRows(): Row[] {
  if (fs.existsSync(values.wikinews)) {
    const rows = fs
      .readFileSync(values.wikinews, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Row);
    return rows;
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
  return rows;
}

/**
 * Rows per JSONL file. Ingest refuses files over 200 MB and imports each file in one transaction;
 * 100,000 Wikinews copies are about 480 MB, so large corpora go in as several files, as a real
 * import of that much would.
 */
const ROWS_PER_FILE = 20_000;

function writeCorpus(dir: string): string[] {
  const rows = baseRows();
  const sources = ["Bench Wire", "Bench Ledger", "Bench Gazette", "Bench Times", "Bench Post"];
  const files: string[] = [];
  let out = -1;
  const now = Date.now();
  for (let i = 0; i < N; i++) {
    if (i % ROWS_PER_FILE === 0) {
      if (out >= 0) fs.closeSync(out);
      files.push(path.join(dir, `corpus-${files.length}.jsonl`));
      out = fs.openSync(files[files.length - 1] as string, "w");
    }
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
  return files;
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

/** One run of a load generator against one target: rate (req/s, or page views/s for a mix) and latency. */
type Sample = {
  perSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
  bytes: number;
};

/**
 * Runs autocannon in a process of its own. In this one it shared a heap with the corpus just loaded, and
 * its collector's pauses showed up as a slower server (the 1k article route measured 1,463 req/s here
 * and 4,854 from a fresh process against the same server).
 */
function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  const script = `require("autocannon")(JSON.parse(process.argv[1]),(e,r)=>{if(e)throw e;process.stdout.write(JSON.stringify(r))})`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", script, JSON.stringify(options)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out) as autocannon.Result) : reject(new Error(`autocannon exited with ${code}`)),
    );
  });
}

type Route = { route: string; url: string; headers?: Record<string, string> };

const median = (xs: number[]) => {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** A measured target: `ceiling` names the job whose rate, in the same round, it is a share of. */
type Job = { id: string; ceiling?: string; run: (seconds: number) => Promise<Sample> };

function autocannonJob(id: string, r: Route, ceiling?: string): Job {
  return {
    id,
    ceiling,
    run: async (seconds) => {
      const x = await cannon({ url: r.url, connections: CONNECTIONS, duration: seconds, headers: r.headers });
      return {
        perSec: x.requests.average,
        p50: x.latency.p50,
        p99: x.latency.p99,
        errors: x.errors + x.timeouts,
        non2xx: x.non2xx,
        requests: x.requests.total,
        bytes: x.throughput.total,
      };
    },
  };
}

/** wrk sending `requests` in turn; with `perView` (a mix's length) the rate is page views per second. */
function wrkJob(
  id: string,
  origin: string,
  requests: string[],
  { ceiling, perView = 1 } = {} as {
    ceiling?: string;
    perView?: number;
  },
): Job {
  return {
    id,
    ceiling,
    run: async (seconds) => {
      const w = await runWrk({ dir, origin, requests, connections: CONNECTIONS, seconds });
      return {
        perSec: w.requests / w.seconds / perView,
        p50: w.p50,
        p99: w.p99,
        errors: w.errors,
        non2xx: 0,
        requests: w.requests,
        bytes: w.bytes,
      };
    },
  };
}

/** CPU time (clock ticks) a process has used, from /proc/PID/stat (utime + stime). */
function cpuTicks(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/**
 * Waits until the server has finished what the last load left it: a load generator stops at its
 * deadline, but the renders it asked for go on, and on a busy machine a slow route's backlog (32
 * whole renders) would be served during the next target's run and count against it. Drained = under
 * a tenth of a core for a quarter of a second; gives up after 60 s.
 */
async function drained(pids: () => number[]) {
  const until = Date.now() + 60_000;
  const ticks = () => pids().reduce((n, pid) => n + cpuTicks(pid), 0);
  let last = ticks();
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    const now = ticks();
    if (now - last <= 2) return;
    last = now;
  }
}

type JobResult = {
  perSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  shareOfCeiling: number | null;
  rounds: number[];
  requests: number;
  bytes: number;
};

/**
 * Loads every job in turns: a warm-up each, then ROUNDS rounds that visit every job (ceilings
 * included) for DURATION/ROUNDS seconds. The two cores here are shared with the load generator and,
 * at times, with whatever else the machine runs; a slow spell then lands on one round of several
 * jobs instead of on the one measured at that moment. Figures are the medians over rounds, and a
 * job's share of its ceiling is the median of its share within each round.
 */
async function loadAll(jobs: Job[], serverPids: () => number[]): Promise<Map<string, JobResult>> {
  const seconds = Math.max(1, Math.round(DURATION / ROUNDS));
  const run = async (j: Job, s: number) => {
    const sample = await j.run(s);
    await drained(serverPids);
    return sample;
  };
  for (const j of jobs) await run(j, 1);
  const runs = new Map<string, Sample[]>(jobs.map((j) => [j.id, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const j of jobs) runs.get(j.id)?.push(await run(j, seconds));
    process.stdout.write(`\r  round ${round + 1}/${ROUNDS} done   `);
  }
  process.stdout.write("\n");
  const out = new Map<string, JobResult>();
  for (const j of jobs) {
    const rs = runs.get(j.id) ?? [];
    const ceil = j.ceiling ? (runs.get(j.ceiling) ?? []) : null;
    out.set(j.id, {
      perSec: Number(median(rs.map((x) => x.perSec)).toFixed(1)),
      // Medians of two rounds average their middle pair: keep what a millisecond figure can mean.
      p50: Number(median(rs.map((x) => x.p50)).toFixed(2)),
      p99: Number(median(rs.map((x) => x.p99)).toFixed(2)),
      errors: rs.reduce((n, x) => n + x.errors, 0),
      non2xx: rs.reduce((n, x) => n + x.non2xx, 0),
      shareOfCeiling: ceil
        ? Number(median(rs.map((x, k) => x.perSec / (ceil[k]?.perSec ?? Number.NaN))).toFixed(4))
        : null,
      rounds: rs.map((x) => Number(x.perSec.toFixed(1))),
      requests: rs.reduce((n, x) => n + x.requests, 0),
      bytes: rs.reduce((n, x) => n + x.bytes, 0),
    });
  }
  return out;
}

// ── Load ──────────────────────────────────────────────────────────────────────────────────────────
/** What a load produced; kept beside a --keep-db copy, so a later run can reuse it and say what it is. */
type Loaded = {
  articles: number;
  corpus: string;
  precompute: "all" | "benched";
  loadedAt: string;
  newArticles: number;
  loadSeconds: number;
  phaseSeconds: Record<string, number>;
  /** The article under load, and the pages timed as cache misses: chosen at load, when they are precomputed. */
  target: { id: number; slug: string };
  renderSlugs: string[];
  benchedArticles: number;
  linkedArticles: number;
  note: string;
};

function progress(label: string, done: number, total: number) {
  if (done % 1000 === 0 || done === total) process.stdout.write(`\r  ${label} ${done}/${total}   `);
}

/** Text analysis of stored articles, as `npm run analyze` runs it: one transaction per batch. */
async function analyzeStored(db: Db, ids: readonly number[]) {
  for (let i = 0; i < ids.length; i += 200) {
    const rows = await db
      .select({ id: articles.id, title: articles.title, body: articles.body, publishedAt: articles.publishedAt })
      .from(articles)
      .where(inArray(articles.id, ids.slice(i, i + 200)));
    await analyzeStoredArticles(db, rows);
  }
}

/** The articles another engine's load picked, found by slug in this one (the same corpus gives the same slugs). */
async function articlesBySlug(db: Db, same: { target: string; renderSlugs: string[] }) {
  const found = await db
    .select({ id: articles.id, slug: articles.slug })
    .from(articles)
    .where(inArray(articles.slug, [same.target, ...same.renderSlugs]));
  const bySlug = new Map(found.map((r) => [r.slug, r]));
  const target = bySlug.get(same.target);
  if (!target) throw new Error(`the PostgreSQL load has no article ${same.target}, which SQLite's has`);
  return { target, sample: same.renderSlugs.flatMap((s) => bySlug.get(s) ?? []) };
}

async function loadCorpus(
  file: string,
  origin: string,
  same?: { target: string; renderSlugs: string[] },
): Promise<Loaded> {
  const files = writeCorpus(dir);
  console.log(`Corpus: ${N} articles in ${files.length} JSONL file(s), ${origin}`);
  const db = openDatabase(file);
  const phaseSeconds: Record<string, number> = {};
  const timed = async <T>(phase: string, fn: () => T | Promise<T>): Promise<T> => {
    const t = performance.now();
    const out = await fn();
    phaseSeconds[phase] = Number(((performance.now() - t) / 1000).toFixed(1));
    return out;
  };
  const full = PRECOMPUTE === "all";
  let newArticles = 0;
  // The ingest path, file by file; with "benched" its write only (analysis and lists come below).
  await timed(full ? "ingest (write, analysis, related lists)" : "ingest write", async () => {
    for (const f of files) {
      const report = await ingestJsonlFile(db, f, {
        analyze: full,
        related: full,
        onProgress: (label, done, total) =>
          progress(label === "analysis" || label === "related lists" ? label : "writing", done, total),
      });
      if (!report.ok) throw new Error(`ingest of ${f} failed: ${report.error}`);
      newArticles += report.counts.new;
    }
  });
  process.stdout.write("\n");
  for (const f of files) fs.rmSync(f);

  const picked = same
    ? await articlesBySlug(db, same)
    : await pickBenchArticles(db, { offset: 5, sample: RENDER_SAMPLE });
  const target = picked.target;
  if (!target) throw new Error("the corpus has fewer than six articles");
  const sample = picked.sample;
  const benched = [target.id, ...sample.map((r) => r.id)];
  let linked: number[] = [];
  let note = `analysis and related lists precomputed for all ${newArticles} articles by the ingest pipeline`;
  if (!full) {
    // Related lists rank candidates with corpus-wide term statistics: index every article first.
    await timed("related index (all articles)", () =>
      rebuildRelated(db, { lists: false, onProgress: (_phase, done, total) => progress("indexing", done, total) }),
    );
    process.stdout.write("\n");
    // As after an ingest write: analysis first, then lists. The stories those lists link to get the
    // same, so following a link from a measured page lands on a complete page too.
    await timed("analysis + related lists (benched articles)", async () => {
      await analyzeStored(db, benched);
      await computeRelatedLists(db, { articleIds: benched });
      const inBench = new Set(benched);
      linked = (await relatedIdsOfLists(db, { articleIds: benched })).filter((id) => !inBench.has(id));
      await analyzeStored(db, linked);
      await computeRelatedLists(db, { articleIds: linked });
    });
    note =
      `analysis and related lists precomputed for the ${benched.length} benched articles (the article under load ` +
      `and ${sample.length} timed as cache misses) and the ${linked.length} stories their related lists link to; ` +
      `all ${newArticles} articles went through the ingest write (parse, sanitize, dedupe, tags, full-text ` +
      `index) and the related index (term statistics, postings); the remaining ` +
      `${newArticles - benched.length - linked.length} have no analysis or related list of their own`;
  }
  await checkpointDatabase(db);
  await closeDatabase(db);
  return {
    articles: N,
    corpus: origin,
    precompute: PRECOMPUTE as Loaded["precompute"],
    loadedAt: new Date().toISOString(),
    newArticles,
    loadSeconds: Number(
      Object.values(phaseSeconds)
        .reduce((a, b) => a + b, 0)
        .toFixed(1),
    ),
    phaseSeconds,
    target,
    renderSlugs: sample.map((r) => r.slug),
    benchedArticles: benched.length,
    linkedArticles: linked.length,
    note,
  };
}

// ── Run ───────────────────────────────────────────────────────────────────────────────────────────
const origin = corpusOrigin();
let loaded: Loaded;
let reused = false;
const keepMeta = KEEP_DB ? `${KEEP_DB}.json` : null;
if (KEEP_DB && keepMeta && fs.existsSync(KEEP_DB)) {
  const meta = fs.existsSync(keepMeta) ? (JSON.parse(fs.readFileSync(keepMeta, "utf8")) as Loaded) : null;
  if (!meta || meta.articles !== N || meta.precompute !== PRECOMPUTE || meta.corpus !== origin)
    throw new Error(
      `${KEEP_DB} exists but ${meta ? `holds ${meta.articles} articles (precompute ${meta.precompute}, ${meta.corpus})` : `has no ${keepMeta}`}, not ${N} (precompute ${PRECOMPUTE}, ${origin}): delete it or pass another --keep-db`,
    );
  // A copy: the run adds a reader, comments and cache rows, and the kept database must stay as loaded.
  fs.copyFileSync(KEEP_DB, dbFile, fs.constants.COPYFILE_FICLONE);
  loaded = meta;
  reused = true;
  console.log(
    `Reused the corpus loaded into ${KEEP_DB} at ${meta.loadedAt} (${meta.articles} articles, load took ${meta.loadSeconds} s); not reloaded`,
  );
} else {
  loaded = await loadCorpus(dbFile, origin);
  console.log(
    `Loaded in ${loaded.loadSeconds} s (${loaded.newArticles} new): ${Object.entries(loaded.phaseSeconds)
      .map(([k, v]) => `${k} ${v} s`)
      .join(", ")}`,
  );
  if (KEEP_DB && keepMeta) {
    fs.mkdirSync(path.dirname(KEEP_DB), { recursive: true });
    fs.copyFileSync(dbFile, `${KEEP_DB}.partial`, fs.constants.COPYFILE_FICLONE);
    fs.renameSync(`${KEEP_DB}.partial`, KEEP_DB);
    fs.writeFileSync(keepMeta, `${JSON.stringify(loaded, null, 2)}\n`);
    console.log(`Kept a copy of the loaded database at ${KEEP_DB} (rerun with --keep-db ${KEEP_DB} to reuse it)`);
  }
}
console.log(`Precompute: ${loaded.note}`);
if (values["load-only"]) process.exit(0);
type EngineRun = {
  engine: "sqlite" | "postgres";
  /** A SQLite file or a PostgreSQL URL. */
  location: string;
  loaded: Loaded;
  port: number;
  instances: number;
  pg: LocalPostgres | null;
};

/**
 * Serves the loaded corpus from `run` and measures every route and browser mix against its ceilings:
 * the whole measurement, once per engine, so the PostgreSQL figures come from the same code as SQLite's.
 */
async function measureEngine(run: EngineRun) {
  const target = run.loaded.target;
  const db = openDatabase(run.location);

  // A reader with comments on the measured article and a bookmark, for the signed-in route.
  const tagSlug = await firstTagSlugOf(db, { articleId: target.id });
  const password = "bench password 123";
  const passwordHash = await hashPassword(password);
  await transaction(db, async (tx) => {
    const made = await createUser(tx, { email: "bench@bench.local", name: "Bench Reader", passwordHash });
    if (!made) throw new Error("could not create the bench user");
    for (let i = 0; i < 12; i++)
      await insertComment(tx, { articleId: target.id, userId: made.id, parentId: null, body: `Bench comment ${i}` });
    await setBookmark(tx, { userId: made.id, articleId: target.id, saved: true });
  });
  await closeDatabase(db);

  // SQLite: one server on PORT. PostgreSQL: `instances` servers on PORT+3… behind the round-robin
  // balancer on PORT (scripts/round-robin.mjs), which is what the load generators talk to.
  const PORT = run.port;
  const edir = path.join(dir, run.engine);
  fs.mkdirSync(edir, { recursive: true });
  const servers = Array.from({ length: run.instances }, (_, i) =>
    spawnAppServer({
      dbFile: run.location,
      port: run.engine === "sqlite" ? PORT : PORT + 3 + i,
      logFile: path.join(edir, `server-${i}.log`),
      env: { RATE_LIMIT_SIGNIN_IP: "100000/60" },
    }),
  );
  children.push(...servers);
  for (const [i] of servers.entries())
    await waitForOk(`http://127.0.0.1:${run.engine === "sqlite" ? PORT : PORT + 3 + i}/healthz`);
  if (run.engine === "postgres") {
    const balancer = spawn(
      process.execPath,
      ["scripts/round-robin.mjs", String(PORT), ...servers.map((_, i) => String(PORT + 3 + i))],
      { stdio: "inherit" },
    );
    children.push(balancer);
    servers.push(balancer);
  }
  const base = `http://127.0.0.1:${PORT}`;
  await waitForOk(`${base}/healthz`);
  // Everything that serves this engine's pages: the app instances, the balancer, the database server.
  const servingPids = () => [
    ...servers.map((s) => s.pid as number),
    ...(run.pg ? processTree(run.pg.postmasterPid() ?? 0).map((p) => p.pid) : []),
  ];
  const articleUrl = `${base}/articles/${target.slug}`;
  const articleBytes = Buffer.from(await (await fetch(articleUrl)).arrayBuffer());
  const cookie = await credentialsSignIn(base, "bench@bench.local", password);
  if (!cookie) throw new Error("sign-in for the signed-in route failed");

  // The ceiling: the same bytes from the smallest Node HTTP server there is.
  const bytesFile = path.join(edir, "article.html");
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
  // cache miss rendered by Next from SQLite (related list, analysis, tags), timed to the last byte. The
  // pages were chosen at random at load time (so that "benched" precomputes them).
  const renderSlugs = loaded.renderSlugs;
  const renderTimes: number[] = [];
  for (const slug of renderSlugs) {
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

  // A browser that runs our islands carries ISLANDS_COOKIE and is sent the cached page with its own
  // state embedded; without it (no JavaScript) the page is rendered whole. Measure both, and make sure
  // the first really is this reader's page before timing it.
  const shellCookie = `${cookie}; ${ISLANDS_COOKIE}=1`;
  const shell = await fetch(articleUrl, { headers: { cookie: shellCookie } });
  const shellHtml = await shell.text();
  if (shell.headers.get("x-page-cache") !== "SHELL" || !shellHtml.includes('"name":"Bench Reader"'))
    throw new Error("the signed-in route did not get the reader's own cached page");

  // What a browser sends: recorded afresh from Chromium on every run, anonymous and signed in (a
  // returning reader: the session cookie, the cookie our islands set on their first run, and the
  // session renewal the islands ask for once a day already done today; the renewal is loaded as a
  // route of its own below).
  const [sessionName, ...sessionValue] = cookie.split("=");
  const recordings = [
    await recordBrowserMixes({ base, articlePath: `/articles/${target.slug}`, label: "anonymous" }),
    await recordBrowserMixes({
      base,
      articlePath: `/articles/${target.slug}`,
      label: "signed in",
      cookies: [
        { name: sessionName as string, value: sessionValue.join("=") },
        { name: ISLANDS_COOKIE, value: "1" },
      ],
      storage: { [SESSION_RENEWED_KEY]: String(Date.now()) },
    }),
  ];
  const mixes = recordings.flatMap((r) => [r.view, r.click]);
  const captured: CapturedResponse[][] = [];
  for (const m of mixes) captured.push(await captureMix(base, m));
  const mixCeiling = await startMixCeiling(edir, PORT + 2, captured);
  children.push(mixCeiling);
  // Without an x-bench-replay header it answers the first captured response: enough to know it is up.
  await waitForOk(`http://127.0.0.1:${PORT + 2}/`);
  for (const [i, m] of mixes.entries()) {
    const kinds = mixKinds(m, captured[i] ?? []);
    console.log(
      `Recorded ${m.name}: ${m.requests.length} requests (${Object.entries(kinds)
        .map(([k, v]) => `${v.requests} ${k}`)
        .join(", ")})`,
    );
  }

  console.log(
    `Load: ${CONNECTIONS} connections, ${DURATION} s per target in ${ROUNDS} round(s) of ${Math.max(1, Math.round(DURATION / ROUNDS))} s`,
  );
  const staticUrl = `http://127.0.0.1:${PORT + 1}`;
  const routes: Route[] = [
    { route: "front page", url: `${base}/` },
    { route: "article (anonymous)", url: articleUrl },
    { route: "article (signed in)", url: articleUrl, headers: { cookie: shellCookie } },
    { route: "article (signed in, no JS)", url: articleUrl, headers: { cookie } },
    // Auth.js re-issuing the session cookie: asked once a day per browser (useKeepSessionAlive).
    { route: "session renewal (signed in, daily)", url: `${base}/api/auth/session`, headers: { cookie } },
    ...(tagSlug ? [{ route: "tag page", url: `${base}/tags/${tagSlug}` }] : []),
    { route: "search", url: `${base}/search?q=government` },
  ];
  /** Requests of one kind from a mix, for the latency of that kind alone. */
  const ofKind = (m: Mix, kind: RequestKind) => ({ ...m, requests: m.requests.filter((r) => r.kind === kind) });
  const jobs: Job[] = [
    autocannonJob("autocannon:static ceiling", { route: "static ceiling", url: `${staticUrl}/` }),
    ...routes.map((r) => autocannonJob(`autocannon:${r.route}`, r, "autocannon:static ceiling")),
    wrkJob("wrk:static ceiling", staticUrl, [plainRequest(`${staticUrl}/`)]),
    ...routes.map((r) =>
      wrkJob(`wrk:${r.route}`, base, [plainRequest(r.url, r.headers)], { ceiling: "wrk:static ceiling" }),
    ),
    ...mixes.flatMap((m, index) => [
      wrkJob(`mix-ceiling:${m.name}`, `http://127.0.0.1:${PORT + 2}`, mixRequests(m, { index }), {
        perView: m.requests.length,
      }),
      wrkJob(`mix:${m.name}`, base, mixRequests(m), { ceiling: `mix-ceiling:${m.name}`, perView: m.requests.length }),
    ]),
    // Latency by class: the document of each view, and the navigation of each click, each loaded alone.
    ...recordings.flatMap((r) => [
      wrkJob(`latency:${r.view.name}`, base, mixRequests(ofKind(r.view, "document"))),
      wrkJob(`latency:${r.click.name}`, base, mixRequests(ofKind(r.click, "navigation"))),
    ]),
  ];
  const memories = servers.map((s) => sampleTreeRss(s.pid as number));
  const pgMemory = run.pg ? sampleTreeRss(run.pg.postmasterPid() ?? 0) : null;
  const measured = await loadAll(jobs, servingPids);
  const peaks = memories.map((m) => m.stop());
  const peakTree = {
    // Per process tree, each at its own peak: instances peak at about the same moments under one load.
    peakMb: peaks.reduce((n, p) => n + p.peakMb, 0),
    processes: peaks.flatMap((p) => p.processes),
  };
  const databaseServerPeakMb = pgMemory ? pgMemory.stop().peakMb : null;
  const peakRss = servers.length === 1 ? peakRssMb(servers[0]?.pid) : null;
  for (const [i, s] of servers.entries())
    if (s.exitCode !== null)
      console.error(
        `server ${i} exited early (code ${s.exitCode}):\n${fs.existsSync(path.join(edir, `server-${i}.log`)) ? fs.readFileSync(path.join(edir, `server-${i}.log`), "utf8").slice(-3000) : ""}`,
      );
  const get = (id: string) => {
    const r = measured.get(id);
    if (!r) throw new Error(`no result for ${id}`);
    return r;
  };

  const ceilingWrk = get("wrk:static ceiling");
  const ceilingCannon = get("autocannon:static ceiling");
  const results = [
    { route: "static ceiling", path: "/", a: ceilingCannon, w: ceilingWrk },
    ...routes.map((r) => ({
      route: r.route,
      path: new URL(r.url).pathname + new URL(r.url).search,
      a: get(`autocannon:${r.route}`),
      w: get(`wrk:${r.route}`),
    })),
  ].map(({ route, path: p, a, w }) => ({
    route,
    path: p,
    // autocannon's figures stay where they were, for comparison with earlier files; `wrk` is the one
    // to hold (autocannon saturates a core of its own here and caps the ceiling).
    reqPerSec: Math.round(a.perSec),
    p50: a.p50,
    p99: a.p99,
    errors: a.errors,
    non2xx: a.non2xx,
    shareOfCeiling: a.shareOfCeiling ?? 1,
    rounds: a.rounds.map(Math.round),
    wrk: {
      reqPerSec: Math.round(w.perSec),
      p50: w.p50,
      p99: w.p99,
      errors: w.errors,
      shareOfCeiling: w.shareOfCeiling ?? 1,
      rounds: w.rounds.map(Math.round),
    },
  }));
  const browserMixes = mixes.map((m, i) => {
    const app = get(`mix:${m.name}`);
    const ceil = get(`mix-ceiling:${m.name}`);
    const views = app.requests / m.requests.length;
    const kinds = mixKinds(m, captured[i] ?? []);
    const latencyOf = m.requests.some((r) => r.kind === "document")
      ? { kind: "document", ...pick(get(`latency:${m.name}`)) }
      : { kind: "navigation", ...pick(get(`latency:${m.name}`)) };
    return {
      mix: m.name,
      description: m.description,
      requestsPerView: m.requests.length,
      kinds,
      // As recorded (status lines, headers, bodies), and as wrk read them from each server under load.
      bytesPerView: (captured[i] ?? []).reduce((n, r) => n + responseBytes(r), 0),
      wrkBytesPerView: Math.round(app.bytes / Math.max(1, views)),
      ceilingWrkBytesPerView: Math.round(ceil.bytes / Math.max(1, ceil.requests / m.requests.length)),
      viewsPerSec: app.perSec,
      ceilingViewsPerSec: ceil.perSec,
      shareOfCeiling: app.shareOfCeiling,
      replayedViews: Math.floor(views),
      errors: app.errors + ceil.errors,
      mixP50: app.p50,
      mixP99: app.p99,
      latency: latencyOf,
      rounds: app.rounds,
      ceilingRounds: ceil.rounds,
      requests: m.requests.map((r) => ({ method: r.method, path: r.path, kind: r.kind })),
    };
  });
  function pick(r: JobResult) {
    return { p50: r.p50, p99: r.p99, reqPerSec: Math.round(r.perSec), errors: r.errors };
  }

  // Stop this engine's servers before the next one is measured: two apps idling beside a load still
  // take memory and the odd timer.
  for (const c of children.splice(0)) if (c.pid && c.exitCode === null) c.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  return {
    engine: run.engine,
    instances: run.instances,
    results,
    browserMixes,
    renderTimes,
    renderMedian,
    renderP90,
    peakTree,
    peakRss,
    databaseServerPeakMb,
    articleBytes: articleBytes.length,
  };
}

type Measured = Awaited<ReturnType<typeof measureEngine>>;

function printTables(m: Measured) {
  const label =
    m.engine === "sqlite" ? "SQLite, 1 instance" : `PostgreSQL, ${m.instances} instances behind a round-robin balancer`;
  console.log(`\n── ${label} ──`);
  console.log("Document-only (one URL each); wrk is the figure to hold, autocannon for comparison");
  console.log(
    "| route | wrk req/s | wrk p50 ms | wrk p99 ms | wrk share | autocannon req/s | autocannon share | errors |",
  );
  console.log("|---|---|---|---|---|---|---|---|");
  for (const r of m.results)
    console.log(
      `| ${r.route} | ${r.wrk.reqPerSec} | ${r.wrk.p50} | ${r.wrk.p99} | ${r.wrk.shareOfCeiling.toFixed(3)} | ${r.reqPerSec} | ${r.shareOfCeiling.toFixed(3)} | ${r.errors + r.non2xx + r.wrk.errors} |`,
    );
  console.log("");
  console.log("What a browser sends (recorded from Chromium this run, replayed with wrk; one view = one pass)");
  console.log(
    "| mix | requests/view | KB/view | views/s | ceiling views/s | share | latency of | p50 ms | p99 ms | errors |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const x of m.browserMixes)
    console.log(
      `| ${x.mix} | ${x.requestsPerView} | ${(x.bytesPerView / 1024).toFixed(1)} | ${x.viewsPerSec} | ${x.ceilingViewsPerSec} | ${x.shareOfCeiling?.toFixed(4)} | ${x.latency.kind} | ${x.latency.p50} | ${x.latency.p99} | ${x.errors} |`,
    );
  console.log(
    `\nArticle page server render (cache miss, sequential): median ${m.renderMedian} ms, p90 ${m.renderP90} ms. ` +
      `Peak memory of the app's process tree(s) (RSS, sampled under load): ${m.peakTree.peakMb} MB ` +
      `(${m.peakTree.processes.map((p) => `${p.name} ${p.rssMb}`).join(", ")})` +
      (m.peakRss !== null ? `; the server process's own high-water mark ${m.peakRss} MB` : "") +
      (m.databaseServerPeakMb !== null ? `; the PostgreSQL server's process tree ${m.databaseServerPeakMb} MB` : "") +
      `. Article page: ${m.articleBytes} bytes.`,
  );
}

/** PostgreSQL against SQLite, route by route and mix by mix, in this run. */
function printComparison(lite: Measured, pgm: Measured) {
  console.log(`\n── PostgreSQL (${pgm.instances} instances) against SQLite (1 instance), this run ──`);
  console.log("| route or mix | SQLite req/s (views/s) | PostgreSQL req/s (views/s) | ratio |");
  console.log("|---|---|---|---|");
  for (const r of lite.results) {
    const other = pgm.results.find((x) => x.route === r.route);
    if (!other || r.route === "static ceiling") continue;
    console.log(
      `| ${r.route} | ${r.wrk.reqPerSec} | ${other.wrk.reqPerSec} | ${(other.wrk.reqPerSec / Math.max(1, r.wrk.reqPerSec)).toFixed(2)} |`,
    );
  }
  for (const x of lite.browserMixes) {
    const other = pgm.browserMixes.find((y) => y.mix === x.mix);
    if (!other) continue;
    console.log(
      `| mix: ${x.mix} | ${x.viewsPerSec} | ${other.viewsPerSec} | ${(other.viewsPerSec / Math.max(0.001, x.viewsPerSec)).toFixed(2)} |`,
    );
  }
}

function engineJson(m: Measured) {
  return {
    instances: m.instances,
    // The whole tree each server runs as, sampled every 250 ms under load (sum at one moment per tree).
    peakServerRssMb: m.peakTree.peakMb,
    serverProcesses: m.peakTree.processes,
    serverProcessHighWaterMb: m.peakRss,
    articleRenderMs: { median: m.renderMedian, p90: m.renderP90, samples: m.renderTimes.length },
    articleBytes: m.articleBytes,
    routes: m.results,
    browserMixes: m.browserMixes,
  };
}

const lite = await measureEngine({ engine: "sqlite", location: dbFile, loaded, port: PORT, instances: 1, pg: null });
printTables(lite);
console.log(`\nPrecompute: ${loaded.note}.`);

let pgRun: { measured: Measured; loaded: Loaded } | null = null;
if (ENGINE === "postgres") {
  // The same corpus, through the same ingest path, into a fresh PostgreSQL database; the article under
  // load and the pages timed as cache misses are SQLite's, found by slug.
  const pgServer = localPostgres(PG_PORT);
  const url = await freshPostgresDatabase(pgServer.url, "tidings_bench");
  const pgLoaded = await loadCorpus(url, origin, { target: loaded.target.slug, renderSlugs: loaded.renderSlugs });
  console.log(
    `Loaded into PostgreSQL in ${pgLoaded.loadSeconds} s (${pgLoaded.newArticles} new): ${Object.entries(
      pgLoaded.phaseSeconds,
    )
      .map(([k, v]) => `${k} ${v} s`)
      .join(", ")}`,
  );
  const measured = await measureEngine({
    engine: "postgres",
    location: url,
    loaded: pgLoaded,
    port: PORT + 10,
    instances: INSTANCES,
    pg: pgServer,
  });
  pgServer.stop();
  printTables(measured);
  printComparison(lite, measured);
  pgRun = { measured, loaded: pgLoaded };
}

const date = new Date().toISOString().slice(0, 10);
fs.mkdirSync(path.join("bench", "results"), { recursive: true });
// PAGE_CACHE=0 measures the app without its page cache (the "before"); keep both files apart.
const out = path.join(
  "bench",
  "results",
  `${date}-${N}${config().pageCache.enabled ? "" : "-no-page-cache"}${pgRun ? "-postgres" : ""}.json`,
);
fs.writeFileSync(
  out,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      articles: N,
      corpus: origin,
      precompute: {
        mode: loaded.precompute,
        note: loaded.note,
        benchedArticles: loaded.benchedArticles,
        linkedArticles: loaded.linkedArticles,
      },
      loadSeconds: loaded.loadSeconds,
      load: {
        reused,
        keptDb: KEEP_DB,
        loadedAt: loaded.loadedAt,
        newArticles: loaded.newArticles,
        phaseSeconds: loaded.phaseSeconds,
      },
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      rounds: ROUNDS,
      machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg() },
      // SQLite's figures stay at the top level, where earlier files have them.
      ...engineJson(lite),
      ...(pgRun
        ? {
            postgres: {
              ...engineJson(pgRun.measured),
              balancer: "scripts/round-robin.mjs: TCP, one backend per client connection in turn",
              loadSeconds: pgRun.loaded.loadSeconds,
              load: { newArticles: pgRun.loaded.newArticles, phaseSeconds: pgRun.loaded.phaseSeconds },
              precompute: { mode: pgRun.loaded.precompute, note: pgRun.loaded.note },
            },
          }
        : {}),
    },
    null,
    2,
  )}\n`,
);
console.log(`Written to ${out}`);
// The browser-mix rows must have run: a replayed view at least, and no error, in every mix, on every
// engine measured. A figure with errors behind it is not a figure (CI's smoke run relies on this; it
// never checks a speed).
let failed = false;
for (const m of [lite, ...(pgRun ? [pgRun.measured] : [])])
  for (const x of m.browserMixes)
    if (x.replayedViews === 0 || x.errors > 0 || x.latency.errors > 0) {
      failed = true;
      console.error(
        `${m.engine}: browser mix "${x.mix}": ${x.replayedViews} views replayed, ${x.errors + x.latency.errors} errors`,
      );
    }
process.exit(failed ? 1 : 0);
