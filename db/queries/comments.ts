import { and, asc, count, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { type Db, transaction } from "../index";
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

/** Every comment of an article, oldest first, with its author's current display name. */
export async function listCommentsForArticle(db: Db, { articleId }: { articleId: number }): Promise<CommentRow[]> {
  return await db
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
      revisionCount: sql<number>`(select count(*) from ${commentRevisions} where ${commentRevisions.commentId} = ${comments.id})`,
    })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.userId))
    .where(eq(comments.articleId, articleId))
    .orderBy(asc(comments.createdAt), asc(comments.id));
}

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
  return result.changes;
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
      reasons: sql<string>`group_concat(distinct ${commentReports.reason})`,
      notes: sql<string | null>`group_concat(${commentReports.note}, ' | ')`,
      firstReportedAt: sql<number>`min(${commentReports.createdAt})`,
    })
    .from(commentReports)
    .innerJoin(comments, eq(comments.id, commentReports.commentId))
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .leftJoin(users, eq(users.id, comments.userId))
    .where(isNull(commentReports.resolvedAt))
    .groupBy(comments.id)
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
  return q.all({ articleId, userId });
}
