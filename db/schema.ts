import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

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
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch() * 1000)`),
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
    // ── Lead images (issue 18, part 4) ──
    // What the feed said about its lead image, kept so the page can reserve the right box before the
    // image loads (no layout shift) and credit it. `imageUrl` is the absolute http(s) source (or a
    // /sample-images/ path for the sample content); readers never load it: /images/<id>/... serves
    // a re-encoded copy (lib/images/).
    imageWidth: integer("image_width"),
    imageHeight: integer("image_height"),
    imageAlt: text("image_alt"),
    imageCredit: text("image_credit"),
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

// ── Readers ───────────────────────────────────────────────────────────────────────────────────────

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // Stored lower-cased and trimmed, so "A@x.org" and "a@x.org" are one account.
    email: text("email").notNull(),
    name: text("name").notNull(),
    // Null for accounts that only sign in through OAuth.
    passwordHash: text("password_hash"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    // Bumped on password change and account deletion: JWTs issued before it are refused.
    sessionVersion: integer("session_version").notNull().default(0),
  },
  (t) => [uniqueIndex("users_email_uq").on(t.email)],
);

export const comments = sqliteTable(
  "comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    // Null once the author deleted their account: the comment stays in its thread as "[deleted]".
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    parentId: integer("parent_id"),
    body: text("body").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    editedAt: integer("edited_at", { mode: "timestamp_ms" }),
    // Soft deletion keeps replies attached to their parent.
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    hiddenAt: integer("hidden_at", { mode: "timestamp_ms" }),
    // Comment threads (issue 18): the top-level comment this reply's thread starts from, null for a
    // top-level comment. Set on insert from the parent, so a page of top-level comments and every reply
    // under them are read with one indexed query, however long the article's conversation is.
    rootId: integer("root_id"),
  },
  (t) => [
    index("comments_article_created_idx").on(t.articleId, t.createdAt),
    // Comment threads: top-level comments in order (root_id IS NULL), and one thread's replies.
    index("comments_article_root_created_idx").on(t.articleId, t.rootId, t.createdAt),
    index("comments_user_created_idx").on(t.userId, t.createdAt),
    index("comments_parent_idx").on(t.parentId),
  ],
);

/** Earlier versions of an edited comment, newest last. */
export const commentRevisions = sqliteTable(
  "comment_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    commentId: integer("comment_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("comment_revisions_comment_idx").on(t.commentId)],
);

export const commentReports = sqliteTable(
  "comment_reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    commentId: integer("comment_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
    reporterId: integer("reporter_id").references(() => users.id, { onDelete: "set null" }),
    reason: text("reason", { enum: ["spam", "abuse", "off-topic", "other"] }).notNull(),
    note: text("note"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("comment_reports_comment_reporter_uq").on(t.commentId, t.reporterId),
    index("comment_reports_open_idx").on(t.resolvedAt, t.createdAt),
  ],
);

export const moderationLog = sqliteTable(
  "moderation_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    commentId: integer("comment_id").references(() => comments.id, { onDelete: "set null" }),
    moderatorId: integer("moderator_id").references(() => users.id, { onDelete: "set null" }),
    // Kept as text so the log still says who acted after the account is gone.
    moderatorEmail: text("moderator_email").notNull(),
    action: text("action", { enum: ["hide", "restore", "dismiss"] }).notNull(),
    note: text("note"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("moderation_log_created_idx").on(t.createdAt)],
);

export const bookmarks = sqliteTable(
  "bookmarks",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.articleId] }),
    index("bookmarks_user_created_idx").on(t.userId, t.createdAt),
  ],
);

export const readingPositions = sqliteTable(
  "reading_positions",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    // How far down the article the reader got, 0–1.
    progress: real("progress").notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.articleId] })],
);

/**
 * One-time links sent by mail: a password reset (for an account) or a sign-up waiting for its owner to
 * prove the address (no account yet, so the chosen name and password hash wait here). Only the
 * SHA-256 of the token is stored: a copy of the database cannot be used to take over an account.
 */
export const accountTokens = sqliteTable(
  "account_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    purpose: text("purpose", { enum: ["password_reset", "signup"] }).notNull(),
    tokenHash: text("token_hash").notNull(),
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name"),
    passwordHash: text("password_hash"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("account_tokens_hash_uq").on(t.tokenHash), index("account_tokens_user_idx").on(t.userId)],
);

/**
 * Fixed-window counters for rate limits. In the database rather than process memory so that every
 * server process (and a restart) sees the same counts.
 */
export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  count: integer("count").notNull(),
  resetAt: integer("reset_at", { mode: "timestamp_ms" }).notNull(),
});

// ── Follow and mute (issue 18, part 2) ─────────────────────────────────────────────────────────────

/**
 * A reader's choice about one tag or one outlet: follow it (its stories make up My feed) or mute it
 * (its stories leave their lists). One row per (reader, tag): following and muting the same tag
 * contradict each other, so the primary key makes them exclusive and switching is one upsert.
 */
export const readerTags = sqliteTable(
  "reader_tags",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tagId: integer("tag_id")
      .notNull()
      .references(() => tags.id, { onDelete: "cascade" }),
    choice: text("choice", { enum: ["follow", "mute"] }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.tagId] }), index("reader_tags_user_choice_idx").on(t.userId, t.choice)],
);

/** The same choice for an outlet. */
export const readerSources = sqliteTable(
  "reader_sources",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    sourceId: integer("source_id")
      .notNull()
      .references(() => sources.id, { onDelete: "cascade" }),
    choice: text("choice", { enum: ["follow", "mute"] }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.sourceId] }),
    index("reader_sources_user_choice_idx").on(t.userId, t.choice),
  ],
);

/** Words and phrases a reader muted, stored normalised (lib/reader/mutes.ts `normaliseMutedWord`). */
export const mutedWords = sqliteTable(
  "muted_words",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    word: text("word").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.word] })],
);

/**
 * The secret address of a reader's My feed RSS. Only the SHA-256 of the token is looked up; the token
 * itself is an HMAC of `nonce` under the server secret (lib/reader/feed-token.ts), so /account can show
 * the link again while a copy of the database alone gives no working link. A new nonce revokes it.
 */
export const feedTokens = sqliteTable(
  "feed_tokens",
  {
    userId: integer("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    nonce: text("nonce").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("feed_tokens_hash_uq").on(t.tokenHash)],
);

export type User = typeof users.$inferSelect;
export type Comment = typeof comments.$inferSelect;
export type CommentReport = typeof commentReports.$inferSelect;
export type Bookmark = typeof bookmarks.$inferSelect;
export type AccountToken = typeof accountTokens.$inferSelect;

// ── Relatedness and analysis (precomputed at ingest, read with one indexed query) ─────────────────

/** Each article's related stories, best first. Written at ingest and by `npm run related:rebuild`. */
export const articleRelated = sqliteTable(
  "article_related",
  {
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    relatedId: integer("related_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    rank: integer("rank").notNull(),
    score: real("score").notNull(),
    // Very high similarity: the same story from another outlet ("Also covered by").
    sameStory: integer("same_story", { mode: "boolean" }).notNull().default(false),
    // JSON: { terms: string[], tags: string[], entities: string[] } shared with the article.
    reasons: text("reasons").notNull().default("{}"),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.relatedId] }),
    index("article_related_rank_idx").on(t.articleId, t.rank),
    index("article_related_related_idx").on(t.relatedId),
  ],
);

/** Text analysis of an article (summary, key points, entities, sentences), computed at ingest. */
export const articleAnalysis = sqliteTable("article_analysis", {
  articleId: integer("article_id")
    .primaryKey()
    .references(() => articles.id, { onDelete: "cascade" }),
  // Bumped when the algorithm changes, so `npm run analyze -- --all` knows what is stale.
  version: integer("version").notNull(),
  // JSON payload; its shape is owned by lib/nlp.
  data: text("data").notNull(),
  analyzedAt: integer("analyzed_at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * Versions of the page-cache tags ("article:<slug>", "tag:<slug>", "list:latest", "all"). A write bumps
 * the tags of the pages it changed; every server process compares a cached page's versions with these
 * before serving it, so invalidation is precise and works across processes (app, ingest command).
 */
export const cacheTags = sqliteTable("cache_tags", {
  tag: text("tag").primaryKey(),
  version: integer("version").notNull(),
});

// ── Term statistics for the related-stories engine (written by lib/related/store.ts) ────────
// Our own tables rather than an fts5vocab view over articles_fts: the engine needs stop words dropped
// and per-article vectors it can read by article id, which fts5vocab cannot give without scanning the
// whole index (its "instance" table is not indexed by document), and candidate generation needs
// postings ordered by impact so that the work per article stays bounded as the corpus grows.

/** Document frequency of each stemmed term, over the articles indexed for relatedness. */
export const relatedTerms = sqliteTable(
  "related_terms",
  {
    id: integer("id").primaryKey(),
    term: text("term").notNull(),
    df: integer("df").notNull(),
  },
  (t) => [uniqueIndex("related_terms_term_uq").on(t.term)],
);

/** Each indexed article's term counts (a packed blob: term ids, then counts) and its length in terms. */
export const relatedDocs = sqliteTable("related_docs", {
  articleId: integer("article_id")
    .primaryKey()
    .references(() => articles.id, { onDelete: "cascade" }),
  length: integer("length").notNull(),
  terms: blob("terms", { mode: "buffer" }).notNull(),
});

/**
 * Inverted index for candidate generation: an article's heaviest terms, each with its impact (the
 * term's normalised weight in the article). Read per term, highest impact first, a bounded number.
 */
export const relatedPostings = sqliteTable(
  "related_postings",
  {
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    termId: integer("term_id").notNull(),
    impact: real("impact").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.termId] }),
    // Covering (article_id last): a posting list is read from the index alone, with no lookup into the
    // table per posting, which at 100,000 articles was most of the cost of finding candidates.
    index("related_postings_term_impact_idx").on(t.termId, t.impact, t.articleId),
  ],
);

/** Corpus totals (one row, id 1): how many articles are indexed and their summed length. */
export const relatedStats = sqliteTable("related_stats", {
  id: integer("id").primaryKey(),
  docs: integer("docs").notNull(),
  totalLength: integer("total_length").notNull(),
});

// ── Story updates (issue 18, part 5) ──────────────────────────────────────────────────────────────

/**
 * Earlier versions of a story, kept when ingest finds that its title or body changed (the current
 * version is the article row itself). At most MAX_REVISIONS_PER_ARTICLE per article: the first version
 * seen and the newest others (db/queries/revisions.ts).
 */
export const articleRevisions = sqliteTable(
  "article_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    body: text("body").notNull(),
    excerpt: text("excerpt").notNull(),
    // When this version was first stored, and when ingest found the one that replaced it.
    seenAt: integer("seen_at", { mode: "timestamp_ms" }).notNull(),
    replacedAt: integer("replaced_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("article_revisions_article_idx").on(t.articleId, t.id)],
);

export type ArticleRevision = typeof articleRevisions.$inferSelect;

// ── Reply notifications (issue 18, part 1) ────────────────────────────────────────────────────────

/**
 * One thing a reader should know about: someone replied to their comment (`commentId` is the reply),
 * or a moderator hid one of their comments (`commentId` is that comment). Pages show only those whose
 * comment is still there to see (see db/queries/notifications.ts), so a deleted reply or a restored
 * comment takes its notification with it, without a write here.
 */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["reply", "hidden"] }).notNull(),
    commentId: integer("comment_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
    // The top-level comment of the conversation, for "stop notifying me" on a whole thread.
    threadId: integer("thread_id").notNull(),
    // Who replied; null for a moderation notice (moderators act as the site) or once they are gone.
    actorId: integer("actor_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    readAt: integer("read_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    // The list, newest first (keyset on id), and the unread count.
    index("notifications_user_id_idx").on(t.userId, t.id),
    index("notifications_user_unread_idx").on(t.userId, t.readAt),
    // One notification per reply (or per hiding) and reader: a retried write cannot double it.
    uniqueIndex("notifications_user_kind_comment_uq").on(t.userId, t.kind, t.commentId),
  ],
);

/** Threads a reader asked not to hear about any more ("Stop notifying me"). */
export const notificationMutes = sqliteTable(
  "notification_mutes",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    threadId: integer("thread_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.threadId] })],
);

/** A reader's choice of a daily email digest (offered only when SMTP_URL is set). */
export const notificationSettings = sqliteTable("notification_settings", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  digest: integer("digest", { mode: "boolean" }).notNull().default(false),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * Every digest claimed, one per reader and UTC day (the unique index is what makes a rerun or a second
 * process send nothing twice). Claimed as "sending" before the mail goes out and marked "sent" after, so a
 * crash in between leaves "sending": never retried, and its notifications counted as covered.
 * `upToId` is the newest notification it covered; the next digest starts after it.
 */
export const notificationDigests = sqliteTable(
  "notification_digests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    upToId: integer("up_to_id").notNull(),
    count: integer("count").notNull(),
    status: text("status", { enum: ["sending", "sent", "failed"] }).notNull(),
    claimedAt: integer("claimed_at", { mode: "timestamp_ms" }).notNull(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    error: text("error"),
  },
  (t) => [uniqueIndex("notification_digests_user_day_uq").on(t.userId, t.day)],
);

export type Notification = typeof notifications.$inferSelect;
export type NotificationDigest = typeof notificationDigests.$inferSelect;
