// The storage of the related-stories engine (lib/related/store.ts ranks; this file only reads and
// writes): corpus statistics, per-article term counts, the inverted index, and the stored lists.
// Each function takes a batch where the engine works in batches, so another engine can answer with
// one set query instead of a round trip per row. On SQLite the statements are prepared once per
// connection and run synchronously in a loop: building them per call cost more than running them.
// Used by scripts, so no "server-only".
import type Database from "better-sqlite3";
import type { Db } from "../index";

function prepare(c: Database.Database) {
  return {
    stats: c.prepare("select docs, total_length as totalLength from related_stats where id = 1"),
    setStats: c.prepare(
      "insert into related_stats (id, docs, total_length) values (1, ?, ?) on conflict(id) do update set docs = excluded.docs, total_length = excluded.total_length",
    ),
    articleText: c.prepare("select title, body from articles where id = ?"),
    doc: c.prepare("select length, terms from related_docs where article_id = ?"),
    putDoc: c.prepare(
      "insert into related_docs (article_id, length, terms) values (?, ?, ?) on conflict(article_id) do update set length = excluded.length, terms = excluded.terms",
    ),
    termId: c.prepare("select id from related_terms where term = ?").pluck(),
    termByText: c.prepare("select id, df from related_terms where term = ?"),
    insertTerm: c.prepare("insert into related_terms (term, df) values (?, 0) returning id").pluck(),
    addDf: c.prepare("update related_terms set df = df + ? where id = ?"),
    df: c.prepare("select df from related_terms where id = ?").pluck(),
    clearPostings: c.prepare("delete from related_postings where article_id = ?"),
    putPosting: c.prepare("insert into related_postings (article_id, term_id, impact) values (?, ?, ?)"),
    postings: c
      .prepare("select article_id, impact from related_postings where term_id = ? order by impact desc limit ?")
      .raw(true),
    candidates: c.prepare(
      `select d.article_id as id, d.length, d.terms, a.source_id as sourceId, a.published_at as publishedAt
       from related_docs d join articles a on a.id = d.article_id
       where d.article_id in (select value from json_each(?))`,
    ),
    tags: c
      .prepare(
        `select at.article_id, t.slug from article_tags at join tags t on t.id = at.tag_id
         where at.article_id in (select value from json_each(?))`,
      )
      .raw(true),
    slug: c.prepare("select slug from articles where id = ?").pluck(),
    // Only the named entities of the stored analysis, not its sentences: "why related" needs no more.
    names: c.prepare(
      `select json_extract(data, '$.people') as people, json_extract(data, '$.places') as places,
              json_extract(data, '$.organisations') as organisations
       from article_analysis where article_id = ?`,
    ),
    listOf: c.prepare("select related_id from article_related where article_id = ? order by rank").pluck(),
    listHead: c.prepare("select related_id from article_related where article_id = ? order by rank limit ?").pluck(),
    listsContaining: c.prepare("select article_id from article_related where related_id = ?").pluck(),
    clearList: c.prepare("delete from article_related where article_id = ?"),
    putList: c.prepare(
      "insert into article_related (article_id, related_id, rank, score, same_story, reasons) values (?, ?, ?, ?, ?, ?)",
    ),
    allIds: c.prepare("select id from articles order by id").pluck(),
  };
}
type Statements = ReturnType<typeof prepare>;
const statementCache = new WeakMap<Database.Database, Statements>();

function st(db: Db): Statements {
  let s = statementCache.get(db.$client);
  if (!s) {
    s = prepare(db.$client);
    statementCache.set(db.$client, s);
  }
  return s;
}

export type CorpusTotals = { docs: number; totalLength: number };
/** An article's term counts as stored: `terms` packs term ids and counts (lib/related/store.ts). */
export type StoredDoc = { length: number; terms: Buffer };
export type CandidateRow = { id: number; length: number; terms: Buffer; sourceId: number; publishedAt: number };
export type NamesJson = Record<"people" | "places" | "organisations", string | null>;
export type RelatedEntry = { relatedId: number; score: number; sameStory: boolean; reasons: string };

/** Document count and total length of the indexed corpus (zeros before the first index). */
export async function getCorpusTotals(db: Db): Promise<CorpusTotals> {
  const row = st(db).stats.get() as CorpusTotals | undefined;
  return { docs: row?.docs ?? 0, totalLength: row?.totalLength ?? 0 };
}

export async function setCorpusTotals(db: Db, { docs, totalLength }: CorpusTotals) {
  st(db).setStats.run(docs, totalLength);
}

/** Title and body of each of these articles that exists. */
export async function getArticleTexts(
  db: Db,
  { ids }: { ids: readonly number[] },
): Promise<Map<number, { title: string; body: string }>> {
  const s = st(db);
  const out = new Map<number, { title: string; body: string }>();
  for (const id of ids) {
    const row = s.articleText.get(id) as { title: string; body: string } | undefined;
    if (row) out.set(id, row);
  }
  return out;
}

/** Stored term counts of each of these articles that was indexed. */
export async function getStoredDocs(db: Db, { ids }: { ids: readonly number[] }): Promise<Map<number, StoredDoc>> {
  const s = st(db);
  const out = new Map<number, StoredDoc>();
  for (const id of ids) {
    const row = s.doc.get(id) as StoredDoc | undefined;
    if (row) out.set(id, row);
  }
  return out;
}

export async function putStoredDoc(db: Db, { articleId, length, terms }: { articleId: number } & StoredDoc) {
  st(db).putDoc.run(articleId, length, terms);
}

/** Ids of these terms, in the same order; terms not yet known are added with df 0. */
export async function termIdsFor(db: Db, { terms }: { terms: readonly string[] }): Promise<number[]> {
  const s = st(db);
  return terms.map((t) => (s.termId.get(t) as number | undefined) ?? (s.insertTerm.get(t) as number));
}

/** Adds `delta` to the document frequency of each of these terms (once per occurrence in the list). */
export async function addTermDfs(db: Db, { termIds, delta }: { termIds: Iterable<number>; delta: number }) {
  const s = st(db);
  for (const id of termIds) s.addDf.run(delta, id);
}

/** Document frequency of each of these terms (0 for an unknown id). */
export async function getTermDfs(db: Db, { termIds }: { termIds: Iterable<number> }): Promise<Map<number, number>> {
  const s = st(db);
  const out = new Map<number, number>();
  for (const id of termIds) if (!out.has(id)) out.set(id, (s.df.get(id) as number | undefined) ?? 0);
  return out;
}

/** Document frequency of each of these terms by text; a term the index does not know is left out. */
export async function getTermDfsByText(db: Db, { terms }: { terms: Iterable<string> }): Promise<Map<string, number>> {
  const s = st(db);
  const out = new Map<string, number>();
  for (const t of terms) {
    if (out.has(t)) continue;
    const row = s.termByText.get(t) as { id: number; df: number } | undefined;
    if (row) out.set(t, row.df);
  }
  return out;
}

/** Replaces an article's postings with these (term id, impact) pairs. */
export async function replacePostings(
  db: Db,
  { articleId, postings }: { articleId: number; postings: readonly (readonly [number, number])[] },
) {
  const s = st(db);
  s.clearPostings.run(articleId);
  for (const [termId, impact] of postings) s.putPosting.run(articleId, termId, impact);
}

/** For each term, its `limit` highest-impact postings as (article id, impact), in the order of `termIds`. */
export async function getPostings(
  db: Db,
  { termIds, limit }: { termIds: readonly number[]; limit: number },
): Promise<[number, number][][]> {
  const s = st(db);
  return termIds.map((id) => s.postings.all(id, limit) as [number, number][]);
}

/** Stored term counts, outlet and date of each of these articles that was indexed. */
export async function getCandidateRows(db: Db, { ids }: { ids: readonly number[] }): Promise<CandidateRow[]> {
  return st(db).candidates.all(JSON.stringify(ids)) as CandidateRow[];
}

/** (article id, tag slug) for every tag of these articles. */
export async function getArticleTagSlugs(db: Db, { ids }: { ids: readonly number[] }): Promise<[number, string][]> {
  return st(db).tags.all(JSON.stringify(ids)) as [number, string][];
}

/** The slug of each of these articles that exists. */
export async function getArticleSlugs(db: Db, { ids }: { ids: readonly number[] }): Promise<Map<number, string>> {
  const s = st(db);
  const out = new Map<number, string>();
  for (const id of ids) {
    const slug = s.slug.get(id) as string | undefined;
    if (slug !== undefined) out.set(id, slug);
  }
  return out;
}

/** The named entities of an article's stored analysis, each list as JSON; undefined when not analysed. */
export async function getAnalysisNamesJson(
  db: Db,
  { articleId }: { articleId: number },
): Promise<NamesJson | undefined> {
  return st(db).names.get(articleId) as NamesJson | undefined;
}

/** An article's stored list, best first: all of it, or its first `limit` entries. */
export async function getRelatedIds(
  db: Db,
  { articleId, limit }: { articleId: number; limit?: number },
): Promise<number[]> {
  const s = st(db);
  return (limit === undefined ? s.listOf.all(articleId) : s.listHead.all(articleId, limit)) as number[];
}

/** The head (first `limit` entries) of the stored list of each of these articles. */
export async function getRelatedHeads(
  db: Db,
  { ids, limit }: { ids: Iterable<number>; limit: number },
): Promise<Map<number, number[]>> {
  const s = st(db);
  const out = new Map<number, number[]>();
  for (const id of ids) if (!out.has(id)) out.set(id, s.listHead.all(id, limit) as number[]);
  return out;
}

/** Articles whose stored list contains this one. */
export async function getListsContaining(db: Db, { relatedId }: { relatedId: number }): Promise<number[]> {
  return st(db).listsContaining.all(relatedId) as number[];
}

/** Replaces an article's stored list with these entries, best first (rank is their position). */
export async function replaceRelatedList(
  db: Db,
  { articleId, entries }: { articleId: number; entries: readonly RelatedEntry[] },
) {
  const s = st(db);
  s.clearList.run(articleId);
  entries.forEach((e, rank) => {
    s.putList.run(articleId, e.relatedId, rank, e.score, e.sameStory ? 1 : 0, e.reasons);
  });
}

/** Empties the term statistics and the inverted index (not the lists), for a rebuild. */
export async function clearRelatedIndex(db: Db) {
  for (const table of ["related_postings", "related_docs", "related_terms", "related_stats"]) {
    db.$client.prepare(`delete from ${table}`).run();
  }
}

/** Every article id, ascending. */
export async function listAllArticleIds(db: Db): Promise<number[]> {
  return st(db).allIds.all() as number[];
}
