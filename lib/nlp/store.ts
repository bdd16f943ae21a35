import { type Db, transaction } from "@/db";
import { saveArticleAnalysis, tagsAreOurs } from "@/db/queries/analysis";
import { articlePageTag, bumpCacheTags, type CacheTag, cacheTag } from "@/db/queries/cache-tags";
import { normalizeTags } from "@/lib/articles/tags";
import { analyzeArticle } from "./analyze";

export type AnalysisInput = {
  articleId: number;
  title: string;
  body: string;
  publishedAt: Date;
  /** The feed's categories as given at ingest; undefined when re-analysing a stored article. */
  feedTags?: readonly string[];
};

/**
 * Analyses one article and stores the result, in the caller's transaction. Called once per new or
 * changed article after ingest and the seed write it, and by `npm run analyze`.
 * Automatic hashtags become the article's tags only when its feed gave no categories; on re-analysis,
 * only when the tags it has were written by an earlier analysis.
 */
export async function analyzeAndStore(db: Db, input: AnalysisInput, now = new Date()) {
  const autoTagged =
    input.feedTags !== undefined
      ? normalizeTags(input.feedTags).length === 0
      : await tagsAreOurs(db, { articleId: input.articleId });
  const analysis = analyzeArticle({ title: input.title, body: input.body, autoTagged });
  await saveArticleAnalysis(db, { articleId: input.articleId, analysis, publishedAt: input.publishedAt, now });
  return analysis;
}

/**
 * Re-analyses stored articles in one transaction, their tags judged as stored ones are (no feed
 * categories). `npm run analyze` and the page benchmark both run it, a batch at a time.
 */
export async function analyzeStoredArticles(
  db: Db,
  rows: readonly { id: number; title: string; body: string; publishedAt: Date }[],
) {
  await transaction(db, async (tx) => {
    let retagged = false;
    for (const r of rows) {
      const analysis = await analyzeAndStore(tx, {
        articleId: r.id,
        title: r.title,
        body: r.body,
        publishedAt: r.publishedAt,
      });
      retagged ||= analysis.autoTagged;
    }
    await bumpAnalysedPages(
      tx,
      rows.map((r) => r.id),
      retagged,
    );
  });
}

const ANALYSIS_BATCH = 200;

/**
 * A new analysis changes its story's page (the AI block, perhaps its hashtags) and, when it retagged
 * the story, the lists that show hashtags: cached copies of those are stale. Call inside the batch's
 * transaction.
 */
async function bumpAnalysedPages(db: Db, articleIds: readonly number[], retagged: boolean) {
  const tags: CacheTag[] = [];
  for (const id of articleIds) tags.push(...(await articlePageTag(db, id)));
  if (retagged) tags.push(cacheTag.latest);
  await bumpCacheTags(db, tags);
}

/**
 * Analyses what an ingest just wrote (new and changed stories, not syndicated copies), after the
 * feed's own transaction has committed: the write lock stays short and ingest keeps its speed, while
 * each batch of analyses is still written atomically.
 */
export async function analyzeIngested(
  db: Db,
  results: readonly { id: number; status: string; fromOtherSource?: boolean }[],
  items: readonly { title: string; body: string; publishedAt: Date; tags: readonly string[] }[],
  now = new Date(),
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  const todo = results.flatMap((r, i) => {
    const item = items[i];
    return item && r.status !== "unchanged" && !r.fromOtherSource ? [{ id: r.id, item }] : [];
  });
  for (let i = 0; i < todo.length; i += ANALYSIS_BATCH) {
    await transaction(db, async (tx) => {
      const batch = todo.slice(i, i + ANALYSIS_BATCH);
      let retagged = false;
      for (const { id, item } of batch) {
        const analysis = await analyzeAndStore(
          tx,
          {
            articleId: id,
            title: item.title.trim(),
            body: item.body.trim(),
            publishedAt: item.publishedAt,
            feedTags: item.tags,
          },
          now,
        );
        retagged ||= analysis.autoTagged;
      }
      await bumpAnalysedPages(
        tx,
        batch.map((b) => b.id),
        retagged,
      );
    });
    onProgress?.(Math.min(todo.length, i + ANALYSIS_BATCH), todo.length);
  }
  return todo.length;
}
