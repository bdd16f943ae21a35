// "Why related", as stored with each related item and read back by the article page. Kept apart from
// the code that computes it (lib/related/shared.ts), which needs the stemmer and the word lists the
// page never loads.

export type NamedRef = { name: string; slug: string };

/** What is stored with each related item (article_related.reasons). */
export type RelatedReasons = {
  /** Tag slugs both stories carry. */
  tags: string[];
  /** People, places and organisations both stories name (from their stored analysis), best first. */
  names: NamedRef[];
  /** Multi-word phrases both stories use, as the article wrote them, most distinctive first. */
  phrases: string[];
};

export const EMPTY_REASONS: RelatedReasons = { tags: [], names: [], phrases: [] };

/** Reads stored reasons, whatever their age: rows from before names and phrases show their tags only. */
export function parseReasons(raw: string | null | undefined): RelatedReasons {
  try {
    const r = JSON.parse(raw ?? "{}") as Record<string, unknown>;
    const strings = (v: unknown) => (Array.isArray(v) ? v.filter((t): t is string => typeof t === "string") : []);
    const names = Array.isArray(r.names)
      ? r.names.filter(
          (n): n is NamedRef =>
            typeof n === "object" && n !== null && typeof n.name === "string" && typeof n.slug === "string",
        )
      : [];
    // The old "terms" (single stems) are ignored on purpose: they were the generic words.
    return { tags: strings(r.tags), names, phrases: strings(r.phrases) };
  } catch {
    return { ...EMPTY_REASONS };
  }
}

/**
 * The stored score from which a content match is shown as "Related coverage", when it also shares a
 * tag or a name with the article. Chosen on bbc-dev (top five of every list): shown items are 0.974
 * precise and keep 0.37 of the correct ones, against 0.830 for every item; at 0.5, 0.984 and 0.29; at
 * 0.4, 0.951 and 0.42 (README, "Search and related stories", has the table and ag_news). Below it,
 * matches are left out rather than shown under a heading that promises more than they are.
 */
export const RELATED_COVERAGE_MIN_SCORE = 0.45;

/**
 * Whether a related item is confident enough to show as related coverage: the same story from another
 * outlet always is; any other match needs a score of at least RELATED_COVERAGE_MIN_SCORE and a shared
 * tag or name. A shared phrase alone is not enough: "standing ovation" ties a tennis final to an
 * opera house.
 */
export function isConfidentMatch(item: { score: number; sameStory: boolean; reasons: RelatedReasons }): boolean {
  return (
    item.sameStory ||
    (item.score >= RELATED_COVERAGE_MIN_SCORE && (item.reasons.tags.length > 0 || item.reasons.names.length > 0))
  );
}
