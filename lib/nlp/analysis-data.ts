import { z } from "zod";

/**
 * The stored shape of an article's analysis (article_analysis.data). Bump ANALYSIS_VERSION whenever the
 * algorithm or this shape changes: `npm run analyze` recomputes every article whose row is older, and
 * the page ignores rows it cannot read rather than showing something half right.
 */
export const ANALYSIS_VERSION = 2;

const named = z.object({ name: z.string(), slug: z.string() });

export const articleAnalysisSchema = z.object({
  version: z.number().int(),
  /** Every sentence of the plain body, in order, with the index of its paragraph (as splitParagraphs cuts them). */
  sentences: z.array(z.object({ text: z.string(), paragraph: z.number().int().nonnegative() })),
  /** Indices into `sentences`, in article order. */
  summary: z.array(z.number().int().nonnegative()),
  longSummary: z.array(z.number().int().nonnegative()),
  keyPoints: z.array(z.object({ sentence: z.number().int().nonnegative(), text: z.string() })),
  people: z.array(named),
  places: z.array(named),
  organisations: z.array(named),
  /** Hashtags made from entities and key phrases; written as the article's tags when its feed gave none. */
  hashtags: z.array(named),
  /** True when `hashtags` were written as the article's tags, so a re-analysis may replace them. */
  autoTagged: z.boolean(),
  words: z.number().int().nonnegative(),
});

export type ArticleAnalysis = z.infer<typeof articleAnalysisSchema>;

/** The stored analysis, or null when it is missing, unreadable or from another version. */
export function parseAnalysis(json: string | null | undefined): ArticleAnalysis | null {
  if (!json) return null;
  try {
    const parsed = articleAnalysisSchema.safeParse(JSON.parse(json));
    return parsed.success && parsed.data.version === ANALYSIS_VERSION ? parsed.data : null;
  } catch {
    return null;
  }
}
