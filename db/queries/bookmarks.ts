import { and, desc, eq, type SQLWrapper, sql } from "drizzle-orm";
import { type Db, engineOf } from "../index";
import { articles, bookmarks, readingPositions, sources } from "../schema";

/** Sets a bookmark on or off. Saving twice or removing twice is harmless. */
export async function setBookmark(
  db: Db,
  { userId, articleId, saved, now = new Date() }: { userId: number; articleId: number; saved: boolean; now?: Date },
) {
  if (saved) {
    await db.insert(bookmarks).values({ userId, articleId, createdAt: now }).onConflictDoNothing();
  } else {
    await db.delete(bookmarks).where(and(eq(bookmarks.userId, userId), eq(bookmarks.articleId, articleId)));
  }
}

const p = sql.placeholder;

/**
 * The two reads behind every signed-in page view (and every signed-in hit of the page cache): which of
 * these articles the reader saved, and how far they read each. The id list is ONE parameter, so one
 * statement serves any page: a JSON array read with json_each on SQLite, an array (`= any($2)`) on
 * PostgreSQL. Both are answered from the (user_id, article_id) primary keys (reader-payload.test.ts).
 */
export function readerStateQueries(db: Db) {
  const inIds = (column: SQLWrapper) =>
    engineOf(db) === "postgres"
      ? sql`${column} = any(${p("ids")}::bigint[])`
      : sql`${column} in (select value from json_each(${p("ids")}))`;
  return {
    saved: db
      .select({ articleId: bookmarks.articleId })
      .from(bookmarks)
      .where(and(eq(bookmarks.userId, p("userId")), inIds(bookmarks.articleId))),
    progress: db
      .select({ articleId: readingPositions.articleId, progress: readingPositions.progress })
      .from(readingPositions)
      .where(and(eq(readingPositions.userId, p("userId")), inIds(readingPositions.articleId))),
  };
}

function prepareReaderState(db: Db) {
  const q = readerStateQueries(db);
  return { saved: q.saved.prepare(), progress: q.progress.prepare() };
}
// Prepared once per connection handle.
const readerStatements = new WeakMap<object, ReturnType<typeof prepareReaderState>>();

/** The ids parameter of readerStateQueries, as the engine takes it. */
export function readerStateIds(db: Db, articleIds: number[]): unknown {
  return engineOf(db) === "postgres" ? articleIds : JSON.stringify(articleIds);
}

/** Which of these articles the reader saved and how far they read each, for a page of cards. */
export async function readerStateForArticles(
  db: Db,
  { userId, articleIds }: { userId: number; articleIds: number[] },
): Promise<{ saved: Set<number>; progress: Map<number, number> }> {
  const saved = new Set<number>();
  const progress = new Map<number, number>();
  if (articleIds.length === 0) return { saved, progress };
  let st = readerStatements.get(db);
  if (!st) {
    st = prepareReaderState(db);
    readerStatements.set(db, st);
  }
  const params = { userId, ids: readerStateIds(db, articleIds) };
  for (const r of await st.saved.execute(params)) saved.add(r.articleId);
  for (const r of await st.progress.execute(params)) progress.set(r.articleId, r.progress);
  return { saved, progress };
}

/** A reader's bookmarks, newest saved first. */
export async function listBookmarks(db: Db, { userId }: { userId: number }) {
  return await db
    .select({
      articleId: articles.id,
      slug: articles.slug,
      title: articles.title,
      excerpt: articles.excerpt,
      url: articles.url,
      publishedAt: articles.publishedAt,
      savedAt: bookmarks.createdAt,
      sourceSlug: sources.slug,
      sourceName: sources.name,
    })
    .from(bookmarks)
    .innerJoin(articles, eq(articles.id, bookmarks.articleId))
    .innerJoin(sources, eq(sources.id, articles.sourceId))
    .where(eq(bookmarks.userId, userId))
    .orderBy(desc(bookmarks.createdAt), desc(articles.id));
}

export async function saveReadingPosition(
  db: Db,
  {
    userId,
    articleId,
    progress,
    now = new Date(),
  }: { userId: number; articleId: number; progress: number; now?: Date },
) {
  await db
    .insert(readingPositions)
    .values({ userId, articleId, progress, updatedAt: now })
    .onConflictDoUpdate({
      target: [readingPositions.userId, readingPositions.articleId],
      set: { progress, updatedAt: now },
    });
}

export async function articleExists(db: Db, { articleId }: { articleId: number }): Promise<boolean> {
  return (await db.select({ id: articles.id }).from(articles).where(eq(articles.id, articleId)).limit(1)).length > 0;
}
