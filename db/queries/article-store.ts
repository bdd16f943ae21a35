// Writes of articles, sources and tags. Shared by the app, the seed and the ingest commands, so it
// does not import "server-only".
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../index";
import { articleRevisions, articles, articleTags, type NewSource, sources, tags } from "../schema";
import { stmt } from "./prepared";

/** A tag as stored: its canonical slug and display name (lib/articles/tags.ts makes them from raw categories). */
export type TagRef = { slug: string; name: string };

/**
 * An article ready to store: text trimmed, and everything derived from it (hash, excerpt, word count,
 * slug, canonical tags) computed by the caller, so db/ holds no text rules. lib/articles/article-row.ts builds
 * one from what a feed gave.
 */
export type ArticleRow = {
  sourceId: number;
  guid: string | null;
  externalId: string | null;
  url: string | null;
  title: string;
  author: string | null;
  excerpt: string;
  body: string;
  bodyHtml: string | null;
  imageUrl: string | null;
  // Lead image details (issue 18 part 4): declared size, alt text and credit, when the source gave them.
  imageWidth: number | null;
  imageHeight: number | null;
  imageAlt: string | null;
  imageCredit: string | null;
  publishedAt: Date;
  wordCount: number;
  /** Identifies the text: a stored copy with the same hash is the same story. */
  hash: string;
  /** The slug wanted; when another article has it, the hash's head is appended. */
  slug: string;
  tags: readonly TagRef[];
};

export type UpsertResult = {
  status: "new" | "updated" | "unchanged";
  id: number;
  slug: string;
  /** How an existing row was recognised; absent for a new row. */
  matchedBy?: "guid" | "url" | "content";
  /** The stored copy belongs to another source: a syndicated story, kept once under its first outlet. */
  fromOtherSource?: boolean;
};

/** Stored and incoming title and body of one story: true when the difference is worth a revision. */
export type MaterialChange = (
  stored: { title: string; body: string },
  incoming: { title: string; body: string },
) => boolean;

/**
 * Earlier versions kept per article. A feed that rewrites a live story every poll would otherwise
 * store its body hundreds of times; the first version and the newest others are what a reader compares.
 */
export const MAX_REVISIONS_PER_ARTICLE = 20;

/** Creates the source with this slug, or updates its descriptive fields; returns its id. */
export async function upsertSource(db: Db, input: NewSource): Promise<number> {
  const [row] = await db
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
    .returning({ id: sources.id });
  if (!row) throw new Error(`Upserting source ${input.slug} returned no row`);
  return row.id;
}

const p = sql.placeholder;
const matchColumns = {
  id: articles.id,
  slug: articles.slug,
  contentHash: articles.contentHash,
  sourceId: articles.sourceId,
};

/**
 * Every statement upsertArticle runs, prepared once per connection (or per transaction handle). Building
 * drizzle queries afresh for each article cost more than running them: an ingest of 10,000 items spent
 * most of its time assembling SQL strings.
 */
function prepareArticleStatements(db: Db) {
  return {
    byGuid: stmt(
      db,
      "article_by_guid",
      db
        .select(matchColumns)
        .from(articles)
        .where(and(eq(articles.sourceId, p("sourceId")), eq(articles.guid, p("guid"))))
        .limit(1),
    ),
    byUrl: stmt(
      db,
      "article_by_url",
      db
        .select(matchColumns)
        .from(articles)
        .where(eq(articles.url, p("url")))
        .limit(1),
    ),
    byHash: stmt(
      db,
      "article_by_hash",
      db
        .select(matchColumns)
        .from(articles)
        .where(eq(articles.contentHash, p("hash")))
        .limit(1),
    ),
    slugTaken: stmt(
      db,
      "article_slug_taken",
      db
        .select({ id: articles.id })
        .from(articles)
        .where(eq(articles.slug, p("slug")))
        .limit(1),
    ),
    insert: stmt(
      db,
      "article_insert",
      db
        .insert(articles)
        .values({
          slug: p("slug"),
          sourceId: p("sourceId"),
          guid: p("guid"),
          externalId: p("externalId"),
          url: p("url"),
          title: p("title"),
          author: p("author"),
          excerpt: p("excerpt"),
          body: p("body"),
          bodyHtml: p("bodyHtml"),
          imageUrl: p("imageUrl"),
          imageWidth: p("imageWidth"),
          imageHeight: p("imageHeight"),
          imageAlt: p("imageAlt"),
          imageCredit: p("imageCredit"),
          publishedAt: p("publishedAt"),
          ingestedAt: p("now"),
          updatedAt: p("now"),
          wordCount: p("wordCount"),
          contentHash: p("hash"),
        })
        .returning({ id: articles.id }),
    ),
    update: stmt(
      db,
      "article_update",
      db
        .update(articles)
        .set({
          title: sql`${p("title")}`,
          author: sql`${p("author")}`,
          excerpt: sql`${p("excerpt")}`,
          body: sql`${p("body")}`,
          bodyHtml: sql`${p("bodyHtml")}`,
          imageUrl: sql`${p("imageUrl")}`,
          imageWidth: sql`${p("imageWidth")}`,
          imageHeight: sql`${p("imageHeight")}`,
          imageAlt: sql`${p("imageAlt")}`,
          imageCredit: sql`${p("imageCredit")}`,
          wordCount: sql`${p("wordCount")}`,
          contentHash: sql`${p("hash")}`,
          // Raw SQL bypasses the column's Date encoder, so this one is passed as epoch milliseconds.
          updatedAt: sql`${p("nowMs")}`,
        })
        .where(eq(articles.id, p("id"))),
    ),
    // Story updates: the version about to be replaced is kept as a revision, then the oldest but the
    // first are dropped beyond the cap.
    current: stmt(
      db,
      "article_current",
      db
        .select({
          title: articles.title,
          body: articles.body,
          excerpt: articles.excerpt,
          updatedAt: articles.updatedAt,
        })
        .from(articles)
        .where(eq(articles.id, p("id")))
        .limit(1),
    ),
    insertRevision: stmt(
      db,
      "article_revision_insert",
      db.insert(articleRevisions).values({
        articleId: p("articleId"),
        title: p("title"),
        body: p("body"),
        excerpt: p("excerpt"),
        seenAt: p("seenAt"),
        replacedAt: p("replacedAt"),
      }),
    ),
    revisionIds: stmt(
      db,
      "article_revision_ids",
      db
        .select({ id: articleRevisions.id })
        .from(articleRevisions)
        .where(eq(articleRevisions.articleId, p("articleId")))
        .orderBy(articleRevisions.id),
    ),
    deleteRevision: stmt(
      db,
      "article_revision_delete",
      db.delete(articleRevisions).where(eq(articleRevisions.id, p("id"))),
    ),
    clearTags: stmt(db, "article_tags_clear", db.delete(articleTags).where(eq(articleTags.articleId, p("articleId")))),
    // Look up first, insert only when missing: an upsert would rewrite the existing tag row (and its
    // index entry) for every article that carries it.
    tagBySlug: stmt(
      db,
      "tag_by_slug",
      db
        .select({ id: tags.id })
        .from(tags)
        .where(eq(tags.slug, p("slug")))
        .limit(1),
    ),
    insertTag: stmt(
      db,
      "tag_insert",
      db
        .insert(tags)
        .values({ slug: p("slug"), name: p("name") })
        .onConflictDoNothing()
        .returning({ id: tags.id }),
    ),
    linkTag: stmt(
      db,
      "article_tag_link",
      db
        .insert(articleTags)
        .values({ articleId: p("articleId"), tagId: p("tagId"), publishedAt: p("publishedAt") })
        .onConflictDoNothing(),
    ),
  };
}

type ArticleStatements = ReturnType<typeof prepareArticleStatements>;
// Keyed by the handle the caller passes (a Db or a transaction), so statements never outlive their connection.
const statementCache = new WeakMap<object, ArticleStatements>();

function statementsFor(db: Db): ArticleStatements {
  let st = statementCache.get(db);
  if (!st) {
    st = prepareArticleStatements(db);
    statementCache.set(db, st);
  }
  return st;
}

type Match = { id: number; slug: string; contentHash: string; sourceId: number; matchedBy: "guid" | "url" | "content" };

async function findExisting(st: ArticleStatements, input: ArticleRow, hash: string): Promise<Match | undefined> {
  if (input.guid) {
    const byGuid = await st.byGuid.get({ sourceId: input.sourceId, guid: input.guid });
    if (byGuid) return { ...byGuid, matchedBy: "guid" };
  }
  // The same story syndicated under another guid or by another feed: same canonical URL or same text.
  if (input.url) {
    const byUrl = await st.byUrl.get({ url: input.url });
    if (byUrl) return { ...byUrl, matchedBy: "url" };
  }
  const byHash = await st.byHash.get({ hash });
  return byHash ? { ...byHash, matchedBy: "content" } : undefined;
}

async function uniqueSlug(st: ArticleStatements, base: string, hash: string): Promise<string> {
  return (await st.slugTaken.get({ slug: base })) ? `${base.slice(0, 70)}-${hash.slice(0, 6)}` : base;
}

async function writeTags(
  st: ArticleStatements,
  articleId: number,
  tagRefs: readonly TagRef[],
  publishedAt: Date,
  fresh: boolean,
) {
  if (!fresh) await st.clearTags.run({ articleId });
  for (const tag of tagRefs) await st.linkTag.run({ articleId, tagId: await tagIdFor(st, tag), publishedAt });
}

async function tagIdFor(st: ArticleStatements, tag: TagRef): Promise<number> {
  const row = (await st.tagBySlug.get({ slug: tag.slug })) ?? (await st.insertTag.get(tag));
  if (!row) throw new Error(`Tag ${tag.slug} was neither found nor inserted`);
  return row.id;
}

/** The id of the tag with this slug, created when missing. */
export async function ensureTagId(db: Db, tag: TagRef): Promise<number> {
  return tagIdFor(statementsFor(db), tag);
}

/** Replaces an article's tags with these (already normalised) ones. */
export async function replaceArticleTags(
  db: Db,
  { articleId, tags: tagRefs, publishedAt }: { articleId: number; tags: readonly TagRef[]; publishedAt: Date },
) {
  await writeTags(statementsFor(db), articleId, tagRefs, publishedAt, false);
}

/**
 * Inserts an article, or updates the stored copy of the same story in place. Runs in the caller's
 * transaction when there is one, so a feed is written all or nothing.
 *
 * Only a source's own copy is updated. A story matched by URL or text in another source is a
 * syndicated copy: it is left as its first outlet stored it, or two feeds carrying the same story
 * would overwrite each other on every poll.
 */
export async function upsertArticleRow(
  db: Db,
  input: ArticleRow,
  now = new Date(),
  { isMaterialChange }: { isMaterialChange?: MaterialChange } = {},
): Promise<UpsertResult> {
  const st = statementsFor(db);
  const { title, hash } = input;
  const fields = {
    title,
    body: input.body,
    bodyHtml: input.bodyHtml,
    author: input.author,
    excerpt: input.excerpt,
    imageUrl: input.imageUrl,
    imageWidth: input.imageWidth,
    imageHeight: input.imageHeight,
    imageAlt: input.imageAlt,
    imageCredit: input.imageCredit,
    wordCount: input.wordCount,
    hash,
  };
  const existing = await findExisting(st, input, hash);
  if (existing) {
    const found = { id: existing.id, slug: existing.slug, matchedBy: existing.matchedBy };
    if (existing.sourceId !== input.sourceId) return { status: "unchanged", ...found, fromOtherSource: true };
    if (existing.contentHash === hash) return { status: "unchanged", ...found };
    const stored = await st.current.get({ id: existing.id });
    if (!stored) throw new Error(`Article ${existing.id} vanished during its update`);
    // The hash sees case and spacing only; the caller's test also ignores what is not news (a tracking
    // parameter in a printed link, typographic quotes). Such a difference is neither stored nor kept.
    if (isMaterialChange && !isMaterialChange(stored, { title, body: input.body }))
      return { status: "unchanged", ...found };
    await keepRevision(st, existing.id, stored, now);
    await st.update.run({ ...fields, nowMs: now.getTime(), id: existing.id });
    await writeTags(st, existing.id, input.tags, input.publishedAt, false);
    return { status: "updated", ...found };
  }
  const slug = await uniqueSlug(st, input.slug, hash);
  const row = await st.insert.get({
    ...fields,
    slug,
    sourceId: input.sourceId,
    guid: input.guid,
    externalId: input.externalId,
    url: input.url,
    publishedAt: input.publishedAt,
    now,
  });
  if (!row) throw new Error(`Inserting article "${title}" returned no row`);
  await writeTags(st, row.id, input.tags, input.publishedAt, true);
  return { status: "new", id: row.id, slug };
}

/**
 * Keeps the version about to be replaced, then trims the article's revisions to the cap: the first
 * version seen stays (what the story said when it broke), and the oldest of the others go.
 */
async function keepRevision(
  st: ArticleStatements,
  articleId: number,
  stored: { title: string; body: string; excerpt: string; updatedAt: Date },
  now: Date,
) {
  await st.insertRevision.run({
    articleId,
    title: stored.title,
    body: stored.body,
    excerpt: stored.excerpt,
    seenAt: stored.updatedAt,
    replacedAt: now,
  });
  const ids = (await st.revisionIds.all({ articleId })).map((r) => r.id);
  for (const id of ids.slice(1, Math.max(1, ids.length - MAX_REVISIONS_PER_ARTICLE + 1)))
    await st.deleteRevision.run({ id });
}

export async function countArticles(db: Db): Promise<number> {
  return (await db.select({ n: sql<number>`count(*)` }).from(articles))[0]?.n ?? 0;
}
