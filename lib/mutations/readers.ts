import { z } from "zod";
import { articleExists, saveReadingPosition, setBookmark } from "@/db/queries/bookmarks";
import { cacheTag } from "@/db/queries/cache-tags";
import { deleteFeedToken } from "@/db/queries/follows";
import { deleteUser, getUserById, updateUserName, updateUserPassword } from "@/db/queries/users";
import { defineMutation, GuardError, idField, trimmedText } from "@/lib/mutations/guard";

export const boolField = z.preprocess((v) => v === true || v === "true" || v === "1" || v === "on", z.boolean());

async function requireArticle(db: Parameters<typeof articleExists>[0], articleId: number) {
  if (!(await articleExists(db, { articleId }))) throw new GuardError("not_found", "That story no longer exists.");
}

// A bookmark, a reading position and an account all belong to the actor by construction: every
// query below is keyed by actor.id, never by an id taken from the request.

export const toggleBookmark = defineMutation({
  name: "bookmark.set",
  role: "user",
  input: z.object({ articleId: idField, saved: boolField }),
  authorize: async ({ db, input }) => await requireArticle(db, input.articleId),
  run: async ({ db, actor, input, now }) => {
    await setBookmark(db, { userId: actor.id, articleId: input.articleId, saved: input.saved, now });
    return { saved: input.saved };
  },
});

export const recordReadingPosition = defineMutation({
  name: "reading.save",
  role: "user",
  input: z.object({ articleId: idField, progress: z.coerce.number().min(0).max(1) }),
  authorize: async ({ db, input }) => await requireArticle(db, input.articleId),
  run: async ({ db, actor, input, now }) =>
    await saveReadingPosition(db, { userId: actor.id, articleId: input.articleId, progress: input.progress, now }),
});

export const displayName = trimmedText("Display name", 1, 60);

import { PASSWORD_MIN } from "../limits";

export { PASSWORD_MIN };
export const passwordField = z
  .string({ error: "Password is required." })
  .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters.`)
  .max(200, "Password must be at most 200 characters.");

export const renameAccount = defineMutation({
  name: "account.rename",
  role: "user",
  input: z.object({ name: displayName }),
  run: async ({ db, actor, input }) => await updateUserName(db, { userId: actor.id, name: input.name }),
  // The name shows on every comment the reader wrote: rare enough to refresh every cached page.
  invalidates: () => [cacheTag.all],
});

/**
 * Password change is two steps because hashing is slow and belongs outside the write transaction: the action
 * verifies the current password and hashes the new one first, then this mutation stores it.
 */
export const changePassword = defineMutation({
  name: "account.password",
  role: "user",
  input: z.object({ passwordHash: z.string().startsWith("$argon2id$"), verified: z.literal(true) }),
  run: async ({ db, actor, input }) => {
    await updateUserPassword(db, { userId: actor.id, passwordHash: input.passwordHash });
    // A reader who changes their password may think someone else got in: the private RSS link is a
    // credential of its own, so it goes too (a new one is one click on /account).
    await deleteFeedToken(db, { userId: actor.id });
  },
});

export const deleteAccount = defineMutation({
  name: "account.delete",
  role: "user",
  input: z.object({ confirm: z.literal("DELETE", { error: "Type DELETE to confirm." }), verified: z.literal(true) }),
  authorize: async ({ db, actor }) => {
    if (!(await getUserById(db, { id: actor.id }))) throw new GuardError("not_found", "This account no longer exists.");
  },
  run: async ({ db, actor, now }) => await deleteUser(db, { userId: actor.id, now }),
  invalidates: () => [cacheTag.all],
});
