import type { Statement } from "better-sqlite3";
import { and, desc, eq, sql } from "drizzle-orm";
import { type Db, engineOf, rows } from "../index";
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

// Read on every signed-in page view (and by the page cache for each signed-in hit): on SQLite prepared
// once per connection, with the id list passed as one JSON parameter so one statement serves any page.
export const READER_STATE_SQL = {
  saved: "select article_id from bookmarks where user_id = ? and article_id in (select value from json_each(?))",
  progress:
    "select article_id, progress from reading_positions where user_id = ? and article_id in (select value from json_each(?))",
};
const readerStatements = new WeakMap<object, { saved: Statement; progress: Statement }>();

function readerStatementsFor(db: Db) {
  let st = readerStatements.get(db.$client);
  if (!st) {
    st = { saved: db.$client.prepare(READER_STATE_SQL.saved), progress: db.$client.prepare(READER_STATE_SQL.progress) };
    readerStatements.set(db.$client, st);
  }
  return st;
}

/**
 * The same two reads on PostgreSQL: the id list is one array parameter (`= any($2)`), so the statement
 * text is the same for any page and both are answered from the (user_id, article_id) primary keys.
 */
export function readerStatePgQueries({ userId, articleIds }: { userId: number; articleIds: number[] }) {
  const ids = sql`${sql.param(articleIds)}::bigint[]`;
  return {
    saved: sql`select article_id from bookmarks where user_id = ${userId} and article_id = any(${ids})`,
    progress: sql`select article_id, progress from reading_positions where user_id = ${userId} and article_id = any(${ids})`,
  };
}

/** Which of these articles the reader saved and how far they read each, for a page of cards. */
export async function readerStateForArticles(
  db: Db,
  { userId, articleIds }: { userId: number; articleIds: number[] },
): Promise<{ saved: Set<number>; progress: Map<number, number> }> {
  const saved = new Set<number>();
  const progress = new Map<number, number>();
  if (articleIds.length === 0) return { saved, progress };
  let savedRows: { article_id: number }[];
  let progressRows: { article_id: number; progress: number }[];
  if (engineOf(db) === "postgres") {
    const q = readerStatePgQueries({ userId, articleIds });
    [savedRows, progressRows] = await Promise.all([
      rows<{ article_id: number }>(db, q.saved),
      rows<{ article_id: number; progress: number }>(db, q.progress),
    ]);
  } else {
    const st = readerStatementsFor(db);
    const ids = JSON.stringify(articleIds);
    savedRows = st.saved.all(userId, ids) as { article_id: number }[];
    progressRows = st.progress.all(userId, ids) as { article_id: number; progress: number }[];
  }
  for (const r of savedRows) saved.add(r.article_id);
  for (const r of progressRows) progress.set(r.article_id, r.progress);
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
