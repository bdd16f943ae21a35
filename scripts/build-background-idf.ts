// npm run nlp:build-idf -- [--data FILE]
// Builds lib/nlp/background-idf.json: document frequencies of content terms over a background corpus,
// so the summariser and the hashtag picker can tell a story's distinctive words ("magnitogorsk") from
// newswire staples ("government"). Built from Wikinews (CC BY 2.5, "Wikinews contributors"), never from
// the BBC evaluation set. Only terms seen in at least two documents are kept: rarer ones get the
// maximum idf anyway, and dropping them keeps the file small and free of article text.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { contentTerms } from "@/lib/articles/text";

const { values } = parseArgs({
  options: { data: { type: "string", default: path.join("..", "shared", "data", "wikinews", "articles.jsonl") } },
});
const file = values.data;
if (!fs.existsSync(file)) {
  console.error(`No such file: ${file}. Pass --data with a JSONL file of {title, body} rows.`);
  process.exit(2);
}

const df = new Map<string, number>();
let docs = 0;
fs.readFileSync(file, "utf8")
  .split("\n")
  .forEach((line, i) => {
    if (!line.trim()) return;
    let row: { title?: unknown; body?: unknown };
    try {
      row = JSON.parse(line);
    } catch {
      console.error(`${file}:${i + 1}: not valid JSON`);
      process.exit(2);
    }
    if (typeof row.body !== "string") {
      console.error(`${file}:${i + 1}: the row has no string "body"`);
      process.exit(2);
    }
    docs++;
    for (const t of new Set(contentTerms(`${typeof row.title === "string" ? row.title : ""}\n${row.body}`)))
      df.set(t, (df.get(t) ?? 0) + 1);
  });

const kept = Object.fromEntries([...df].filter(([, n]) => n >= 2).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const out = path.join("lib", "nlp", "background-idf.json");
fs.writeFileSync(
  out,
  `${JSON.stringify({ source: "Wikinews contributors, CC BY 2.5 (document frequencies only)", docs, df: kept }, null, 2)}\n`,
);
console.log(`${out}: ${docs} documents, ${Object.keys(kept).length} terms (of ${df.size}) seen in 2 or more`);
