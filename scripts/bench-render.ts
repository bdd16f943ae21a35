// npm run bench:render -- [--articles 10000] [--requests 200]
// Median server render time of an article page with N articles in the database. Needs `npm run build`.
// Loads a temporary database with perturbed copies of the sample content, serves the production build
// on it, and times sequential requests for random article pages (full response, one at a time).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDatabase, openDatabase, transaction } from "@/db";
import { upsertSource } from "@/db/queries/article-store";
import { sampleArticles, sampleSources } from "@/db/sample/content";
import { upsertArticle } from "@/lib/articles/article-row";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

const N = arg("articles", 10_000);
const REQUESTS = arg("requests", 200);
const PORT = arg("port", 3311);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-render-"));
const file = path.join(dir, "bench.db");

const db = openDatabase(file);
const sourceIds = await transaction(db, async (tx) => {
  const ids: number[] = [];
  for (const s of sampleSources) ids.push(await upsertSource(tx, { slug: s.slug, name: s.name, homepage: s.homepage }));
  return ids;
});
const words = sampleArticles.flatMap((a) => a.body.split(/\s+/));
const slugs: string[] = [];
const now = Date.now();
const started = performance.now();
await transaction(db, async (tx) => {
  for (let i = 0; i < N; i++) {
    const a = sampleArticles[i % sampleArticles.length];
    if (!a) throw new Error("no sample articles");
    // Perturb: swap in a run of words from elsewhere in the corpus so no two bodies are identical.
    const offset = (i * 7919) % Math.max(1, words.length - 40);
    const body = `${a.body}\n\n${words.slice(offset, offset + 40).join(" ")}`;
    const r = await upsertArticle(tx, {
      sourceId: sourceIds[i % sourceIds.length] ?? 1,
      guid: `bench-${i}`,
      title: `${a.title} (${i})`,
      body,
      publishedAt: new Date(now - i * 60_000),
      tags: a.tags,
    });
    if (i % 50 === 0) slugs.push(r.slug);
    if (process.stdout.isTTY && i % 500 === 0) process.stdout.write(`\rloading ${i}/${N}`);
  }
});
await closeDatabase(db);
console.log(`\rloaded ${N} articles in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const server = spawn("npx", ["tsx", "scripts/start.ts"], {
  // The server under test gets this environment, with its own database: passed on, not read here.
  env: { ...process.env, DATABASE_PATH: file, PORT: String(PORT), SEED_SAMPLE: "0" },
  stdio: "ignore",
  detached: true,
});
const stop = () => {
  try {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
  } catch {}
};
process.on("exit", stop);

const base = `http://127.0.0.1:${PORT}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/healthz`)).ok) break;
  } catch {}
  if (i > 300) throw new Error("server did not start");
  await new Promise((r) => setTimeout(r, 200));
}
// Warm up: the first requests compile and load modules.
for (const slug of slugs.slice(0, 10)) await (await fetch(`${base}/articles/${slug}`)).text();

const times: number[] = [];
for (let i = 0; i < REQUESTS; i++) {
  const slug = slugs[(i * 31) % slugs.length];
  const t0 = performance.now();
  const res = await fetch(`${base}/articles/${slug}`);
  await res.text();
  if (res.status !== 200) throw new Error(`GET /articles/${slug} answered ${res.status}`);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]?.toFixed(1);
console.log(
  `article page, ${N} articles, ${REQUESTS} sequential requests: median ${q(0.5)} ms, p90 ${q(0.9)} ms, p99 ${q(0.99)} ms`,
);
stop();
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
