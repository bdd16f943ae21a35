// npm run eval:related -- --data FILE --out PRED [--k 5]
// Imports FILE (JSONL: id, category, title, body) into a fresh temporary database through the ingest
// JSONL path, reads every article's related list with relatedArticles (the function the article page
// calls), writes PRED (one line per input row: {"id", "related": [top-k input ids, best first]}) and
// prints precision@k, the share of the top k that have the article's category, as its last line.
//
// The category is removed from the rows before import, so no label can reach tags or any other
// feature. Runs under the react-server condition (see package.json) because relatedArticles is
// server-only code: this is the page's code path, not a copy of it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { closeDatabase } from "@/db";
import { externalIdsOf, findArticleId } from "@/db/queries/scripts";
import { contentHash } from "@/lib/articles/text";
import { reloadConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import { ingestJsonlFile } from "@/lib/ingest/pipeline";
import { relatedArticles } from "@/lib/related/list";

const USAGE = "Usage: npm run eval:related -- --data FILE --out PRED [--k 5]";

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function options() {
  try {
    const { values } = parseArgs({
      options: { data: { type: "string" }, out: { type: "string" }, k: { type: "string", default: "5" } },
    });
    if (!values.data) fail("--data FILE is required");
    if (!values.out) fail("--out PRED is required");
    const k = Number(values.k);
    if (!Number.isInteger(k) || k < 1 || k > 50) fail(`--k must be a whole number from 1 to 50, not "${values.k}"`);
    if (!fs.existsSync(values.data) || !fs.statSync(values.data).isFile()) fail(`no such file: ${values.data}`);
    return { data: values.data, out: values.out, k };
  } catch (err) {
    fail((err as Error).message);
  }
}

type Row = { id: string; category: string | null; title: string; body: string };

/** The labelled rows, and a copy of the file without `category` for the import. */
function prepareInput(file: string, dir: string): { rows: Row[]; stripped: string } {
  const rows: Row[] = [];
  const out: string[] = [];
  const lines = fs.readFileSync(file, "utf8").split(/\r?\n/);
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      fail(`line ${i + 1} of ${file} is not valid JSON`);
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) fail(`line ${i + 1} is not a JSON object`);
    const { category, ...rest } = json as Record<string, unknown>;
    const id = rest.id;
    if (typeof id !== "string" && typeof id !== "number") fail(`line ${i + 1} has no "id"`);
    rows.push({
      id: String(id),
      category: typeof category === "string" ? category : null,
      title: typeof rest.title === "string" ? rest.title : "",
      body: typeof rest.body === "string" ? rest.body : "",
    });
    out.push(JSON.stringify(rest));
  });
  if (rows.length === 0) fail(`${file} has no rows`);
  // Named like the input, so the source the rows are filed under is named like it too.
  const stripped = path.join(dir, path.basename(file));
  fs.writeFileSync(stripped, `${out.join("\n")}\n`);
  return { rows, stripped };
}

async function main() {
  const opts = options();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eval-related-"));
  try {
    const { rows, stripped } = prepareInput(opts.data, dir);
    process.env.DATABASE_PATH = path.join(dir, "eval.db");
    reloadConfig();
    const db = getDb();
    const started = performance.now();
    let lastShown = 0;
    const report = await ingestJsonlFile(db, stripped, {
      onProgress: (_label, done, total) => {
        if (done === total || performance.now() - lastShown > 2000) {
          lastShown = performance.now();
          process.stderr.write(`imported ${done}/${total}\n`);
        }
      },
    });
    if (!report.ok) fail(`import failed: ${report.error}`);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `imported ${report.counts.new} articles in ${seconds} s (related lists computed at ingest)` +
        (report.skipped.length > 0 ? `; ${report.skipped.length} rows skipped: ${report.skipped[0]?.reason}` : ""),
    );

    // Each input row's article: by its id, else (an exact duplicate stored once) by its text.
    const category = new Map(rows.map((r) => [r.id, r.category]));

    const lines: string[] = [];
    let sum = 0;
    let scored = 0;
    let short = 0;
    for (const row of rows) {
      const articleId = await findArticleId(db, {
        externalId: row.id,
        contentHash: contentHash(row.title.trim(), row.body.trim()),
      });
      const list = articleId === undefined ? [] : await relatedArticles({ articleId, limit: opts.k });
      const external = await externalIdsOf(db, { ids: list.map((r) => r.id) });
      const related = list.flatMap((r) => external.get(r.id) ?? []);
      lines.push(JSON.stringify({ id: row.id, related }));
      if (row.category === null) continue;
      if (related.length < opts.k) short++;
      // Missing places count as misses: a short list is not rewarded for saying less.
      sum += related.filter((id) => category.get(id) === row.category).length / opts.k;
      scored++;
    }
    fs.writeFileSync(opts.out, `${lines.join("\n")}\n`);
    await closeDatabase(db);
    console.log(`wrote ${lines.length} predictions to ${opts.out}; ${short} lists shorter than ${opts.k}`);
    if (scored === 0) fail("no row has a category: precision cannot be computed");
    console.log(`precision@${opts.k}: ${(sum / scored).toFixed(4)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`eval:related failed: ${(err as Error).message}`);
  process.exit(1);
});
