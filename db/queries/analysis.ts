// Reads and writes of stored article analysis (lib/nlp). Used by the app, the seed, ingest and
// `npm run analyze`, so it does not import "server-only".
import { and, asc, eq, exists, gt, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { Db } from "../index";
import { articleAnalysis, articles, articleTags, tags } from "../schema";
import { replaceArticleTags, type TagRef } from "./article-store";
import { stmt } from "./prepared";

/** What db/ needs of an analysis (lib/nlp/analysis-data.ts defines the whole): it is stored as JSON. */
export type StoredAnalysis = { version: number; autoTagged: boolean; hashtags: readonly TagRef[] };

const p = sql.placeholder;

// Prepared once per connection or transaction handle: analysis is written for every stored article.
function prepare(db: Db) {
  return {
    upsert: stmt(
      db,
      "analysis_upsert",
      db
        .insert(articleAnalysis)
        .values({ articleId: p("articleId"), version: p("version"), data: p("data"), analyzedAt: p("analyzedAt") })
        .onConflictDoUpdate({
          target: articleAnalysis.articleId,
          set: { version: sql`excluded.version`, data: sql`excluded.data`, analyzedAt: sql`excluded.analyzed_at` },
        }),
    ),
    previous: stmt(
      db,
      "analysis_previous",
      db
        .select({ data: articleAnalysis.data })
        .from(articleAnalysis)
        .where(eq(articleAnalysis.articleId, p("articleId"))),
    ),
    tagCount: stmt(
      db,
      "analysis_tag_count",
      db
        .select({ n: sql<number>`count(*)` })
        .from(articleTags)
        .where(eq(articleTags.articleId, p("articleId"))),
    ),
  };
}

const cache = new WeakMap<object, ReturnType<typeof prepare>>();
function statements(db: Db) {
  let st = cache.get(db);
  if (!st) {
    st = prepare(db);
    cache.set(db, st);
  }
  return st;
}

/**
 * Stores an article's analysis; when `analysis.autoTagged`, the article's tags are replaced by the
 * automatic hashtags (the caller decides that only for articles whose feed gave none). Named people,
 * places and organisations get no tag row of their own: a tag with no story would be an empty hashtag
 * page. The article page links a name to its hashtag page only when that page has stories
 * (tagSlugsWithStories).
 */
export async function saveArticleAnalysis(
  db: Db,
  {
    articleId,
    analysis,
    publishedAt,
    now = new Date(),
  }: { articleId: number; analysis: StoredAnalysis; publishedAt: Date; now?: Date },
) {
  const st = statements(db);
  await st.upsert.run({ articleId, version: analysis.version, data: JSON.stringify(analysis), analyzedAt: now });
  if (!analysis.autoTagged) return;
  await replaceArticleTags(db, { articleId, tags: analysis.hashtags, publishedAt });
}

/**
 * Whether the article's current tags are ones an earlier analysis wrote (so a new analysis may replace
 * them), rather than the feed's categories. An article with no tags at all is free to tag too.
 */
export async function tagsAreOurs(db: Db, { articleId }: { articleId: number }): Promise<boolean> {
  const st = statements(db);
  const previous = await st.previous.get({ articleId });
  if (previous) {
    try {
      if ((JSON.parse(previous.data) as { autoTagged?: unknown }).autoTagged === true) return true;
    } catch {
      // An unreadable row says nothing about the tags; fall through to counting them.
    }
  }
  return ((await st.tagCount.get({ articleId }))?.n ?? 0) === 0;
}

export type ArticleToAnalyze = { id: number; title: string; body: string; publishedAt: Date };

/** Articles after `afterId` in id order: all of them, or only those never analysed or analysed by another version. */
export async function listArticlesToAnalyze(
  db: Db,
  { afterId, limit, all, version }: { afterId: number; limit: number; all: boolean; version: number },
): Promise<ArticleToAnalyze[]> {
  return await db
    .select({ id: articles.id, title: articles.title, body: articles.body, publishedAt: articles.publishedAt })
    .from(articles)
    .leftJoin(articleAnalysis, eq(articleAnalysis.articleId, articles.id))
    .where(
      and(
        gt(articles.id, afterId),
        all ? undefined : or(isNull(articleAnalysis.articleId), ne(articleAnalysis.version, version)),
      ),
    )
    .orderBy(asc(articles.id))
    .limit(limit);
}

export async function countArticlesToAnalyze(
  db: Db,
  { all, version }: { all: boolean; version: number },
): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(articles)
    .leftJoin(articleAnalysis, eq(articleAnalysis.articleId, articles.id))
    .where(all ? undefined : or(isNull(articleAnalysis.articleId), ne(articleAnalysis.version, version)));
  return row?.n ?? 0;
}

/**
 * The stored analysis of an article as JSON, for its page: one primary-key read, no NLP. Null when
 * absent; lib/nlp/stored-analysis.ts getArticleAnalysis parses it and drops a stale version.
 */
export async function getArticleAnalysisJson(db: Db, { articleId }: { articleId: number }): Promise<string | null> {
  const [row] = await db
    .select({ data: articleAnalysis.data })
    .from(articleAnalysis)
    .where(eq(articleAnalysis.articleId, articleId))
    .limit(1);
  return row?.data ?? null;
}

/** Which of these tag slugs have at least one story, so that a link to their page never lands on an empty one. */
export async function tagSlugsWithStories(db: Db, { slugs }: { slugs: readonly string[] }): Promise<Set<string>> {
  if (slugs.length === 0) return new Set();
  const rows = await db
    .select({ slug: tags.slug })
    .from(tags)
    .where(
      and(
        inArray(tags.slug, [...new Set(slugs)]),
        exists(db.select({ one: sql`1` }).from(articleTags).where(eq(articleTags.tagId, tags.id))),
      ),
    );
  return new Set(rows.map((r) => r.slug));
}
