// What a feed, a file or the sample gives for a story, turned into the row db/ stores: the text rules
// (trimming, hash, excerpt, word count, slug, canonical tags) live here in lib/, so db/ stays free of them.
import type { Db } from "@/db";
import { type ArticleRow, type MaterialChange, type UpsertResult, upsertArticleRow } from "@/db/queries/article-store";
import { slugify } from "@/lib/articles/slug";
import { normalizeTags } from "@/lib/articles/tags";
import { contentHash, countWords, makeExcerpt } from "@/lib/articles/text";

export type ArticleInput = {
  sourceId: number;
  guid?: string | null;
  externalId?: string | null;
  url?: string | null;
  title: string;
  author?: string | null;
  excerpt?: string | null;
  body: string;
  bodyHtml?: string | null;
  imageUrl?: string | null;
  // Lead image details (issue 18 part 4): declared size, alt text and credit, when the source gave them.
  imageWidth?: number | null;
  imageHeight?: number | null;
  imageAlt?: string | null;
  imageCredit?: string | null;
  publishedAt: Date;
  /** Feed categories or hand-written tags, as given: normalised here. */
  tags: readonly string[];
};

/** The row to store for an article input; the source is added by whoever knows it. */
export function articleRow(input: Omit<ArticleInput, "sourceId">): Omit<ArticleRow, "sourceId"> {
  const title = input.title.trim();
  const body = input.body.trim();
  return {
    guid: input.guid ?? null,
    externalId: input.externalId ?? null,
    url: input.url ?? null,
    title,
    author: input.author?.trim() || null,
    excerpt: input.excerpt?.trim() || makeExcerpt(body),
    body,
    bodyHtml: input.bodyHtml ?? null,
    imageUrl: input.imageUrl ?? null,
    imageWidth: input.imageWidth ?? null,
    imageHeight: input.imageHeight ?? null,
    imageAlt: input.imageAlt ?? null,
    imageCredit: input.imageCredit ?? null,
    publishedAt: input.publishedAt,
    wordCount: countWords(body),
    hash: contentHash(title, body),
    slug: slugify(title),
    tags: normalizeTags(input.tags),
  };
}

/**
 * Inserts an article, or updates the stored copy of the same story in place (db/queries/article-store.ts
 * says how a copy is recognised). Runs in the caller's transaction when there is one.
 */
export function upsertArticle(
  db: Db,
  input: ArticleInput,
  now = new Date(),
  options: { isMaterialChange?: MaterialChange } = {},
): Promise<UpsertResult> {
  return upsertArticleRow(db, { ...articleRow(input), sourceId: input.sourceId }, now, options);
}
