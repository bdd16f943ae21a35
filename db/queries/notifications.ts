import { and, count, desc, eq, gt, inArray, isNotNull, isNull, lt, lte, max, or, sql } from "drizzle-orm";
import { type Db, rows } from "../index";
import {
  articles,
  comments,
  notificationDigests,
  notificationMutes,
  notificationSettings,
  notifications,
  users,
} from "../schema";

/**
 * What a page may show: the comment a notification points at is still there to see. A reply deleted by
 * its author (or with its author's account), or hidden by a moderator, takes its notification out of the
 * list, the count and the digest; a hidden comment that was restored takes its "hidden" notice with it.
 * Filtered when read, not deleted when the comment changes, so a restore brings a reply's notice back.
 */
const visible = and(
  isNull(comments.deletedAt),
  or(
    and(eq(notifications.kind, "reply"), isNull(comments.hiddenAt)),
    and(eq(notifications.kind, "hidden"), isNotNull(comments.hiddenAt)),
  ),
);

/** The top-level comment a comment's conversation hangs from (itself when it is one). */
export async function threadRootOf(db: Db, { commentId }: { commentId: number }): Promise<number | null> {
  const found = await rows<{ id: number }>(
    db,
    sql`
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from comments where id = ${commentId}
      union all
      select c.id, c.parent_id, up.depth + 1 from comments c join up on c.id = up.parent_id where up.depth < 1000
    )
    select id from up where parent_id is null limit 1`,
  );
  return found[0]?.id ?? null;
}

export async function isThreadMuted(db: Db, { userId, threadId }: { userId: number; threadId: number }) {
  const row = (
    await db
      .select({ threadId: notificationMutes.threadId })
      .from(notificationMutes)
      .where(and(eq(notificationMutes.userId, userId), eq(notificationMutes.threadId, threadId)))
      .limit(1)
  )[0];
  return row !== undefined;
}

/** Records one notification. A reply notifies once however often the write is retried. */
export async function insertNotification(
  db: Db,
  input: {
    userId: number;
    kind: "reply" | "hidden";
    commentId: number;
    threadId: number;
    actorId: number | null;
    now: Date;
  },
) {
  // Hidden again after a restore: a fresh, unread notice, not the old one that may have been read.
  if (input.kind === "hidden")
    await db
      .delete(notifications)
      .where(
        and(
          eq(notifications.userId, input.userId),
          eq(notifications.kind, "hidden"),
          eq(notifications.commentId, input.commentId),
        ),
      );
  await db
    .insert(notifications)
    .values({
      userId: input.userId,
      kind: input.kind,
      commentId: input.commentId,
      threadId: input.threadId,
      actorId: input.actorId,
      createdAt: input.now,
    })
    .onConflictDoNothing();
}

export async function countUnreadNotifications(db: Db, { userId }: { userId: number }): Promise<number> {
  let q = unreadCountCache.get(db);
  if (!q) {
    q = unreadCountQuery(db);
    unreadCountCache.set(db, q);
  }
  return (await q.execute({ userId }))[0]?.n ?? 0;
}

const unreadCountQuery = (db: Db) =>
  db
    .select({ n: count() })
    .from(notifications)
    .innerJoin(comments, eq(comments.id, notifications.commentId))
    .where(and(eq(notifications.userId, sql.placeholder("userId")), isNull(notifications.readAt), visible))
    .prepare();
// Read for every signed-in page the cache serves (the bell's count): built once per connection handle.
// Building it per request cost more than running it (70 µs of drizzle and statement preparation
// against about 4 µs of SQLite, measured under load).
const unreadCountCache = new WeakMap<object, ReturnType<typeof unreadCountQuery>>();

export type NotificationItem = {
  id: number;
  kind: "reply" | "hidden";
  commentId: number;
  threadId: number;
  body: string;
  actorName: string | null;
  articleSlug: string;
  articleTitle: string;
  createdAt: Date;
  readAt: Date | null;
  threadMuted: boolean;
};

function itemQuery(db: Db) {
  return (
    db
      .select({
        id: notifications.id,
        kind: notifications.kind,
        commentId: notifications.commentId,
        threadId: notifications.threadId,
        body: comments.body,
        actorName: users.name,
        articleSlug: articles.slug,
        articleTitle: articles.title,
        createdAt: notifications.createdAt,
        readAt: notifications.readAt,
        // Column names written out: a `${column}` inside a sql subquery renders unqualified. SQLite
        // answers 0/1, PostgreSQL a boolean: read through Boolean() below.
        threadMuted: sql<
          number | boolean
        >`exists (select 1 from notification_mutes m where m.user_id = "notifications"."user_id" and m.thread_id = "notifications"."thread_id")`,
      })
      .from(notifications)
      .innerJoin(comments, eq(comments.id, notifications.commentId))
      .innerJoin(articles, eq(articles.id, comments.articleId))
      // The replier, joined by its own name: an alias of db/schema.ts's (SQLite) table renders as a bare
      // name in a PostgreSQL join ("left join replier"), which does not exist there.
      .leftJoin(users, eq(users.id, notifications.actorId))
  );
}

/** A reader's notifications, newest first, `limit` of them before the id `before` (keyset paging). */
export async function listNotifications(
  db: Db,
  { userId, before, limit }: { userId: number; before?: number | null; limit: number },
): Promise<NotificationItem[]> {
  const rows = await itemQuery(db)
    .where(and(eq(notifications.userId, userId), before ? lt(notifications.id, before) : undefined, visible))
    .orderBy(desc(notifications.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, threadMuted: Boolean(r.threadMuted) }));
}

/** Marks read every notification of the reader up to `upToId` (what the page they read showed). */
export async function markNotificationsRead(
  db: Db,
  { userId, upToId, now }: { userId: number; upToId: number; now: Date },
): Promise<number> {
  const done = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), lte(notifications.id, upToId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return done.length;
}

export async function getNotification(db: Db, { id }: { id: number }) {
  return (await db.select().from(notifications).where(eq(notifications.id, id)).limit(1))[0] ?? null;
}

export async function markNotificationRead(db: Db, { id, now }: { id: number; now: Date }) {
  await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.id, id), isNull(notifications.readAt)));
}

export async function setThreadMuted(
  db: Db,
  { userId, threadId, muted, now }: { userId: number; threadId: number; muted: boolean; now: Date },
) {
  if (muted) await db.insert(notificationMutes).values({ userId, threadId, createdAt: now }).onConflictDoNothing();
  else
    await db
      .delete(notificationMutes)
      .where(and(eq(notificationMutes.userId, userId), eq(notificationMutes.threadId, threadId)));
}

export async function getDigestSetting(db: Db, { userId }: { userId: number }): Promise<boolean> {
  const row = (
    await db
      .select({ digest: notificationSettings.digest })
      .from(notificationSettings)
      .where(eq(notificationSettings.userId, userId))
      .limit(1)
  )[0];
  return row?.digest ?? false;
}

export async function setDigestSetting(
  db: Db,
  { userId, digest, now }: { userId: number; digest: boolean; now: Date },
) {
  await db
    .insert(notificationSettings)
    .values({ userId, digest, updatedAt: now })
    .onConflictDoUpdate({ target: notificationSettings.userId, set: { digest, updatedAt: now } });
}

// ── Daily digest ──────────────────────────────────────────────────────────────────────────────────

/** Readers who chose the digest and have none claimed for `day` yet. */
export async function listDigestCandidates(db: Db, { day }: { day: string }) {
  return db
    .select({ userId: users.id, email: users.email, name: users.name })
    .from(notificationSettings)
    .innerJoin(users, eq(users.id, notificationSettings.userId))
    .where(
      and(
        eq(notificationSettings.digest, true),
        sql`not exists (select 1 from notification_digests d where d.user_id = "users"."id" and d.day = ${day})`,
      ),
    )
    .orderBy(users.id);
}

/**
 * The newest notification an earlier digest covered. A digest left "sending" by a crash counts: it may
 * have gone out, and repeating it is what must not happen. A "failed" one (the server refused it) does not.
 */
export async function digestCursor(db: Db, { userId }: { userId: number }): Promise<number> {
  const row = (
    await db
      .select({ upTo: max(notificationDigests.upToId) })
      .from(notificationDigests)
      .where(and(eq(notificationDigests.userId, userId), inArray(notificationDigests.status, ["sending", "sent"])))
  )[0];
  return row?.upTo ?? 0;
}

/** Unread, visible notifications newer than `afterId`, newest first: the newest `limit`, and how many in all. */
export async function unreadSince(
  db: Db,
  { userId, afterId, limit }: { userId: number; afterId: number; limit: number },
): Promise<{ items: NotificationItem[]; total: number; newestId: number }> {
  const where = and(
    eq(notifications.userId, userId),
    gt(notifications.id, afterId),
    isNull(notifications.readAt),
    visible,
  );
  const rows = await itemQuery(db).where(where).orderBy(desc(notifications.id)).limit(limit);
  const totals = (
    await db
      .select({ n: count(), newest: max(notifications.id) })
      .from(notifications)
      .innerJoin(comments, eq(comments.id, notifications.commentId))
      .where(where)
  )[0];
  return {
    items: rows.map((r) => ({ ...r, threadMuted: Boolean(r.threadMuted) })),
    total: totals?.n ?? 0,
    newestId: totals?.newest ?? afterId,
  };
}

/** Claims the reader's digest for `day`; null when one was already claimed (another run got there first). */
export async function claimDigest(
  db: Db,
  input: { userId: number; day: string; upToId: number; count: number; now: Date },
): Promise<number | null> {
  const rows = await db
    .insert(notificationDigests)
    .values({
      userId: input.userId,
      day: input.day,
      upToId: input.upToId,
      count: input.count,
      status: "sending",
      claimedAt: input.now,
    })
    .onConflictDoNothing()
    .returning({ id: notificationDigests.id });
  return rows[0]?.id ?? null;
}

export async function finishDigest(
  db: Db,
  { id, ok, error, now }: { id: number; ok: boolean; error?: string; now: Date },
) {
  await db
    .update(notificationDigests)
    .set(ok ? { status: "sent", sentAt: now } : { status: "failed", error: error?.slice(0, 500) ?? null })
    .where(eq(notificationDigests.id, id));
}

/** Digests claimed but never marked sent or failed (a crash mid-send), for the command to report. */
export async function listUnfinishedDigests(db: Db, { before }: { before: Date }) {
  return db
    .select({ id: notificationDigests.id, userId: notificationDigests.userId, day: notificationDigests.day })
    .from(notificationDigests)
    .where(and(eq(notificationDigests.status, "sending"), lt(notificationDigests.claimedAt, before)));
}
