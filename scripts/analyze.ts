// npm run analyze [-- --all]
// Recomputes the stored text analysis (summary, key points, entities, automatic hashtags) of articles:
// by default those never analysed or analysed by an older version of lib/nlp, with --all every one
// (after the algorithm changed without a version bump, or to rebuild entity tags). A thin wrapper over
// lib/nlp/store; each batch of articles is written in one transaction.
import { parseArgs } from "node:util";
import { closeDatabase, openDatabase } from "@/db";
import { countArticlesToAnalyze, listArticlesToAnalyze } from "@/db/queries/analysis";
import { databaseLabel, databaseLocation } from "@/lib/db";
import { ANALYSIS_VERSION } from "@/lib/nlp/analysis-data";
import { analyzeStoredArticles } from "@/lib/nlp/store";

const USAGE = `Usage: npm run analyze [-- --all]
  (no flag)  analyse articles with no analysis or one from an older version (now ${ANALYSIS_VERSION})
  --all      re-analyse every article
Environment: DATABASE_PATH (default data/news.db) or DATABASE_URL (PostgreSQL)`;

let all = false;
try {
  const { values } = parseArgs({
    options: { all: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  all = values.all ?? false;
} catch (err) {
  console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
  process.exit(2);
}

const BATCH = 200;
const file = databaseLabel();
const db = openDatabase(databaseLocation());
const total = await countArticlesToAnalyze(db, { all, version: ANALYSIS_VERSION });
console.log(`${total} article${total === 1 ? "" : "s"} to analyse in ${file}${all ? " (--all)" : ""}`);
const started = performance.now();
let done = 0;
let afterId = 0;
const tty = process.stdout.isTTY;
for (;;) {
  const batch = await listArticlesToAnalyze(db, { afterId, limit: BATCH, all, version: ANALYSIS_VERSION });
  if (batch.length === 0) break;
  await analyzeStoredArticles(db, batch);
  done += batch.length;
  afterId = batch[batch.length - 1]?.id ?? afterId;
  const secs = (performance.now() - started) / 1000;
  const line = `analysed ${done}/${total} (${Math.round(done / Math.max(secs, 0.001))} articles/s)`;
  if (tty) process.stdout.write(`\r${line}`);
  else console.log(line);
}
const ms = performance.now() - started;
if (tty && done > 0) process.stdout.write("\n");
console.log(
  `done: ${done} articles in ${(ms / 1000).toFixed(1)} s, ${done ? (ms / done).toFixed(2) : "0"} ms per article`,
);
await closeDatabase(db);
