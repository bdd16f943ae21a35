import { and, eq, gt, isNull, lt } from "drizzle-orm";
import { affectedRows, type Db } from "../index";
import { accountTokens } from "../schema";
import { normalizeEmail } from "./users";

export type AccountTokenPurpose = "password_reset" | "signup";

/** Stores a one-time token by its hash (the caller hashes; the raw token never reaches the database). */
export async function insertAccountToken(
  db: Db,
  input: {
    purpose: AccountTokenPurpose;
    tokenHash: string;
    userId: number | null;
    email: string;
    name?: string | null;
    passwordHash?: string | null;
    now: Date;
    expiresAt: Date;
  },
) {
  // Expired tokens are of no use to anyone: clear them while we are here, so the table stays small.
  await db.delete(accountTokens).where(lt(accountTokens.expiresAt, input.now));
  const [row] = await db
    .insert(accountTokens)
    .values({
      purpose: input.purpose,
      tokenHash: input.tokenHash,
      userId: input.userId,
      email: normalizeEmail(input.email),
      name: input.name ?? null,
      passwordHash: input.passwordHash ?? null,
      createdAt: input.now,
      expiresAt: input.expiresAt,
    })
    .returning();
  if (!row) throw new Error("Inserting an account token returned no row");
  return row;
}

/** The token with this hash if it is for `purpose`, unused and not yet expired; otherwise null. */
export async function getLiveAccountToken(
  db: Db,
  { purpose, tokenHash, now }: { purpose: AccountTokenPurpose; tokenHash: string; now: Date },
) {
  return (
    (
      await db
        .select()
        .from(accountTokens)
        .where(
          and(
            eq(accountTokens.tokenHash, tokenHash),
            eq(accountTokens.purpose, purpose),
            isNull(accountTokens.usedAt),
            gt(accountTokens.expiresAt, now),
          ),
        )
        .limit(1)
    )[0] ?? null
  );
}

/**
 * Marks a token used. Returns false when it already was (a second request racing the first), so the
 * caller can refuse: the `used_at IS NULL` condition makes single use hold under concurrency too.
 */
export async function markAccountTokenUsed(db: Db, { id, now }: { id: number; now: Date }): Promise<boolean> {
  const result = await db
    .update(accountTokens)
    .set({ usedAt: now })
    .where(and(eq(accountTokens.id, id), isNull(accountTokens.usedAt)));
  return affectedRows(result) === 1;
}

/** Retires every outstanding token of one purpose for an account or address (e.g. after a reset). */
export async function retireAccountTokens(
  db: Db,
  { purpose, userId, email, now }: { purpose: AccountTokenPurpose; userId?: number; email?: string; now: Date },
) {
  const who =
    userId !== undefined ? eq(accountTokens.userId, userId) : eq(accountTokens.email, normalizeEmail(email ?? ""));
  await db
    .update(accountTokens)
    .set({ usedAt: now })
    .where(and(eq(accountTokens.purpose, purpose), who, isNull(accountTokens.usedAt)));
}
