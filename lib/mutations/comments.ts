import { z } from "zod";
import { articleExists } from "@/db/queries/bookmarks";
import { articlePageTag } from "@/db/queries/cache-tags";
import { editComment, getComment, insertComment, reportComment, softDeleteComment } from "@/db/queries/comments";
import { withinEditWindow } from "@/lib/comments/thread";
import { defineMutation, GuardError, idField, trimmedText } from "@/lib/mutations/guard";
import { checkRateLimits } from "@/lib/security/rate-limit";
import { COMMENT_MAX, REPORT_REASONS } from "../limits";
import { notifyReply } from "../notifications/notify";

const commentBody = trimmedText("Comment", 1, COMMENT_MAX);

async function ownedComment(db: Parameters<typeof getComment>[0], id: number, actorId: number) {
  const comment = await getComment(db, { id });
  if (!comment) throw new GuardError("not_found", "That comment no longer exists.");
  if (comment.userId !== actorId) throw new GuardError("forbidden", "You can only change your own comments.");
  if (comment.deletedAt) throw new GuardError("conflict", "That comment was deleted.");
  return comment;
}

export const postComment = defineMutation({
  name: "comment.post",
  role: "user",
  input: z.object({
    articleId: idField,
    parentId: z.preprocess((v) => (v === "" || v == null ? null : v), idField.nullable()),
    body: commentBody,
  }),
  authorize: async ({ db, actor, input }) => {
    if (!(await articleExists(db, { articleId: input.articleId })))
      throw new GuardError("not_found", "That story no longer exists.");
    if (input.parentId !== null) {
      const parent = await getComment(db, { id: input.parentId });
      if (!parent || parent.articleId !== input.articleId)
        throw new GuardError("invalid", "The comment you replied to is not on this story.");
    }
    const limit = await checkRateLimits(db, [{ name: "comment", key: String(actor.id) }]);
    if (!limit.ok)
      throw new GuardError(
        "rate_limited",
        `You are commenting too fast. Please wait ${limit.retryAfterSeconds} seconds.`,
        limit.retryAfterSeconds,
      );
  },
  run: async ({ db, actor, input, now }) => {
    const comment = await insertComment(db, {
      articleId: input.articleId,
      userId: actor.id,
      parentId: input.parentId,
      body: input.body,
      now,
    });
    // In the same transaction: the reply and its notification exist together or not at all.
    await notifyReply(db, { reply: comment, now });
    return comment;
  },
  invalidates: async ({ db, input }) => await articlePageTag(db, input.articleId),
});

export const editOwnComment = defineMutation({
  name: "comment.edit",
  role: "user",
  input: z.object({ commentId: idField, body: commentBody }),
  authorize: async ({ db, actor, input, now }) => {
    const c = await ownedComment(db, input.commentId, actor.id);
    if (!withinEditWindow(c.createdAt, now.getTime()))
      throw new GuardError("forbidden", "Comments can only be edited for 15 minutes after posting.");
    if (c.hiddenAt) throw new GuardError("forbidden", "A hidden comment cannot be edited.");
  },
  run: async ({ db, input, now }) => {
    const c = await getComment(db, { id: input.commentId });
    if (c && c.body !== input.body) await editComment(db, { id: input.commentId, body: input.body, now });
    return { articleId: c?.articleId ?? 0 };
  },
  invalidates: async ({ db }, result) => await articlePageTag(db, result.articleId),
});

export const deleteOwnComment = defineMutation({
  name: "comment.delete",
  role: "user",
  input: z.object({ commentId: idField }),
  authorize: async ({ db, actor, input }) => {
    await ownedComment(db, input.commentId, actor.id);
  },
  run: async ({ db, input, now }) => {
    await softDeleteComment(db, { id: input.commentId, now });
    return { articleId: (await getComment(db, { id: input.commentId }))?.articleId ?? 0 };
  },
  invalidates: async ({ db }, result) => await articlePageTag(db, result.articleId),
});

export const reportOthersComment = defineMutation({
  name: "comment.report",
  role: "user",
  input: z.object({
    commentId: idField,
    reason: z.enum(REPORT_REASONS, { error: "Choose a reason." }),
    note: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      trimmedText("Note", 1, 500).optional(),
    ),
  }),
  authorize: async ({ db, actor, input }) => {
    const c = await getComment(db, { id: input.commentId });
    if (!c || c.deletedAt) throw new GuardError("not_found", "That comment no longer exists.");
    if (c.userId === actor.id) throw new GuardError("forbidden", "You cannot report your own comment.");
  },
  run: async ({ db, actor, input, now }) => {
    await reportComment(db, {
      commentId: input.commentId,
      reporterId: actor.id,
      reason: input.reason,
      note: input.note ?? null,
      now,
    });
    return { articleId: (await getComment(db, { id: input.commentId }))?.articleId ?? 0 };
  },
});
