import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Db } from "../index";
import { articleRelated, articles, sources } from "../schema";
import { type ArticleCard, toCards } from "./articles";

/** A stored related story as read: its card, score, whether it is the same story, and its reasons as JSON. */
export type RelatedRow = ArticleCard & { score: number; sameStory: boolean; reasonsJson: string };

/**
 * An article's precomputed related list, best first (lib/related/list.ts relatedArticles is the entry
 * point, which reads the reasons). One query on article_related's (article_id, rank) index; the cards'
 * tags come from one more query, as for every list of cards.
 */
export async function listRelatedRows(
  db: Db,
  {
    articleId,
    limit,
  }: {
    articleId: number;
    limit: number;
  },
): Promise<RelatedRow[]> {
  const rows = await relatedListQuery(db, { articleId, limit });
  const cards = await toCards(db, rows);
  return cards.map((card, i) => {
    const row = rows[i];
    return { ...card, score: row?.score ?? 0, sameStory: row?.sameStory ?? false, reasonsJson: row?.reasons ?? "{}" };
  });
}

/** The list's one query; exported so a test can check its plan. */
export function relatedListQuery(db: Db, { articleId, limit }: { articleId: number; limit: number }) {
  return db
    .select({
      id: articles.id,
      slug: articles.slug,
      title: articles.title,
      excerpt: articles.excerpt,
      publishedAt: articles.publishedAt,
      sourceSlug: sources.slug,
      sourceName: sources.name,
      score: articleRelated.score,
      sameStory: articleRelated.sameStory,
      reasons: articleRelated.reasons,
    })
    .from(articleRelated)
    .innerJoin(articles, eq(articles.id, articleRelated.relatedId))
    .innerJoin(sources, eq(sources.id, articles.sourceId))
    .where(eq(articleRelated.articleId, articleId))
    .orderBy(asc(articleRelated.rank))
    .limit(limit);
}
