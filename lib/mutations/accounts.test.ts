import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { createUser, getUserByEmail } from "@/db/queries/users";
import { ACCOUNT_TOKEN_TTL_MS, hashAccountToken } from "@/lib/auth/account-tokens";
import { actorForSession } from "@/lib/auth/session-token";
import { executeMutation } from "@/lib/mutations/guard";
import { useTempDatabase } from "@/lib/testing/db";
import { dumpDatabase } from "@/lib/testing/dump";
import { sqlAll, sqlValue } from "@/lib/testing/sql";
import { completePasswordReset, confirmSignup, requestPasswordReset, requestSignup } from "./accounts";

const OLD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$old$old";
const NEW_HASH = "$argon2id$v=19$m=19456,t=2,p=1$new$new";
const T0 = new Date("2026-11-30T12:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

let db: Db;
beforeEach(async () => {
  db = await useTempDatabase();
  await createUser(db, { email: "Ada@Example.org", name: "Ada", passwordHash: OLD_HASH, now: T0 });
});

async function issue(now = T0): Promise<string> {
  const r = await executeMutation(db, requestPasswordReset, null, { email: " ada@example.org " }, now);
  if (!r.ok || !r.value) throw new Error("no token issued");
  return r.value.token;
}

async function complete(token: string, now: Date, passwordHash = NEW_HASH) {
  return await executeMutation(db, completePasswordReset, null, { token, passwordHash, verified: true }, now);
}

describe("password reset tokens", () => {
  it("issues nothing, and writes nothing, for an unknown address", async () => {
    const before = await dumpDatabase(db);
    const r = await executeMutation(db, requestPasswordReset, null, { email: "nobody@example.org" }, T0);
    expect(r).toEqual({ ok: true, value: null });
    expect(await dumpDatabase(db)).toBe(before);
  });

  it("stores only the SHA-256 of the token", async () => {
    const token = await issue();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await sqlAll<{ token_hash: string }>(db, "select token_hash, purpose, user_id from account_tokens");
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(hashAccountToken(token));
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    // Nowhere in the database, in any table, is the raw token.
    expect(await dumpDatabase(db)).not.toContain(token);
  });

  it("sets the new password, ends earlier sessions, and works only once", async () => {
    const before = await getUserByEmail(db, { email: "ada@example.org" });
    if (!before) throw new Error("no user");
    expect(await actorForSession(db, { userId: before.id, sessionVersion: before.sessionVersion })).not.toBeNull();
    const token = await issue();
    const first = await complete(token, at(60_000));
    expect(first.ok).toBe(true);
    const after = await getUserByEmail(db, { email: "ada@example.org" });
    expect(after?.passwordHash).toBe(NEW_HASH);
    // A session issued before the reset carries the old version and is refused.
    expect(await actorForSession(db, { userId: before.id, sessionVersion: before.sessionVersion })).toBeNull();

    const again = await complete(token, at(120_000), "$argon2id$v=19$m=19456,t=2,p=1$x$x");
    expect(again.ok ? "ok" : again.state.code).toBe("invalid");
    expect((await getUserByEmail(db, { email: "ada@example.org" }))?.passwordHash).toBe(NEW_HASH);
  });

  it("works for an hour and not after", async () => {
    const late = await issue();
    const refused = await complete(late, at(ACCOUNT_TOKEN_TTL_MS + 1));
    expect(refused.ok ? "ok" : refused.state.message).toMatch(/expired or has already been used/);
    expect((await getUserByEmail(db, { email: "ada@example.org" }))?.passwordHash).toBe(OLD_HASH);

    const inTime = await issue(at(ACCOUNT_TOKEN_TTL_MS + 2));
    expect((await complete(inTime, at(2 * ACCOUNT_TOKEN_TTL_MS + 1))).ok).toBe(true);
  });

  it("retires the account's other reset links once one is used", async () => {
    const a = await issue();
    const b = await issue(at(1000));
    expect((await complete(b, at(2000))).ok).toBe(true);
    expect((await complete(a, at(3000))).ok).toBe(false);
  });

  it("refuses a token that was never issued, and malformed ones", async () => {
    await issue();
    const forged = "A".repeat(43);
    expect((await complete(forged, at(1000))).ok).toBe(false);
    const malformed = await complete("short", at(1000));
    expect(malformed.ok ? "ok" : malformed.state.code).toBe("invalid");
    // The stored hash itself is not a token: presenting it does nothing.
    const hash = (await sqlValue<string>(db, "select token_hash from account_tokens")) ?? "";
    expect((await complete(hash, at(1000))).ok).toBe(false);
  });
});

describe("sign-up by mail", () => {
  const input = (email: string) => ({ name: "Newcomer", email, passwordHash: NEW_HASH, verified: true });

  it("answers an existing address without touching the database", async () => {
    const before = await dumpDatabase(db);
    const r = await executeMutation(db, requestSignup, null, input("ADA@example.org"), T0);
    expect(r.ok && r.value.kind).toBe("exists");
    expect(await dumpDatabase(db)).toBe(before);
  });

  it("creates the account only when the link is used, once, within the hour", async () => {
    const r = await executeMutation(db, requestSignup, null, input("new@example.org"), T0);
    if (!r.ok || r.value.kind !== "new") throw new Error("expected a new sign-up");
    expect(await getUserByEmail(db, { email: "new@example.org" })).toBeNull();
    expect(await dumpDatabase(db)).not.toContain(r.value.token);

    const expired = await executeMutation(
      db,
      confirmSignup,
      null,
      { token: r.value.token },
      at(ACCOUNT_TOKEN_TTL_MS + 1),
    );
    expect(expired.ok).toBe(false);

    const ok = await executeMutation(db, confirmSignup, null, { token: r.value.token }, at(60_000));
    expect(ok.ok).toBe(true);
    const user = await getUserByEmail(db, { email: "new@example.org" });
    expect(user).toMatchObject({ name: "Newcomer", passwordHash: NEW_HASH });

    const reused = await executeMutation(db, confirmSignup, null, { token: r.value.token }, at(90_000));
    expect(reused.ok).toBe(false);
  });

  it("refuses a link whose address was taken in the meantime, and changes nothing", async () => {
    const r = await executeMutation(db, requestSignup, null, input("race@example.org"), T0);
    if (!r.ok || r.value.kind !== "new") throw new Error("expected a new sign-up");
    await createUser(db, { email: "race@example.org", name: "First", passwordHash: OLD_HASH, now: T0 });
    const before = await dumpDatabase(db);
    const late = await executeMutation(db, confirmSignup, null, { token: r.value.token }, at(1000));
    expect(late.ok ? "ok" : late.state.code).toBe("conflict");
    expect(await dumpDatabase(db)).toBe(before);
  });
});
