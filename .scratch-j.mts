import fs from "node:fs";
import os from "node:os";
import path from "node:path";

let t = performance.now();
const lap = (l: string) => {
  const n = performance.now();
  console.log(l.padEnd(12), (n - t).toFixed(0), "ms");
  t = n;
};
const { openDatabase } = await import("@/db");
lap("import db");
const { ingestJsonlFile } = await import("@/lib/ingest/pipeline");
lap("import lib");
const { readJsonlArticles } = await import("@/lib/ingest/jsonl");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "j-"));
const db = openDatabase(path.join(dir, "x.db"));
lap("open");
const f = "../shared/data/wikinews/articles.jsonl";
await readJsonlArticles(f, new Date());
lap("read only");
await readJsonlArticles(f, new Date());
lap("read only 2");
const r = await ingestJsonlFile(db, f);
lap("ingest");
const db2 = openDatabase(path.join(dir, "y.db"));
lap("open2");
await ingestJsonlFile(db2, f);
lap("ingest2");
