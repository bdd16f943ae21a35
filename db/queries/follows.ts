import { and, asc, count, eq, sql } from "drizzle-orm";
import { byteOrder, type Db } from "../index";
import { feedTokens, mutedWords, readerSources, readerTags, sources, tags } from "../schema";

// Follows, mutes and the My feed token (issue 18, part 2). Every query is keyed by the reader's id,
// which the caller takes from the session, never from a request. The page cache's server imports this
// file (readerHasMutes, getTopicChoice), so it stays free of "server-only" modules: My feed's list,
// which builds cards through ./articles, is in ./my-feed.ts.

export type TopicKind = "tag" | "source";
export type TopicChoice = "follow" | "mute";
export type Topic = { slug: string; name: string };
export type ReaderChoices = {
  followedTags: Topic[];
  followedSources: Topic[];
  mutedTags: Topic[];
  mutedSources: Topic[];
  mutedWords: string[];
};

/** Everything a reader follows and mutes, each list by name (byte order on both engines: byteOrder). */
export async function getReaderChoices(db: Db, { userId }: { userId: number }): Promise<ReaderChoices> {
  const tagRows = await db
    .select({ slug: tags.slug, name: tags.name, choice: readerTags.choice })
    .from(readerTags)
    .innerJoin(tags, eq(tags.id, readerTags.tagId))
    .where(eq(readerTags.userId, userId))
    .orderBy(asc(byteOrder(db, tags.name)));
  const sourceRows = await db
    .select({ slug: sources.slug, name: sources.name, choice: readerSources.choice })
    .from(readerSources)
    .innerJoin(sources, eq(sources.id, readerSources.sourceId))
    .where(eq(readerSources.userId, userId))
    .orderBy(asc(byteOrder(db, sources.name)));
  const words = await db
    .select({ word: mutedWords.word })
    .from(mutedWords)
    .where(eq(mutedWords.userId, userId))
    .orderBy(asc(byteOrder(db, mutedWords.word)));
  const pick = (rows: { slug: string; name: string; choice: TopicChoice }[], c: TopicChoice) =>
    rows.filter((r) => r.choice === c).map(({ slug, name }) => ({ slug, name }));
  return {
    followedTags: pick(tagRows, "follow"),
    followedSources: pick(sourceRows, "follow"),
    mutedTags: pick(tagRows, "mute"),
    mutedSources: pick(sourceRows, "mute"),
    mutedWords: words.map((w) => w.word),
  };
}

/**
 * Whether the reader mutes anything at all: the page cache asks this on every signed-in list view, to
 * decide between the shared copy and a render of their own. Three primary-key/index probes.
 */
export async function readerHasMutes(db: Db, { userId }: { userId: number }): Promise<boolean> {
  let q = muteQueriesCache.get(db);
  if (!q) {
    q = muteQueries(db);
    muteQueriesCache.set(db, q);
  }
  for (const query of [q.word, q.tag, q.source]) if ((await query.execute({ userId })).length > 0) return true;
  return false;
}

const muteQueries = (db: Db) => {
  const userId = sql.placeholder("userId");
  return {
    word: db.select({ u: mutedWords.userId }).from(mutedWords).where(eq(mutedWords.userId, userId)).limit(1).prepare(),
    tag: db
      .select({ u: readerTags.userId })
      .from(readerTags)
      .where(and(eq(readerTags.userId, userId), eq(readerTags.choice, "mute")))
      .limit(1)
      .prepare(),
    source: db
      .select({ u: readerSources.userId })
      .from(readerSources)
      .where(and(eq(readerSources.userId, userId), eq(readerSources.choice, "mute")))
      .limit(1)
      .prepare(),
  };
};
// Asked for every signed-in list page the cache serves: built once per connection handle.
const muteQueriesCache = new WeakMap<object, ReturnType<typeof muteQueries>>();

/** The reader's choice about one tag or outlet, by slug: follow, mute, or null for neither. */
export async function getTopicChoice(
  db: Db,
  { userId, kind, slug }: { userId: number; kind: TopicKind; slug: string },
): Promise<TopicChoice | null> {
  if (kind === "tag") {
    const row = (
      await db
        .select({ choice: readerTags.choice })
        .from(readerTags)
        .innerJoin(tags, eq(tags.id, readerTags.tagId))
        .where(and(eq(readerTags.userId, userId), eq(tags.slug, slug)))
        .limit(1)
    )[0];
    return row?.choice ?? null;
  }
  const row = (
    await db
      .select({ choice: readerSources.choice })
      .from(readerSources)
      .innerJoin(sources, eq(sources.id, readerSources.sourceId))
      .where(and(eq(readerSources.userId, userId), eq(sources.slug, slug)))
      .limit(1)
  )[0];
  return row?.choice ?? null;
}

/** The id of a tag or outlet by slug, or null. */
export async function topicIdBySlug(db: Db, { kind, slug }: { kind: TopicKind; slug: string }) {
  const table = kind === "tag" ? tags : sources;
  const row = (await db.select({ id: table.id, name: table.name }).from(table).where(eq(table.slug, slug)).limit(1))[0];
  return row ?? null;
}

/** How many tags or outlets the reader has made this choice about (for the limits). */
export async function countTopicChoices(
  db: Db,
  { userId, kind, choice }: { userId: number; kind: TopicKind; choice: TopicChoice },
): Promise<number> {
  const table = kind === "tag" ? readerTags : readerSources;
  const row = (
    await db
      .select({ n: count() })
      .from(table)
      .where(and(eq(table.userId, userId), eq(table.choice, choice)))
  )[0];
  return row?.n ?? 0;
}

/**
 * Sets the reader's choice about a tag or outlet; null clears it. One row per (reader, topic), so
 * following a muted tag unmutes it and muting a followed one unfollows it. Repeating is harmless.
 */
export async function setTopicChoice(
  db: Db,
  {
    userId,
    kind,
    topicId,
    choice,
    now = new Date(),
  }: { userId: number; kind: TopicKind; topicId: number; choice: TopicChoice | null; now?: Date },
) {
  if (kind === "tag") {
    if (choice === null) {
      await db.delete(readerTags).where(and(eq(readerTags.userId, userId), eq(readerTags.tagId, topicId)));
      return;
    }
    await db
      .insert(readerTags)
      .values({ userId, tagId: topicId, choice, createdAt: now })
      .onConflictDoUpdate({ target: [readerTags.userId, readerTags.tagId], set: { choice, createdAt: now } });
    return;
  }
  if (choice === null) {
    await db.delete(readerSources).where(and(eq(readerSources.userId, userId), eq(readerSources.sourceId, topicId)));
    return;
  }
  await db
    .insert(readerSources)
    .values({ userId, sourceId: topicId, choice, createdAt: now })
    .onConflictDoUpdate({ target: [readerSources.userId, readerSources.sourceId], set: { choice, createdAt: now } });
}

export async function countMutedWords(db: Db, { userId }: { userId: number }): Promise<number> {
  return (await db.select({ n: count() }).from(mutedWords).where(eq(mutedWords.userId, userId)))[0]?.n ?? 0;
}

export async function hasMutedWord(db: Db, { userId, word }: { userId: number; word: string }): Promise<boolean> {
  const row = await db
    .select({ u: mutedWords.userId })
    .from(mutedWords)
    .where(and(eq(mutedWords.userId, userId), eq(mutedWords.word, word)))
    .limit(1);
  return row.length > 0;
}

/** Adds a normalised word (the caller normalises: db/ holds no text rules). */
export async function addMutedWord(
  db: Db,
  { userId, word, now = new Date() }: { userId: number; word: string; now?: Date },
) {
  await db.insert(mutedWords).values({ userId, word, createdAt: now }).onConflictDoNothing();
}

export async function removeMutedWord(db: Db, { userId, word }: { userId: number; word: string }) {
  await db.delete(mutedWords).where(and(eq(mutedWords.userId, userId), eq(mutedWords.word, word)));
}

/** Whether the reader follows anything (My feed's empty state tells the two cases apart). */
export async function followsAnything(db: Db, { userId }: { userId: number }): Promise<boolean> {
  const t = await countTopicChoices(db, { userId, kind: "tag", choice: "follow" });
  return t > 0 || (await countTopicChoices(db, { userId, kind: "source", choice: "follow" })) > 0;
}

// ── My feed token ─────────────────────────────────────────────────────────────────────────────────

export async function getFeedToken(db: Db, { userId }: { userId: number }) {
  return (await db.select().from(feedTokens).where(eq(feedTokens.userId, userId)).limit(1))[0] ?? null;
}

/** Replaces the reader's feed token: the old link stops working in the same write. */
export async function replaceFeedToken(
  db: Db,
  { userId, nonce, tokenHash, now = new Date() }: { userId: number; nonce: string; tokenHash: string; now?: Date },
) {
  await db
    .insert(feedTokens)
    .values({ userId, nonce, tokenHash, createdAt: now })
    .onConflictDoUpdate({ target: feedTokens.userId, set: { nonce, tokenHash, createdAt: now } });
}

export async function deleteFeedToken(db: Db, { userId }: { userId: number }) {
  await db.delete(feedTokens).where(eq(feedTokens.userId, userId));
}

/** The reader a feed token's hash belongs to, or null (unknown or revoked). */
export async function userIdForFeedTokenHash(db: Db, { tokenHash }: { tokenHash: string }): Promise<number | null> {
  const row = (
    await db.select({ userId: feedTokens.userId }).from(feedTokens).where(eq(feedTokens.tokenHash, tokenHash)).limit(1)
  )[0];
  return row?.userId ?? null;
}
