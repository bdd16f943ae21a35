import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { createUser, getUserByEmail } from "@/db/queries/users";
import { ACCOUNT_TOKEN_TTL_MS, hashAccountToken } from "@/lib/auth/account-tokens";
import { actorForSession } from "@/lib/auth/session-token";
import { executeMutation } from "@/lib/guard";
import { useTempDatabase } from "@/lib/testing/db";
import { dumpDatabase } from "@/lib/testing/dump";
import { completePasswordReset, confirmSignup, requestPasswordReset, requestSignup } from "./accounts";

const OLD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$old$old";
const NEW_HASH = "$argon2id$v=19$m=19456,t=2,p=1$new$new";
const T0 = new Date("2026-11-30T12:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

let db: Db;
beforeEach(() => {
  db = useTempDatabase();
  createUser(db, { email: "Ada@Example.org", name: "Ada", passwordHash: OLD_HASH, now: T0 });
});

function issue(now = T0): string {
  const r = executeMutation(db, requestPasswordReset, null, { email: " ada@example.org " }, now);
  if (!r.ok || !r.value) throw new Error("no token issued");
  return r.value.token;
}

function complete(token: string, now: Date, passwordHash = NEW_HASH) {
  return executeMutation(db, completePasswordReset, null, { token, passwordHash, verified: true }, now);
}

describe("password reset tokens", () => {
  it("issues nothing, and writes nothing, for an unknown address", () => {
    const before = dumpDatabase(db);
    const r = executeMutation(db, requestPasswordReset, null, { email: "nobody@example.org" }, T0);
    expect(r).toEqual({ ok: true, value: null });
    expect(dumpDatabase(db)).toBe(before);
  });

  it("stores only the SHA-256 of the token", () => {
    const token = issue();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = db.$client.prepare("select token_hash, purpose, user_id from account_tokens").all() as {
      token_hash: string;
    }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(hashAccountToken(token));
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    // Nowhere in the database, in any table, is the raw token.
    expect(dumpDatabase(db)).not.toContain(token);
  });

  it("sets the new password, ends earlier sessions, and works only once", () => {
    const before = getUserByEmail(db, { email: "ada@example.org" });
    if (!before) throw new Error("no user");
    expect(actorForSession(db, { userId: before.id, sessionVersion: before.sessionVersion })).not.toBeNull();
    const token = issue();
    const first = complete(token, at(60_000));
    expect(first.ok).toBe(true);
    const after = getUserByEmail(db, { email: "ada@example.org" });
    expect(after?.passwordHash).toBe(NEW_HASH);
    // A session issued before the reset carries the old version and is refused.
    expect(actorForSession(db, { userId: before.id, sessionVersion: before.sessionVersion })).toBeNull();

    const again = complete(token, at(120_000), "$argon2id$v=19$m=19456,t=2,p=1$x$x");
    expect(again.ok ? "ok" : again.state.code).toBe("invalid");
    expect(getUserByEmail(db, { email: "ada@example.org" })?.passwordHash).toBe(NEW_HASH);
  });

  it("works for an hour and not after", () => {
    const late = issue();
    const refused = complete(late, at(ACCOUNT_TOKEN_TTL_MS + 1));
    expect(refused.ok ? "ok" : refused.state.message).toMatch(/expired or has already been used/);
    expect(getUserByEmail(db, { email: "ada@example.org" })?.passwordHash).toBe(OLD_HASH);

    const inTime = issue(at(ACCOUNT_TOKEN_TTL_MS + 2));
    expect(complete(inTime, at(2 * ACCOUNT_TOKEN_TTL_MS + 1)).ok).toBe(true);
  });

  it("retires the account's other reset links once one is used", () => {
    const a = issue();
    const b = issue(at(1000));
    expect(complete(b, at(2000)).ok).toBe(true);
    expect(complete(a, at(3000)).ok).toBe(false);
  });

  it("refuses a token that was never issued, and malformed ones", () => {
    issue();
    const forged = "A".repeat(43);
    expect(complete(forged, at(1000)).ok).toBe(false);
    const malformed = complete("short", at(1000));
    expect(malformed.ok ? "ok" : malformed.state.code).toBe("invalid");
    // The stored hash itself is not a token: presenting it does nothing.
    const hash = (db.$client.prepare("select token_hash from account_tokens").get() as { token_hash: string })
      .token_hash;
    expect(complete(hash, at(1000)).ok).toBe(false);
  });
});

describe("sign-up by mail", () => {
  const input = (email: string) => ({ name: "Newcomer", email, passwordHash: NEW_HASH, verified: true });

  it("answers an existing address without touching the database", () => {
    const before = dumpDatabase(db);
    const r = executeMutation(db, requestSignup, null, input("ADA@example.org"), T0);
    expect(r.ok && r.value.kind).toBe("exists");
    expect(dumpDatabase(db)).toBe(before);
  });

  it("creates the account only when the link is used, once, within the hour", () => {
    const r = executeMutation(db, requestSignup, null, input("new@example.org"), T0);
    if (!r.ok || r.value.kind !== "new") throw new Error("expected a new sign-up");
    expect(getUserByEmail(db, { email: "new@example.org" })).toBeNull();
    expect(dumpDatabase(db)).not.toContain(r.value.token);

    const expired = executeMutation(db, confirmSignup, null, { token: r.value.token }, at(ACCOUNT_TOKEN_TTL_MS + 1));
    expect(expired.ok).toBe(false);

    const ok = executeMutation(db, confirmSignup, null, { token: r.value.token }, at(60_000));
    expect(ok.ok).toBe(true);
    const user = getUserByEmail(db, { email: "new@example.org" });
    expect(user).toMatchObject({ name: "Newcomer", passwordHash: NEW_HASH });

    const reused = executeMutation(db, confirmSignup, null, { token: r.value.token }, at(90_000));
    expect(reused.ok).toBe(false);
  });

  it("refuses a link whose address was taken in the meantime, and changes nothing", () => {
    const r = executeMutation(db, requestSignup, null, input("race@example.org"), T0);
    if (!r.ok || r.value.kind !== "new") throw new Error("expected a new sign-up");
    createUser(db, { email: "race@example.org", name: "First", passwordHash: OLD_HASH, now: T0 });
    const before = dumpDatabase(db);
    const late = executeMutation(db, confirmSignup, null, { token: r.value.token }, at(1000));
    expect(late.ok ? "ok" : late.state.code).toBe("conflict");
    expect(dumpDatabase(db)).toBe(before);
  });
});
