import "server-only";
import { asc, eq } from "drizzle-orm";
import { parseReasons, type RelatedReasons } from "@/lib/related-reasons";
import { type Db, getDb } from "../index";
import { articleRelated, articles, sources } from "../schema";
import { type ArticleCard, toCards } from "./articles";

export type RelatedArticle = ArticleCard & { score: number; sameStory: boolean; reasons: RelatedReasons };

/**
 * The one entry point for an article's related stories, best first, with the reasons each was chosen
 * and whether it is the same story from another outlet. Reads the list precomputed at ingest
 * (db/queries/related-store.ts) with one query on article_related's (article_id, rank) index; the
 * cards' tags come from one more query, as for every list of cards.
 */
export function relatedArticles({ articleId, limit = 6 }: { articleId: number; limit?: number }): RelatedArticle[] {
  const rows = relatedListQuery(getDb(), { articleId, limit }).all();
  const cards = toCards(rows);
  return cards.map((card, i) => {
    const row = rows[i];
    return {
      ...card,
      score: row?.score ?? 0,
      sameStory: row?.sameStory ?? false,
      reasons: parseReasons(row?.reasons ?? "{}"),
    };
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
