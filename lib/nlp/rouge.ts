// ROUGE as the project's evaluation protocol defines it: F1 over lower-cased [a-z0-9]+ tokens.
// ROUGE-L is the longest common subsequence of the two token sequences as wholes.

export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

function f1(overlap: number, predicted: number, reference: number): number {
  if (overlap === 0 || predicted === 0 || reference === 0) return 0;
  const p = overlap / predicted;
  const r = overlap / reference;
  return (2 * p * r) / (p + r);
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(" ");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** ROUGE-N F1, each n-gram counted at most as often as it occurs in the other text. */
export function rougeN(predicted: readonly string[], reference: readonly string[], n: number): number {
  const p = ngramCounts(predicted, n);
  const r = ngramCounts(reference, n);
  let overlap = 0;
  for (const [g, c] of p) overlap += Math.min(c, r.get(g) ?? 0);
  return f1(overlap, Math.max(0, predicted.length - n + 1), Math.max(0, reference.length - n + 1));
}

export function rougeL(predicted: readonly string[], reference: readonly string[]): number {
  if (predicted.length === 0 || reference.length === 0) return 0;
  // Two rows of the LCS table are enough.
  let prev = new Uint32Array(reference.length + 1);
  let cur = new Uint32Array(reference.length + 1);
  for (const x of predicted) {
    for (let j = 0; j < reference.length; j++)
      cur[j + 1] = x === reference[j] ? (prev[j] ?? 0) + 1 : Math.max(prev[j + 1] ?? 0, cur[j] ?? 0);
    [prev, cur] = [cur, prev];
  }
  return f1(prev[reference.length] ?? 0, predicted.length, reference.length);
}

export type RougeScores = { rouge1: number; rouge2: number; rougeL: number };

export function rouge(predicted: string, reference: string): RougeScores {
  const p = rougeTokens(predicted);
  const r = rougeTokens(reference);
  return { rouge1: rougeN(p, r, 1), rouge2: rougeN(p, r, 2), rougeL: rougeL(p, r) };
}
