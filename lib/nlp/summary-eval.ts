import fs from "node:fs";
import { type RougeScores, rouge } from "./rouge";
import { bodySentences } from "./sentences";
import { leadSummary, rankSentences, SUMMARY_WEIGHTS, type SummaryWeights, selectSentences } from "./summary";

export type SummaryRow = { id: string; title: string; body: string; summary: string };

export class EvalDataError extends Error {}

/** Reads a JSONL file of {id, title, body, summary} rows; any bad line is an error naming the line. */
export function readSummaryRows(file: string): SummaryRow[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new EvalDataError(`cannot read ${file}: no such file or not readable`);
  }
  const rows: SummaryRow[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line);
    } catch {
      throw new EvalDataError(`${file}:${i + 1}: not valid JSON`);
    }
    for (const key of ["title", "body", "summary"] as const)
      if (typeof row[key] !== "string")
        throw new EvalDataError(`${file}:${i + 1}: "${key}" is missing or not a string`);
    if (typeof row.id !== "string" && typeof row.id !== "number")
      throw new EvalDataError(`${file}:${i + 1}: "id" is missing`);
    rows.push({
      id: String(row.id),
      title: row.title as string,
      body: row.body as string,
      summary: row.summary as string,
    });
  });
  if (rows.length === 0) throw new EvalDataError(`${file} has no rows`);
  return rows;
}

export type Method = "app" | "lead";

/** The summary the app would make of a body at this word ratio (or the lead baseline's), as text. */
export function summaryAtRatio(
  row: Pick<SummaryRow, "title" | "body">,
  ratio: number,
  method: Method = "app",
  weights: SummaryWeights = SUMMARY_WEIGHTS,
): string {
  const sentences = bodySentences(row.body).map((s) => s.text);
  const picked =
    method === "lead"
      ? leadSummary(sentences, { ratio })
      : selectSentences(rankSentences(row.title, sentences, weights), sentences, { ratio });
  return picked.map((i) => sentences[i]).join(" ");
}

export type EvalResult = { predictions: { id: string; summary: string }[]; mean: RougeScores };

export function evaluateSummaries(
  rows: readonly SummaryRow[],
  { ratio, method = "app", weights }: { ratio: number; method?: Method; weights?: SummaryWeights },
): EvalResult {
  const sum = { rouge1: 0, rouge2: 0, rougeL: 0 };
  const predictions = rows.map((row) => {
    const summary = summaryAtRatio(row, ratio, method, weights);
    const s = rouge(summary, row.summary);
    sum.rouge1 += s.rouge1;
    sum.rouge2 += s.rouge2;
    sum.rougeL += s.rougeL;
    return { id: row.id, summary };
  });
  const n = rows.length;
  return { predictions, mean: { rouge1: sum.rouge1 / n, rouge2: sum.rouge2 / n, rougeL: sum.rougeL / n } };
}
