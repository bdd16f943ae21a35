import { and, asc, count, desc, eq, exists, gt, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { affectedRows, type Db, engineOf, transaction } from "../index";
import { articles, commentReports, commentRevisions, comments, moderationLog, users } from "../schema";

export type CommentRow = {
  id: number;
  articleId: number;
  parentId: number | null;
  userId: number | null;
  authorName: string | null;
  body: string;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  hiddenAt: Date | null;
  revisionCount: number;
};

export async function getComment(db: Db, { id }: { id: number }) {
  return (await db.select().from(comments).where(eq(comments.id, id)).limit(1))[0] ?? null;
}

export async function listCommentRevisions(db: Db, { commentId }: { commentId: number }) {
  return await db
    .select({ body: commentRevisions.body, createdAt: commentRevisions.createdAt })
    .from(commentRevisions)
    .where(eq(commentRevisions.commentId, commentId))
    .orderBy(asc(commentRevisions.id));
}

export async function insertComment(
  db: Db,
  input: { articleId: number; userId: number; parentId: number | null; body: string; now?: Date },
) {
  const [row] = await db
    .insert(comments)
    .values({
      articleId: input.articleId,
      userId: input.userId,
      parentId: input.parentId,
      // The thread's top-level comment: the parent's root, or the parent itself when it is top level.
      rootId:
        input.parentId === null
          ? null
          : sql<number>`(select coalesce(p.root_id, p.id) from comments p where p.id = ${input.parentId})`,
      body: input.body,
      createdAt: input.now ?? new Date(),
    })
    .returning();
  if (!row) throw new Error("Inserting a comment returned no row");
  return row;
}

/** Replaces a comment's text, keeping the previous text as a revision. */
export async function editComment(db: Db, { id, body, now = new Date() }: { id: number; body: string; now?: Date }) {
  await transaction(db, async (tx) => {
    const [current] = await tx
      .select({ body: comments.body, createdAt: comments.createdAt, editedAt: comments.editedAt })
      .from(comments)
      .where(eq(comments.id, id))
      .limit(1);
    if (!current) return;
    await tx
      .insert(commentRevisions)
      .values({ commentId: id, body: current.body, createdAt: current.editedAt ?? current.createdAt });
    await tx.update(comments).set({ body, editedAt: now }).where(eq(comments.id, id));
  });
}

/** Soft delete: the text goes (with its history), the comment keeps its place so replies stay attached. */
export async function softDeleteComment(db: Db, { id, now = new Date() }: { id: number; now?: Date }) {
  await transaction(db, async (tx) => {
    await tx.delete(commentRevisions).where(eq(commentRevisions.commentId, id));
    await tx.update(comments).set({ body: "", deletedAt: now }).where(eq(comments.id, id));
  });
}

export async function reportComment(
  db: Db,
  input: {
    commentId: number;
    reporterId: number;
    reason: "spam" | "abuse" | "off-topic" | "other";
    note: string | null;
    now?: Date;
  },
) {
  // One open report per reader per comment: reporting twice is harmless.
  const result = await db
    .insert(commentReports)
    .values({
      commentId: input.commentId,
      reporterId: input.reporterId,
      reason: input.reason,
      note: input.note,
      createdAt: input.now ?? new Date(),
    })
    .onConflictDoNothing();
  return affectedRows(result);
}

/** Hide, restore or dismiss: changes the comment, resolves its open reports and logs the action, atomically. */
export async function moderateComment(
  db: Db,
  input: {
    commentId: number;
    moderatorId: number;
    moderatorEmail: string;
    action: "hide" | "restore" | "dismiss";
    note: string | null;
    now?: Date;
  },
) {
  const now = input.now ?? new Date();
  await transaction(db, async (tx) => {
    if (input.action === "hide")
      await tx.update(comments).set({ hiddenAt: now }).where(eq(comments.id, input.commentId));
    if (input.action === "restore")
      await tx.update(comments).set({ hiddenAt: null }).where(eq(comments.id, input.commentId));
    await tx
      .update(commentReports)
      .set({ resolvedAt: now })
      .where(and(eq(commentReports.commentId, input.commentId), isNull(commentReports.resolvedAt)));
    await tx.insert(moderationLog).values({
      commentId: input.commentId,
      moderatorId: input.moderatorId,
      moderatorEmail: input.moderatorEmail,
      action: input.action,
      note: input.note,
      createdAt: now,
    });
  });
}

/** The moderation queue: comments with open reports, most reported first, plus the hidden ones. */
export async function listModerationQueue(db: Db) {
  // The reasons (each once) and the notes of a comment's open reports, joined: SQLite's group_concat,
  // PostgreSQL's string_agg. Neither promises an order inside the list, so callers must not rely on one.
  const pg = engineOf(db) === "postgres";
  const reasons = pg
    ? sql<string>`string_agg(distinct ${commentReports.reason}, ',')`
    : sql<string>`group_concat(distinct ${commentReports.reason})`;
  const notes = pg
    ? sql<string | null>`string_agg(${commentReports.note}, ' | ')`
    : sql<string | null>`group_concat(${commentReports.note}, ' | ')`;
  const reported = await db
    .select({
      commentId: comments.id,
      body: comments.body,
      authorName: users.name,
      articleSlug: articles.slug,
      articleTitle: articles.title,
      hiddenAt: comments.hiddenAt,
      deletedAt: comments.deletedAt,
      reports: count(commentReports.id),
      reasons,
      notes,
      firstReportedAt: sql<number>`min(${commentReports.createdAt})`,
    })
    .from(commentReports)
    .innerJoin(comments, eq(comments.id, commentReports.commentId))
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .leftJoin(users, eq(users.id, comments.userId))
    .where(isNull(commentReports.resolvedAt))
    // Grouped by the joined rows' keys too: PostgreSQL accepts the author's name and the story's slug
    // only when they depend on a grouped primary key (SQLite takes any row's value).
    .groupBy(comments.id, articles.id, users.id)
    .orderBy(desc(count(commentReports.id)), asc(sql`min(${commentReports.createdAt})`))
    .limit(200);
  const hidden = await db
    .select({
      commentId: comments.id,
      body: comments.body,
      authorName: users.name,
      articleSlug: articles.slug,
      articleTitle: articles.title,
      hiddenAt: comments.hiddenAt,
    })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .leftJoin(users, eq(users.id, comments.userId))
    .where(gt(comments.hiddenAt, new Date(0)))
    .orderBy(desc(comments.hiddenAt))
    .limit(200);
  // With the story each entry is about, so the log can link to the comment where it stands.
  const log = await db
    .select({
      id: moderationLog.id,
      commentId: moderationLog.commentId,
      moderatorEmail: moderationLog.moderatorEmail,
      action: moderationLog.action,
      note: moderationLog.note,
      createdAt: moderationLog.createdAt,
      articleSlug: articles.slug,
      articleTitle: articles.title,
    })
    .from(moderationLog)
    .leftJoin(comments, eq(comments.id, moderationLog.commentId))
    .leftJoin(articles, eq(articles.id, comments.articleId))
    .orderBy(desc(moderationLog.id))
    .limit(100);
  return { reported, hidden, log };
}

/** A reader's own live comments on one article (what they may edit, delete or not report). */
const ownCommentsQuery = (db: Db) =>
  db
    .select({ id: comments.id, body: comments.body, createdAt: comments.createdAt })
    .from(comments)
    .where(
      and(
        eq(comments.articleId, sql.placeholder("articleId")),
        eq(comments.userId, sql.placeholder("userId")),
        isNull(comments.deletedAt),
        isNull(comments.hiddenAt),
      ),
    )
    .prepare();
// Read for every signed-in view of a cached article page: built once per connection handle.
const ownCommentsCache = new WeakMap<object, ReturnType<typeof ownCommentsQuery>>();

export async function listOwnComments(db: Db, { articleId, userId }: { articleId: number; userId: number }) {
  let q = ownCommentsCache.get(db);
  if (!q) {
    q = ownCommentsQuery(db);
    ownCommentsCache.set(db, q);
  }
  return await q.execute({ articleId, userId });
}

// Comment threads (issue 18): a page of top-level comments with every reply under them, read with
// indexed queries (comments_article_root_created_idx), never the whole conversation at once.

/** How a thread is read: which top-level comments come first, and whether hidden text is shown (moderators). */
export type ThreadView = { articleId: number; order: "oldest" | "newest"; showHidden: boolean };

const root = alias(comments, "r");
const reply = alias(comments, "d");

/** A comment shown with its text: not deleted, and not hidden unless a moderator is reading. */
function shownWithText(t: typeof root | typeof reply, showHidden: boolean): SQL | undefined {
  return showHidden ? isNull(t.deletedAt) : and(isNull(t.deletedAt), isNull(t.hiddenAt));
}

/**
 * A top-level comment the page shows: itself shown, or some reply in its thread shown (then it stays
 * as a "[deleted]" placeholder). The same rule as lib/comments/thread.ts buildThread, so pages are never short.
 */
function shownThread(db: Db, showHidden: boolean): SQL {
  return and(
    isNull(root.rootId),
    or(
      shownWithText(root, showHidden),
      exists(
        db
          .select({ one: sql`1` })
          .from(reply)
          .where(and(eq(reply.articleId, root.articleId), eq(reply.rootId, root.id), shownWithText(reply, showHidden))),
      ),
    ),
  ) as SQL;
}

/** The comment count every reader sees: comments with their text, neither deleted nor hidden. */
export async function countShownComments(db: Db, { articleId }: { articleId: number }): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(root)
    .where(and(eq(root.articleId, articleId), shownWithText(root, false)));
  return row?.n ?? 0;
}

/** How many top-level threads the article shows (what its comment pages are made of). */
export async function countShownThreads(db: Db, { articleId, showHidden }: Omit<ThreadView, "order">) {
  const [row] = await db
    .select({ n: count() })
    .from(root)
    .where(and(eq(root.articleId, articleId), shownThread(db, showHidden)));
  return row?.n ?? 0;
}

/**
 * One page of threads: `limit` top-level comments from `offset` in the reader's order, and every reply
 * under them, oldest first (lib/comments/thread.ts buildThread puts them in place).
 */
export async function listThreadPage(
  db: Db,
  { articleId, order, showHidden, offset, limit }: ThreadView & { offset: number; limit: number },
): Promise<CommentRow[]> {
  const direction = order === "newest" ? desc : asc;
  const roots = await db
    .select({ id: root.id })
    .from(root)
    .where(and(eq(root.articleId, articleId), shownThread(db, showHidden)))
    .orderBy(direction(root.createdAt), direction(root.id))
    .limit(limit)
    .offset(offset);
  const ids = roots.map((r) => r.id);
  if (ids.length === 0) return [];
  return (
    db
      .select({
        id: comments.id,
        articleId: comments.articleId,
        parentId: comments.parentId,
        userId: comments.userId,
        authorName: users.name,
        body: comments.body,
        createdAt: comments.createdAt,
        editedAt: comments.editedAt,
        deletedAt: comments.deletedAt,
        hiddenAt: comments.hiddenAt,
        // Qualified by the join with users (see comments.test.ts): each comment's own revisions.
        revisionCount: sql<number>`(select count(*) from ${commentRevisions} where ${commentRevisions.commentId} = ${comments.id})`,
      })
      .from(comments)
      .leftJoin(users, eq(users.id, comments.userId))
      // Spelled so SQLite answers each half from an index (the ids are this article's top-level comments):
      // with article_id factored out it scanned every comment of the article.
      .where(or(inArray(comments.id, ids), and(eq(comments.articleId, articleId), inArray(comments.rootId, ids))))
      .orderBy(asc(comments.createdAt), asc(comments.id))
  );
}

/**
 * Where a permalinked comment stands: its thread's top-level comment and how many shown threads come
 * before that one in the reader's order. Null when the comment is not on this article, or is not
 * shown with its text (deleted, or hidden from this reader).
 */
export async function locateComment(
  db: Db,
  { articleId, order, showHidden, commentId }: ThreadView & { commentId: number },
): Promise<{ rootId: number; threadsBefore: number } | null> {
  const [target] = await db
    .select({ rootId: sql<number>`coalesce(${root.rootId}, ${root.id})` })
    .from(root)
    .where(and(eq(root.id, commentId), eq(root.articleId, articleId), shownWithText(root, showHidden)))
    .limit(1);
  if (!target) return null;
  const [top] = await db
    .select({ id: root.id, createdAt: root.createdAt })
    .from(root)
    .where(eq(root.id, target.rootId))
    .limit(1);
  if (!top) return null;
  const before =
    order === "newest"
      ? or(gt(root.createdAt, top.createdAt), and(eq(root.createdAt, top.createdAt), gt(root.id, top.id)))
      : or(lt(root.createdAt, top.createdAt), and(eq(root.createdAt, top.createdAt), lt(root.id, top.id)));
  const [row] = await db
    .select({ n: count() })
    .from(root)
    .where(and(eq(root.articleId, articleId), shownThread(db, showHidden), before));
  return { rootId: top.id, threadsBefore: row?.n ?? 0 };
}

/** The slug of the story a comment is on, for its permalink (null when the comment is gone). */
export async function commentArticleSlug(db: Db, { commentId }: { commentId: number }): Promise<string | null> {
  const [row] = await db
    .select({ slug: articles.slug })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .where(eq(comments.id, commentId))
    .limit(1);
  return row?.slug ?? null;
}
