// Writes of articles, sources and tags. Shared by the app, the seed and the ingest commands, so it
// does not import "server-only".
import { and, eq, sql } from "drizzle-orm";
import { contentHash, countWords, makeExcerpt } from "@/lib/text";
import { slugify } from "@/lib/slug";
import { normalizeTags } from "@/lib/tags";
import type { Db } from "../index";
import { articles, articleTags, type NewSource, sources, tags } from "../schema";

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
  publishedAt: Date;
  tags: readonly string[];
};

export type UpsertResult = { status: "new" | "updated" | "unchanged"; id: number; slug: string };

/** Creates the source with this slug, or updates its descriptive fields; returns its id. */
export function upsertSource(db: Db, input: NewSource): number {
  const row = db
    .insert(sources)
    .values(input)
    .onConflictDoUpdate({
      target: sources.slug,
      set: {
        name: input.name,
        homepage: input.homepage ?? null,
        feedUrl: input.feedUrl ?? null,
        attribution: input.attribution ?? null,
        licenseUrl: input.licenseUrl ?? null,
      },
    })
    .returning({ id: sources.id })
    .get();
  return row.id;
}

function findExisting(db: Db, input: ArticleInput, hash: string) {
  const cols = { id: articles.id, slug: articles.slug, contentHash: articles.contentHash };
  if (input.guid) {
    const byGuid = db
      .select(cols)
      .from(articles)
      .where(and(eq(articles.sourceId, input.sourceId), eq(articles.guid, input.guid)))
      .get();
    if (byGuid) return byGuid;
  }
  // The same story syndicated under another guid or by another feed: same canonical URL or same text.
  if (input.url) {
    const byUrl = db.select(cols).from(articles).where(eq(articles.url, input.url)).get();
    if (byUrl) return byUrl;
  }
  return db.select(cols).from(articles).where(eq(articles.contentHash, hash)).get();
}

function uniqueSlug(db: Db, title: string, hash: string): string {
  const base = slugify(title);
  const taken = db.select({ id: articles.id }).from(articles).where(eq(articles.slug, base)).get();
  return taken ? `${base.slice(0, 70)}-${hash.slice(0, 6)}` : base;
}

function replaceTags(db: Db, articleId: number, names: readonly string[], publishedAt: Date) {
  db.delete(articleTags).where(eq(articleTags.articleId, articleId)).run();
  for (const tag of normalizeTags(names)) {
    const { id: tagId } = db
      .insert(tags)
      .values(tag)
      .onConflictDoUpdate({ target: tags.slug, set: { slug: sql`excluded.slug` } })
      .returning({ id: tags.id })
      .get();
    db.insert(articleTags).values({ articleId, tagId, publishedAt }).onConflictDoNothing().run();
  }
}

/**
 * Inserts an article, or updates the stored copy of the same story in place. Runs in the caller's
 * transaction when there is one, so a feed is written all or nothing.
 */
export function upsertArticle(db: Db, input: ArticleInput, now = new Date()): UpsertResult {
  const title = input.title.trim();
  const body = input.body.trim();
  const hash = contentHash(title, body);
  const fields = {
    title,
    body,
    bodyHtml: input.bodyHtml ?? null,
    author: input.author?.trim() || null,
    excerpt: input.excerpt?.trim() || makeExcerpt(body),
    imageUrl: input.imageUrl ?? null,
    wordCount: countWords(body),
    contentHash: hash,
    updatedAt: now,
  };
  const existing = findExisting(db, input, hash);
  if (existing) {
    if (existing.contentHash === hash) return { status: "unchanged", id: existing.id, slug: existing.slug };
    db.update(articles).set(fields).where(eq(articles.id, existing.id)).run();
    replaceTags(db, existing.id, input.tags, input.publishedAt);
    return { status: "updated", id: existing.id, slug: existing.slug };
  }
  const slug = uniqueSlug(db, title, hash);
  const row = db
    .insert(articles)
    .values({
      ...fields,
      slug,
      sourceId: input.sourceId,
      guid: input.guid ?? null,
      externalId: input.externalId ?? null,
      url: input.url ?? null,
      publishedAt: input.publishedAt,
      ingestedAt: now,
    })
    .returning({ id: articles.id })
    .get();
  replaceTags(db, row.id, input.tags, input.publishedAt);
  return { status: "new", id: row.id, slug };
}

export function countArticles(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(articles).get()?.n ?? 0;
}
