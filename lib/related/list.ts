import "server-only";
import type { ArticleCard } from "@/db/queries/articles";
import { listRelatedRows } from "@/db/queries/related";
import { getDb } from "@/lib/db";
import { parseReasons, type RelatedReasons } from "./reasons";

export type RelatedArticle = ArticleCard & { score: number; sameStory: boolean; reasons: RelatedReasons };

/**
 * The one entry point for an article's related stories, best first, with the reasons each was chosen
 * and whether it is the same story from another outlet. Reads the list precomputed at ingest
 * (lib/related/store.ts) with one indexed query (db/queries/related.ts).
 */
export async function relatedArticles({
  articleId,
  limit = 6,
}: {
  articleId: number;
  limit?: number;
}): Promise<RelatedArticle[]> {
  const rows = await listRelatedRows(getDb(), { articleId, limit });
  return rows.map(({ reasonsJson, ...card }) => ({ ...card, reasons: parseReasons(reasonsJson) }));
}
