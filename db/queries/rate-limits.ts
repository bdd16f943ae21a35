import { sql } from "drizzle-orm";
import { type Db, engineOf, transaction } from "../index";
import { rateLimits } from "../schema";

/** `count` is the attempts counted in the current window, when the call counted or read one. */
export type RateLimitResult = { ok: true; count?: number } | { ok: false; retryAfterSeconds: number; count?: number };

/**
 * Counts one attempt against `key` in a fixed window and says whether it is allowed. One upsert
 * statement, so concurrent requests from several processes cannot both slip under the limit.
 */
export async function hitRateLimit(
  db: Db,
  { key, limit, windowMs, now = Date.now() }: { key: string; limit: number; windowMs: number; now?: number },
): Promise<RateLimitResult> {
  // In a transaction of its own (or the caller's): a bare write on the shared connection could land
  // inside another request's open transaction and be rolled back with it.
  const [row] = await transaction(db, (tx) =>
    tx
      .insert(rateLimits)
      .values({ key, count: 1, resetAt: new Date(now + windowMs) })
      .onConflictDoUpdate({
        target: rateLimits.key,
        set: {
          count: sql`case when ${rateLimits.resetAt} <= ${now} then 1 else ${rateLimits.count} + 1 end`,
          resetAt: sql`case when ${rateLimits.resetAt} <= ${now} then ${now + windowMs} else ${rateLimits.resetAt} end`,
        },
      })
      .returning({ count: rateLimits.count, resetAt: rateLimits.resetAt }),
  );
  if (!row) throw new Error(`Counting an attempt against ${key} returned no row`);
  if (row.count <= limit) return { ok: true, count: row.count };
  return {
    ok: false,
    retryAfterSeconds: Math.max(1, Math.ceil((row.resetAt.getTime() - now) / 1000)),
    count: row.count,
  };
}

/** Pushes a key's window end out to `until` (never pulls it in): a longer refusal for a repeat offender. */
export async function extendRateLimit(db: Db, { key, until }: { key: string; until: number }) {
  // The larger of two values: SQLite's scalar max(a, b) is PostgreSQL's greatest(a, b) (PostgreSQL's
  // max is an aggregate only).
  const later =
    engineOf(db) === "postgres"
      ? sql`greatest(${rateLimits.resetAt}, ${until})`
      : sql`max(${rateLimits.resetAt}, ${until})`;
  await transaction(db, (tx) => tx.update(rateLimits).set({ resetAt: later }).where(sql`${rateLimits.key} = ${key}`));
}

/** Forgets a key (after a successful sign-in, the failures before it no longer count). */
export async function clearRateLimit(db: Db, { key }: { key: string }) {
  await transaction(db, (tx) => tx.delete(rateLimits).where(sql`${rateLimits.key} = ${key}`));
}

/** Reads a key's state without counting an attempt. */
export async function peekRateLimit(
  db: Db,
  { key, limit, now = Date.now() }: { key: string; limit: number; now?: number },
): Promise<RateLimitResult> {
  const [row] = await db.select().from(rateLimits).where(sql`${rateLimits.key} = ${key}`).limit(1);
  if (!row || row.resetAt.getTime() <= now || row.count < limit) return { ok: true };
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((row.resetAt.getTime() - now) / 1000)) };
}
