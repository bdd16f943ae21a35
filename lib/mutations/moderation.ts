import { z } from "zod";
import { articlePageTag } from "@/db/queries/cache-tags";
import { getComment, moderateComment } from "@/db/queries/comments";
import { defineMutation, GuardError, idField, trimmedText } from "@/lib/mutations/guard";
import { notifyHidden } from "../notifications/notify";

export const moderate = defineMutation({
  name: "moderation.act",
  role: "moderator",
  input: z.object({
    commentId: idField,
    action: z.enum(["hide", "restore", "dismiss"]),
    note: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
      trimmedText("Note", 1, 500).optional(),
    ),
  }),
  authorize: async ({ db, input }) => {
    const c = await getComment(db, { id: input.commentId });
    if (!c) throw new GuardError("not_found", "That comment no longer exists.");
    if (input.action === "hide" && c.hiddenAt) throw new GuardError("conflict", "That comment is already hidden.");
    if (input.action === "restore" && !c.hiddenAt) throw new GuardError("conflict", "That comment is not hidden.");
  },
  run: async ({ db, actor, input, now }) => {
    await moderateComment(db, {
      commentId: input.commentId,
      moderatorId: actor.id,
      moderatorEmail: actor.email,
      action: input.action,
      note: input.note ?? null,
      now,
    });
    if (input.action === "hide") await notifyHidden(db, { commentId: input.commentId, moderatorId: actor.id, now });
    return { articleId: (await getComment(db, { id: input.commentId }))?.articleId ?? 0 };
  },
  invalidates: async ({ db }, result) => await articlePageTag(db, result.articleId),
});
