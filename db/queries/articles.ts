import "server-only";
import { and, asc, count, desc, eq, gt, gte, inArray, lt, or, type SQLWrapper, sql } from "drizzle-orm";
import { type Db, rows } from "../index";
import { articles, articleTags, sources, tags } from "../schema";

export const PAGE_SIZE = 20;

export type TagLink = { slug: string; name: string };
export type ArticleCard = {
  id: number;
  slug: string;
  title: string;
  excerpt: string;
  publishedAt: Date;
  source: { slug: string; name: string };
  tags: TagLink[];
  /** The lead image, for a small picture on the card (issue 18 part 4); null when the story has none. */
  image: CardImage | null;
  /** When ingest last stored a changed version (a revision); null or absent if never. */
  revisedAt?: Date | null;
};
export type CardImage = { url: string; width: number | null; height: number | null };
/** Where a newest-first list continues: the (publishedAt ms, id) of the last story shown (lib/articles/cursor.ts encodes it). */
export type Cursor = { publishedAt: number; id: number };
export type ArticlePage = { items: ArticleCard[]; nextCursor: Cursor | null };

/** What a story card shows; every list of cards selects these (My feed too). */
export const cardColumns = {
  id: articles.id,
  slug: articles.slug,
  title: articles.title,
  excerpt: articles.excerpt,
  publishedAt: articles.publishedAt,
  sourceSlug: sources.slug,
  sourceName: sources.name,
  imageUrl: articles.imageUrl,
  imageWidth: articles.imageWidth,
  imageHeight: articles.imageHeight,
  ingestedAt: articles.ingestedAt,
  updatedAt: articles.updatedAt,
};

type CardRow = {
  id: number;
  slug: string;
  title: string;
  excerpt: string;
  publishedAt: Date;
  sourceSlug: string;
  sourceName: string;
  imageUrl?: string | null;
  imageWidth?: number | null;
  imageHeight?: number | null;
  ingestedAt?: Date;
  updatedAt?: Date;
};

/** Tags of many articles in one query, for a page of cards. */
export async function tagsForArticles(db: Db, { ids }: { ids: number[] }): Promise<Map<number, TagLink[]>> {
  const byArticle = new Map<number, TagLink[]>();
  if (ids.length === 0) return byArticle;
  const rows = await db
    .select({ articleId: articleTags.articleId, slug: tags.slug, name: tags.name })
    .from(articleTags)
    .innerJoin(tags, eq(tags.id, articleTags.tagId))
    .where(inArray(articleTags.articleId, ids));
  for (const r of rows) {
    const list = byArticle.get(r.articleId) ?? [];
    list.push({ slug: r.slug, name: r.name });
    byArticle.set(r.articleId, list);
  }
  return byArticle;
}

export async function toCards(db: Db, rows: CardRow[]): Promise<ArticleCard[]> {
  const tagMap = await tagsForArticles(db, { ids: rows.map((r) => r.id) });
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    excerpt: r.excerpt,
    publishedAt: r.publishedAt,
    source: { slug: r.sourceSlug, name: r.sourceName },
    tags: tagMap.get(r.id) ?? [],
    image: r.imageUrl ? { url: r.imageUrl, width: r.imageWidth ?? null, height: r.imageHeight ?? null } : null,
    // updated_at equals ingested_at until ingest stores a changed version.
    revisedAt: r.updatedAt && r.ingestedAt && r.updatedAt.getTime() > r.ingestedAt.getTime() ? r.updatedAt : null,
  }));
}

async function paginate(db: Db, rows: CardRow[], limit: number): Promise<ArticlePage> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? { publishedAt: last.publishedAt.getTime(), id: last.id } : null;
  return { items: await toCards(db, page), nextCursor };
}

function olderThan(
  cursor: Cursor | null,
  publishedAt: SQLWrapper = articles.publishedAt,
  id: SQLWrapper = articles.id,
) {
  if (!cursor) return undefined;
  // Both callers pass timestamp_ms columns, which encode a Date to the stored integer.
  const at = new Date(cursor.publishedAt);
  return or(lt(publishedAt, at), and(eq(publishedAt, at), lt(id, cursor.id)));
}

export async function listLatestArticles(
  db: Db,
  {
    cursor = null,
    limit = PAGE_SIZE,
  }: {
    cursor?: Cursor | null;
    limit?: number;
  },
): Promise<ArticlePage> {
  const rows = await db
    .select(cardColumns)
    .from(articles)
    .innerJoin(sources, eq(sources.id, articles.sourceId))
    .where(olderThan(cursor))
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(limit + 1);
  return paginate(db, rows, limit);
}

export async function listArticlesBySource(
  db: Db,
  {
    sourceId,
    cursor = null,
    limit = PAGE_SIZE,
  }: {
    sourceId: number;
    cursor?: Cursor | null;
    limit?: number;
  },
): Promise<ArticlePage> {
  const rows = await db
    .select(cardColumns)
    .from(articles)
    .innerJoin(sources, eq(sources.id, articles.sourceId))
    .where(and(eq(articles.sourceId, sourceId), olderThan(cursor)))
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(limit + 1);
  return paginate(db, rows, limit);
}

export async function listArticlesByTag(
  db: Db,
  {
    tagId,
    cursor = null,
    limit = PAGE_SIZE,
  }: {
    tagId: number;
    cursor?: Cursor | null;
    limit?: number;
  },
): Promise<ArticlePage> {
  // Driven by article_tags(tag_id, published_at, article_id) so the newest-first walk needs no sort.
  const rows = await db
    .select(cardColumns)
    .from(articleTags)
    .innerJoin(articles, eq(articles.id, articleTags.articleId))
    .innerJoin(sources, eq(sources.id, articles.sourceId))
    .where(and(eq(articleTags.tagId, tagId), olderThan(cursor, articleTags.publishedAt, articleTags.articleId)))
    .orderBy(desc(articleTags.publishedAt), desc(articleTags.articleId))
    .limit(limit + 1);
  return paginate(db, rows, limit);
}

/** The cursor's story and every newer one; the leading `>=` gives SQLite an index range to walk. */
function atOrAbove(cursor: Cursor, publishedAt: SQLWrapper, id: SQLWrapper) {
  const at = new Date(cursor.publishedAt);
  return and(gte(publishedAt, at), or(gt(publishedAt, at), gte(id, cursor.id)));
}

/** Which newest-first list a keyset page belongs to: a tag's, an outlet's, or (neither) the latest. */
export type ListScope = { sourceId?: number; tagId?: number };

/** Where a keyset page sits in its list: its number, and the cursor of the page just newer. */
export type PagePosition = {
  pageNumber: number;
  /** The cursor that opens the newer page, or null when the newer page is the first (no cursor). */
  newerCursor: Cursor | null;
};

/**
 * A cursor only says "older than this story". The page number is how many stories are at or above the
 * cursor (an index range count), and the newer page starts just above the `limit` stories above it.
 * Both follow the list as it is now: when stories arrive between clicks, pages shift but never skip.
 */
export async function pagePosition(
  db: Db,
  {
    scope,
    cursor,
    limit = PAGE_SIZE,
  }: {
    scope: ListScope;
    cursor: Cursor;
    limit?: number;
  },
): Promise<PagePosition> {
  let newerRows: { publishedAt: Date; id: number }[];
  let above: number;
  if (scope.tagId !== undefined) {
    const notOlder = and(
      eq(articleTags.tagId, scope.tagId),
      atOrAbove(cursor, articleTags.publishedAt, articleTags.articleId),
    );
    above = (await db.select({ n: count() }).from(articleTags).where(notOlder))[0]?.n ?? 0;
    newerRows = await db
      .select({ publishedAt: articleTags.publishedAt, id: articleTags.articleId })
      .from(articleTags)
      .where(notOlder)
      .orderBy(asc(articleTags.publishedAt), asc(articleTags.articleId))
      .limit(1)
      .offset(limit);
  } else {
    const notOlder = and(
      scope.sourceId !== undefined ? eq(articles.sourceId, scope.sourceId) : undefined,
      atOrAbove(cursor, articles.publishedAt, articles.id),
    );
    above = (await db.select({ n: count() }).from(articles).where(notOlder))[0]?.n ?? 0;
    newerRows = await db
      .select({ publishedAt: articles.publishedAt, id: articles.id })
      .from(articles)
      .where(notOlder)
      .orderBy(asc(articles.publishedAt), asc(articles.id))
      .limit(1)
      .offset(limit);
  }
  const newer = newerRows[0];
  return {
    pageNumber: Math.floor(above / limit) + 1,
    newerCursor: newer ? { publishedAt: newer.publishedAt.getTime(), id: newer.id } : null,
  };
}

export async function getArticleBySlug(db: Db, { slug }: { slug: string }) {
  const [row] = await db
    .select({ article: articles, source: sources })
    .from(articles)
    .innerJoin(sources, eq(sources.id, articles.sourceId))
    .where(eq(articles.slug, slug))
    .limit(1);
  if (!row) return null;
  const articleTagList = (await tagsForArticles(db, { ids: [row.article.id] })).get(row.article.id) ?? [];
  return { ...row.article, source: row.source, tags: articleTagList };
}
export type ArticleDetail = NonNullable<Awaited<ReturnType<typeof getArticleBySlug>>>;

export async function getTagBySlug(db: Db, { slug }: { slug: string }) {
  return (await db.select().from(tags).where(eq(tags.slug, slug)).limit(1))[0] ?? null;
}

export async function getSourceBySlug(db: Db, { slug }: { slug: string }) {
  return (await db.select().from(sources).where(eq(sources.slug, slug)).limit(1))[0] ?? null;
}

/**
 * Every outlet with its number of stories. A join and GROUP BY rather than a correlated `sql` subquery:
 * in a single-table select drizzle renders `${column}` inside `sql` unqualified, so `source_id = id`
 * compared articles with themselves and every outlet showed the same wrong count.
 */
export async function listSources(db: Db) {
  return await db
    .select({ slug: sources.slug, name: sources.name, articleCount: count(articles.id) })
    .from(sources)
    .leftJoin(articles, eq(articles.sourceId, sources.id))
    .groupBy(sources.id)
    .orderBy(sources.name, sources.id);
}

/** Every article's slug and last change, newest first, for the sitemap. */
export async function listArticleSlugsForSitemap(db: Db, { limit = 50_000 }: { limit?: number } = {}) {
  return await db
    .select({ slug: articles.slug, updatedAt: articles.updatedAt })
    .from(articles)
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(limit);
}

/** Newest articles with their bodies, for RSS. */
export async function listArticlesForFeed(db: Db, { tagId, limit = 50 }: { tagId?: number; limit?: number }) {
  const base = db
    .select({
      slug: articles.slug,
      title: articles.title,
      excerpt: articles.excerpt,
      author: articles.author,
      publishedAt: articles.publishedAt,
      ingestedAt: articles.ingestedAt,
      updatedAt: articles.updatedAt,
      sourceName: sources.name,
    })
    .from(articles)
    .innerJoin(sources, eq(sources.id, articles.sourceId));
  const rows =
    tagId === undefined
      ? await base.orderBy(desc(articles.publishedAt), desc(articles.id)).limit(limit)
      : await base
          .innerJoin(articleTags, eq(articleTags.articleId, articles.id))
          .where(eq(articleTags.tagId, tagId))
          .orderBy(desc(articleTags.publishedAt), desc(articleTags.articleId))
          .limit(limit);
  // updated_at equals ingested_at until ingest stores a changed version (a revision).
  return rows.map(({ ingestedAt, updatedAt, ...r }) => ({
    ...r,
    revisedAt: updatedAt.getTime() > ingestedAt.getTime() ? updatedAt : null,
  }));
}

export async function pingDatabase(db: Db): Promise<boolean> {
  return (await rows<{ ok: number }>(db, sql`select 1 as ok`))[0]?.ok === 1;
}
