import { contentTerms, countWords } from "@/lib/articles/text";
import { backgroundIdf } from "./idf";

/**
 * What makes a sentence summary-worthy, each scaled to roughly 0–1:
 * - centrality: the mean, over its content words, of how often the article uses that word (relative
 *   to its most used word). Averaging rather than summing keeps long sentences from winning by length.
 * - distinctiveness: the same, with each word weighted by its background idf, so the story's own
 *   names and subjects count for more than newswire staples.
 * - title: the share of the headline's content words the sentence repeats.
 * - length: log of the word count; very short sentences are usually quotes or asides.
 * - short: 1 for fragments under 8 words.
 * - lead: 1 for the first sentence, falling to 0 for the last.
 */
export type SentenceFeatures = {
  centrality: number;
  distinctiveness: number;
  title: number;
  length: number;
  short: number;
  lead: number;
};

export type SummaryWeights = Omit<SentenceFeatures, "centrality">;

/**
 * Learned on the BBC dev set (scripts/tune-summary.ts: coordinate ascent on ROUGE-2 with five-fold
 * cross-validation, centrality's weight fixed at 1). Five numbers, so they describe what summaries look
 * like rather than memorise the set; the script prints held-out fold scores to show it.
 */
export const SUMMARY_WEIGHTS: SummaryWeights = {
  distinctiveness: 0.6,
  title: 0.1,
  length: 0.35,
  short: -0.05,
  lead: 0,
};

// A candidate sharing this much of its vocabulary with a sentence already chosen adds little.
const REDUNDANT_COSINE = 0.65;

export function sentenceFeatures(title: string, sentences: readonly string[]): SentenceFeatures[] {
  const terms = sentences.map((s) => contentTerms(s));
  const tf = new Map<string, number>();
  for (const ts of terms) for (const t of ts) tf.set(t, (tf.get(t) ?? 0) + 1);
  const maxTf = Math.max(1, ...tf.values());
  const titleTerms = new Set(contentTerms(title));
  const last = Math.max(1, sentences.length - 1);
  return sentences.map((s, i) => {
    const ts = terms[i] ?? [];
    let centrality = 0;
    let distinctiveness = 0;
    let inTitle = 0;
    for (const t of ts) {
      const weight = (tf.get(t) ?? 0) / maxTf;
      centrality += weight;
      distinctiveness += weight * backgroundIdf(t);
    }
    for (const t of new Set(ts)) if (titleTerms.has(t)) inTitle++;
    const n = Math.max(1, ts.length);
    const words = countWords(s);
    return {
      centrality: centrality / n,
      distinctiveness: distinctiveness / n,
      title: titleTerms.size ? inTitle / titleTerms.size : 0,
      length: Math.log(1 + words) / 4,
      short: words < 8 ? 1 : 0,
      lead: 1 - i / last,
    };
  });
}

export function scoreFeatures(f: SentenceFeatures, w: SummaryWeights = SUMMARY_WEIGHTS): number {
  return (
    f.centrality +
    w.distinctiveness * f.distinctiveness +
    w.title * f.title +
    w.length * f.length +
    w.short * f.short +
    w.lead * f.lead
  );
}

/** Sentence indices, best first; ties go to the earlier sentence. */
export function rankSentences(title: string, sentences: readonly string[], w: SummaryWeights = SUMMARY_WEIGHTS) {
  const scores = sentenceFeatures(title, sentences).map((f) => scoreFeatures(f, w));
  return sentences.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
}

function termVector(s: string): Map<string, number> {
  const v = new Map<string, number>();
  for (const t of contentTerms(s)) v.set(t, (v.get(t) ?? 0) + 1);
  return v;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, x] of a) {
    na += x * x;
    dot += x * (b.get(t) ?? 0);
  }
  for (const x of b.values()) nb += x * x;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

export type Budget = { ratio: number } | { minSentences: number; maxSentences: number; minWords: number };

/**
 * Picks sentences best first, skipping near-repeats of ones already picked, until the budget is met,
 * and returns their indices in article order. With `ratio`, sentences are added until their words
 * reach ratio × the article's words (the last one may cross). Otherwise at least `minSentences` and
 * `minWords`, never more than `maxSentences`.
 */
export function selectSentences(
  ranking: readonly number[],
  sentences: readonly string[],
  budget: Budget,
  { avoidRepeats = true }: { avoidRepeats?: boolean } = {},
): number[] {
  const words = sentences.map(countWords);
  const total = words.reduce((a, b) => a + b, 0);
  const vectors = new Map<number, Map<string, number>>();
  const vectorOf = (i: number) => {
    let v = vectors.get(i);
    if (!v) {
      v = termVector(sentences[i] ?? "");
      vectors.set(i, v);
    }
    return v;
  };
  const chosen: number[] = [];
  let used = 0;
  const done = () =>
    "ratio" in budget
      ? used >= budget.ratio * total
      : chosen.length >= budget.maxSentences || (chosen.length >= budget.minSentences && used >= budget.minWords);
  const skipped: number[] = [];
  for (const i of ranking) {
    if (done()) break;
    const v = avoidRepeats ? vectorOf(i) : new Map<string, number>();
    if (avoidRepeats && chosen.some((j) => cosine(v, vectorOf(j)) >= REDUNDANT_COSINE)) {
      skipped.push(i);
      continue;
    }
    chosen.push(i);
    used += words[i] ?? 0;
  }
  // Near-repeats are only a last resort, when the rest could not fill the budget.
  for (const i of skipped) {
    if (done()) break;
    chosen.push(i);
    used += words[i] ?? 0;
  }
  return chosen.sort((a, b) => a - b);
}

/** The short summary shown first: 2–4 sentences, about 50 words or more when the sentences are short. */
export const SHORT_SUMMARY: Budget = { minSentences: 2, maxSentences: 4, minWords: 50 };
/** "Show longer summary": about 40% of the article's words. */
export const LONG_SUMMARY_RATIO = 0.4;

/** Extractive summary of `sentences` under `budget`: indices in article order. */
export function summarize(title: string, sentences: readonly string[], budget: Budget): number[] {
  return selectSentences(rankSentences(title, sentences), sentences, budget);
}

/** The "first sentences" baseline the evaluation compares against. */
export function leadSummary(sentences: readonly string[], budget: Budget): number[] {
  return selectSentences(
    sentences.map((_, i) => i),
    sentences,
    budget,
    { avoidRepeats: false },
  );
}
