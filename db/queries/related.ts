import "server-only";
import { desc, eq, inArray } from "drizzle-orm";
import { type RelatedMatch, rankRelated } from "@/lib/related";
import { getDb } from "../index";
import { articles, articleTags, sources, tags } from "../schema";
import { type ArticleCard, toCards } from "./articles";

const CANDIDATES_PER_TAG = 200;
const RECENT_CANDIDATES = 300;

export type RelatedArticle = ArticleCard & { score: number; reasons: RelatedMatch["reasons"] };

/**
 * The one entry point the article page uses for its related list. The engine behind it may change;
 * callers get cards plus the reasons each story was chosen.
 */
export function relatedArticles({ articleId, limit = 6 }: { articleId: number; limit?: number }): RelatedArticle[] {
  const db = getDb();
  const target = db.select().from(articles).where(eq(articles.id, articleId)).get();
  if (!target) return [];
  const targetTagIds = db
    .select({ tagId: articleTags.tagId })
    .from(articleTags)
    .where(eq(articleTags.articleId, articleId))
    .all()
    .map((r) => r.tagId);

  const ids = new Set<number>();
  for (const tagId of targetTagIds) {
    for (const r of db
      .select({ id: articleTags.articleId })
      .from(articleTags)
      .where(eq(articleTags.tagId, tagId))
      .orderBy(desc(articleTags.publishedAt))
      .limit(CANDIDATES_PER_TAG)
      .all())
      ids.add(r.id);
  }
  for (const r of db
    .select({ id: articles.id })
    .from(articles)
    .orderBy(desc(articles.publishedAt))
    .limit(RECENT_CANDIDATES)
    .all())
    ids.add(r.id);
  ids.delete(articleId);
  if (ids.size === 0) return [];

  const idList = [...ids];
  const docs = db
    .select({
      id: articles.id,
      sourceId: articles.sourceId,
      title: articles.title,
      body: articles.body,
      publishedAt: articles.publishedAt,
    })
    .from(articles)
    .where(inArray(articles.id, idList))
    .all();
  const tagRows = db
    .select({ articleId: articleTags.articleId, slug: tags.slug })
    .from(articleTags)
    .innerJoin(tags, eq(tags.id, articleTags.tagId))
    .where(inArray(articleTags.articleId, [...idList, articleId]))
    .all();
  const tagsOf = new Map<number, string[]>();
  for (const r of tagRows) tagsOf.set(r.articleId, [...(tagsOf.get(r.articleId) ?? []), r.slug]);

  const matches = rankRelated(
    { ...target, tags: tagsOf.get(articleId) ?? [] },
    docs.map((d) => ({ ...d, tags: tagsOf.get(d.id) ?? [] })),
    limit,
  );
  if (matches.length === 0) return [];
  const rows = db
    .select({
      id: articles.id,
      slug: articles.slug,
      title: articles.title,
      excerpt: articles.excerpt,
      publishedAt: articles.publishedAt,
      sourceSlug: sources.slug,
      sourceName: sources.name,
    })
    .from(articles)
    .innerJoin(sources, eq(sources.id, articles.sourceId))
    .where(
      inArray(
        articles.id,
        matches.map((m) => m.id),
      ),
    )
    .all();
  const cards = new Map(toCards(rows).map((c) => [c.id, c]));
  return matches.flatMap((m) => {
    const card = cards.get(m.id);
    return card ? [{ ...card, score: m.score, reasons: m.reasons }] : [];
  });
}
