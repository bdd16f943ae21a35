import { z } from "zod";
import { getComment } from "@/db/queries/comments";
import {
  getNotification,
  markNotificationRead,
  markNotificationsRead,
  setDigestSetting,
  setThreadMuted,
} from "@/db/queries/notifications";
import { getUserById } from "@/db/queries/users";
import { ensureAuthSecret } from "@/lib/auth/secret";
import { defineMutation, definePublicMutation, GuardError, idField } from "@/lib/mutations/guard";
import { mailConfigured } from "../mail/config";
import { verifyUnsubscribeToken } from "../notifications/unsubscribe-token";
import { boolField } from "./readers";

// Notifications are the reader's own: no public page shows them, so none of these bumps a cache tag.

/** "Mark all read": everything up to the newest notification the page showed, so one that arrived since stays unread. */
export const markAllNotificationsRead = defineMutation({
  name: "notification.readAll",
  role: "user",
  input: z.object({ upTo: idField }),
  run: async ({ db, actor, input, now }) => ({
    marked: await markNotificationsRead(db, { userId: actor.id, upToId: input.upTo, now }),
  }),
});

/** One notification read (its link was followed). Only its recipient may. */
export const markOneNotificationRead = defineMutation({
  name: "notification.read",
  role: "user",
  input: z.object({ notificationId: idField }),
  authorize: async ({ db, actor, input }) => {
    const n = await getNotification(db, { id: input.notificationId });
    if (!n) throw new GuardError("not_found", "That notification no longer exists.");
    if (n.userId !== actor.id) throw new GuardError("forbidden", "That notification is not yours.");
  },
  run: async ({ db, input, now }) => {
    await markNotificationRead(db, { id: input.notificationId, now });
    return { read: input.notificationId };
  },
});

/** "Stop notifying me" about one thread (its top-level comment), and its undo. */
export const muteNotificationThread = defineMutation({
  name: "notification.mute",
  role: "user",
  input: z.object({ threadId: idField, muted: boolField }),
  authorize: async ({ db, input }) => {
    const c = await getComment(db, { id: input.threadId });
    if (!c) throw new GuardError("not_found", "That conversation no longer exists.");
    if (c.parentId !== null) throw new GuardError("invalid", "Threads are named by their first comment.");
  },
  run: async ({ db, actor, input, now }) => {
    await setThreadMuted(db, { userId: actor.id, threadId: input.threadId, muted: input.muted, now });
    return { muted: input.muted };
  },
});

/** The daily email digest, on or off. Only offered, and only accepted on, when the site sends mail. */
export const setNotificationDigest = defineMutation({
  name: "notification.digest",
  role: "user",
  input: z.object({ digest: boolField }),
  authorize: ({ input }) => {
    if (input.digest && !mailConfigured())
      throw new GuardError("conflict", "This site does not send email, so there is no digest to choose.");
  },
  run: async ({ db, actor, input, now }) => {
    await setDigestSetting(db, { userId: actor.id, digest: input.digest, now });
    return { digest: input.digest };
  },
});

/**
 * The digest's unsubscribe link, signed out: the signed token stands in for the session, and can only
 * turn off the digest of the account it was made for.
 */
export const unsubscribeDigest = definePublicMutation({
  name: "notification.unsubscribe",
  role: "anyone",
  input: z.object({ token: z.string({ error: "The link is incomplete." }).max(200, "The link is not valid.") }),
  authorize: ({ input }) => {
    if (verifyUnsubscribeToken(input.token, ensureAuthSecret()) === null)
      throw new GuardError("invalid", "This unsubscribe link is not valid. Sign in to change your email settings.");
  },
  run: async ({ db, input, now }) => {
    const userId = verifyUnsubscribeToken(input.token, ensureAuthSecret()) ?? 0;
    // An account deleted since the mail was sent has nothing to turn off.
    if (!(await getUserById(db, { id: userId }))) return { unsubscribed: false };
    await setDigestSetting(db, { userId, digest: false, now });
    return { unsubscribed: true };
  },
});
