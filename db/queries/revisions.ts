import "server-only";
import { asc, count, eq, inArray, max } from "drizzle-orm";
import type { Db } from "../index";
import { articleRevisions } from "../schema";

// Reads of story revisions (written by upsertArticle in article-store.ts, inside ingest's transaction).

export type RevisionSummary = { count: number; lastReplacedAt: Date | null };

/** How many earlier versions an article has, and when the newest of them was replaced. */
export async function getRevisionSummary(db: Db, { articleId }: { articleId: number }): Promise<RevisionSummary> {
  const row = (
    await db
      .select({ n: count(), last: max(articleRevisions.replacedAt) })
      .from(articleRevisions)
      .where(eq(articleRevisions.articleId, articleId))
  )[0];
  return { count: row?.n ?? 0, lastReplacedAt: row?.last ?? null };
}

/** An article's earlier versions, oldest first (the current version is the article itself). */
export async function listRevisions(db: Db, { articleId }: { articleId: number }) {
  return await db
    .select({
      id: articleRevisions.id,
      title: articleRevisions.title,
      body: articleRevisions.body,
      seenAt: articleRevisions.seenAt,
      replacedAt: articleRevisions.replacedAt,
    })
    .from(articleRevisions)
    .where(eq(articleRevisions.articleId, articleId))
    .orderBy(asc(articleRevisions.id));
}

/** When each of these articles was updated (one row per revision), oldest first. */
export async function listUpdateTimes(db: Db, { articleIds }: { articleIds: number[] }) {
  if (articleIds.length === 0) return [];
  return await db
    .select({ id: articleRevisions.id, articleId: articleRevisions.articleId, at: articleRevisions.replacedAt })
    .from(articleRevisions)
    .where(inArray(articleRevisions.articleId, articleIds))
    .orderBy(asc(articleRevisions.replacedAt), asc(articleRevisions.id));
}
