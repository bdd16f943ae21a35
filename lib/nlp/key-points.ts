import { contentTerms } from "@/lib/articles/text";

export type KeyPoint = { sentence: number; text: string };

// Openers that tie a sentence to the one before it; a bullet point stands alone without them.
const LINKING_OPENERS =
  /^(?:however|meanwhile|moreover|furthermore|in addition|additionally|also|but|and|so|still|instead|elsewhere|separately|overall),?\s+/i;
// A trailing attribution adds nothing to a bullet: ", he said." / ", officials said on Monday."
const TRAILING_ATTRIBUTION =
  /,["”]?\s+(?:he|she|they|it|officials?|police|the \w+)\s+(?:said|says|told reporters|added)(?:\s+on \w+)?\.$/i;

/** Rewrites a sentence as a bullet: no linking opener, no trailing "he said", capitalised, ending in a stop. */
export function asBullet(sentence: string): string {
  let s = sentence.trim().replace(LINKING_OPENERS, "");
  if (TRAILING_ATTRIBUTION.test(s)) s = s.replace(TRAILING_ATTRIBUTION, ".").replace(/^["“](.*)\.$/, "$1.");
  s = s.charAt(0).toUpperCase() + s.slice(1);
  s = /[.!?…"”’)]$/.test(s) ? s : `${s}.`;
  // A quote the sentence splitter cut in two ("“Last year she was hitting second serves.") is closed,
  // so the bullet does not read as a quote left open.
  const opens = (s.match(/“/g) ?? []).length;
  const closes = (s.match(/”/g) ?? []).length;
  return opens > closes ? `${s}”` : s;
}

function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let n = 0;
  for (const t of a) if (b.has(t)) n++;
  return n / Math.min(a.size, b.size);
}

/** Above this share of a sentence's content words in a summary sentence, it repeats the summary. */
export const SUMMARY_OVERLAP_MAX = 0.5;

/**
 * Up to 5 key points that add to the summary rather than repeat it: the best-ranked sentences the
 * summary left out, each chosen for its score less its overlap with points already chosen (maximal
 * marginal relevance), so the list covers different aspects. A sentence sharing more than half its
 * content words with a summary sentence counts as said already. A short story may have fewer than 3
 * (or none: the page then shows the summary alone). Returned in article order.
 */
export function keyPoints(
  sentences: readonly string[],
  ranking: readonly number[],
  summary: readonly number[] = [],
): KeyPoint[] {
  const n = sentences.length;
  const termLists = sentences.map((s) => contentTerms(s));
  const terms = termLists.map((t) => new Set(t));
  const inSummary = new Set(summary);
  const saidAlready = (i: number) =>
    inSummary.has(i) ||
    summary.some((j) => overlap(terms[i] ?? new Set(), terms[j] ?? new Set()) > SUMMARY_OVERLAP_MAX);
  const pool = ranking.filter((i) => !saidAlready(i));
  const count = Math.min(pool.length, Math.max(3, Math.min(5, Math.round(n / 6))));
  // Rank position as relevance: 1 for the best sentence, falling towards 0.
  const relevance = new Map(ranking.map((i, r) => [i, 1 - r / Math.max(1, n)]));
  const chosen: number[] = [];
  while (chosen.length < count) {
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const i of pool) {
      if (chosen.includes(i)) continue;
      // Very short sentences ("It was bad.") make poor bullet points.
      if ((termLists[i]?.length ?? 0) < 4 && pool.length > count) continue;
      const redundancy = Math.max(0, ...chosen.map((j) => overlap(terms[i] ?? new Set(), terms[j] ?? new Set())));
      const score = (relevance.get(i) ?? 0) - 0.7 * redundancy;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    if (best < 0) break;
    chosen.push(best);
  }
  return chosen.sort((a, b) => a - b).map((i) => ({ sentence: i, text: asBullet(sentences[i] ?? "") }));
}
