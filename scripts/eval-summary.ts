// npm run eval:summary -- --data FILE --out PRED [--ratio 0.4] [--method app|lead]
// Summarises each row's body with the app's own summariser (lib/nlp), writes one {"id", "summary"} line
// per row to PRED, and prints mean ROUGE-1, ROUGE-L and ROUGE-2 F1 against the row's `summary`.
// `--method lead` scores the first-sentences baseline under the same budget, for comparison.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { EvalDataError, evaluateSummaries, type Method, readSummaryRows } from "@/lib/nlp/summary-eval";

const USAGE = "Usage: npm run eval:summary -- --data FILE --out PRED [--ratio 0.4] [--method app|lead]";

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let values: { data?: string; out?: string; ratio?: string; method?: string };
try {
  ({ values } = parseArgs({
    options: {
      data: { type: "string" },
      out: { type: "string" },
      ratio: { type: "string", default: "0.4" },
      method: { type: "string", default: "app" },
    },
  }));
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
if (!values.data) fail("--data is required");
if (!values.out) fail("--out is required");
const ratio = Number(values.ratio);
if (!Number.isFinite(ratio) || ratio <= 0 || ratio > 1)
  fail(`--ratio must be a number in (0, 1], not "${values.ratio}"`);
if (values.method !== "app" && values.method !== "lead") fail(`--method must be app or lead, not "${values.method}"`);

try {
  const rows = readSummaryRows(values.data);
  const started = performance.now();
  const { predictions, mean } = evaluateSummaries(rows, { ratio, method: values.method as Method });
  const ms = performance.now() - started;
  fs.writeFileSync(
    values.out,
    predictions
      .map((p) => JSON.stringify(p))
      .join("\n")
      .concat("\n"),
  );
  console.log(
    `${rows.length} articles, ratio ${ratio}, method ${values.method} (${(ms / rows.length).toFixed(2)} ms/article)`,
  );
  console.log(`predictions written to ${values.out}`);
  console.log(`ROUGE-1 F1: ${mean.rouge1.toFixed(4)}`);
  console.log(`ROUGE-L F1: ${mean.rougeL.toFixed(4)}`);
  console.log(`ROUGE-2 F1: ${mean.rouge2.toFixed(4)}`);
} catch (err) {
  if (err instanceof EvalDataError) fail(err.message);
  throw err;
}
