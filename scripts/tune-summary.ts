// npm run tune:summary -- --data FILE [--ratio 0.4]
// How SUMMARY_WEIGHTS in lib/nlp/summary.ts were learned: coordinate ascent on mean ROUGE-2 over a
// grid of step sizes, centrality's weight fixed at 1. It first reports five-fold cross-validation
// (weights fitted on four folds, scored on the fifth) so the gain over the untuned scorer is measured
// on articles the weights never saw, then fits on all rows and prints the weights to copy. Features
// are computed once per sentence; only the weighted sum changes between trials.
import { parseArgs } from "node:util";
import { rouge } from "@/lib/nlp/rouge";
import { bodySentences } from "@/lib/nlp/sentences";
import {
  type SentenceFeatures,
  type SummaryWeights,
  scoreFeatures,
  selectSentences,
  sentenceFeatures,
} from "@/lib/nlp/summary";
import { readSummaryRows } from "@/lib/nlp/summary-eval";

const { values } = parseArgs({ options: { data: { type: "string" }, ratio: { type: "string", default: "0.4" } } });
if (!values.data) {
  console.error("Usage: npm run tune:summary -- --data FILE [--ratio 0.4]");
  process.exit(2);
}
const ratio = Number(values.ratio);
const rows = readSummaryRows(values.data).map((row) => {
  const sentences = bodySentences(row.body).map((s) => s.text);
  return { row, sentences, features: sentenceFeatures(row.title, sentences) };
});

const KEYS = ["distinctiveness", "title", "length", "short", "lead"] as const;
const ZERO: SummaryWeights = { distinctiveness: 0, title: 0, length: 0, short: 0, lead: 0 };

function meanRouge2(w: SummaryWeights, idx: readonly number[]): number {
  let total = 0;
  for (const k of idx) {
    const r = rows[k];
    if (!r) continue;
    const scores = r.features.map((f: SentenceFeatures) => scoreFeatures(f, w));
    const ranking = r.sentences.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
    const picked = selectSentences(ranking, r.sentences, { ratio });
    total += rouge(picked.map((i) => r.sentences[i]).join(" "), r.row.summary).rouge2;
  }
  return total / idx.length;
}

function fitWeights(idx: readonly number[]): { w: SummaryWeights; score: number } {
  let w = { ...ZERO };
  let best = meanRouge2(w, idx);
  for (const step of [0.4, 0.2, 0.1, 0.05]) {
    for (let improved = true; improved; ) {
      improved = false;
      for (const key of KEYS)
        for (const delta of [step, -step]) {
          const trial = { ...w, [key]: Math.round((w[key] + delta) * 100) / 100 };
          const s = meanRouge2(trial, idx);
          if (s > best + 1e-5) {
            w = trial;
            best = s;
            improved = true;
          }
        }
    }
  }
  return { w, score: best };
}

const all = rows.map((_, i) => i);
let heldOut = 0;
let untuned = 0;
for (let f = 0; f < 5; f++) {
  const test = all.filter((i) => i % 5 === f);
  const { w } = fitWeights(all.filter((i) => i % 5 !== f));
  const s = meanRouge2(w, test);
  heldOut += s / 5;
  untuned += meanRouge2(ZERO, test) / 5;
  console.log(`fold ${f + 1}: held-out ROUGE-2 ${s.toFixed(4)} with ${JSON.stringify(w)}`);
}
console.log(`cross-validated ROUGE-2: ${heldOut.toFixed(4)} tuned, ${untuned.toFixed(4)} untuned (centrality only)`);
const { w, score } = fitWeights(all);
console.log(`fitted on all ${rows.length} rows: ROUGE-2 ${score.toFixed(4)}\nSUMMARY_WEIGHTS = ${JSON.stringify(w)}`);
