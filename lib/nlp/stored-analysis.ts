import { getArticleAnalysisJson } from "@/db/queries/analysis";
import { getDb } from "@/lib/db";
import { type ArticleAnalysis, parseAnalysis } from "./analysis-data";

// Apart from store.ts on purpose: store.ts analyses, so it imports wink-nlp and its English model. The
// article page only reads, and importing store.ts put the model (a 6 MB module, 12 MB as a V8 string, plus
// the parsed model) in every server's memory for its whole life. lib/nlp/web-imports.test.ts keeps it out.

/** The stored analysis of an article for its page: one primary-key read, no NLP. Null when absent or stale. */
export async function getArticleAnalysis({ articleId }: { articleId: number }): Promise<ArticleAnalysis | null> {
  return parseAnalysis(await getArticleAnalysisJson(getDb(), { articleId }));
}
