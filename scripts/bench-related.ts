// npm run bench:related -- [--sizes 1000,10000,100000] [--new 40] [--queries 300] [--wikinews FILE]
//                           [--engine sqlite|postgres|both]
// Scale benchmark for related stories and search, on a generated corpus: Wikinews articles
// (../shared/data/wikinews/articles.jsonl by default) repeated and perturbed, in story clusters of
// three outlets, over twelve outlets and two years. For each size it reports:
//  - the precompute time per new article (refreshRelated after a one-article ingest transaction:
//    index its terms, compute its list, let it join existing lists), median and 90th percentile;
//  - search time (searchArticles, what /search runs) for mixed queries, p50 and p99;
//  - the related-list read (relatedArticles, what the article page runs), p50 and p99.
// --engine postgres (or both: SQLite first, then PostgreSQL, on the same corpus) runs each size in a
// fresh database on the server named by DATABASE_URL or TEST_POSTGRES_URL (for example the one
// `bash scripts/with-postgres.sh` starts), migrated first and dropped afterwards.
// Runs under the react-server condition (package.json) because the read paths are server-only code.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { closeDatabase, migrateDatabase, transaction } from "@/db";
import { upsertSource } from "@/db/queries/article-store";
import { searchArticles } from "@/db/queries/search";
import { upsertArticle } from "@/lib/articles/article-row";
import { reloadConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import { relatedArticles } from "@/lib/related/list";
import { rebuildRelated, refreshRelated } from "@/lib/related/store";
import { parseSearchQuery } from "@/lib/search/query";
import { seededRandom } from "./seeded-random";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000,10000,100000" },
    new: { type: "string", default: "40" },
    queries: { type: "string", default: "300" },
    wikinews: { type: "string", default: path.join("..", "shared", "data", "wikinews", "articles.jsonl") },
    engine: { type: "string", default: "sqlite" },
  },
});
const engines = values.engine === "both" ? ["sqlite", "postgres"] : [values.engine ?? "sqlite"];
if (engines.some((e) => e !== "sqlite" && e !== "postgres")) {
  console.error("--engine takes sqlite, postgres or both");
  process.exit(2);
}
const pgServer = process.env.DATABASE_URL || process.env.TEST_POSTGRES_URL;
if (engines.includes("postgres") && !pgServer) {
  console.error(
    "--engine postgres needs a server: set DATABASE_URL or TEST_POSTGRES_URL (bash scripts/with-postgres.sh starts one)",
  );
  process.exit(2);
}
const sizes = (values.sizes ?? "").split(",").map(Number);
const NEW = Number(values.new);
const QUERIES = Number(values.queries);
if (sizes.some((n) => !Number.isInteger(n) || n < 10) || !(NEW > 0) || !(QUERIES > 0)) {
  console.error("--sizes takes whole numbers of at least 10, comma-separated; --new and --queries positive numbers");
  process.exit(2);
}
const wikinewsFile = values.wikinews ?? "";
if (!fs.existsSync(wikinewsFile)) {
  console.error(`No Wikinews file at ${wikinewsFile}: pass --wikinews FILE (shared/data/wikinews/articles.jsonl).`);
  process.exit(2);
}

type Base = { title: string; sentences: string[] };
const bases: Base[] = fs
  .readFileSync(wikinewsFile, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { title: string; body: string })
  .map((r) => ({ title: r.title, sentences: r.body.split(/(?<=[.!?])\s+/).filter((s) => s.length > 20) }))
  .filter((b) => b.sentences.length >= 3);
const vocabulary = [...new Set(bases.flatMap((b) => b.sentences.join(" ").split(/\s+/)))].filter((w) =>
  /^[A-Za-z]{4,}$/.test(w),
);

const SYLLABLES = [
  "kar",
  "vel",
  "mo",
  "tan",
  "ris",
  "do",
  "lek",
  "sha",
  "ven",
  "pol",
  "gri",
  "nu",
  "bas",
  "tor",
  "ela",
  "fin",
];
function clusterName(c: number): string {
  let s = "";
  for (let x = c + 1; x > 0; x = Math.floor(x / SYLLABLES.length)) s += SYLLABLES[x % SYLLABLES.length];
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Article i: its cluster's base story, perturbed; the three articles of a cluster share a made-up name. */
function generate(i: number, seed: number) {
  const random = seededRandom(seed * 1_000_003 + i);
  const cluster = Math.floor(i / 3);
  const base = bases[(cluster * 7919) % bases.length] as Base;
  const name = clusterName(cluster);
  const swap = (text: string) =>
    text
      .split(/\s+/)
      .map((w) => (random() < 0.12 ? (vocabulary[Math.floor(random() * vocabulary.length)] ?? w) : w))
      .join(" ");
  const sentences = base.sentences.filter(() => random() < 0.75).map(swap);
  const body = [`${name} said the events were unprecedented.`, ...sentences, `${name} will report again.`]
    .join(" ")
    .replace(/(.{400,600}?\.)\s/g, "$1\n\n");
  return { title: `${swap(base.title)}: ${name}`, body };
}

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99) };
}
const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;

const SOURCES = 12;
const DAY = 86_400_000;
const start = Date.parse("2024-01-01T00:00:00Z");

/** A fresh, migrated database for one size on this engine, as the app's connection; returns its cleanup. */
async function freshDatabase(engine: string, size: number): Promise<() => Promise<void>> {
  if (engine === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-related-"));
    delete process.env.DATABASE_URL;
    process.env.DATABASE_PATH = path.join(dir, "bench.db");
    reloadConfig();
    return async () => {
      await closeDatabase(getDb());
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  const name = `bench_related_${size}_${process.pid}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: pgServer });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`drop database if exists ${name} with (force)`);
  await admin(`create database ${name}`);
  const url = new URL(pgServer as string);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  process.env.AUTH_SECRET ||= "bench-related-only-not-a-real-secret-0123456789abcdef";
  reloadConfig();
  await migrateDatabase(getDb());
  return async () => {
    await closeDatabase(getDb());
    (globalThis as unknown as { __newsDb?: unknown }).__newsDb = undefined;
    await admin(`drop database if exists ${name} with (force)`);
  };
}

for (const engine of engines)
  for (const size of sizes) {
    const cleanup = await freshDatabase(engine, size);
    const db = getDb();
    const t0 = performance.now();
    const sourceIds: number[] = [];
    for (let s = 0; s < SOURCES; s++)
      sourceIds.push(await transaction(db, (tx) => upsertSource(tx, { slug: `outlet-${s}`, name: `Outlet ${s}` })));
    const load = async (from: number, to: number) => {
      const ids: number[] = [];
      await transaction(db, async (tx) => {
        for (let i = from; i < to; i++) {
          const { title, body } = generate(i, 1);
          const r = await upsertArticle(tx, {
            sourceId: sourceIds[i % SOURCES] ?? 1,
            guid: `g${i}`,
            title,
            body,
            publishedAt: new Date(start + (i / size) * 730 * DAY),
            tags: [`topic-${Math.floor(i / 3) % 400}`],
          });
          ids.push(r.id);
        }
      });
      return ids;
    };
    for (let i = 0; i < size; i += 5000) await load(i, Math.min(size, i + 5000));
    const loaded = performance.now();
    await rebuildRelated(db, { lists: false, chunk: 2000 });
    const indexed = performance.now();
    // Lists for the clusters the new articles will join, so the join step meets real lists.
    const probe = Array.from({ length: NEW }, (_, k) => size - 3 * NEW + 3 * k).filter((i) => i >= 0);
    const warm = probe.flatMap((i) => [i, i + 1, i + 2]).map((i) => i + 1);
    await transaction(db, (tx) => refreshRelated(tx, { articleIds: warm }));
    const prepared = performance.now();
    console.log(
      `\n${engine}, ${size.toLocaleString("en")} articles: loaded in ${((loaded - t0) / 1000).toFixed(1)} s, indexed in ${((indexed - loaded) / 1000).toFixed(1)} s, ${warm.length} lists warmed in ${((prepared - indexed) / 1000).toFixed(1)} s`,
    );

    // New articles, one ingest transaction each: a fourth outlet's take on an existing cluster.
    const precompute: number[] = [];
    const joined: number[] = [];
    for (const [k, i] of probe.entries()) {
      const { title, body } = generate(i, 2);
      await transaction(db, async (tx) => {
        const r = await upsertArticle(tx, {
          sourceId: sourceIds[(i + 5) % SOURCES] ?? 1,
          guid: `new${k}`,
          title,
          body,
          publishedAt: new Date(start + 731 * DAY),
          tags: [`topic-${Math.floor(i / 3) % 400}`],
        });
        const t = performance.now();
        const result = await refreshRelated(tx, { articleIds: [r.id] });
        precompute.push(performance.now() - t);
        joined.push(result.listsJoined);
      });
    }
    const pc = stats(precompute);
    console.log(
      `  precompute per new article: median ${fmt(pc.p50)}, p90 ${fmt(pc.p90)} (joined ${(joined.reduce((a, b) => a + b, 0) / joined.length).toFixed(1)} lists on average)`,
    );

    const random = seededRandom(size);
    const titleWords = vocabulary.filter((w) => w.length > 5);
    const queries = Array.from({ length: QUERIES }, (_, k) => {
      const w = () => titleWords[Math.floor(random() * titleWords.length)] ?? "news";
      switch (k % 5) {
        case 0:
          return w();
        case 1:
          return `${w()} ${w()}`;
        case 2:
          return `"${(bases[k % bases.length]?.title ?? "news").split(" ").slice(0, 2).join(" ")}"`;
        case 3:
          return `${w()} -${w()} source:outlet-${k % SOURCES}`;
        default:
          return `${clusterName(Math.floor(random() * (size / 3)))} tag:topic-${k % 400}`;
      }
    });
    const searchMs: number[] = [];
    let hits = 0;
    try {
      for (const q of queries) {
        const t = performance.now();
        hits += (await searchArticles(getDb(), { query: parseSearchQuery(q) })).items.length;
        searchMs.push(performance.now() - t);
      }
      const sr = stats(searchMs);
      console.log(
        `  search (${QUERIES} queries, ${(hits / QUERIES).toFixed(1)} results each): p50 ${fmt(sr.p50)}, p99 ${fmt(sr.p99)}`,
      );
    } catch (error) {
      // Search is timed here beside related stories, but a build whose search cannot run on this engine
      // still gets its related figures.
      console.log(`  search: not measured on ${engine} (${(error as Error).message.split("\n")[0]})`);
    }

    const readMs: number[] = [];
    let listed = 0;
    for (const id of warm) {
      const t = performance.now();
      listed += (await relatedArticles({ articleId: id, limit: 12 })).length;
      readMs.push(performance.now() - t);
    }
    const rd = stats(readMs);
    console.log(
      `  related list read (${warm.length} articles, ${(listed / warm.length).toFixed(1)} items each): p50 ${fmt(rd.p50)}, p99 ${fmt(rd.p99)}`,
    );
    await cleanup();
  }
