import type { Db } from "@/db";
import { saveArticleAnalysis, tagsAreOurs } from "@/db/queries/analysis";
import { normalizeTags } from "@/lib/tags";
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
 * changed article by upsertArticle (so ingest and the seed both run it) and by `npm run analyze`.
 * Automatic hashtags become the article's tags only when its feed gave no categories; on re-analysis,
 * only when the tags it has were written by an earlier analysis.
 */
export function analyzeAndStore(db: Db, input: AnalysisInput, now = new Date()) {
  const autoTagged =
    input.feedTags !== undefined
      ? normalizeTags(input.feedTags).length === 0
      : tagsAreOurs(db, { articleId: input.articleId });
  const analysis = analyzeArticle({ title: input.title, body: input.body, autoTagged });
  saveArticleAnalysis(db, { articleId: input.articleId, analysis, publishedAt: input.publishedAt, now });
  return analysis;
}
