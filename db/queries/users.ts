import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { type Db, transaction } from "../index";
import { articles, bookmarks, commentRevisions, comments, readingPositions, users } from "../schema";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function getUserByEmail(db: Db, { email }: { email: string }) {
  return (
    (
      await db
        .select()
        .from(users)
        .where(eq(users.email, normalizeEmail(email)))
        .limit(1)
    )[0] ?? null
  );
}

// Read on every signed-in request (the page cache's session check included), so the statement is
// built once per connection handle rather than per call.
const byIdQuery = (db: Db) =>
  db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder("id")))
    .limit(1)
    .prepare();
const byIdCache = new WeakMap<object, ReturnType<typeof byIdQuery>>();

export async function getUserById(db: Db, { id }: { id: number }) {
  let q = byIdCache.get(db);
  if (!q) {
    q = byIdQuery(db);
    byIdCache.set(db, q);
  }
  // execute() is the one call both engines' prepared queries have (SQLite: all rows; PostgreSQL: rows).
  return (await q.execute({ id }))[0] ?? null;
}

/** Creates an account; returns null when the email is taken (the unique index decides, not a prior read). */
export async function createUser(
  db: Db,
  {
    email,
    name,
    passwordHash,
    now = new Date(),
  }: { email: string; name: string; passwordHash: string | null; now?: Date },
) {
  const [row] = await db
    .insert(users)
    .values({ email: normalizeEmail(email), name, passwordHash, createdAt: now })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

export async function updateUserName(db: Db, { userId, name }: { userId: number; name: string }) {
  await db.update(users).set({ name }).where(eq(users.id, userId));
}

/** Sets a new password and bumps the session version, which signs out every other session. */
export async function updateUserPassword(db: Db, { userId, passwordHash }: { userId: number; passwordHash: string }) {
  await db
    .update(users)
    .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
}

/**
 * Deletes an account. Bookmarks and reading positions go with it (cascade); comments stay in their
 * threads with their text and earlier versions removed, shown as "[deleted]".
 */
export async function deleteUser(db: Db, { userId, now = new Date() }: { userId: number; now?: Date }) {
  await transaction(db, async (tx) => {
    const mine = await tx.select({ id: comments.id }).from(comments).where(eq(comments.userId, userId));
    for (const c of mine) await tx.delete(commentRevisions).where(eq(commentRevisions.commentId, c.id));
    await tx
      .update(comments)
      .set({ body: "", deletedAt: now })
      .where(and(eq(comments.userId, userId), isNull(comments.deletedAt)));
    await tx.update(comments).set({ userId: null }).where(eq(comments.userId, userId));
    await tx.delete(users).where(eq(users.id, userId));
  });
}

/** Everything we hold about a reader, for "Download my data". */
export async function exportUserData(db: Db, { userId }: { userId: number }) {
  const user = await getUserById(db, { id: userId });
  if (!user) return null;
  return {
    account: { email: user.email, name: user.name, createdAt: user.createdAt.toISOString() },
    comments: await db
      .select({
        id: comments.id,
        article: articles.slug,
        parentId: comments.parentId,
        body: comments.body,
        createdAt: comments.createdAt,
        editedAt: comments.editedAt,
        deletedAt: comments.deletedAt,
      })
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .where(eq(comments.userId, userId))
      .orderBy(comments.createdAt),
    bookmarks: await db
      .select({ article: articles.slug, title: articles.title, url: articles.url, savedAt: bookmarks.createdAt })
      .from(bookmarks)
      .innerJoin(articles, eq(articles.id, bookmarks.articleId))
      .where(eq(bookmarks.userId, userId))
      .orderBy(desc(bookmarks.createdAt)),
    readingPositions: await db
      .select({ article: articles.slug, progress: readingPositions.progress, updatedAt: readingPositions.updatedAt })
      .from(readingPositions)
      .innerJoin(articles, eq(articles.id, readingPositions.articleId))
      .where(eq(readingPositions.userId, userId)),
  };
}
