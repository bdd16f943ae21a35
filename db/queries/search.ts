import "server-only";
import type { Db } from "../index";
import { type ArticleCard, toCards } from "./articles";

/** A parsed query as this file needs it (lib/search/query.ts parses what the reader typed into one). */
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

// Full-text search on SQLite FTS5 (articles_fts, migration 0003). Everything FTS-specific lives here:
// the MATCH syntax, bm25(), snippet() and highlight(). Another engine would replace this file only.

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

// snippet() and highlight() wrap matches in these private-use characters, never in HTML: the text is
// split on them into parts and rendered by React, which escapes it. Feed text is never trusted markup.
const OPEN = "\uE000";
const CLOSE = "\uE001";
const TITLE_WEIGHT = 4;
/** Relevance is scaled between 1 (published now) and 0.5 (long ago), halfway there after this long. */
const RECENCY_HALF_MS = 30 * 86_400_000;

/** Splits text marked with the sentinels into plain and marked parts. */
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

function ftsPhrase(words: readonly string[]): string {
  // Words are letters and digits only (lib/search/query.ts), but quoting is what keeps them words.
  return `"${words.join(" ").replaceAll('"', '""')}"`;
}

/** The FTS5 MATCH expression for the query's phrases and exclusions, or null when it has no phrase. */
export function ftsMatchExpression(q: Pick<MatchQuery, "phrases" | "excluded">): string | null {
  if (q.phrases.length === 0) return null;
  const positive = `(${q.phrases.map(ftsPhrase).join(" AND ")})`;
  return positive + q.excluded.map((p) => ` NOT ${ftsPhrase(p)}`).join("");
}

type HitRow = {
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

/** Filters shared by both query shapes: outlets, and tags every result must carry. */
function filterSql(q: MatchQuery, params: unknown[]): string {
  let where = "";
  if (q.sources.length > 0) {
    where += " and a.source_id in (select id from sources where slug in (select value from json_each(?)))";
    params.push(JSON.stringify(q.sources));
  }
  for (const tag of q.tags) {
    where +=
      " and exists (select 1 from article_tags at2 join tags t2 on t2.id = at2.tag_id where at2.article_id = a.id and t2.slug = ?)";
    params.push(tag);
  }
  return where;
}

/** A statement and its parameters. Exported for the query-plan test. */
export type BoundSql = { sql: string; params: unknown[] };

/** The rows a query matches, in the order they are listed, before any page is cut from them. */
type MatchedRows = {
  /** `from … where …`, ready for a select list in front and an order/limit after. */
  body: string;
  params: unknown[];
  order: string;
  /** Ranked searches select ids only and are decorated after; filter-only searches select whole rows. */
  ranked: boolean;
};

function matchedRows(q: MatchQuery, now: number): MatchedRows {
  const params: unknown[] = [];
  const match = ftsMatchExpression(q);
  if (match) {
    params.push(match);
    const filters = filterSql(q, params);
    return {
      body: `from articles_fts f join articles a on a.id = f.rowid
         where articles_fts match ? ${filters}`,
      params,
      order: `order by -bm25(articles_fts, ${TITLE_WEIGHT}, 1.0)
           * (0.5 + 0.5 / (1.0 + max(0, ${Math.floor(now)} - a.published_at) / ${RECENCY_HALF_MS}.0)) desc, a.id desc`,
      ranked: true,
    };
  }
  let exclude = "";
  if (q.excluded.length > 0) {
    exclude = " and a.id not in (select rowid from articles_fts where articles_fts match ?)";
    params.push(q.excluded.map(ftsPhrase).join(" OR "));
  }
  const [firstTag, ...otherTags] = q.tags;
  if (firstTag !== undefined) {
    // Walk the first tag's (tag_id, published_at, article_id) index newest first: no sort, no scan of
    // articles. CROSS JOIN keeps SQLite from starting at articles instead.
    const rest = filterSql({ ...q, tags: otherTags }, params);
    return {
      body: `from tags t cross join article_tags at cross join articles a join sources s on s.id = a.source_id
         where t.slug = ? and at.tag_id = t.id and a.id = at.article_id ${exclude} ${rest}`,
      params: [firstTag, ...params],
      order: "order by at.published_at desc, at.article_id desc",
      ranked: false,
    };
  }
  const filters = filterSql(q, params);
  return {
    body: `from articles a join sources s on s.id = a.source_id
       where 1 = 1 ${exclude} ${filters}`,
    params,
    order: "order by a.published_at desc, a.id desc",
    ranked: false,
  };
}

/**
 * The statement that finds a page of results: ranked ids when the query has words, or whole rows
 * (newest first) when it only filters by outlet or tag.
 */
export function searchStatement(q: MatchQuery, page: number, pageSize: number, now: number): BoundSql {
  const m = matchedRows(q, now);
  const offset = (page - 1) * pageSize;
  const columns = m.ranked
    ? "f.rowid as id"
    : `a.id, a.slug, a.title, a.excerpt, a.published_at as publishedAt, s.slug as sourceSlug,
         s.name as sourceName, null as titleMarked, null as snippet`;
  return {
    sql: `select ${columns}
         ${m.body}
         ${m.order}
         limit ${pageSize + 1} offset ${offset}`,
    params: m.params,
  };
}

/**
 * Counts what a query matches, up to `cap` + 1: past the cap the page says "more than", so a very common
 * word costs a bounded walk of the index rather than a count of the whole collection.
 */
export function searchCountStatement(q: MatchQuery, cap: number): BoundSql {
  const m = matchedRows(q, 0);
  return { sql: `select count(*) from (select 1 ${m.body} limit ${cap + 1})`, params: m.params };
}

/** Title and snippet, marked, for the ids of one page (snippet() needs the MATCH in its own query). */
export const DECORATE_SQL = `select a.id, a.slug, a.title, a.excerpt, a.published_at as publishedAt,
     s.slug as sourceSlug, s.name as sourceName,
     highlight(articles_fts, 0, '${OPEN}', '${CLOSE}') as titleMarked,
     snippet(articles_fts, 1, '${OPEN}', '${CLOSE}', '…', 28) as snippet
   from articles_fts f join articles a on a.id = f.rowid join sources s on s.id = a.source_id
   where articles_fts match ? and f.rowid in (select value from json_each(?))`;

function runSearch(db: Db, q: MatchQuery, page: number, pageSize: number, now: number): HitRow[] {
  const client = db.$client;
  const { sql, params } = searchStatement(q, page, pageSize, now);
  const match = ftsMatchExpression(q);
  if (!match) return client.prepare(sql).all(...params) as HitRow[];
  // Ranked first, decorated after: snippet() is costly, so it runs only for the page's rows.
  const ranked = client
    .prepare(sql)
    .pluck()
    .all(...params) as number[];
  if (ranked.length === 0) return [];
  const rows = client.prepare(DECORATE_SQL).all(match, JSON.stringify(ranked)) as HitRow[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ranked.flatMap((id) => byId.get(id) ?? []);
}

function countMatches(db: Db, q: MatchQuery): number {
  const { sql, params } = searchCountStatement(q, SEARCH_COUNT_CAP);
  return db.$client
    .prepare(sql)
    .pluck()
    .get(...params) as number;
}

/**
 * Stories matching a parsed query, best first: bm25 (title words count four times) blended with
 * recency, with the title and a snippet of the body highlighted. `page` starts at 1.
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
  const rows = runSearch(db, query, safePage, pageSize, now);
  const counted = countMatches(db, query);
  const pageRows = rows.slice(0, pageSize);
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
    hasMore: rows.length > pageSize && safePage < MAX_SEARCH_PAGE,
    total: Math.min(counted, SEARCH_COUNT_CAP),
    totalIsLowerBound: counted > SEARCH_COUNT_CAP,
  };
}
