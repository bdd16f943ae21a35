import background from "./background-idf.json";

// Built by scripts/build-background-idf.ts from Wikinews; see there for why.
const corpus = background as unknown as { docs: number; df: Record<string, number> };
const MAX_IDF = Math.log(corpus.docs + 1) + 1;

/**
 * Smoothed inverse document frequency of a content term (as `contentTerms` makes them) in the
 * background corpus, scaled to 0–1: 1 for a word the corpus never saw twice, near 0.2 for one in every
 * document.
 */
export function backgroundIdf(term: string): number {
  const df = Object.hasOwn(corpus.df, term) ? (corpus.df[term] ?? 0) : 0;
  return (Math.log((corpus.docs + 1) / (df + 1)) + 1) / MAX_IDF;
}
