import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Times are stored as integer milliseconds since the epoch: cheap to index and compare, and the
// same representation in every query, whatever the engine.

export const sources = sqliteTable(
  "sources",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    homepage: text("homepage"),
    feedUrl: text("feed_url"),
    // Licence or attribution shown on every article of this source, e.g. "Wikinews contributors, CC BY 2.5".
    attribution: text("attribution"),
    licenseUrl: text("license_url"),
    // Fetch the linked page and extract the full article (for feeds that only carry teasers).
    fullText: integer("full_text", { mode: "boolean" }).notNull().default(false),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    // Polling state for conditional GET and back-off.
    etag: text("etag"),
    lastModified: text("last_modified"),
    lastFetchedAt: integer("last_fetched_at", { mode: "timestamp_ms" }),
    nextFetchAt: integer("next_fetch_at", { mode: "timestamp_ms" }),
    failureCount: integer("failure_count").notNull().default(0),
    lastError: text("last_error"),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
  },
  (t) => [uniqueIndex("sources_slug_uq").on(t.slug), index("sources_feed_url_idx").on(t.feedUrl)],
);

export const articles = sqliteTable(
  "articles",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull(),
    sourceId: integer("source_id")
      .notNull()
      .references(() => sources.id, { onDelete: "cascade" }),
    url: text("url"),
    guid: text("guid"),
    // The id the article had where it came from (a JSONL row's `id`), kept for evaluation and re-imports.
    externalId: text("external_id"),
    title: text("title").notNull(),
    author: text("author"),
    excerpt: text("excerpt").notNull().default(""),
    // Plain text, paragraphs separated by a blank line. Search, analysis and relatedness read this.
    body: text("body").notNull(),
    // Sanitized HTML from a feed, when it had markup worth keeping (links, images). Rendered instead of `body`.
    bodyHtml: text("body_html"),
    imageUrl: text("image_url"),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }).notNull(),
    ingestedAt: integer("ingested_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    wordCount: integer("word_count").notNull(),
    contentHash: text("content_hash").notNull(),
  },
  (t) => [
    uniqueIndex("articles_slug_uq").on(t.slug),
    // Front page and feeds: newest first with an id tie-break for the keyset cursor.
    index("articles_published_idx").on(t.publishedAt, t.id),
    // Source pages.
    index("articles_source_published_idx").on(t.sourceId, t.publishedAt, t.id),
    // Deduplication at ingest.
    uniqueIndex("articles_source_guid_uq").on(t.sourceId, t.guid),
    index("articles_url_idx").on(t.url),
    index("articles_content_hash_idx").on(t.contentHash),
    index("articles_external_id_idx").on(t.externalId),
  ],
);

export const tags = sqliteTable(
  "tags",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
  },
  (t) => [uniqueIndex("tags_slug_uq").on(t.slug)],
);

export const articleTags = sqliteTable(
  "article_tags",
  {
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    tagId: integer("tag_id")
      .notNull()
      .references(() => tags.id, { onDelete: "cascade" }),
    // Copied from the article so a tag page reads newest-first straight off one index, with no sort.
    publishedAt: integer("published_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.tagId] }),
    index("article_tags_tag_published_idx").on(t.tagId, t.publishedAt, t.articleId),
  ],
);

export type Source = typeof sources.$inferSelect;
export type NewSource = typeof sources.$inferInsert;
export type Article = typeof articles.$inferSelect;
export type NewArticle = typeof articles.$inferInsert;
export type Tag = typeof tags.$inferSelect;
