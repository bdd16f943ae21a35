// npm run measure:invalidation -- [--writes 50] [--port 3540] [--engine postgres|sqlite]
// The cross-instance invalidation delay: two production app instances (npm run build) on one
// database; a comment is posted through instance A and instance B's cached article page is polled
// until it shows it. For each write it records, from the moment A acknowledged the comment:
//   - "stale": when B first stopped answering from its old copy (it had heard of the bump by the start
//     of that request; requests are sent back to back, so this is within one cached answer of it), and
//   - "shown": when B's answer contained the comment (that plus B's re-render of the page).
// Prints the median, 90th percentile and worst of each. PostgreSQL needs a server: TEST_POSTGRES_URL
// (e.g. `PG_PORT=55444 bash scripts/with-postgres.sh npm run measure:invalidation`); the script makes
// and drops a database of its own there. With --engine sqlite both instances share one SQLite file.
// --listener-only (PostgreSQL) leaves the servers out: a tag bump committed through one pool, timed
// until another pool's CacheTagListener reports it (the notification path alone, no render).
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { closeDatabase, migrateDatabase, openDatabase, transaction } from "@/db";
import { CacheTagListener } from "@/db/queries/cache-tag-listener";
import { bumpCacheTags } from "@/db/queries/cache-tags";
import { createUser } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";
import { fixturePath } from "@/lib/ingest/fixtures/feed-server";
import { ingestFeedFile } from "@/lib/ingest/pipeline";
import { credentialsSignIn, spawnAppServer, waitForOk } from "./harness";

const { values } = parseArgs({
  options: {
    writes: { type: "string", default: "50" },
    port: { type: "string", default: "3540" },
    engine: { type: "string", default: "postgres" },
    "listener-only": { type: "boolean", default: false },
  },
});
const writes = Number(values.writes);
const port = Number(values.port);
const engine = values.engine;
if (!(writes >= 1) || !(port > 0) || (engine !== "postgres" && engine !== "sqlite")) {
  console.error("Usage: npm run measure:invalidation -- [--writes N] [--port P] [--engine postgres|sqlite]");
  process.exit(2);
}
const server = process.env.TEST_POSTGRES_URL;
if (engine === "postgres" && !server) {
  console.error("TEST_POSTGRES_URL is unset: run under `bash scripts/with-postgres.sh` (a throwaway PostgreSQL).");
  process.exit(2);
}

const baseA = `http://127.0.0.1:${port}`;
const baseB = `http://127.0.0.1:${port + 1}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidings-invalidation-"));
const dbFile = path.join(dir, "measure.db");
const name = `tidings_measure_${process.pid}`;
const password = "measure the invalidation delay";
const children: ChildProcess[] = [];

async function admin(text: string) {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

let databaseUrl = "";
const env: Record<string, string> = {
  AUTH_SECRET: "measure-invalidation-secret-0123456789abcdef",
  SEED_SAMPLE: "0",
  RATE_LIMIT_SIGNIN_IP: "100000/60",
  RATE_LIMIT_COMMENT: "100000/60",
  NEXT_TELEMETRY_DISABLED: "1",
};
if (engine === "postgres") {
  await admin(`drop database if exists ${name} with (force)`);
  await admin(`create database ${name}`);
  const url = new URL(server as string);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  env.DATABASE_URL = databaseUrl;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function summary(label: string, values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((n, v) => n + v, 0) / values.length;
  console.log(
    `${label}: median ${percentile(sorted, 50).toFixed(1)} ms, p90 ${percentile(sorted, 90).toFixed(1)} ms, worst ${(sorted.at(-1) ?? Number.NaN).toFixed(1)} ms, mean ${mean.toFixed(1)} ms (n=${values.length})`,
  );
}

async function listenerOnly() {
  const writer = openDatabase(databaseUrl, { poolSize: 2 });
  const reader = openDatabase(databaseUrl, { poolSize: 2 });
  await migrateDatabase(writer);
  const listener = await CacheTagListener.start(reader, { log: (line) => console.error(line) });
  const heard: number[] = [];
  for (let i = 0; i < writes; i++) {
    await transaction(writer, (tx) => bumpCacheTags(tx, ["article:measure"]));
    const committed = performance.now();
    const want = i + 1;
    while (listener.versionOf("article:measure") !== want) {
      if (performance.now() - committed > 5_000) throw new Error(`bump ${want} not heard within 5 s`);
      await new Promise((r) => setImmediate(r));
    }
    heard.push(performance.now() - committed);
    await new Promise((r) => setTimeout(r, 20));
  }
  console.log(`Cache-tag notification, commit on one pool to another pool's listener, ${writes} bumps:`);
  summary("  heard", heard);
  await listener.close();
  await closeDatabase(writer);
  await closeDatabase(reader);
}

try {
  if (values["listener-only"]) {
    if (engine !== "postgres") throw new Error("--listener-only is for PostgreSQL");
    await listenerOnly();
    process.exitCode = 0;
  } else await twoInstances();
} finally {
  for (const child of children) child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  if (engine === "postgres") await admin(`drop database if exists ${name} with (force)`).catch(() => {});
  fs.rmSync(dir, { recursive: true, force: true });
}

async function twoInstances() {
  const db = openDatabase(engine === "postgres" ? databaseUrl : dbFile);
  await migrateDatabase(db);
  await ingestFeedFile(db, fixturePath("rss2.xml"), { sourceName: "Measure", analyze: false, related: false });
  const email = "measure@invalidation.test";
  await createUser(db, { email, name: "Measure", passwordHash: await hashPassword(password) });
  await closeDatabase(db);

  for (const [i, base] of [baseA, baseB].entries())
    children.push(
      spawnAppServer({
        dbFile,
        port: port + i,
        logFile: path.join(dir, `app-${i}.log`),
        env: { ...env, SITE_URL: base },
      }),
    );
  await Promise.all([waitForOk(`${baseA}/healthz`), waitForOk(`${baseB}/healthz`)]);

  const check = openDatabase(engine === "postgres" ? databaseUrl : dbFile);
  const { articles } = await import("@/db/schema");
  const [article] = await check.select({ id: articles.id, slug: articles.slug }).from(articles).limit(1);
  await closeDatabase(check);
  if (!article) throw new Error("no article was ingested");
  const cookie = await credentialsSignIn(baseA, email, password);
  if (!cookie) throw new Error("could not sign in on A");

  const pageOnB = async () => {
    const res = await fetch(`${baseB}/articles/${article.slug}`);
    return { cache: res.headers.get("x-page-cache"), body: await res.text() };
  };
  const stale: number[] = [];
  const shown: number[] = [];
  for (let i = 0; i < writes; i++) {
    // B answers from its cache before each write.
    for (let tries = 0; (await pageOnB()).cache !== "HIT"; tries++)
      if (tries > 50) throw new Error("B never cached the article page");
    const text = `Measured write ${i} at ${Date.now()}`;
    const res = await fetch(`${baseA}/api/comments`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: baseA },
      body: JSON.stringify({ articleId: article.id, body: text }),
    });
    if (res.status !== 201) throw new Error(`A refused the comment: ${res.status} ${await res.text()}`);
    const acknowledged = performance.now();
    let staleAt: number | null = null;
    for (;;) {
      // A request answered from B's old copy started before B heard of the bump; the first one that
      // was not started after it had: its start bounds the moment from above.
      const sent = performance.now() - acknowledged;
      const page = await pageOnB();
      const at = performance.now() - acknowledged;
      if (page.cache !== "HIT" && staleAt === null) staleAt = sent;
      if (page.body.includes(text)) {
        stale.push(staleAt ?? at);
        shown.push(at);
        break;
      }
      if (at > 10_000) throw new Error(`B did not show write ${i} within 10 s`);
    }
  }
  console.log(
    `Cross-instance invalidation on ${engine === "postgres" ? "PostgreSQL (LISTEN/NOTIFY)" : "SQLite (one file, PRAGMA data_version)"}, ${writes} writes, 2 instances:`,
  );
  summary("  B stops serving its old copy", stale);
  summary("  B shows the comment        ", shown);
}
