import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../index";
import { articles, bookmarks, readingPositions, sources } from "../schema";

/** Sets a bookmark on or off. Saving twice or removing twice is harmless. */
export function setBookmark(
  db: Db,
  { userId, articleId, saved, now = new Date() }: { userId: number; articleId: number; saved: boolean; now?: Date },
) {
  if (saved) {
    db.insert(bookmarks).values({ userId, articleId, createdAt: now }).onConflictDoNothing().run();
  } else {
    db.delete(bookmarks)
      .where(and(eq(bookmarks.userId, userId), eq(bookmarks.articleId, articleId)))
      .run();
  }
}

/** Which of these articles the reader saved and how far they read, for a page of cards. */
export function readerStateForArticles(db: Db, { userId, articleIds }: { userId: number; articleIds: number[] }) {
  const saved = new Set<number>();
  const progress = new Map<number, number>();
  if (articleIds.length === 0) return { saved, progress };
  for (const r of db
    .select({ articleId: bookmarks.articleId })
    .from(bookmarks)
    .where(and(eq(bookmarks.userId, userId), inArray(bookmarks.articleId, articleIds)))
    .all())
    saved.add(r.articleId);
  for (const r of db
    .select({ articleId: readingPositions.articleId, progress: readingPositions.progress })
    .from(readingPositions)
    .where(and(eq(readingPositions.userId, userId), inArray(readingPositions.articleId, articleIds)))
    .all())
    progress.set(r.articleId, r.progress);
  return { saved, progress };
}

/** A reader's bookmarks, newest saved first. */
export function listBookmarks(db: Db, { userId }: { userId: number }) {
  return db
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
    .orderBy(desc(bookmarks.createdAt), desc(articles.id))
    .all();
}

export function saveReadingPosition(
  db: Db,
  {
    userId,
    articleId,
    progress,
    now = new Date(),
  }: { userId: number; articleId: number; progress: number; now?: Date },
) {
  db.insert(readingPositions)
    .values({ userId, articleId, progress, updatedAt: now })
    .onConflictDoUpdate({
      target: [readingPositions.userId, readingPositions.articleId],
      set: { progress, updatedAt: now },
    })
    .run();
}

export function articleExists(db: Db, { articleId }: { articleId: number }): boolean {
  return !!db.select({ id: articles.id }).from(articles).where(eq(articles.id, articleId)).get();
}
