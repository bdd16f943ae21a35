// "Why related", as stored with each related item and read back by the article page. Kept apart from
// the code that computes it (lib/related-shared.ts), which needs the stemmer and the word lists the
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

/** True when the reasons hold something a reader recognises: a shared tag, name or phrase. */
export function hasRecognisableReason(reasons: RelatedReasons): boolean {
  return reasons.tags.length > 0 || reasons.names.length > 0 || reasons.phrases.length > 0;
}

/**
 * The stored score from which a content match is shown as "Related coverage", when it also shares a
 * tag, a name or a phrase with the article. Chosen on bbc-dev (precision of shown items against the
 * rest, see README "Search and related stories"); below it, matches are left out rather than shown
 * under a heading that promises more than they are.
 */
export const RELATED_COVERAGE_MIN_SCORE = 0.45;

/**
 * Whether a related item is confident enough to show as related coverage: the same story from another
 * outlet always is; any other match needs both a score of at least RELATED_COVERAGE_MIN_SCORE and a
 * reason a reader can check.
 */
export function isConfidentMatch(item: { score: number; sameStory: boolean; reasons: RelatedReasons }): boolean {
  return item.sameStory || (item.score >= RELATED_COVERAGE_MIN_SCORE && hasRecognisableReason(item.reasons));
}
