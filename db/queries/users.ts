import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../index";
import { articles, bookmarks, commentRevisions, comments, readingPositions, users } from "../schema";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function getUserByEmail(db: Db, { email }: { email: string }) {
  return (
    db
      .select()
      .from(users)
      .where(eq(users.email, normalizeEmail(email)))
      .get() ?? null
  );
}

// Read on every signed-in request (the page cache's session check included), so the statement is
// built once per connection handle rather than per call.
const byIdQuery = (db: Db) =>
  db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder("id")))
    .prepare();
const byIdCache = new WeakMap<object, ReturnType<typeof byIdQuery>>();

export function getUserById(db: Db, { id }: { id: number }) {
  let q = byIdCache.get(db);
  if (!q) {
    q = byIdQuery(db);
    byIdCache.set(db, q);
  }
  return q.get({ id }) ?? null;
}

/** Creates an account; returns null when the email is taken (the unique index decides, not a prior read). */
export function createUser(
  db: Db,
  {
    email,
    name,
    passwordHash,
    now = new Date(),
  }: { email: string; name: string; passwordHash: string | null; now?: Date },
) {
  return (
    db
      .insert(users)
      .values({ email: normalizeEmail(email), name, passwordHash, createdAt: now })
      .onConflictDoNothing()
      .returning()
      .get() ?? null
  );
}

export function updateUserName(db: Db, { userId, name }: { userId: number; name: string }) {
  db.update(users).set({ name }).where(eq(users.id, userId)).run();
}

/** Sets a new password and bumps the session version, which signs out every other session. */
export function updateUserPassword(db: Db, { userId, passwordHash }: { userId: number; passwordHash: string }) {
  db.update(users)
    .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .run();
}

/**
 * Deletes an account. Bookmarks and reading positions go with it (cascade); comments stay in their
 * threads with their text and earlier versions removed, shown as "[deleted]".
 */
export function deleteUser(db: Db, { userId, now = new Date() }: { userId: number; now?: Date }) {
  db.transaction((tx) => {
    const mine = tx.select({ id: comments.id }).from(comments).where(eq(comments.userId, userId)).all();
    for (const c of mine) tx.delete(commentRevisions).where(eq(commentRevisions.commentId, c.id)).run();
    tx.update(comments)
      .set({ body: "", deletedAt: now })
      .where(and(eq(comments.userId, userId), isNull(comments.deletedAt)))
      .run();
    tx.update(comments).set({ userId: null }).where(eq(comments.userId, userId)).run();
    tx.delete(users).where(eq(users.id, userId)).run();
  });
}

/** Everything we hold about a reader, for "Download my data". */
export function exportUserData(db: Db, { userId }: { userId: number }) {
  const user = getUserById(db, { id: userId });
  if (!user) return null;
  return {
    account: { email: user.email, name: user.name, createdAt: user.createdAt.toISOString() },
    comments: db
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
      .orderBy(comments.createdAt)
      .all(),
    bookmarks: db
      .select({ article: articles.slug, title: articles.title, url: articles.url, savedAt: bookmarks.createdAt })
      .from(bookmarks)
      .innerJoin(articles, eq(articles.id, bookmarks.articleId))
      .where(eq(bookmarks.userId, userId))
      .orderBy(desc(bookmarks.createdAt))
      .all(),
    readingPositions: db
      .select({ article: articles.slug, progress: readingPositions.progress, updatedAt: readingPositions.updatedAt })
      .from(readingPositions)
      .innerJoin(articles, eq(articles.id, readingPositions.articleId))
      .where(eq(readingPositions.userId, userId))
      .all(),
  };
}
