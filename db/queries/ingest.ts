// Reads and writes of the ingest pipeline: sources and their polling state, and a feed's articles
// written in one transaction. Used by scripts, so no "server-only".
import { and, eq, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import { type Db, transaction } from "../index";
import { articles, type Source, sources } from "../schema";
import {
  type ArticleRow,
  type MaterialChange,
  type UpsertResult,
  upsertArticleRow,
  upsertSource,
} from "./article-store";
import { bumpCacheTags, cacheTag } from "./cache-tags";

export type SourceFields = {
  slug: string;
  name: string;
  homepage?: string | null;
  feedUrl?: string | null;
  attribution?: string | null;
  licenseUrl?: string | null;
};

export type ListedSourceFields = SourceFields & { feedUrl: string; fullText: boolean; enabled: boolean };

/** Where a feed's articles go: a source that exists, or one to find or create inside the write. */
export type SourceTarget = { id: number } | { create: SourceFields };

export type WriteCounts = { new: number; updated: number; unchanged: number; syndicated: number };

export type FetchState = { etag: string | null; lastModified: string | null; fetchedAt: Date; nextFetchAt: Date };

export async function getSourceBySlug(db: Db, { slug }: { slug: string }): Promise<Source | undefined> {
  return (await db.select().from(sources).where(eq(sources.slug, slug)).limit(1))[0];
}

export async function getSourceByFeedUrl(db: Db, { feedUrl }: { feedUrl: string }): Promise<Source | undefined> {
  return (await db.select().from(sources).where(eq(sources.feedUrl, feedUrl)).limit(1))[0];
}

/**
 * The source with this slug, created when missing. An existing source keeps what it has: only empty
 * fields are filled in, so importing a file never clears the feed URL or licence of a listed source.
 */
export async function ensureSource(db: Db, fields: SourceFields): Promise<Source> {
  const existing = await getSourceBySlug(db, { slug: fields.slug });
  if (!existing) {
    // Sources made by an ad-hoc run are not polled until someone lists them in the sources file.
    const [created] = await db
      .insert(sources)
      .values({ ...fields, enabled: false })
      .returning();
    if (!created) throw new Error(`Inserting source ${fields.slug} returned no row`);
    return created;
  }
  const fill: Partial<SourceFields> = {};
  for (const key of ["homepage", "feedUrl", "attribution", "licenseUrl"] as const) {
    if (!existing[key] && fields[key]) fill[key] = fields[key];
  }
  if (Object.keys(fill).length === 0) return existing;
  return (await db.update(sources).set(fill).where(eq(sources.id, existing.id)).returning())[0] ?? existing;
}

/**
 * A slug for a new feed source that no other feed uses: the title's slug, or with -2, -3... when a
 * different feed already has it. A source with that slug and no feed URL (made by a file import) is
 * the same outlet and is reused.
 */
export async function freeSourceSlug(
  db: Db,
  { base, feedUrl }: { base: string; feedUrl: string | null },
): Promise<string> {
  for (let n = 1; n < 1000; n++) {
    const slug = n === 1 ? base : `${base.slice(0, 70)}-${n}`;
    const taken = await getSourceBySlug(db, { slug });
    if (!taken?.feedUrl || taken.feedUrl === feedUrl) return slug;
  }
  throw new Error(`no free source slug for ${base}`);
}

/** Loads the sources list into the table. The list wins: listed fields overwrite the stored ones. */
export async function syncListedSources(db: Db, { list }: { list: readonly ListedSourceFields[] }): Promise<number> {
  await transaction(db, async (tx) => {
    for (const s of list) {
      const id = await upsertSource(tx, {
        slug: s.slug,
        name: s.name,
        homepage: s.homepage ?? null,
        feedUrl: s.feedUrl,
        attribution: s.attribution ?? null,
        licenseUrl: s.licenseUrl ?? null,
        fullText: s.fullText,
        enabled: s.enabled,
      });
      // upsertSource leaves these alone on conflict; for a listed source the file decides them too.
      await tx.update(sources).set({ fullText: s.fullText, enabled: s.enabled }).where(eq(sources.id, id));
    }
  });
  return list.length;
}

/** Enabled sources with a feed URL; with `dueAt`, only those whose next fetch time has come. */
export async function listFeedSources(db: Db, { dueAt }: { dueAt?: Date } = {}): Promise<Source[]> {
  return await db
    .select()
    .from(sources)
    .where(
      and(
        eq(sources.enabled, true),
        isNotNull(sources.feedUrl),
        dueAt ? or(isNull(sources.nextFetchAt), lte(sources.nextFetchAt, dueAt)) : undefined,
      ),
    )
    .orderBy(sources.id);
}

/** The earliest next fetch among enabled feed sources, for the watcher's sleep. */
export async function nextScheduledFetch(db: Db): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<number | null>`min(${sources.nextFetchAt})` })
    .from(sources)
    .where(and(eq(sources.enabled, true), isNotNull(sources.feedUrl)));
  return row?.at ? new Date(row.at) : null;
}

/** Guids of this source already stored, among the given ones: lets full-text extraction skip known stories. */
export async function storedGuids(
  db: Db,
  { sourceId, guids }: { sourceId: number; guids: string[] },
): Promise<Set<string>> {
  const found = new Set<string>();
  // SQLite caps bound parameters per statement; 500 at a time stays well under every build's limit.
  for (let i = 0; i < guids.length; i += 500) {
    const rows = await db
      .select({ guid: articles.guid })
      .from(articles)
      .where(and(eq(articles.sourceId, sourceId), inArray(articles.guid, guids.slice(i, i + 500))));
    for (const r of rows) if (r.guid) found.add(r.guid);
  }
  return found;
}

async function recordSuccess(db: Db, sourceId: number, state: FetchState) {
  await db
    .update(sources)
    .set({
      etag: state.etag,
      lastModified: state.lastModified,
      lastFetchedAt: state.fetchedAt,
      nextFetchAt: state.nextFetchAt,
      failureCount: 0,
      lastError: null,
    })
    .where(eq(sources.id, sourceId));
}

/** A fetch that needed no write (304 Not Modified): the source is healthy and scheduled again. */
export async function recordFetchNotModified(
  db: Db,
  { sourceId, fetchedAt, nextFetchAt }: { sourceId: number; fetchedAt: Date; nextFetchAt: Date },
) {
  await transaction(db, (tx) =>
    tx
      .update(sources)
      .set({ lastFetchedAt: fetchedAt, nextFetchAt, failureCount: 0, lastError: null })
      .where(eq(sources.id, sourceId)),
  );
}

export async function recordFetchFailure(
  db: Db,
  { sourceId, error, fetchedAt, nextFetchAt }: { sourceId: number; error: string; fetchedAt: Date; nextFetchAt: Date },
) {
  await transaction(db, (tx) =>
    tx
      .update(sources)
      .set({
        lastFetchedAt: fetchedAt,
        nextFetchAt,
        failureCount: sql`${sources.failureCount} + 1`,
        lastError: error.slice(0, 1000),
      })
      .where(eq(sources.id, sourceId)),
  );
}

/**
 * Writes one feed's articles, and the source's new polling state when it was fetched, in a single
 * transaction: if anything fails half-way, the database is left exactly as it was.
 */
export async function writeFeedArticles(
  db: Db,
  {
    target,
    items,
    now,
    fetchState,
    onProgress,
    isMaterialChange,
  }: {
    target: SourceTarget;
    items: readonly Omit<ArticleRow, "sourceId">[];
    now: Date;
    fetchState?: FetchState;
    onProgress?: (done: number, total: number) => void;
    /** Which differences from the stored copy are an update (kept as a revision); any, when absent. */
    isMaterialChange?: MaterialChange;
  },
): Promise<{ sourceId: number; counts: WriteCounts; results: UpsertResult[] }> {
  return transaction(db, async (tx) => {
    const sourceId = "id" in target ? target.id : (await ensureSource(tx, target.create)).id;
    const counts: WriteCounts = { new: 0, updated: 0, unchanged: 0, syndicated: 0 };
    const results: UpsertResult[] = [];
    for (const [i, item] of items.entries()) {
      const r = await upsertArticleRow(tx, { ...item, sourceId }, now, { isMaterialChange });
      if (r.fromOtherSource) counts.syndicated++;
      else counts[r.status]++;
      results.push(r);
      if (onProgress && (i % 250 === 249 || i === items.length - 1)) onProgress(i + 1, items.length);
    }
    if (fetchState) await recordSuccess(tx, sourceId, fetchState);
    // Pages cached by the app are stale once their stories change: new stories change every list,
    // an updated story its own page too. Nothing changed, nothing bumped, so a quiet poll keeps the cache.
    const changed = results.filter((r) => r.status === "updated").map((r) => cacheTag.article(r.slug));
    // An update also shows on the full-coverage pages (their list of updates).
    if (counts.new > 0 || changed.length > 0)
      await bumpCacheTags(tx, [cacheTag.latest, ...changed, ...(changed.length > 0 ? [cacheTag.stories] : [])]);
    return { sourceId, counts, results };
  });
}
