// The storage of the related-stories engine (lib/related/store.ts ranks; this file only reads and
// writes): corpus statistics, per-article term counts, the inverted index, and the stored lists.
// Each function takes a batch where the engine works in batches, so that each engine answers in the
// way that is cheap for it:
//  - SQLite: statements prepared once per connection and run synchronously in a loop, a point read
//    per row. Building them per call cost more than running them, and a point read costs microseconds.
//  - PostgreSQL: one set query per batch (`= any($1)`, `unnest`, a lateral join), since every
//    statement is a network round trip; a loop of point reads made precompute several times slower.
// Both answer in the same order (each query says its ORDER BY), so the ranking, whose sorts are
// stable, sees the same input and stores the same lists on either engine.
// Used by scripts, so no "server-only".
import type Database from "better-sqlite3";
import { type SQL, sql } from "drizzle-orm";
import { type Db, engineOf, rows } from "../index";

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
    // Ties on impact broken by article id, as the index stores them, so both engines cut a list alike.
    postings: c
      .prepare(
        "select article_id, impact from related_postings where term_id = ? order by impact desc, article_id desc limit ?",
      )
      .raw(true),
    candidates: c.prepare(
      `select d.article_id as id, d.length, d.terms, a.source_id as sourceId, a.published_at as publishedAt
       from related_docs d join articles a on a.id = d.article_id
       where d.article_id in (select value from json_each(?))
       order by d.article_id`,
    ),
    tags: c
      .prepare(
        `select at.article_id, t.slug from article_tags at join tags t on t.id = at.tag_id
         where at.article_id in (select value from json_each(?))
         order by at.article_id, at.tag_id`,
      )
      .raw(true),
    slug: c.prepare("select slug from articles where id = ?").pluck(),
    // Only the named entities of the stored analysis, not its sentences: "why related" needs no more.
    evidence: c.prepare(
      `select a.title, a.body, json_extract(n.data, '$.people') as people, json_extract(n.data, '$.places') as places,
              json_extract(n.data, '$.organisations') as organisations
       from articles a left join article_analysis n on n.article_id = a.id
       where a.id = ?`,
    ),
    listOf: c.prepare("select related_id from article_related where article_id = ? order by rank").pluck(),
    listHead: c.prepare("select related_id from article_related where article_id = ? order by rank limit ?").pluck(),
    listsContaining: c
      .prepare("select article_id from article_related where related_id = ? order by article_id")
      .pluck(),
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

const isPg = (db: Db) => engineOf(db) === "postgres";

/** A JavaScript array bound as ONE PostgreSQL array parameter (a bare array in `sql` would become a list). */
function pgArray(values: readonly unknown[], type: "bigint" | "text" | "float8" | "smallint" | "bytea"): SQL {
  return sql`${sql.param([...values])}::${sql.raw(type)}[]`;
}

export type CorpusTotals = { docs: number; totalLength: number };
/** An article's term counts as stored: `terms` packs term ids and counts (lib/related/store.ts). */
export type StoredDoc = { length: number; terms: Buffer };
export type CandidateRow = { id: number; length: number; terms: Buffer; sourceId: number; publishedAt: number };
export type NamesJson = Record<"people" | "places" | "organisations", string | null>;
/** What "why related" reads of an article: its text and the named entities of its analysis (JSON lists). */
export type EvidenceRow = { title: string; body: string } & NamesJson;
export type RelatedEntry = { relatedId: number; score: number; sameStory: boolean; reasons: string };

/** Document count and total length of the indexed corpus (zeros before the first index). */
export async function getCorpusTotals(db: Db): Promise<CorpusTotals> {
  const row = isPg(db)
    ? (await rows<CorpusTotals>(db, sql`select docs, total_length as "totalLength" from related_stats where id = 1`))[0]
    : (st(db).stats.get() as CorpusTotals | undefined);
  return { docs: row?.docs ?? 0, totalLength: row?.totalLength ?? 0 };
}

export async function setCorpusTotals(db: Db, { docs, totalLength }: CorpusTotals) {
  if (!isPg(db)) {
    st(db).setStats.run(docs, totalLength);
    return;
  }
  await rows(
    db,
    sql`insert into related_stats (id, docs, total_length) values (1, ${docs}, ${totalLength})
        on conflict (id) do update set docs = excluded.docs, total_length = excluded.total_length`,
  );
}

/** Title and body of each of these articles that exists. */
export async function getArticleTexts(
  db: Db,
  { ids }: { ids: readonly number[] },
): Promise<Map<number, { title: string; body: string }>> {
  const out = new Map<number, { title: string; body: string }>();
  if (ids.length === 0) return out;
  if (isPg(db)) {
    const found = await rows<{ id: number; title: string; body: string }>(
      db,
      sql`select id, title, body from articles where id = any(${pgArray(ids, "bigint")})`,
    );
    for (const r of found) out.set(r.id, { title: r.title, body: r.body });
    return out;
  }
  const s = st(db);
  for (const id of ids) {
    const row = s.articleText.get(id) as { title: string; body: string } | undefined;
    if (row) out.set(id, row);
  }
  return out;
}

/** Stored term counts of each of these articles that was indexed. */
export async function getStoredDocs(db: Db, { ids }: { ids: readonly number[] }): Promise<Map<number, StoredDoc>> {
  const out = new Map<number, StoredDoc>();
  if (ids.length === 0) return out;
  if (isPg(db)) {
    const found = await rows<{ id: number } & StoredDoc>(
      db,
      sql`select article_id as id, length, terms from related_docs where article_id = any(${pgArray(ids, "bigint")})`,
    );
    for (const r of found) out.set(r.id, { length: r.length, terms: r.terms });
    return out;
  }
  const s = st(db);
  for (const id of ids) {
    const row = s.doc.get(id) as StoredDoc | undefined;
    if (row) out.set(id, row);
  }
  return out;
}

/** Stores the term counts of these articles, replacing any stored before. */
export async function putStoredDocs(db: Db, { docs }: { docs: readonly ({ articleId: number } & StoredDoc)[] }) {
  if (docs.length === 0) return;
  if (!isPg(db)) {
    const s = st(db);
    for (const d of docs) s.putDoc.run(d.articleId, d.length, d.terms);
    return;
  }
  await rows(
    db,
    sql`insert into related_docs (article_id, length, terms)
        select * from unnest(${pgArray(
          docs.map((d) => d.articleId),
          "bigint",
        )}, ${pgArray(
          docs.map((d) => d.length),
          "bigint",
        )}, ${pgArray(
          docs.map((d) => d.terms),
          "bytea",
        )})
        on conflict (article_id) do update set length = excluded.length, terms = excluded.terms`,
  );
}

/**
 * Ids of these terms, in the same order; terms not yet known are added with df 0, numbered in the
 * order given on both engines (term ids break ties in the ranking, so their order must agree).
 */
export async function termIdsFor(db: Db, { terms }: { terms: readonly string[] }): Promise<number[]> {
  if (!isPg(db)) {
    const s = st(db);
    return terms.map((t) => (s.termId.get(t) as number | undefined) ?? (s.insertTerm.get(t) as number));
  }
  if (terms.length === 0) return [];
  const ids = new Map<string, number>();
  for (const r of await rows<{ id: number; term: string }>(
    db,
    sql`select id, term from related_terms where term = any(${pgArray(terms, "text")})`,
  ))
    ids.set(r.term, r.id);
  const missing = [...new Set(terms.filter((t) => !ids.has(t)))];
  if (missing.length > 0) {
    // Only the missing ones, in order: `on conflict do nothing` would spend identity values on the
    // known terms too. Writers are serialized (transaction()), so no other insert races this one.
    for (const r of await rows<{ id: number; term: string }>(
      db,
      sql`insert into related_terms (term, df)
          select t, 0 from unnest(${pgArray(missing, "text")}) with ordinality as u(t, n) order by n
          returning id, term`,
    ))
      ids.set(r.term, r.id);
  }
  return terms.map((t) => {
    const id = ids.get(t);
    if (id === undefined) throw new Error(`related term "${t}" was neither found nor inserted`);
    return id;
  });
}

/** Adds to the document frequency of each term its delta (term id -> change); a zero change is skipped. */
export async function addTermDfs(db: Db, { deltas }: { deltas: ReadonlyMap<number, number> }) {
  const changes = [...deltas].filter(([, d]) => d !== 0);
  if (changes.length === 0) return;
  if (!isPg(db)) {
    const s = st(db);
    for (const [id, delta] of changes) s.addDf.run(delta, id);
    return;
  }
  await rows(
    db,
    sql`update related_terms t set df = t.df + c.delta
        from unnest(${pgArray(
          changes.map((c) => c[0]),
          "bigint",
        )}, ${pgArray(
          changes.map((c) => c[1]),
          "bigint",
        )}) as c(id, delta)
        where t.id = c.id`,
  );
}

/** Document frequency of each of these terms (0 for an unknown id). */
export async function getTermDfs(db: Db, { termIds }: { termIds: Iterable<number> }): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (isPg(db)) {
    const ids = [...new Set(termIds)];
    if (ids.length === 0) return out;
    for (const id of ids) out.set(id, 0);
    for (const r of await rows<{ id: number; df: number }>(
      db,
      sql`select id, df from related_terms where id = any(${pgArray(ids, "bigint")})`,
    ))
      out.set(r.id, r.df);
    return out;
  }
  const s = st(db);
  for (const id of termIds) if (!out.has(id)) out.set(id, (s.df.get(id) as number | undefined) ?? 0);
  return out;
}

/** Document frequency of each of these terms by text; a term the index does not know is left out. */
export async function getTermDfsByText(db: Db, { terms }: { terms: Iterable<string> }): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (isPg(db)) {
    const list = [...new Set(terms)];
    if (list.length === 0) return out;
    for (const r of await rows<{ term: string; df: number }>(
      db,
      sql`select term, df from related_terms where term = any(${pgArray(list, "text")})`,
    ))
      out.set(r.term, r.df);
    return out;
  }
  const s = st(db);
  for (const t of terms) {
    if (out.has(t)) continue;
    const row = s.termByText.get(t) as { id: number; df: number } | undefined;
    if (row) out.set(t, row.df);
  }
  return out;
}

/** Replaces the postings of each of these articles with its (term id, impact) pairs. */
export async function replacePostings(
  db: Db,
  { lists }: { lists: readonly { articleId: number; postings: readonly (readonly [number, number])[] }[] },
) {
  if (lists.length === 0) return;
  if (!isPg(db)) {
    const s = st(db);
    for (const { articleId, postings } of lists) {
      s.clearPostings.run(articleId);
      for (const [termId, impact] of postings) s.putPosting.run(articleId, termId, impact);
    }
    return;
  }
  await rows(
    db,
    sql`delete from related_postings where article_id = any(${pgArray(
      lists.map((l) => l.articleId),
      "bigint",
    )})`,
  );
  const flat = lists.flatMap(({ articleId, postings }) => postings.map(([t, i]) => [articleId, t, i] as const));
  if (flat.length === 0) return;
  await rows(
    db,
    sql`insert into related_postings (article_id, term_id, impact)
        select * from unnest(${pgArray(
          flat.map((p) => p[0]),
          "bigint",
        )}, ${pgArray(
          flat.map((p) => p[1]),
          "bigint",
        )}, ${pgArray(
          flat.map((p) => p[2]),
          "float8",
        )})`,
  );
}

/** For each term, its `limit` highest-impact postings as (article id, impact), in the order of `termIds`. */
export async function getPostings(
  db: Db,
  { termIds, limit }: { termIds: readonly number[]; limit: number },
): Promise<[number, number][][]> {
  if (!isPg(db)) {
    const s = st(db);
    return termIds.map((id) => s.postings.all(id, limit) as [number, number][]);
  }
  const out: [number, number][][] = termIds.map(() => []);
  if (termIds.length === 0) return out;
  const found = await rows<{ n: number; article_id: number; impact: number }>(db, pgPostingsQuery({ termIds, limit }));
  for (const r of found) out[r.n - 1]?.push([r.article_id, r.impact]);
  return out;
}

/**
 * PostgreSQL's statement for getPostings (exported for its plan test): one statement for every term, a
 * lateral top-`limit` per term, each read off the covering (term_id, impact, article_id) index
 * backwards, as SQLite reads it. `n` is the term's position in `termIds`, from 1.
 */
export function pgPostingsQuery({ termIds, limit }: { termIds: readonly number[]; limit: number }): SQL {
  return sql`select q.n, p.article_id, p.impact
      from unnest(${pgArray(termIds, "bigint")}) with ordinality as q(term_id, n)
      cross join lateral (
        select article_id, impact from related_postings
        where term_id = q.term_id order by impact desc, article_id desc limit ${limit}
      ) p
      order by q.n, p.impact desc, p.article_id desc`;
}

/** Stored term counts, outlet and date of each of these articles that was indexed, by id. */
export async function getCandidateRows(db: Db, { ids }: { ids: readonly number[] }): Promise<CandidateRow[]> {
  if (ids.length === 0) return [];
  if (!isPg(db)) return st(db).candidates.all(JSON.stringify(ids)) as CandidateRow[];
  return rows<CandidateRow>(
    db,
    sql`select d.article_id as id, d.length, d.terms, a.source_id as "sourceId", a.published_at as "publishedAt"
        from related_docs d join articles a on a.id = d.article_id
        where d.article_id = any(${pgArray(ids, "bigint")})
        order by d.article_id`,
  );
}

/** (article id, tag slug) for every tag of these articles, by article then tag id. */
export async function getArticleTagSlugs(db: Db, { ids }: { ids: readonly number[] }): Promise<[number, string][]> {
  if (ids.length === 0) return [];
  if (!isPg(db)) return st(db).tags.all(JSON.stringify(ids)) as [number, string][];
  const found = await rows<{ article_id: number; slug: string }>(
    db,
    sql`select at.article_id, t.slug from article_tags at join tags t on t.id = at.tag_id
        where at.article_id = any(${pgArray(ids, "bigint")})
        order by at.article_id, at.tag_id`,
  );
  return found.map((r) => [r.article_id, r.slug]);
}

/** The slug of each of these articles that exists. */
export async function getArticleSlugs(db: Db, { ids }: { ids: readonly number[] }): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (ids.length === 0) return out;
  if (isPg(db)) {
    for (const r of await rows<{ id: number; slug: string }>(
      db,
      sql`select id, slug from articles where id = any(${pgArray(ids, "bigint")})`,
    ))
      out.set(r.id, r.slug);
    // The order asked for, as the SQLite loop gives it.
    return new Map(ids.flatMap((id) => (out.has(id) ? [[id, out.get(id) as string] as const] : [])));
  }
  const s = st(db);
  for (const id of ids) {
    const slug = s.slug.get(id) as string | undefined;
    if (slug !== undefined) out.set(id, slug);
  }
  return out;
}

/**
 * What "why related" compares, for each of these articles that exists: title and body, and the named
 * entities of its stored analysis (each list as JSON, null when not analysed).
 */
export async function getReasonEvidence(
  db: Db,
  { ids }: { ids: readonly number[] },
): Promise<Map<number, EvidenceRow>> {
  const out = new Map<number, EvidenceRow>();
  if (ids.length === 0) return out;
  if (isPg(db)) {
    // `->` keeps each list's JSON text as stored; the caller parses it.
    for (const r of await rows<{ id: number } & EvidenceRow>(
      db,
      sql`select a.id, a.title, a.body, (n.data::json -> 'people')::text as people,
                 (n.data::json -> 'places')::text as places, (n.data::json -> 'organisations')::text as organisations
          from articles a left join article_analysis n on n.article_id = a.id
          where a.id = any(${pgArray(ids, "bigint")})`,
    )) {
      const { id, ...row } = r;
      out.set(id, row);
    }
    return out;
  }
  const s = st(db);
  for (const id of ids) {
    const row = s.evidence.get(id) as EvidenceRow | undefined;
    if (row) out.set(id, row);
  }
  return out;
}

/**
 * The stored list of each of these articles, best first: all of it, or its first `limit` entries
 * (an article with no list maps to an empty one).
 */
export async function getRelatedHeads(
  db: Db,
  { ids, limit }: { ids: Iterable<number>; limit?: number },
): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (!isPg(db)) {
    const s = st(db);
    for (const id of ids)
      if (!out.has(id)) out.set(id, (limit === undefined ? s.listOf.all(id) : s.listHead.all(id, limit)) as number[]);
    return out;
  }
  const list = [...new Set(ids)];
  if (list.length === 0) return out;
  for (const id of list) out.set(id, []);
  // Each head read off the (article_id, rank) index, as the SQLite statement does.
  const found = await rows<{ article_id: number; related_id: number }>(
    db,
    sql`select q.article_id, r.related_id
        from unnest(${pgArray(list, "bigint")}) as q(article_id)
        cross join lateral (
          select related_id, rank from article_related where article_id = q.article_id order by rank
          ${limit === undefined ? sql`` : sql`limit ${limit}`}
        ) r
        order by q.article_id, r.rank`,
  );
  for (const r of found) out.get(r.article_id)?.push(r.related_id);
  return out;
}

/** For each of these articles, the articles whose stored list contains it, ascending. */
export async function getListsContaining(
  db: Db,
  { relatedIds }: { relatedIds: readonly number[] },
): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (const id of relatedIds) out.set(id, []);
  if (relatedIds.length === 0) return out;
  if (!isPg(db)) {
    const s = st(db);
    for (const id of out.keys()) out.set(id, s.listsContaining.all(id) as number[]);
    return out;
  }
  const found = await rows<{ related_id: number; article_id: number }>(
    db,
    sql`select related_id, article_id from article_related
        where related_id = any(${pgArray([...out.keys()], "bigint")})
        order by related_id, article_id`,
  );
  for (const r of found) out.get(r.related_id)?.push(r.article_id);
  return out;
}

/** Replaces the stored list of each of these articles with its entries, best first (rank is their position). */
export async function replaceRelatedLists(
  db: Db,
  { lists }: { lists: readonly { articleId: number; entries: readonly RelatedEntry[] }[] },
) {
  if (lists.length === 0) return;
  if (!isPg(db)) {
    const s = st(db);
    for (const { articleId, entries } of lists) {
      s.clearList.run(articleId);
      entries.forEach((e, rank) => {
        s.putList.run(articleId, e.relatedId, rank, e.score, e.sameStory ? 1 : 0, e.reasons);
      });
    }
    return;
  }
  // Two statements whatever the number of lists: every old row out, every new row in.
  await rows(
    db,
    sql`delete from article_related where article_id = any(${pgArray(
      lists.map((l) => l.articleId),
      "bigint",
    )})`,
  );
  const flat = lists.flatMap(({ articleId, entries }) => entries.map((e, rank) => ({ articleId, rank, e })));
  if (flat.length === 0) return;
  await rows(
    db,
    sql`insert into article_related (article_id, related_id, rank, score, same_story, reasons)
        select * from unnest(${pgArray(
          flat.map((r) => r.articleId),
          "bigint",
        )}, ${pgArray(
          flat.map((r) => r.e.relatedId),
          "bigint",
        )}, ${pgArray(
          flat.map((r) => r.rank),
          "bigint",
        )}, ${pgArray(
          flat.map((r) => r.e.score),
          "float8",
        )}, ${pgArray(
          flat.map((r) => (r.e.sameStory ? 1 : 0)),
          "smallint",
        )}, ${pgArray(
          flat.map((r) => r.e.reasons),
          "text",
        )})`,
  );
}

/** Empties the term statistics and the inverted index (not the lists), for a rebuild. */
export async function clearRelatedIndex(db: Db) {
  if (!isPg(db)) {
    for (const table of ["related_postings", "related_docs", "related_terms", "related_stats"]) {
      db.$client.prepare(`delete from ${table}`).run();
    }
    return;
  }
  await rows(db, sql`delete from related_postings`);
  await rows(db, sql`delete from related_docs`);
  await rows(db, sql`delete from related_terms`);
  await rows(db, sql`delete from related_stats`);
  // SQLite numbers the terms from 1 again once the table is empty (rowid = max + 1); so does this,
  // so that a rebuild gives the same term ids, and so the same tie-breaks, on both engines.
  await rows(db, sql`select setval(pg_get_serial_sequence('related_terms', 'id'), 1, false)`);
}

/** Every article id, ascending. */
export async function listAllArticleIds(db: Db): Promise<number[]> {
  if (!isPg(db)) return st(db).allIds.all() as number[];
  return (await rows<{ id: number }>(db, sql`select id from articles order by id`)).map((r) => r.id);
}
