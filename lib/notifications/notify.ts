import type { Db } from "@/db";
import { getComment } from "@/db/queries/comments";
import { insertNotification, isThreadMuted, type NotificationItem, threadRootOf } from "@/db/queries/notifications";
import { commentHref } from "@/lib/comments/thread";

/**
 * Called by the comment-posting mutation, in its transaction: tells the author of the comment replied to.
 * Nobody is told about their own reply, about a reply to a comment they deleted, or about a thread they
 * asked not to hear from.
 */
export async function notifyReply(
  db: Db,
  { reply, now }: { reply: { id: number; parentId: number | null; userId: number | null }; now: Date },
): Promise<boolean> {
  if (reply.parentId === null || reply.userId === null) return false;
  const parent = await getComment(db, { id: reply.parentId });
  if (!parent || parent.userId === null || parent.userId === reply.userId || parent.deletedAt) return false;
  const threadId = (await threadRootOf(db, { commentId: reply.id })) ?? reply.id;
  if (await isThreadMuted(db, { userId: parent.userId, threadId })) return false;
  await insertNotification(db, {
    userId: parent.userId,
    kind: "reply",
    commentId: reply.id,
    threadId,
    actorId: reply.userId,
    now,
  });
  return true;
}

/**
 * Called by the moderation mutation when it hides a comment: its author hears of it (a thread being muted
 * does not silence this; it is about their own words). A moderator hiding their own comment is not told.
 */
export async function notifyHidden(
  db: Db,
  { commentId, moderatorId, now }: { commentId: number; moderatorId: number; now: Date },
): Promise<boolean> {
  const c = await getComment(db, { id: commentId });
  if (!c || c.userId === null || c.userId === moderatorId || c.deletedAt) return false;
  const threadId = (await threadRootOf(db, { commentId })) ?? commentId;
  await insertNotification(db, { userId: c.userId, kind: "hidden", commentId, threadId, actorId: null, now });
  return true;
}

/**
 * Where a notification leads. A reply: the reply itself, its thread opened and highlighted. A hidden
 * comment is not shown to its author any more (only a placeholder, and only while replies hang from it),
 * so that notice leads to the story's comments; the notice itself quotes what was hidden.
 */
export function notificationHref(n: Pick<NotificationItem, "kind" | "articleSlug" | "commentId">): string {
  if (n.kind === "reply") return commentHref({ articleSlug: n.articleSlug, commentId: n.commentId });
  return `/articles/${encodeURIComponent(n.articleSlug)}#comments`;
}

/** What a notification says, as plain words (the page and the digest mail both use it). */
export function notificationSentence(n: Pick<NotificationItem, "kind" | "actorName" | "articleTitle">): string {
  return n.kind === "reply"
    ? `${n.actorName ?? "Someone"} replied to your comment on “${n.articleTitle}”`
    : `A moderator hid your comment on “${n.articleTitle}”`;
}
