// What both search engines share (db/queries/search.ts picks one): the parsed query they run, the row
// they hand back, the highlight sentinels and the ranking constants. Kept here so that the SQLite and
// the PostgreSQL implementation cannot drift apart on them.

/** A parsed query as search needs it (lib/search/query.ts parses what the reader typed into one). */
export type MatchQuery = {
  /** Every one must match; each is a phrase of letter-and-digit words. */
  phrases: readonly (readonly string[])[];
  /** None may match. */
  excluded: readonly (readonly string[])[];
  /** Outlet slugs: the story comes from one of them. */
  sources: readonly string[];
  /** Tag slugs: the story carries every one. */
  tags: readonly string[];
};

/** One result row before it becomes a card: titleMarked and snippet are null for filter-only searches. */
export type HitRow = {
  id: number;
  slug: string;
  title: string;
  excerpt: string;
  publishedAt: number;
  sourceSlug: string;
  sourceName: string;
  titleMarked: string | null;
  snippet: string | null;
};

/** One page of rows, and whether another page follows. */
export type PageRows = { rows: HitRow[]; more: boolean };

// Both engines wrap matches in these private-use characters, never in HTML: the text is split on them
// into parts and rendered by React, which escapes it. Feed text is never trusted markup.
export const OPEN = "\uE000";
export const CLOSE = "\uE001";
/** A title word counts this many times a body word. */
export const TITLE_WEIGHT = 4;
/** Relevance is scaled between 1 (published now) and 0.5 (long ago), halfway there after this long. */
export const RECENCY_HALF_MS = 30 * 86_400_000;
/** Words around the best match in a snippet. */
export const SNIPPET_WORDS = 28;
