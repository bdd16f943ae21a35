// Precomputed related lists: term statistics, the inverted index, and the lists themselves. Written
// after every ingest transaction, by the seed and by `npm run related:rebuild`; the article page only
// reads article_related (db/queries/related.ts). Used by scripts, so no "server-only". The ranking is
// here; every read and write goes through the named functions of db/queries/related-index.ts, a batch
// at a time, and the session caches what it read (document frequencies, vectors, list heads, names)
// so that the ranking itself runs on plain values with no query inside.
//
// Cost per new article is bounded whatever the corpus size: candidates come from the article's 40
// heaviest terms, at most 400 postings each, read highest impact first off an index (impact-ordered
// postings, truncated: no scan grows with the corpus); at most 200 candidates are scored exactly,
// each with the head of its stored list read off the (article_id, rank) index for shared-neighbour
// evidence; at most 24 existing lists are re-ranked to let the new article join them. A batch of new
// articles is ranked twice (see refreshRelated), a single article once.

import { type Db, transaction } from "@/db";
import { bumpCacheTags, cacheTag } from "@/db/queries/cache-tags";
import {
  addTermDfs,
  clearRelatedIndex,
  type EvidenceRow,
  getArticleSlugs,
  getArticleTagSlugs,
  getArticleTexts,
  getCandidateRows,
  getCorpusTotals,
  getListsContaining,
  getPostings,
  getReasonEvidence,
  getRelatedHeads,
  getStoredDocs,
  getTermDfs,
  getTermDfsByText,
  listAllArticleIds,
  putStoredDocs,
  replacePostings,
  replaceRelatedLists,
  setCorpusTotals,
  termIdsFor,
} from "@/db/queries/related-index";
import { sameStoryCluster, sameStoryLinked } from "@/db/queries/stories";
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
import { documentTerms, stemTerm } from "@/lib/related/terms";

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

// ── Session ──────────────────────────────────────────────────────────────────────────────────────

/**
/**
 * State for one refresh or rebuild: caches of document frequencies, vectors, list heads and "why
 * related" evidence, valid while the corpus statistics do not change (they change only in the index
 * phase). `db` is the handle of the transaction the current step runs in.
 */
class Session {
  private dfCache = new Map<number, number>();
  private vectors = new Map<number, RelatedCandidate>();
  private lists = new Map<number, number[]>();
  private evidence = new Map<number, Evidence>();
  private stemDfs = new Map<string, number>();
  /**
   * Articles whose same-story cluster may have changed: owners of lists that had or now have
   * same-story rows, and those rows' stories. Their pages show "Full coverage: N outlets".
   */
  readonly storyTouched = new Set<number>();
  stats: CorpusStats = { docs: 0, avgLength: 0 };

  constructor(public db: Db) {}

  async loadStats() {
    const row = await getCorpusTotals(this.db);
    this.stats = { docs: row.docs, avgLength: row.docs > 0 ? row.totalLength / row.docs : 0 };
    this.dfCache.clear();
    this.vectors.clear();
    this.stemDfs.clear();
  }

  /** Reads the document frequencies of these terms that are not cached yet. */
  async loadDfs(termIds: Iterable<number>) {
    const missing = new Set<number>();
    for (const id of termIds) if (!this.dfCache.has(id)) missing.add(id);
    if (missing.size === 0) return;
    for (const [id, f] of await getTermDfs(this.db, { termIds: missing })) this.dfCache.set(id, f);
  }

  /** A term's document frequency; loadDfs must have read it (a miss is a bug, not a zero). */
  df = (termId: number): number => {
    const f = this.dfCache.get(termId);
    if (f === undefined) throw new Error(`document frequency of term ${termId} was not loaded`);
    return f;
  };

  /** Vectors, sources, dates and tags of these articles (those indexed), through the cache. */
  async candidates(ids: readonly number[]): Promise<Map<number, RelatedCandidate>> {
    const out = new Map<number, RelatedCandidate>();
    const missing: number[] = [];
    for (const id of ids) {
      const v = this.vectors.get(id);
      if (v) out.set(id, v);
      else missing.push(id);
    }
    if (missing.length === 0) return out;
    const tags = new Map<number, string[]>();
    for (const [articleId, slug] of await getArticleTagSlugs(this.db, { ids: missing })) {
      const list = tags.get(articleId);
      if (list) list.push(slug);
      else tags.set(articleId, [slug]);
    }
    if (this.vectors.size + missing.length > VECTOR_CACHE_MAX) this.vectors.clear();
    const rows = (await getCandidateRows(this.db, { ids: missing })).map((r) => ({
      r,
      terms: unpackTerms(r.terms, r.length),
    }));
    await this.loadDfs(rows.flatMap(({ terms }) => Array.from(terms.ids)));
    for (const { r, terms } of rows) {
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

  /** Reads the heads of the stored lists of these articles (their neighbourhoods) not cached yet. */
  async loadNeighbours(idList: Iterable<number>) {
    const ids = [...idList];
    let missing = new Set<number>();
    for (const id of ids) if (!this.lists.has(id)) missing.add(id);
    if (missing.size === 0) return;
    // Emptied when full; then every list asked for is read, not only those that were missing.
    if (this.lists.size + missing.size > VECTOR_CACHE_MAX) {
      this.lists.clear();
      missing = new Set(ids);
    }
    for (const [id, head] of await getRelatedHeads(this.db, { ids: missing, limit: NEIGHBOURHOOD }))
      this.lists.set(id, head);
  }

  /** The head of an article's stored list, for shared-neighbour evidence; loadNeighbours read it. */
  neighbours = (id: number): readonly number[] => {
    const list = this.lists.get(id);
    if (list === undefined) throw new Error(`neighbourhood of article ${id} was not loaded`);
    return list;
  };

  /**
   * Reads what "why related" compares (named entities and phrases) for these articles, those not
   * cached yet, in one batch: a list's reasons need its owner's and every entry's.
   */
  async loadEvidence(ids: Iterable<number>) {
    const wanted = [...ids];
    let missing = new Set<number>();
    for (const id of wanted) if (!this.evidence.has(id)) missing.add(id);
    if (missing.size === 0) return;
    if (this.evidence.size + missing.size > EVIDENCE_CACHE_MAX) {
      this.evidence.clear();
      missing = new Set(wanted);
    }
    const found = await getReasonEvidence(this.db, { ids: [...missing] });
    for (const id of missing) this.evidence.set(id, evidenceFrom(found.get(id)));
  }

  /** An article's "why related" evidence; loadEvidence must have read it. */
  evidenceOf = (id: number): Evidence => {
    const e = this.evidence.get(id);
    if (e === undefined) throw new Error(`"why related" evidence of article ${id} was not loaded`);
    return e;
  };

  /** Reads the document frequencies of these stems not cached yet (a stem the index lacks has none). */
  async loadStems(stems: Iterable<string>) {
    const missing = new Set<string>();
    for (const t of stems) if (!this.stemDfs.has(t)) missing.add(t);
    if (missing.size === 0) return;
    const found = await getTermDfsByText(this.db, { terms: missing });
    for (const t of missing) this.stemDfs.set(t, found.get(t) ?? -1);
  }

  /** idf of a stem under the current statistics; 0 for a stem the index does not know. */
  stemIdf = (stem: string): number => {
    const f = this.stemDfs.get(stem);
    if (f === undefined) throw new Error(`document frequency of "${stem}" was not loaded`);
    return f < 0 ? 0 : idf(f, this.stats.docs);
  };

  /** A reason needs a word in at most this share of the articles (a tenth), as idf. */
  reasonMinIdf(): number {
    return idf(Math.max(1, this.stats.docs * REASON_MAX_DF_SHARE), this.stats.docs);
  }

  /** An article's list was just stored: its head is what the next ranking must see as its neighbourhood. */
  listWritten(id: number, ids: readonly number[]) {
    this.lists.set(id, ids.slice(0, NEIGHBOURHOOD));
  }

  forget(ids: readonly number[]) {
    for (const id of ids) this.vectors.delete(id);
  }
}

function evidenceFrom(row: EvidenceRow | undefined): Evidence {
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
  return {
    phrases: row ? phrasesOf(row.title, row.body) : new Map(),
    names: { people: list(row?.people), places: list(row?.places), organisations: list(row?.organisations) },
  };
}

// ── Index phase: term counts, document frequencies, postings ──────────────────────────────────────

/**
 * Stores the term counts of these articles and updates document frequencies and corpus totals. An
 * article indexed before (an update) first has its old counts taken back out.
 */
async function countTerms(s: Session, ids: readonly number[]): Promise<void> {
  const db = s.db;
  const totals = await getCorpusTotals(db);
  let { docs, totalLength } = totals;
  const texts = await getArticleTexts(db, { ids });
  const olds = await getStoredDocs(db, { ids });
  // Document frequencies change by these amounts, written once for the whole batch: nothing reads
  // them until the batch is counted, and a term shared by many articles is then updated once.
  const dfDeltas = new Map<number, number>();
  const counted = ids.flatMap((id) => {
    const text = texts.get(id);
    return text ? [{ id, ...documentTerms(text.title, text.body) }] : [];
  });
  // Every term of the batch in one call, in article order: a new term gets its id where it first
  // occurs, exactly as one call per article would number it.
  const allIds = await termIdsFor(db, { terms: counted.flatMap(({ counts }) => [...counts.keys()]) });
  const docsToStore: { articleId: number; length: number; terms: Buffer }[] = [];
  let at = 0;
  for (const { id, counts, length } of counted) {
    const old = olds.get(id);
    if (old) {
      for (const t of unpackTerms(old.terms, old.length).ids) dfDeltas.set(t, (dfDeltas.get(t) ?? 0) - 1);
      docs--;
      totalLength -= old.length;
    }
    const termIds = allIds.slice(at, at + counts.size);
    at += counts.size;
    const pairs = [...counts.values()]
      .map((count, i) => [termIds[i] as number, count] as const)
      .sort((a, b) => a[0] - b[0]);
    for (const [t] of pairs) dfDeltas.set(t, (dfDeltas.get(t) ?? 0) + 1);
    docsToStore.push({
      articleId: id,
      length,
      terms: packTerms(
        Int32Array.from(pairs, (p) => p[0]),
        Float32Array.from(pairs, (p) => p[1]),
      ),
    });
    docs++;
    totalLength += length;
  }
  await putStoredDocs(db, { docs: docsToStore });
  await addTermDfs(db, { deltas: dfDeltas });
  await setCorpusTotals(db, { docs, totalLength });
  await s.loadStats();
}

/** Rewrites the postings of these articles from their stored counts, under the current statistics. */
async function writePostings(s: Session, ids: readonly number[]): Promise<void> {
  const stored = await getStoredDocs(s.db, { ids });
  const unpacked = new Map([...stored].map(([id, doc]) => [id, unpackTerms(doc.terms, doc.length)]));
  // The statistics are final for this phase: every document frequency the batch needs, read at once.
  await s.loadDfs([...unpacked.values()].flatMap((t) => Array.from(t.ids)));
  const lists: { articleId: number; postings: [number, number][] }[] = [];
  for (const id of ids) {
    const terms = unpacked.get(id);
    if (!terms) {
      lists.push({ articleId: id, postings: [] });
      continue;
    }
    const heavy = topTerms(weighTerms(terms, s.stats, s.df), INDEXED_TERMS);
    const postings: [number, number][] = heavy.map((t) => [t.id, t.weight]);
    // Terms with df 1 are left out of vectors, but the next article to use one of them (a name that
    // just entered the news) must find this one through it. Rare terms would be among the heaviest,
    // so they get the heaviest term's impact; the most frequent in the article go first.
    const impact = heavy[0]?.weight ?? 1;
    const rare = Array.from(terms.ids, (t, i) => ({ t, count: terms.counts[i] as number }))
      .filter((x) => s.df(x.t) === 1)
      .sort((a, b) => b.count - a.count || a.t - b.t)
      .slice(0, INDEXED_RARE_TERMS);
    for (const { t } of rare) postings.push([t, impact]);
    lists.push({ articleId: id, postings });
  }
  await replacePostings(s.db, { lists });
}

// ── List phase ───────────────────────────────────────────────────────────────────────────────────

/** Ids of the best candidates for a target, from the inverted index (bounded work). */
async function gatherCandidates(s: Session, target: RelatedCandidate): Promise<number[]> {
  const acc = new Map<number, number>();
  const query = topTerms(target.vector, QUERY_TERMS);
  const lists = await getPostings(s.db, { termIds: query.map((q) => q.id), limit: POSTINGS_PER_TERM });
  query.forEach(({ weight }, q) => {
    for (const [articleId, impact] of lists[q] ?? []) {
      if (articleId !== target.id) acc.set(articleId, (acc.get(articleId) ?? 0) + weight * impact);
    }
  });
  return [...acc.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, CANDIDATES)
    .map(([id]) => id);
}

/** Stems whose rarity "why related" may ask for, comparing these two stories: read before ranking them. */
function reasonStems(mine: Evidence, theirs: Evidence): Set<string> {
  const stems = new Set<string>();
  for (const key of mine.phrases.keys()) if (theirs.phrases.has(key)) for (const t of key.split(" ")) stems.add(t);
  for (const e of [...mine.names.people, ...mine.names.organisations, ...mine.names.places])
    if (!/\s/.test(e.name)) stems.add(stemTerm(e.name.toLowerCase().replace(/['’]s$/, "")));
  return stems;
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

/**
 * Every member of the clusters these articles belong to after the writes. A new same-story link can
 * join a chain at one end, and the "Full coverage: N outlets" line of a page several links away counts
 * the new member too (each walk is bounded by MAX_STORY_MEMBERS).
 */
async function wholeClusters(db: Db, ids: Iterable<number>): Promise<number[]> {
  const all = new Set<number>();
  for (const id of ids) {
    // A member reached from an earlier id is in the same component: walking it again finds nothing new.
    if (all.has(id)) continue;
    for (const member of await sameStoryCluster(db, { articleId: id })) all.add(member);
  }
  return [...all];
}

type ListToWrite = { target: RelatedCandidate; matches: RelatedMatch[] };

/**
 * Stores these lists with their reasons. Every read is a batch for all of them (so PostgreSQL makes a
 * handful of round trips, not a few per list): which owners have same-story links, the evidence of
 * every owner and entry, the rarity of every stem a reason may name; then the lists, written together.
 * The session's neighbourhoods are updated at once; the caller ranks nothing from the stored rows.
 */
async function writeLists(s: Session, lists: readonly ListToWrite[]) {
  if (lists.length === 0) return;
  // The whole cluster as it stands before a list is replaced: a link the write removes can split it,
  // and every former member's "Full coverage" count changes, however far from this article. An owner
  // with no same-story row either way is a cluster of one: only the others are walked.
  const linked = await sameStoryLinked(s.db, { articleIds: lists.map((l) => l.target.id) });
  for (const { target, matches } of lists) {
    const before = linked.has(target.id) ? await sameStoryCluster(s.db, { articleId: target.id }) : [];
    const same = [...before.filter((id) => id !== target.id), ...matches.filter((m) => m.sameStory).map((m) => m.id)];
    if (same.length > 0) for (const id of [target.id, ...same]) s.storyTouched.add(id);
  }
  await s.loadEvidence(lists.flatMap(({ target, matches }) => [target.id, ...matches.map((m) => m.id)]));
  const stems = new Set<string>();
  for (const { target, matches } of lists) {
    const mine = s.evidenceOf(target.id);
    for (const m of matches) for (const t of reasonStems(mine, s.evidenceOf(m.id))) stems.add(t);
  }
  await s.loadStems(stems);
  await replaceRelatedLists(s.db, {
    lists: lists.map(({ target, matches }) => ({
      articleId: target.id,
      entries: matches.map((m) => ({
        relatedId: m.id,
        score: m.score,
        sameStory: m.sameStory,
        reasons: reasonsJson(s, target.id, m),
      })),
    })),
  });
  for (const { target, matches } of lists)
    s.listWritten(
      target.id,
      matches.map((m) => m.id),
    );
}

/** Ranks a pool for a target, with the pool's neighbourhoods read first when they count. */
async function rank(s: Session, target: RelatedCandidate, pool: RelatedCandidate[], neighbours: boolean) {
  if (!neighbours) return rankRelated(target, pool, STORED_LIST_SIZE);
  await s.loadNeighbours(pool.map((c) => c.id));
  return rankRelated(target, pool, STORED_LIST_SIZE, s.neighbours);
}

/**
 * Computes and stores the lists of these articles; returns, for each, its most similar candidates.
 * `neighbours` false: on content alone, a first pass whose lists a second pass takes as neighbourhoods.
 */
async function computeLists(
  s: Session,
  ids: readonly number[],
  { neighbours = true }: { neighbours?: boolean } = {},
): Promise<Map<number, { id: number; similarity: number }[]>> {
  const nearest = new Map<number, { id: number; similarity: number }[]>();
  for (const id of ids) {
    const target = (await s.candidates([id])).get(id);
    if (!target) continue;
    const pool = [...(await s.candidates(await gatherCandidates(s, target))).values()];
    await writeLists(s, [{ target, matches: await rank(s, target, pool, neighbours) }]);
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
async function joinLists(
  s: Session,
  changed: readonly number[],
  nearest: Map<number, { id: number; similarity: number }[]>,
): Promise<number[]> {
  const changedSet = new Set(changed);
  const newcomers = new Map<number, Set<number>>();
  const add = (owner: number, id: number) => {
    if (owner === id || changedSet.has(owner)) return;
    const set = newcomers.get(owner) ?? new Set<number>();
    set.add(id);
    newcomers.set(owner, set);
  };
  const containing = await getListsContaining(s.db, { relatedIds: changed });
  for (const id of changed) {
    for (const n of nearest.get(id) ?? []) add(n.id, id);
    // An updated article may no longer belong where it was listed: those lists are re-ranked too.
    for (const owner of containing.get(id) ?? []) add(owner, id);
  }
  // Read up front, a batch each: every affected list as it stands (rewriting one list changes no
  // other's stored entries), and the vectors and neighbourhoods of the owners and their pools.
  const currentLists = await getRelatedHeads(s.db, { ids: newcomers.keys() });
  const pools = new Map<number, number[]>();
  for (const [owner, ids] of newcomers) pools.set(owner, [...new Set([...(currentLists.get(owner) ?? []), ...ids])]);
  const everyone = [...new Set([...newcomers.keys(), ...[...pools.values()].flat()])];
  // With everything read up front, the rankings read nothing more from the database: each ranking sees
  // the lists rewritten before it through the session (listWritten), so the rewritten lists can be
  // stored together at the end. A set too big for the caches is ranked and stored one list at a time.
  const together = everyone.length <= VECTOR_CACHE_MAX / 2;
  if (together) {
    await s.candidates(everyone);
    await s.loadNeighbours(everyone);
  }
  const pending: ListToWrite[] = [];
  const rewritten: number[] = [];
  for (const [owner, ids] of newcomers) {
    const current = currentLists.get(owner) ?? [];
    const target = (await s.candidates([owner])).get(owner);
    if (!target) continue;
    const pool = [...(await s.candidates(pools.get(owner) ?? [])).values()];
    const matches = await rank(s, target, pool, true);
    const same = matches.length === current.length && matches.every((m, i) => m.id === current[i]);
    if (same && ![...ids].some((id) => current.includes(id))) continue;
    if (together) {
      pending.push({ target, matches });
      s.listWritten(
        owner,
        matches.map((m) => m.id),
      );
    } else await writeLists(s, [{ target, matches }]);
    rewritten.push(owner);
  }
  await writeLists(s, pending);
  return rewritten;
}

/** The page tags of these articles, for the cache bump after their lists changed. */
async function articlePageTags(db: Db, ids: readonly number[]) {
  return [...(await getArticleSlugs(db, { ids })).values()].map((slug) => cacheTag.article(slug));
}

// ── Entry points ─────────────────────────────────────────────────────────────────────────────────

/**
 * Brings relatedness up to date after these articles were inserted or changed: indexes their terms,
 * computes their lists, and lets them into the lists of the existing articles they are closest to.
 * Runs in the caller's transaction when there is one (ingest calls it inside a transaction of its own
 * per batch), else in one of its own.
 */
export async function refreshRelated(
  db: Db,
  { articleIds }: { articleIds: readonly number[] },
): Promise<RefreshResult> {
  const ids = [...new Set(articleIds)];
  if (ids.length === 0) return { indexed: 0, listsWritten: 0, listsJoined: 0 };
  // The statistics are read, changed and written back: only under the write lock of a transaction
  // (the caller's, joined, or one of its own) can no other writer slip in between.
  return transaction(db, (tx) => refreshInTransaction(tx, ids));
}

async function refreshInTransaction(db: Db, ids: readonly number[]): Promise<RefreshResult> {
  const s = new Session(db);
  await s.loadStats();
  await countTerms(s, ids);
  await writePostings(s, ids);
  // Articles of one batch are each other's candidates, and one computed early would find the others
  // without lists, so no neighbourhoods: a first pass on content alone gives every one a list, the
  // second uses them. A single new article finds its candidates' lists already stored.
  if (ids.length > 1) await computeLists(s, ids, { neighbours: false });
  const nearest = await computeLists(s, ids);
  const joined = await joinLists(s, ids, nearest);
  // Pages already served with the old lists are stale now; the new articles' pages were never cached.
  // So are the pages whose full-coverage link may count differently, and the full-coverage pages.
  await bumpCacheTags(db, [
    ...(await articlePageTags(db, [...new Set([...joined, ...(await wholeClusters(db, s.storyTouched))])])),
    ...(s.storyTouched.size > 0 ? [cacheTag.stories] : []),
  ]);
  return { indexed: ids.length, listsWritten: nearest.size, listsJoined: joined.length };
}

/**
 * Computes and stores the lists of these articles only, against the index as it stands (it must
 * already cover them and the corpus, as rebuildRelated({ lists: false }) leaves it), in the two passes
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
  await s.loadStats();
  // One transaction per chunk; the session's caches carry over from one to the next.
  const inChunks = async (fn: (part: number[]) => Promise<void>) => {
    for (let i = 0; i < ids.length; i += chunk) {
      const part = ids.slice(i, i + chunk);
      await transaction(db, async (tx) => {
        s.db = tx;
        await fn(part);
      });
    }
  };
  await inChunks(async (part) => {
    await computeLists(s, part, { neighbours: false });
  });
  let listsWritten = 0;
  await inChunks(async (part) => {
    listsWritten += (await computeLists(s, part)).size;
    // Pages already served without these lists are stale now, and the full-coverage pages.
    const clusters = await wholeClusters(s.db, s.storyTouched);
    s.storyTouched.clear();
    await bumpCacheTags(s.db, [
      ...(await articlePageTags(s.db, [...new Set([...part, ...clusters])])),
      cacheTag.stories,
    ]);
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
  await transaction(db, (tx) => clearRelatedIndex(tx));
  const ids = await listAllArticleIds(db);
  const s = new Session(db);
  await s.loadStats();
  const inChunks = async (phase: "index" | "lists", fn: (part: number[]) => Promise<unknown>) => {
    for (let i = 0; i < ids.length; i += chunk) {
      const part = ids.slice(i, i + chunk);
      await transaction(db, async (tx) => {
        s.db = tx;
        await fn(part);
      });
      onProgress?.(phase, Math.min(ids.length, i + chunk), ids.length);
    }
  };
  // Every article's counts first, so that postings and lists see the final statistics.
  await inChunks("index", (part) => countTerms(s, part));
  await s.loadStats();
  await inChunks("index", (part) => writePostings(s, part));
  if (lists) {
    // As for a batch at ingest: lists on content first, then again with those lists as neighbourhoods.
    await inChunks("lists", (part) => computeLists(s, part, { neighbours: false }));
    await inChunks("lists", (part) => computeLists(s, part));
  }
  // Every article page may show a different list now.
  await transaction(db, (tx) => bumpCacheTags(tx, [cacheTag.all]));
  return { articles: ids.length };
}
