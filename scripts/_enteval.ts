import fs from "node:fs";
import { extractEntities } from "@/lib/nlp/entities";

const gold = JSON.parse(fs.readFileSync("lib/nlp/fixtures/wikinews-entities.json", "utf8"));
const rows = new Map<string, { title: string; body: string }>();
for (const l of fs.readFileSync("/work/shared/data/wikinews/articles.jsonl", "utf8").split("\n"))
  if (l.trim()) {
    const r = JSON.parse(l);
    rows.set(r.id, r);
  }
const norm = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/^the\s+/, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
let tp = 0,
  fp = 0,
  fn = 0;
const verbose = process.argv.includes("-v");
const t0 = performance.now();
for (const a of gold.articles) {
  const r = rows.get(a.id)!;
  const ents = extractEntities(`${r.title}.\n\n${r.body}`);
  for (const [type, key] of [
    ["person", "people"],
    ["place", "places"],
    ["organisation", "organisations"],
  ] as const) {
    const g: string[][] = a[key];
    const matched = new Set<number>();
    for (const e of ents.filter((e) => e.type === type)) {
      const i = g.findIndex((aliases, k) => !matched.has(k) && aliases.some((x) => norm(x) === norm(e.name)));
      if (i >= 0) {
        matched.add(i);
        tp++;
      } else {
        fp++;
        if (verbose) console.log("FP", type, e.name);
      }
    }
    g.forEach((al, k) => {
      if (!matched.has(k)) {
        fn++;
        if (verbose) console.log("FN", type, al[0]);
      }
    });
  }
}
console.log({ tp, fp, fn, P: tp / (tp + fp), R: tp / (tp + fn), ms: (performance.now() - t0) / gold.articles.length });
