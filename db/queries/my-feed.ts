import "server-only";
import { and, desc, eq, inArray, lt, or } from "drizzle-orm";
import type { Db } from "../index";
import { articles, articleTags, readerSources, readerTags, sources } from "../schema";
import { type ArticlePage, type Cursor, cardColumns, PAGE_SIZE, toCards } from "./articles";

/**
 * The newest stories from the tags and outlets the reader follows, newest first, keyset-paged like the
 * front page. Walks the front page's (published_at, id) index and keeps a story whose outlet or one of
 * whose tags is followed; both sets are read once per query (SQLite materialises the IN subqueries).
 */
export async function listFollowedArticles(
  db: Db,
  { userId, cursor = null, limit = PAGE_SIZE }: { userId: number; cursor?: Cursor | null; limit?: number },
): Promise<ArticlePage> {
  const followedSources = db
    .select({ id: readerSources.sourceId })
    .from(readerSources)
    .where(and(eq(readerSources.userId, userId), eq(readerSources.choice, "follow")));
  const followedTagArticles = db
    .select({ id: articleTags.articleId })
    .from(articleTags)
    .innerJoin(readerTags, eq(readerTags.tagId, articleTags.tagId))
    .where(and(eq(readerTags.userId, userId), eq(readerTags.choice, "follow")));
  const older = cursor
    ? or(
        lt(articles.publishedAt, new Date(cursor.publishedAt)),
        and(eq(articles.publishedAt, new Date(cursor.publishedAt)), lt(articles.id, cursor.id)),
      )
    : undefined;
  const rows = await db
    .select(cardColumns)
    .from(articles)
    .innerJoin(sources, eq(sources.id, articles.sourceId))
    .where(and(or(inArray(articles.sourceId, followedSources), inArray(articles.id, followedTagArticles)), older))
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: await toCards(db, page),
    nextCursor: rows.length > limit && last ? { publishedAt: last.publishedAt.getTime(), id: last.id } : null,
  };
}
