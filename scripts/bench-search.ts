// npm run bench:search -- [--runs 50] [--query Q ...]
// Search latency (searchArticles, what /search runs: the ranked page, the decoration of its rows and the
// capped count) for a few typical queries, on the database the configuration names: DATABASE_PATH
// (SQLite) or DATABASE_URL (PostgreSQL). Load the same articles into both first, e.g.
//   DATABASE_PATH=/tmp/w.db SEED_SAMPLE=0 npm run ingest -- --jsonl FILE
//   DATABASE_URL=postgres://… AUTH_SECRET=… npm run db:migrate && … npm run ingest -- --jsonl FILE
// and run this once with each. Reports p50 and p90 per query after a warm-up round.
// Runs under the react-server condition (package.json) because the read paths are server-only code.
import { parseArgs } from "node:util";
import { closeDatabase, engineOf } from "@/db";
import { searchArticles } from "@/db/queries/search";
import { getDb } from "@/lib/db";
import { parseSearchQuery } from "@/lib/search/query";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "50" },
    query: { type: "string", multiple: true },
  },
});
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error("--runs takes a whole number of at least 1");
  process.exit(2);
}
// Typical shapes: a common word, two words, a rare word, a phrase, an exclusion, a word in one outlet,
// and a filter alone. The words suit the Wikinews corpus (../shared/data/wikinews).
const QUERIES = values.query ?? [
  "government",
  "police arrested",
  "magnitogorsk",
  '"prime minister"',
  "election -president",
  "football source:wikinews",
  "source:wikinews",
];

const db = getDb();
const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
console.log(`engine: ${engineOf(db)}, ${RUNS} runs per query after one warm-up run`);
for (const q of QUERIES) {
  const query = parseSearchQuery(q);
  const first = await searchArticles(db, { query });
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await searchArticles(db, { query });
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const total = `${first.totalIsLowerBound ? ">" : ""}${first.total}`;
  console.log(
    `${JSON.stringify(q).padEnd(28)} ${String(total).padStart(6)} matches  p50 ${pct(ms, 0.5).toFixed(2)} ms  p90 ${pct(ms, 0.9).toFixed(2)} ms`,
  );
}
await closeDatabase(db);
