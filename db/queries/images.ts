import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "../index";
import { articles } from "../schema";

/**
 * What an article lets the image endpoint fetch: its lead image and the stored HTML whose pictures it
 * shows. Null for an unknown article.
 */
export async function getArticleImageSources(
  db: Db,
  { articleId }: { articleId: number },
): Promise<{ imageUrl: string | null; bodyHtml: string | null } | null> {
  const rows = await db
    .select({ imageUrl: articles.imageUrl, bodyHtml: articles.bodyHtml })
    .from(articles)
    .where(eq(articles.id, articleId))
    .limit(1);
  return rows[0] ?? null;
}
