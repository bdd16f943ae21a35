import { type SQL, sql } from "drizzle-orm";
import { type Db, rows } from "../index";
import {
  CLOSE,
  type HitRow,
  type MatchQuery,
  OPEN,
  type PageRows,
  RECENCY_HALF_MS,
  SNIPPET_WORDS,
  TITLE_WEIGHT,
} from "./search-common";

// Full-text search on SQLite FTS5 (articles_fts, migration 0003). Everything FTS-specific lives here:
// the MATCH syntax, bm25(), snippet() and highlight(). search-postgres.ts is the other engine's.

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

/** A statement and its `?` parameters. Exported for the query-plan test. */
export type BoundSql = { sql: string; params: unknown[] };

/** A BoundSql as drizzle SQL, one chunk per placeholder, for rows() (the statements hold no other `?`). */
function toSql({ sql: text, params }: BoundSql): SQL {
  const parts = text.split("?");
  const out = sql.empty();
  parts.forEach((part, i) => {
    out.append(sql.raw(part));
    if (i < params.length) out.append(sql`${params[i]}`);
  });
  return out;
}

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
  return { sql: `select count(*) as n from (select 1 ${m.body} limit ${cap + 1})`, params: m.params };
}

/** Title and snippet, marked, for the ids of one page (snippet() needs the MATCH in its own query). */
export const DECORATE_SQL = `select a.id, a.slug, a.title, a.excerpt, a.published_at as publishedAt,
     s.slug as sourceSlug, s.name as sourceName,
     highlight(articles_fts, 0, '${OPEN}', '${CLOSE}') as titleMarked,
     snippet(articles_fts, 1, '${OPEN}', '${CLOSE}', '…', ${SNIPPET_WORDS}) as snippet
   from articles_fts f join articles a on a.id = f.rowid join sources s on s.id = a.source_id
   where articles_fts match ? and f.rowid in (select value from json_each(?))`;

/** One page of results, and whether there are more (the statement asks for one row beyond the page). */
export async function runSearchSqlite(
  db: Db,
  q: MatchQuery,
  page: number,
  pageSize: number,
  now: number,
): Promise<PageRows> {
  const statement = searchStatement(q, page, pageSize, now);
  const match = ftsMatchExpression(q);
  if (!match) {
    const found = await rows<HitRow>(db, toSql(statement));
    return { rows: found.slice(0, pageSize), more: found.length > pageSize };
  }
  // Ranked first, decorated after: snippet() is costly, so it runs only for the page's rows.
  const ranked = (await rows<{ id: number }>(db, toSql(statement))).map((r) => r.id);
  const shown = ranked.slice(0, pageSize);
  if (shown.length === 0) return { rows: [], more: false };
  const decorated = await rows<HitRow>(db, toSql({ sql: DECORATE_SQL, params: [match, JSON.stringify(shown)] }));
  const byId = new Map(decorated.map((r) => [r.id, r]));
  return { rows: shown.flatMap((id) => byId.get(id) ?? []), more: ranked.length > pageSize };
}

/** How many rows the query matches, counting no further than cap + 1. */
export async function countMatchesSqlite(db: Db, q: MatchQuery, cap: number): Promise<number> {
  const [row] = await rows<{ n: number }>(db, toSql(searchCountStatement(q, cap)));
  return row?.n ?? 0;
}
