// npx tsx scripts/related-engines.ts --data FILE [--data FILE...]
// Imports each JSONL file (id, title, body; a category is dropped) through the ingest JSONL path into
// a fresh SQLite database and a fresh PostgreSQL database (on the server named by DATABASE_URL or
// TEST_POSTGRES_URL, e.g. the one `bash scripts/with-postgres.sh` starts), and compares what the
// related engine stored on each: every list, its order, same-story flags, scores and "why related".
// Prints the first differences and exits 1 when the engines disagree. The row ids of the file name
// the articles, so the engines' own ids never enter the comparison.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import pg from "pg";
import { closeDatabase, type Db, migrateDatabase, openDatabase, rows } from "@/db";
import { ingestJsonlFile } from "@/lib/ingest/pipeline";

const { values } = parseArgs({ options: { data: { type: "string", multiple: true } } });
const files = values.data ?? [];
const server = process.env.DATABASE_URL || process.env.TEST_POSTGRES_URL;
if (files.length === 0 || files.some((f) => !fs.existsSync(f))) {
  console.error("Usage: npx tsx scripts/related-engines.ts --data FILE [--data FILE...] (JSONL files that exist)");
  process.exit(2);
}
if (!server) {
  console.error(
    "Needs a PostgreSQL server: set DATABASE_URL or TEST_POSTGRES_URL (bash scripts/with-postgres.sh starts one)",
  );
  process.exit(2);
}

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Every stored list as lines "owner -> related [same] score reasons", by the file's row ids. */
async function storedLists(db: Db): Promise<string[]> {
  const found = await rows<{ owner: string; related: string; same_story: number; score: number; reasons: string }>(
    db,
    sql`select a.external_id as owner, b.external_id as related, r.same_story, r.score, r.reasons
        from article_related r join articles a on a.id = r.article_id join articles b on b.id = r.related_id
        order by a.external_id, r.rank`,
  );
  return found.map(
    (r) =>
      `${r.owner} -> ${r.related}${r.same_story === 1 ? " [same story]" : ""} ${r.score} ${JSON.stringify(JSON.parse(r.reasons))}`,
  );
}

async function importInto(db: Db, file: string, dir: string): Promise<string[]> {
  // The category is a label for evaluations; it must not reach the stored articles.
  const stripped = path.join(dir, path.basename(file));
  const lines = fs
    .readFileSync(file, "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim());
  fs.writeFileSync(
    stripped,
    `${lines
      .map((l) => {
        const { category: _category, ...rest } = JSON.parse(l) as Record<string, unknown>;
        return JSON.stringify(rest);
      })
      .join("\n")}\n`,
  );
  const now = new Date("2026-11-30T12:00:00Z");
  const report = await ingestJsonlFile(db, stripped, { now: () => now });
  if (!report.ok) throw new Error(`import of ${file} failed: ${report.error}`);
  return storedLists(db);
}

let disagree = false;
for (const file of files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "related-engines-"));
  const name = `related_engines_${process.pid}`;
  const sqlite = openDatabase(path.join(dir, "compare.db"));
  await admin(`drop database if exists ${name} with (force)`);
  await admin(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const postgres = openDatabase(url.toString());
  try {
    await migrateDatabase(postgres);
    let t = performance.now();
    const a = await importInto(sqlite, file, dir);
    const sqliteSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const b = await importInto(postgres, file, dir);
    const pgSeconds = (performance.now() - t) / 1000;
    const differences: string[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++)
      if (a[i] !== b[i]) differences.push(`  sqlite:   ${a[i] ?? "(none)"}\n  postgres: ${b[i] ?? "(none)"}`);
    const owners = new Set(a.map((l) => l.split(" -> ")[0])).size;
    console.log(
      `${file}: ${a.length} entries in ${owners} lists on SQLite (import ${sqliteSeconds.toFixed(1)} s), ${b.length} on PostgreSQL (${pgSeconds.toFixed(1)} s): ${
        differences.length === 0
          ? "identical (order, same-story flags, scores, reasons)"
          : `${differences.length} differ`
      }`,
    );
    for (const d of differences.slice(0, 5)) console.log(d);
    if (differences.length > 0) disagree = true;
  } finally {
    await closeDatabase(sqlite);
    await closeDatabase(postgres);
    await admin(`drop database if exists ${name} with (force)`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
process.exit(disagree ? 1 : 0);
