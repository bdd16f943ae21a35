import "server-only";
import { type Db, engineOf } from "../index";
import { type ArticleCard, toCards } from "./articles";
import { CLOSE, type MatchQuery, OPEN, type PageRows } from "./search-common";
import { countMatchesPostgres, runSearchPostgres } from "./search-postgres";
import { countMatchesSqlite, runSearchSqlite } from "./search-sqlite";

export type { MatchQuery } from "./search-common";

// Full-text search, one public function for both engines: SQLite FTS5 (search-sqlite.ts, migration
// 0003) and PostgreSQL's tsvector (search-postgres.ts, migrations-pg 0001). Each turns the same parsed
// query into its engine's language, ranks by relevance blended with recency, and marks the matches
// with the same private-use sentinels (search-common.ts); paging, counting and the result shape are
// here, once.

export const SEARCH_PAGE_SIZE = 10;
/** Deeper pages cost more and nobody reads them; the page offers a narrower query instead. */
export const MAX_SEARCH_PAGE = 50;

/** A piece of highlighted text: `mark` pieces matched the query. */
export type TextPart = { text: string; mark: boolean };
export type SearchHit = ArticleCard & { titleParts: TextPart[]; snippetParts: TextPart[] };
/** `total` is exact up to SEARCH_COUNT_CAP; `totalIsLowerBound` says there are more than that. */
export type SearchResults = {
  items: SearchHit[];
  page: number;
  hasMore: boolean;
  total: number;
  totalIsLowerBound: boolean;
};
/** Counting stops here ("More than 1,000 results"): nobody pages that far, and the count stays cheap. */
export const SEARCH_COUNT_CAP = 1000;

/** Splits text marked with the sentinels (search-common.ts OPEN/CLOSE) into plain and marked parts. */
export function splitMarked(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let mark = false;
  for (const piece of text.split(/([\uE000\uE001])/)) {
    if (piece === OPEN) mark = true;
    else if (piece === CLOSE) mark = false;
    else if (piece) parts.push({ text: piece, mark });
  }
  return parts;
}

function runSearch(db: Db, q: MatchQuery, page: number, pageSize: number, now: number): Promise<PageRows> {
  return engineOf(db) === "postgres"
    ? runSearchPostgres(db, q, page, pageSize, now)
    : runSearchSqlite(db, q, page, pageSize, now);
}

/**
 * How many stories a query matches, counting no further than `cap` + 1: past the cap the page says
 * "more than", so a very common word costs a bounded walk of the index, not a count of everything.
 */
export function countSearchMatches(db: Db, q: MatchQuery, cap = SEARCH_COUNT_CAP): Promise<number> {
  return engineOf(db) === "postgres" ? countMatchesPostgres(db, q, cap) : countMatchesSqlite(db, q, cap);
}

/**
 * Stories matching a parsed query, best first: relevance (bm25 on SQLite, ts_rank_cd on PostgreSQL; title
 * words count four times) blended with recency, with the title and a snippet of the body highlighted.
 * `page` starts at 1.
 */
export async function searchArticles(
  db: Db,
  {
    query,
    page = 1,
    pageSize = SEARCH_PAGE_SIZE,
    now = Date.now(),
  }: {
    query: MatchQuery;
    page?: number;
    pageSize?: number;
    now?: number;
  },
): Promise<SearchResults> {
  const safePage = Math.min(MAX_SEARCH_PAGE, Math.max(1, Math.floor(page) || 1));
  if (query.phrases.length === 0 && query.sources.length === 0 && query.tags.length === 0) {
    return { items: [], page: safePage, hasMore: false, total: 0, totalIsLowerBound: false };
  }
  const { rows: pageRows, more } = await runSearch(db, query, safePage, pageSize, now);
  const counted = await countSearchMatches(db, query);
  const cards = await toCards(
    db,
    pageRows.map((r) => ({ ...r, publishedAt: new Date(r.publishedAt) })),
  );
  return {
    items: cards.map((card, i) => {
      const row = pageRows[i];
      return {
        ...card,
        titleParts: row?.titleMarked ? splitMarked(row.titleMarked) : [{ text: card.title, mark: false }],
        snippetParts: row?.snippet ? splitMarked(row.snippet) : [{ text: card.excerpt, mark: false }],
      };
    }),
    page: safePage,
    hasMore: more && safePage < MAX_SEARCH_PAGE,
    total: Math.min(counted, SEARCH_COUNT_CAP),
    totalIsLowerBound: counted > SEARCH_COUNT_CAP,
  };
}
