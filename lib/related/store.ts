// Precomputed related lists: term statistics, the inverted index, and the lists themselves. Written
// after every ingest transaction, by the seed and by `npm run related:rebuild`; the article page only
// reads article_related (db/queries/related.ts). Used by scripts, so no "server-only".
//
// Cost per new article is bounded whatever the corpus size: candidates come from the article's 40
// heaviest terms, at most 400 postings each, read highest impact first off an index (impact-ordered
// postings, truncated: no scan grows with the corpus); at most 200 candidates are scored exactly,
// each with the head of its stored list read off the (article_id, rank) index for shared-neighbour
// evidence; at most 24 existing lists are re-ranked to let the new article join them. A batch of new
// articles is ranked twice (see refreshRelated), a single article once.

import type Database from "better-sqlite3";
import { type Db, transaction } from "@/db";
import { bumpCacheTags, cacheTag } from "@/db/queries/cache-tags";
import {
  type CorpusStats,
  dot,
  idf,
  MIN_SIMILARITY,
  NEIGHBOURHOOD,
  type RelatedCandidate,
  type RelatedMatch,
  rankRelated,
  STORED_LIST_SIZE,
  type StoredTerms,
  topTerms,
  weighTerms,
} from "@/lib/related/rank";
import type { NamedRef, RelatedReasons } from "@/lib/related/reasons";
import { MAX_REASON_NAMES, type Phrase, phrasesOf, sharedNames, sharedPhrases } from "@/lib/related/shared";
import { documentTerms } from "@/lib/related/terms";

const QUERY_TERMS = 40;
const POSTINGS_PER_TERM = 400;
const CANDIDATES = 200;
/** Postings kept per article: its heaviest terms, which carry nearly all of its weight. */
const INDEXED_TERMS = 64;
/** Terms only this article has yet, also indexed so the next article that uses one can find it. */
const INDEXED_RARE_TERMS = 24;
/** Existing articles most similar to a new one, whose lists it may join. */
const JOIN_CANDIDATES = 24;
/** Vectors kept in memory during one refresh or rebuild; a cache, dropped when full. */
const VECTOR_CACHE_MAX = 20_000;
/**
 * "Why related" names a phrase or a name only when one of its words is in at most this share of the
 * articles: the capital every story mentions, or "chief executive", is no reason.
 */
const REASON_MAX_DF_SHARE = 0.1;
/** Phrase sets and names kept in memory for "why related"; bigger per article, so fewer. */
const EVIDENCE_CACHE_MAX = 2_000;

type Evidence = {
  phrases: Map<string, Phrase>;
  names: { people: NamedRef[]; places: NamedRef[]; organisations: NamedRef[] };
};

export type { RelatedReasons } from "@/lib/related/reasons";

export type RefreshResult = { indexed: number; listsWritten: number; listsJoined: number };

export type RebuildProgress = (phase: "index" | "lists", done: number, total: number) => void;

// ── Packing of stored term counts ────────────────────────────────────────────────────────────────

function packTerms(ids: Int32Array, counts: Float32Array): Buffer {
  const buf = Buffer.alloc(ids.length * 8);
  ids.forEach((id, i) => {
    buf.writeInt32LE(id, i * 4);
  });
  const offset = ids.length * 4;
  counts.forEach((c, i) => {
    buf.writeFloatLE(c, offset + i * 4);
  });
  return buf;
}

function unpackTerms(buf: Buffer, length: number): StoredTerms {
  const n = buf.length / 8;
  const ids = new Int32Array(n);
  const counts = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    ids[i] = buf.readInt32LE(i * 4);
    counts[i] = buf.readFloatLE(n * 4 + i * 4);
  }
  return { ids, counts, length };
}

// ── Statements ───────────────────────────────────────────────────────────────────────────────────

/**
 * The connection under a Db or a transaction handle. The hot loops here run prepared statements on it
 * directly (building drizzle queries per posting list cost more than running them); inside a
 * transaction that is the same connection, so they take part in the caller's transaction.
 */
function clientOf(db: Db): Database.Database {
  const client = db.$client ?? (db as unknown as { session?: { client?: Database.Database } }).session?.client;
  if (!client) throw new Error("relatedness needs a better-sqlite3 connection or transaction");
  return client;
}

function prepare(db: Db) {
  const c = clientOf(db);
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
    insertTerm: c.prepare("insert into related_terms (term, df) values (?, 0) returning id").pluck(),
    addDf: c.prepare("update related_terms set df = df + ? where id = ?"),
    df: c.prepare("select df from related_terms where id = ?").pluck(),
    termText: c.prepare("select term from related_terms where id = ?").pluck(),
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
  };
}
type Statements = ReturnType<typeof prepare>;

/**
 * State for one refresh or rebuild: prepared statements and caches of document frequencies and
 * vectors, valid while the corpus statistics do not change (they change only in the index phase).
 */
class Session {
  readonly st: Statements;
  private dfCache = new Map<number, number>();
  private vectors = new Map<number, RelatedCandidate>();
  private termTexts = new Map<number, string>();
  private lists = new Map<number, number[]>();
  private evidence = new Map<number, Evidence>();
  stats: CorpusStats = { docs: 0, avgLength: 0 };

  constructor(readonly db: Db) {
    this.st = prepare(db);
    this.loadStats();
  }

  loadStats() {
    const row = this.st.stats.get() as { docs: number; totalLength: number } | undefined;
    this.stats = { docs: row?.docs ?? 0, avgLength: row && row.docs > 0 ? row.totalLength / row.docs : 0 };
    this.dfCache.clear();
    this.vectors.clear();
  }

  df = (termId: number): number => {
    let f = this.dfCache.get(termId);
    if (f === undefined) {
      f = (this.st.df.get(termId) as number | undefined) ?? 0;
      this.dfCache.set(termId, f);
    }
    return f;
  };

  termText(termId: number): string | undefined {
    let t = this.termTexts.get(termId);
    if (t === undefined) {
      t = this.st.termText.get(termId) as string | undefined;
      if (t !== undefined) this.termTexts.set(termId, t);
    }
    return t;
  }

  /** Vectors, sources, dates and tags of these articles (those indexed), through the cache. */
  candidates(ids: readonly number[]): Map<number, RelatedCandidate> {
    const out = new Map<number, RelatedCandidate>();
    const missing: number[] = [];
    for (const id of ids) {
      const v = this.vectors.get(id);
      if (v) out.set(id, v);
      else missing.push(id);
    }
    if (missing.length === 0) return out;
    const json = JSON.stringify(missing);
    const tags = new Map<number, string[]>();
    for (const [articleId, slug] of this.st.tags.all(json) as [number, string][]) {
      const list = tags.get(articleId);
      if (list) list.push(slug);
      else tags.set(articleId, [slug]);
    }
    if (this.vectors.size + missing.length > VECTOR_CACHE_MAX) this.vectors.clear();
    for (const r of this.st.candidates.all(json) as {
      id: number;
      length: number;
      terms: Buffer;
      sourceId: number;
      publishedAt: number;
    }[]) {
      const terms = unpackTerms(r.terms, r.length);
      const c: RelatedCandidate = {
        id: r.id,
        sourceId: r.sourceId,
        publishedAt: r.publishedAt,
        tags: tags.get(r.id) ?? [],
        vector: weighTerms(terms, this.stats, this.df),
        distinctTerms: terms.ids.length,
      };
      this.vectors.set(r.id, c);
      out.set(r.id, c);
    }
    return out;
  }

  /** The head of an article's stored list: its neighbourhood, for shared-neighbour evidence. */
  neighbours = (id: number): readonly number[] => {
    let list = this.lists.get(id);
    if (list === undefined) {
      list = this.st.listHead.all(id, NEIGHBOURHOOD) as number[];
      if (this.lists.size >= VECTOR_CACHE_MAX) this.lists.clear();
      this.lists.set(id, list);
    }
    return list;
  };

  /** What "why related" compares: an article's named entities and phrases, cached like vectors. */
  evidenceOf(id: number): Evidence {
    let e = this.evidence.get(id);
    if (e === undefined) {
      const text = this.st.articleText.get(id) as { title: string; body: string } | undefined;
      const row = this.st.names.get(id) as Record<"people" | "places" | "organisations", string | null> | undefined;
      const list = (json: string | null | undefined): NamedRef[] => {
        try {
          const v = JSON.parse(json ?? "[]") as unknown;
          return Array.isArray(v)
            ? v.filter((n): n is NamedRef => typeof n?.name === "string" && typeof n?.slug === "string")
            : [];
        } catch {
          return [];
        }
      };
      e = {
        phrases: text ? phrasesOf(text.title, text.body) : new Map(),
        names: { people: list(row?.people), places: list(row?.places), organisations: list(row?.organisations) },
      };
      if (this.evidence.size >= EVIDENCE_CACHE_MAX) this.evidence.clear();
      this.evidence.set(id, e);
    }
    return e;
  }

  /** idf of a stem under the current statistics; 0 for a stem the index does not know. */
  stemIdf = (stem: string): number => {
    const termId = this.st.termId.get(stem) as number | undefined;
    return termId === undefined ? 0 : idf(this.df(termId), this.stats.docs);
  };

  /** A reason needs a word in at most this share of the articles (a tenth), as idf. */
  reasonMinIdf(): number {
    return idf(Math.max(1, this.stats.docs * REASON_MAX_DF_SHARE), this.stats.docs);
  }

  listWritten(id: number) {
    this.lists.delete(id);
  }

  forget(ids: readonly number[]) {
    for (const id of ids) this.vectors.delete(id);
  }
}

// ── Index phase: term counts, document frequencies, postings ──────────────────────────────────────

function termIdFor(s: Session, term: string): number {
  const id = s.st.termId.get(term) as number | undefined;
  return id ?? (s.st.insertTerm.get(term) as number);
}

/**
 * Stores the term counts of these articles and updates document frequencies and corpus totals. An
 * article indexed before (an update) first has its old counts taken back out.
 */
function countTerms(s: Session, ids: readonly number[]): void {
  const row = s.st.stats.get() as { docs: number; totalLength: number } | undefined;
  let docs = row?.docs ?? 0;
  let totalLength = row?.totalLength ?? 0;
  for (const id of ids) {
    const text = s.st.articleText.get(id) as { title: string; body: string } | undefined;
    if (!text) continue;
    const old = s.st.doc.get(id) as { length: number; terms: Buffer } | undefined;
    if (old) {
      for (const termId of unpackTerms(old.terms, old.length).ids) s.st.addDf.run(-1, termId);
      docs--;
      totalLength -= old.length;
    }
    const { counts, length } = documentTerms(text.title, text.body);
    const pairs = [...counts].map(([term, count]) => [termIdFor(s, term), count] as const).sort((a, b) => a[0] - b[0]);
    for (const [termId] of pairs) s.st.addDf.run(1, termId);
    s.st.putDoc.run(
      id,
      length,
      packTerms(
        Int32Array.from(pairs, (p) => p[0]),
        Float32Array.from(pairs, (p) => p[1]),
      ),
    );
    docs++;
    totalLength += length;
  }
  s.st.setStats.run(docs, totalLength);
  s.loadStats();
}

/** Rewrites the postings of these articles from their stored counts, under the current statistics. */
function writePostings(s: Session, ids: readonly number[]): void {
  for (const id of ids) {
    const doc = s.st.doc.get(id) as { length: number; terms: Buffer } | undefined;
    s.st.clearPostings.run(id);
    if (!doc) continue;
    const terms = unpackTerms(doc.terms, doc.length);
    const heavy = topTerms(weighTerms(terms, s.stats, s.df), INDEXED_TERMS);
    for (const t of heavy) s.st.putPosting.run(id, t.id, t.weight);
    // Terms with df 1 are left out of vectors, but the next article to use one of them (a name that
    // just entered the news) must find this one through it. Rare terms would be among the heaviest,
    // so they get the heaviest term's impact; the most frequent in the article go first.
    const impact = heavy[0]?.weight ?? 1;
    const rare = Array.from(terms.ids, (t, i) => ({ t, count: terms.counts[i] as number }))
      .filter((x) => s.df(x.t) === 1)
      .sort((a, b) => b.count - a.count || a.t - b.t)
      .slice(0, INDEXED_RARE_TERMS);
    for (const { t } of rare) s.st.putPosting.run(id, t, impact);
  }
}

// ── List phase ───────────────────────────────────────────────────────────────────────────────────

/** Ids of the best candidates for a target, from the inverted index (bounded work). */
function gatherCandidates(s: Session, target: RelatedCandidate): number[] {
  const acc = new Map<number, number>();
  const query = topTerms(target.vector, QUERY_TERMS);
  for (const { id: termId, weight } of query) {
    for (const [articleId, impact] of s.st.postings.all(termId, POSTINGS_PER_TERM) as [number, number][]) {
      if (articleId !== target.id) acc.set(articleId, (acc.get(articleId) ?? 0) + weight * impact);
    }
  }
  return [...acc.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, CANDIDATES)
    .map(([id]) => id);
}

/**
 * Why `m` is related to `target`, in terms a reader recognises: shared tags, shared people, places and
 * organisations, shared distinctive phrases (lib/related/shared.ts). The cosine's heaviest stems are
 * not shown: they are often everyday words.
 */
function reasonsJson(s: Session, targetId: number, m: RelatedMatch): string {
  const mine = s.evidenceOf(targetId);
  const theirs = s.evidenceOf(m.id);
  const tags = m.reasons.tags;
  const rarity = { idf: s.stemIdf, minIdf: s.reasonMinIdf() };
  // Every shared name, shown or not, so that no phrase repeats one ("captain Luka Brand").
  const allNames = sharedNames(mine.names, theirs.names, { tags, rarity, max: Number.POSITIVE_INFINITY });
  const names = allNames.slice(0, MAX_REASON_NAMES);
  const phrases = sharedPhrases(mine.phrases, theirs.phrases, {
    rarity,
    covered: [...allNames.map((n) => n.name), ...tags.map((t) => t.replace(/-/g, " "))],
  });
  const reasons: RelatedReasons = { tags, names, phrases };
  return JSON.stringify(reasons);
}

function writeList(s: Session, target: RelatedCandidate, matches: RelatedMatch[]) {
  s.st.clearList.run(target.id);
  s.listWritten(target.id);
  if (matches.length === 0) return;
  matches.forEach((m, rank) => {
    s.st.putList.run(target.id, m.id, rank, m.score, m.sameStory ? 1 : 0, reasonsJson(s, target.id, m));
  });
}

/**
 * Computes and stores the lists of these articles; returns, for each, its most similar candidates.
 * `neighbours` false: on content alone, a first pass whose lists a second pass takes as neighbourhoods.
 */
function computeLists(
  s: Session,
  ids: readonly number[],
  { neighbours = true }: { neighbours?: boolean } = {},
): Map<number, { id: number; similarity: number }[]> {
  const nearest = new Map<number, { id: number; similarity: number }[]>();
  for (const id of ids) {
    const target = s.candidates([id]).get(id);
    if (!target) continue;
    const pool = [...s.candidates(gatherCandidates(s, target)).values()];
    writeList(s, target, rankRelated(target, pool, STORED_LIST_SIZE, neighbours ? s.neighbours : undefined));
    nearest.set(
      id,
      pool
        .map((c) => ({ id: c.id, similarity: dot(target.vector, c.vector) }))
        .filter((x) => x.similarity >= MIN_SIMILARITY)
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, JOIN_CANDIDATES),
    );
  }
  return nearest;
}

/**
 * Lets changed articles into the lists of existing articles: each affected list is re-ranked over its
 * current members plus the newcomers, and rewritten only when that changes it. Returns the ids of
 * the articles whose lists changed.
 */
function joinLists(
  s: Session,
  changed: readonly number[],
  nearest: Map<number, { id: number; similarity: number }[]>,
): number[] {
  const changedSet = new Set(changed);
  const newcomers = new Map<number, Set<number>>();
  const add = (owner: number, id: number) => {
    if (owner === id || changedSet.has(owner)) return;
    const set = newcomers.get(owner) ?? new Set<number>();
    set.add(id);
    newcomers.set(owner, set);
  };
  for (const id of changed) {
    for (const n of nearest.get(id) ?? []) add(n.id, id);
    // An updated article may no longer belong where it was listed: those lists are re-ranked too.
    for (const owner of s.st.listsContaining.all(id) as number[]) add(owner, id);
  }
  const rewritten: number[] = [];
  for (const [owner, ids] of newcomers) {
    const current = s.st.listOf.all(owner) as number[];
    const target = s.candidates([owner]).get(owner);
    if (!target) continue;
    const pool = [...s.candidates([...new Set([...current, ...ids])]).values()];
    const matches = rankRelated(target, pool, STORED_LIST_SIZE, s.neighbours);
    const same = matches.length === current.length && matches.every((m, i) => m.id === current[i]);
    if (same && ![...ids].some((id) => current.includes(id))) continue;
    writeList(s, target, matches);
    rewritten.push(owner);
  }
  return rewritten;
}

// ── Entry points ─────────────────────────────────────────────────────────────────────────────────

/**
 * Brings relatedness up to date after these articles were inserted or changed: indexes their terms,
 * computes their lists, and lets them into the lists of the existing articles they are closest to.
 * Runs in the caller's transaction when there is one (ingest calls it inside the feed's write).
 */
export async function refreshRelated(
  db: Db,
  { articleIds }: { articleIds: readonly number[] },
): Promise<RefreshResult> {
  const ids = [...new Set(articleIds)];
  if (ids.length === 0) return { indexed: 0, listsWritten: 0, listsJoined: 0 };
  const s = new Session(db);
  countTerms(s, ids);
  writePostings(s, ids);
  // Articles of one batch are each other's candidates, and one computed early would find the others
  // without lists, so no neighbourhoods: a first pass on content alone gives every one a list, the
  // second uses them. A single new article finds its candidates' lists already stored.
  if (ids.length > 1) computeLists(s, ids, { neighbours: false });
  const nearest = computeLists(s, ids);
  const joined = joinLists(s, ids, nearest);
  // Pages already served with the old lists are stale now; the new articles' pages were never cached.
  await bumpCacheTags(
    db,
    joined.flatMap((id) => {
      const slug = s.st.slug.get(id) as string | undefined;
      return slug ? [cacheTag.article(slug)] : [];
    }),
  );
  return { indexed: ids.length, listsWritten: nearest.size, listsJoined: joined.length };
}

/**
 * Computes and stores the lists of these articles only, against the index as it stands (it must
 * already cover them and the corpus, as await rebuildRelated({ lists: false }) leaves it), in the two passes
 * the rebuild uses: on content, then again with those lists as neighbourhoods. Other articles' lists
 * are left alone, so the shared-neighbour boost sees only the lists this call (or earlier ones) stored:
 * for every article it equals the rebuild; for a subset, lists can differ from a rebuild's where the
 * boost would have read a list nobody computed. For a corpus too big to give every article its list
 * when only some pages will be read (the page benchmark at 100,000 articles).
 */
export async function computeRelatedLists(
  db: Db,
  { articleIds, chunk = 200 }: { articleIds: readonly number[]; chunk?: number },
): Promise<{ listsWritten: number }> {
  const ids = [...new Set(articleIds)];
  const s = new Session(db);
  const inChunks = async (fn: (part: number[]) => void | Promise<void>) => {
    for (let i = 0; i < ids.length; i += chunk) {
      const part = ids.slice(i, i + chunk);
      await transaction(db, () => fn(part));
    }
  };
  await inChunks((part) => {
    computeLists(s, part, { neighbours: false });
  });
  let listsWritten = 0;
  await inChunks(async (part) => {
    listsWritten += computeLists(s, part).size;
    // Pages already served without these lists are stale now.
    await bumpCacheTags(
      db,
      part.flatMap((id) => {
        const slug = s.st.slug.get(id) as string | undefined;
        return slug ? [cacheTag.article(slug)] : [];
      }),
    );
  });
  return { listsWritten };
}

/**
 * Recomputes everything from the articles: statistics, postings and every list. Each phase runs in
 * chunks of `chunk` articles, one transaction each, so readers are never blocked for long; each list
 * is replaced in place, so pages keep showing the old list until the new one is written. Run it while
 * no ingest is writing: an ingest between two chunks would see half-counted statistics.
 */
export async function rebuildRelated(
  db: Db,
  {
    onProgress,
    chunk = 500,
    lists = true,
  }: {
    onProgress?: RebuildProgress;
    chunk?: number;
    /** False: statistics and postings only (the scale benchmark loads a corpus this way). */
    lists?: boolean;
  } = {},
): Promise<{ articles: number }> {
  const c = clientOf(db);
  await transaction(db, () => {
    for (const table of ["related_postings", "related_docs", "related_terms", "related_stats"]) {
      c.prepare(`delete from ${table}`).run();
    }
  });
  const ids = (c.prepare("select id from articles order by id").pluck().all() as number[]).slice();
  const s = new Session(db);
  const inChunks = async (phase: "index" | "lists", fn: (part: number[]) => void) => {
    for (let i = 0; i < ids.length; i += chunk) {
      const part = ids.slice(i, i + chunk);
      await transaction(db, () => fn(part));
      onProgress?.(phase, Math.min(ids.length, i + chunk), ids.length);
    }
  };
  // Every article's counts first, so that postings and lists see the final statistics.
  await inChunks("index", (part) => countTerms(s, part));
  s.loadStats();
  await inChunks("index", (part) => writePostings(s, part));
  if (lists) {
    // As for a batch at ingest: lists on content first, then again with those lists as neighbourhoods.
    await inChunks("lists", (part) => {
      computeLists(s, part, { neighbours: false });
    });
    await inChunks("lists", (part) => {
      computeLists(s, part);
    });
  }
  // Every article page may show a different list now.
  await transaction(db, () => bumpCacheTags(db, [cacheTag.all]));
  return { articles: ids.length };
}
