// npm run related:rebuild — recomputes term statistics, the inverted index and every related list
// from the stored articles. Needed after changing the engine, or for a database loaded before lists
// were precomputed at ingest. Pages keep their old lists until each new one is written.
import { closeDatabase, openDatabase } from "@/db";
import { databaseLabel, databaseLocation } from "@/lib/db";
import { createProgress } from "@/lib/ingest/report";
import { rebuildRelated } from "@/lib/related/store";

const file = databaseLabel();
const db = openDatabase(databaseLocation());
const progress = createProgress(process.stdout);
const started = performance.now();
const labels = { index: "indexing terms", lists: "computing related lists" } as const;
try {
  const { articles } = await rebuildRelated(db, {
    onProgress: (phase, done, total) => progress.update(labels[phase], done, total),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  progress.line(`Related lists rebuilt for ${articles.toLocaleString("en")} articles in ${file} (${seconds} s)`);
} catch (err) {
  progress.line(`related:rebuild failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await closeDatabase(db);
}
