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

// Full-text search on PostgreSQL: the stored, weighted articles.search_vector with its GIN index and
// the `tidings_search` text search configuration (migration db/migrations-pg/0001_search_tsvector.sql).
// The same parsed query as on SQLite (search-sqlite.ts), in tsquery form; the same blend of relevance
// and recency; the same private-use highlight sentinels.

const CONFIG = sql.raw("'tidings_search'::regconfig");

// ts_rank_cd's weights, in the order D, C, B, A: the title (A) counts TITLE_WEIGHT times the body (D),
// as bm25's column weights make it on SQLite. B and C are unused.
const RANK_WEIGHTS = sql.raw(`'{${1 / TITLE_WEIGHT}, ${1 / TITLE_WEIGHT}, ${1 / TITLE_WEIGHT}, 1}'::float4[]`);
// 1: rank / (1 + log(document length)), so a long story does not win on word count alone (bm25 normalises
// for length too).
const RANK_NORMALIZATION = 1;

// The index sees ASCII punctuation as spaces (see the migration). ts_headline must see the same words,
// so the text it marks has each of those characters swapped for a private-use one (which its parser
// takes for a space, and never for part of an HTML tag it would drop), and swapped back after: the
// snippet is the stored text, character for character, with the sentinels added.
const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const STAND_INS = Array.from(PUNCTUATION, (_, i) => String.fromCharCode(0xe010 + i)).join("");
/** The index holds the body's first this many characters (the migration's left(body, 300000)). */
const INDEXED_BODY_CHARS = 300_000;
/** The snippet is looked for in this much of the body first (see decorateStatement). */
const HEADLINE_WINDOW = 3000;
/** How much of the body's start and end decorateStatement returns, for withEllipses(). */
const EDGE_CHARS = 1000;

const TITLE_OPTIONS = `StartSel=${OPEN}, StopSel=${CLOSE}, HighlightAll=true`;
// MaxFragments=1: one fragment of up to SNIPPET_WORDS words with the match inside it (the default mode
// may end the snippet on the match, with all its context before it). Like FTS5's snippet().
const SNIPPET_OPTIONS = `StartSel=${OPEN}, StopSel=${CLOSE}, MaxWords=${SNIPPET_WORDS}, MinWords=${SNIPPET_WORDS - 4}, ShortWord=0, MaxFragments=1`;

function phraseQuery(words: readonly string[]): SQL {
  // phraseto_tsquery reads its argument as plain text (no operators), normalises each word as the index
  // did (unaccent, stem) and joins them with <->: the words adjacent and in that order.
  return sql`phraseto_tsquery(${CONFIG}, ${words.join(" ")})`;
}

/** What a result must match (the phrases), or null when the query has none. */
export function positiveTsquery(q: Pick<MatchQuery, "phrases">): SQL | null {
  if (q.phrases.length === 0) return null;
  return sql.join(q.phrases.map(phraseQuery), sql` && `);
}

/** What no result may match (any of the excluded phrases), or null. */
function excludedTsquery(q: Pick<MatchQuery, "excluded">): SQL | null {
  if (q.excluded.length === 0) return null;
  return sql.join(q.excluded.map(phraseQuery), sql` || `);
}

/** The whole match: every phrase and none of the exclusions (`&& !!`), or null without a phrase. */
export function matchTsquery(q: Pick<MatchQuery, "phrases" | "excluded">): SQL | null {
  const positive = positiveTsquery(q);
  if (!positive) return null;
  const excluded = excludedTsquery(q);
  return excluded ? sql`(${positive}) && !!(${excluded})` : positive;
}

/** Outlets, and tags every result must carry. */
function filters(q: MatchQuery, tags: readonly string[]): SQL {
  const out = sql.empty();
  if (q.sources.length > 0) {
    out.append(
      sql` and a.source_id in (select id from sources where slug in (${sql.join(
        q.sources.map((s) => sql`${s}`),
        sql`, `,
      )}))`,
    );
  }
  for (const tag of tags) {
    out.append(
      sql` and exists (select 1 from article_tags at2 join tags t2 on t2.id = at2.tag_id where at2.article_id = a.id and t2.slug = ${tag})`,
    );
  }
  return out;
}

const ROW_COLUMNS = sql.raw(`a.id, a.slug, a.title, a.excerpt, a.published_at as "publishedAt",
  s.slug as "sourceSlug", s.name as "sourceName"`);

/** The statement for a page of ranked ids (the query has words). Exported for the query-plan test. */
export function rankedStatement(q: MatchQuery, page: number, pageSize: number, now: number): SQL {
  const match = matchTsquery(q);
  const positive = positiveTsquery(q);
  if (!match || !positive) throw new Error("rankedStatement needs a query with words");
  const offset = (page - 1) * pageSize;
  // Rank by the phrases alone: the exclusions cannot occur in a row that matched.
  return sql`select a.id from articles a
    where a.search_vector @@ (${match}) ${filters(q, q.tags)}
    order by ts_rank_cd(${RANK_WEIGHTS}, a.search_vector, ${positive}, ${sql.raw(String(RANK_NORMALIZATION))})
      * (0.5 + 0.5 / (1.0 + greatest(0, ${Math.floor(now)}::bigint - a.published_at)::float8 / ${sql.raw(`${RECENCY_HALF_MS}.0`)})) desc,
      a.id desc
    limit ${sql.raw(String(pageSize + 1))} offset ${sql.raw(String(offset))}`;
}

/** Filter-only searches (an outlet or a tag, no words): whole rows, newest first. */
function filteredBody(q: MatchQuery): { from: SQL; order: SQL } {
  const excluded = excludedTsquery(q);
  const exclude = excluded ? sql` and not (a.search_vector @@ (${excluded}))` : sql``;
  const [firstTag, ...otherTags] = q.tags;
  if (firstTag !== undefined) {
    // From the first tag's (tag_id, published_at, article_id) index, newest first, as on SQLite.
    return {
      from: sql`from tags t join article_tags at on at.tag_id = t.id join articles a on a.id = at.article_id
        join sources s on s.id = a.source_id
        where t.slug = ${firstTag} ${exclude} ${filters(q, otherTags)}`,
      order: sql`order by at.published_at desc, at.article_id desc`,
    };
  }
  return {
    from: sql`from articles a join sources s on s.id = a.source_id where true ${exclude} ${filters(q, q.tags)}`,
    order: sql`order by a.published_at desc, a.id desc`,
  };
}

/** The statement for a page of a filter-only search. Exported for the query-plan test. */
export function filteredStatement(q: MatchQuery, page: number, pageSize: number): SQL {
  const { from, order } = filteredBody(q);
  const offset = (page - 1) * pageSize;
  return sql`select ${ROW_COLUMNS}, null as "titleMarked", null as snippet ${from} ${order}
    limit ${sql.raw(String(pageSize + 1))} offset ${sql.raw(String(offset))}`;
}

/**
 * Title and snippet, marked by ts_headline, for the ids of one page only (ts_headline re-parses the
 * text, so it is the costly part), with the body's first and last EDGE_CHARS characters so that
 * withEllipses() can tell whether the snippet reaches either end.
 */
export function decorateStatement(q: MatchQuery, ids: readonly number[]): SQL {
  const positive = positiveTsquery(q);
  if (!positive) throw new Error("decorateStatement needs a query with words");
  const mask = (text: SQL) => sql`translate(${text}, ${PUNCTUATION}, ${STAND_INS})`;
  const unmask = (text: SQL) => sql`translate(${text}, ${STAND_INS}, ${PUNCTUATION})`;
  const headline = (text: SQL) => unmask(sql`ts_headline(${CONFIG}, ${mask(text)}, ${positive}, ${SNIPPET_OPTIONS})`);
  // ts_headline takes time in proportion to the text and to the matches in it: it marks the opening
  // HEADLINE_WINDOW characters first, and reads the whole body only when the match is not in them.
  // `offset 0` keeps the subquery a subquery: pulled up, each mention of opening.snippet would be a
  // call of ts_headline of its own.
  return sql`select ${ROW_COLUMNS},
      ${unmask(sql`ts_headline(${CONFIG}, ${mask(sql`a.title`)}, ${positive}, ${TITLE_OPTIONS})`)} as "titleMarked",
      case when length(a.body) <= ${sql.raw(String(HEADLINE_WINDOW))} or strpos(opening.snippet, ${OPEN}) > 0
        then opening.snippet
        else ${headline(sql`left(a.body, ${sql.raw(String(INDEXED_BODY_CHARS))})`)} end as snippet,
      left(a.body, ${sql.raw(String(EDGE_CHARS))}) as "bodyHead",
      right(a.body, ${sql.raw(String(EDGE_CHARS))}) as "bodyTail"
    from articles a join sources s on s.id = a.source_id
    cross join lateral (
      select ${headline(sql`left(a.body, ${sql.raw(String(HEADLINE_WINDOW))})`)} as snippet offset 0
    ) opening
    where a.id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`;
}

type DecoratedRow = HitRow & { bodyHead: string; bodyTail: string };

const TRAILING_NON_WORD = /[^\p{L}\p{N}]+$/u;

/**
 * The snippet with an ellipsis at either end where the body goes on, as FTS5's snippet() gives it.
 * (A fragment ends on a word: what follows the body's last word, its full stop, is not in it.)
 */
export function withEllipses(snippet: string, bodyHead: string, bodyTail: string): string {
  const plain = snippet.replaceAll(OPEN, "").replaceAll(CLOSE, "");
  const start = plain.trimStart();
  const atStart = bodyHead.trimStart().startsWith(start.slice(0, Math.max(0, bodyHead.trimStart().length)));
  const end = plain.replace(TRAILING_NON_WORD, "");
  const tail = bodyTail.replace(TRAILING_NON_WORD, "");
  const atEnd = end.length <= tail.length ? tail.endsWith(end) : end.endsWith(tail);
  return `${atStart ? "" : "…"}${snippet}${atEnd ? "" : "…"}`;
}

/** One page of results, and whether there are more (the statement asks for one row beyond the page). */
export async function runSearchPostgres(
  db: Db,
  q: MatchQuery,
  page: number,
  pageSize: number,
  now: number,
): Promise<PageRows> {
  if (q.phrases.length === 0) {
    const found = await rows<HitRow>(db, filteredStatement(q, page, pageSize));
    return { rows: found.slice(0, pageSize), more: found.length > pageSize };
  }
  // Ranked first, decorated after: ts_headline re-parses the text, so it runs for the page's rows only.
  const ranked = (await rows<{ id: number }>(db, rankedStatement(q, page, pageSize, now))).map((r) => r.id);
  const shown = ranked.slice(0, pageSize);
  if (shown.length === 0) return { rows: [], more: false };
  const decorated = await rows<DecoratedRow>(db, decorateStatement(q, shown));
  const byId = new Map(
    decorated.map(({ bodyHead, bodyTail, ...r }): [number, HitRow] => [
      r.id,
      { ...r, snippet: r.snippet === null ? null : withEllipses(r.snippet, bodyHead, bodyTail) },
    ]),
  );
  return { rows: shown.flatMap((id) => byId.get(id) ?? []), more: ranked.length > pageSize };
}

/** The count statement: matches up to cap + 1, so a common word costs a bounded walk. */
export function countStatement(q: MatchQuery, cap: number): SQL {
  const match = matchTsquery(q);
  const inner = match
    ? sql`select 1 from articles a where a.search_vector @@ (${match}) ${filters(q, q.tags)}`
    : sql`select 1 ${filteredBody(q).from}`;
  return sql`select count(*)::int as n from (${inner} limit ${sql.raw(String(cap + 1))}) c`;
}

/** How many rows the query matches, counting no further than cap + 1. */
export async function countMatchesPostgres(db: Db, q: MatchQuery, cap: number): Promise<number> {
  const [row] = await rows<{ n: number }>(db, countStatement(q, cap));
  return row?.n ?? 0;
}
