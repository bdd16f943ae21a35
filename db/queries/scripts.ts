// Reads that only the command-line scripts need (benchmarks, evaluation, stress): named here so that
// scripts, like the app, never write SQL of their own against the connection. Not "server-only".
import { and, desc, eq, exists, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "../index";
import { articleAnalysis, articleRelated, articles, articleTags, tags } from "../schema";

type IdSlug = { id: number; slug: string };

/** The story `offset` places below the newest, and up to `sample` other stories picked at random. */
export async function pickBenchArticles(
  db: Db,
  { offset, sample }: { offset: number; sample: number },
): Promise<{ target: IdSlug | undefined; sample: IdSlug[] }> {
  const cols = { id: articles.id, slug: articles.slug };
  const [target] = await db.select(cols).from(articles).orderBy(desc(articles.publishedAt)).limit(1).offset(offset);
  if (!target) return { target, sample: [] };
  const others = await db
    .select(cols)
    .from(articles)
    .where(ne(articles.id, target.id))
    .orderBy(sql`random()`)
    .limit(sample);
  return { target, sample: others };
}

/** Every story the stored lists of these articles link to, once each. */
export async function relatedIdsOfLists(db: Db, { articleIds }: { articleIds: readonly number[] }): Promise<number[]> {
  if (articleIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ id: articleRelated.relatedId })
    .from(articleRelated)
    .where(inArray(articleRelated.articleId, [...articleIds]));
  return rows.map((r) => r.id);
}

/** One tag slug of an article, if it has any. */
export async function firstTagSlugOf(db: Db, { articleId }: { articleId: number }): Promise<string | undefined> {
  const [row] = await db
    .select({ slug: tags.slug })
    .from(articleTags)
    .innerJoin(tags, eq(tags.id, articleTags.tagId))
    .where(eq(articleTags.articleId, articleId))
    .limit(1);
  return row?.slug;
}

/** How many (article, tag) links are stored. */
export async function countTagLinks(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(articleTags);
  return row?.n ?? 0;
}

/** The newest story that has both a related list and an analysis (what the article page shows in full). */
export async function newestFullyPreparedArticleSlug(db: Db): Promise<string | undefined> {
  const [row] = await db
    .select({ slug: articles.slug })
    .from(articles)
    .where(
      and(
        exists(db.select({ one: sql`1` }).from(articleRelated).where(eq(articleRelated.articleId, articles.id))),
        exists(db.select({ one: sql`1` }).from(articleAnalysis).where(eq(articleAnalysis.articleId, articles.id))),
      ),
    )
    .orderBy(desc(articles.publishedAt))
    .limit(1);
  return row?.slug;
}

/** The stored article with this external id, or else with this content hash. */
export async function findArticleId(
  db: Db,
  { externalId, contentHash }: { externalId: string; contentHash: string },
): Promise<number | undefined> {
  const [byExternal] = await db
    .select({ id: articles.id })
    .from(articles)
    .where(eq(articles.externalId, externalId))
    .limit(1);
  if (byExternal) return byExternal.id;
  const [byHash] = await db
    .select({ id: articles.id })
    .from(articles)
    .where(eq(articles.contentHash, contentHash))
    .limit(1);
  return byHash?.id;
}

/** The external id of each of these articles that has one. */
export async function externalIdsOf(db: Db, { ids }: { ids: readonly number[] }): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: articles.id, ext: articles.externalId })
    .from(articles)
    .where(inArray(articles.id, [...ids]));
  return new Map(rows.flatMap((r) => (r.ext ? [[r.id, r.ext] as const] : [])));
}
