import fs from "node:fs"; import os from "node:os"; import path from "node:path";
import { parseFeedDocument } from "@/lib/ingest/parse-feed";
import { entryToDraft } from "@/lib/ingest/normalize";
import { openDatabase } from "@/db"; import { writeFeedArticles } from "@/db/queries/ingest";
const text = fs.readFileSync(process.argv[2]!, "utf8");
const now = new Date(); const drafts = parseFeedDocument(text).entries.map((e) => entryToDraft(e, { now })).flatMap((o) => (o.ok ? [o.draft] : []));
for (const fts of [true, false, true, false]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "w-")); const db = openDatabase(path.join(dir, "x.db"));
  if (!fts) db.$client.exec("drop trigger articles_fts_ai; drop trigger articles_fts_au; drop trigger articles_fts_ad;");
  const c = process.cpuUsage(); const t = performance.now();
  writeFeedArticles(db, { target: { create: { slug: "b", name: "B" } }, items: drafts, now });
  const d = process.cpuUsage(c);
  console.log(fts ? "with fts   " : "without fts", ((d.user + d.system) / 1000).toFixed(0), "ms cpu", (performance.now() - t).toFixed(0), "ms wall");
}
