import { describe, expect, it } from "vitest";
import { checkRateLimits, limitFor } from "@/lib/security/rate-limit";
import { useTempDatabase } from "@/lib/testing/db";
import { reloadConfig } from "../config";
import { hashPassword, verifyPassword } from "./password";

describe("passwords", () => {
  it("hashes with argon2id and verifies only the right password", async () => {
    const h = await hashPassword("correct horse battery");
    expect(h.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(h, "correct horse battery")).toBe(true);
    expect(await verifyPassword(h, "wrong horse battery")).toBe(false);
  });
  it("takes about as long for an unknown account as for a wrong password", async () => {
    const h = await hashPassword("correct horse battery");
    const time = async (f: () => Promise<boolean>) => {
      const t = performance.now();
      for (let i = 0; i < 5; i++) await f();
      return performance.now() - t;
    };
    const known = await time(() => verifyPassword(h, "nope nope nope"));
    const unknown = await time(() => verifyPassword(null, "nope nope nope"));
    // Both do one full argon2 verification; no early return for the unknown account.
    expect(unknown).toBeGreaterThan(known * 0.5);
    expect(await verifyPassword(null, "anything")).toBe(false);
  });
});

describe("rate limits", () => {
  it("counts per key, refuses past the limit with a retry time, and peeking does not count", async () => {
    const db = await useTempDatabase();
    const { limit } = limitFor("signin");
    const keys = [{ name: "signin" as const, key: "a@b.c" }];
    for (let i = 0; i < limit; i++) expect((await checkRateLimits(db, keys)).ok).toBe(true);
    for (let i = 0; i < 3; i++) expect((await checkRateLimits(db, keys, { count: false })).ok).toBe(false);
    const r = await checkRateLimits(db, keys);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.retryAfterSeconds).toBeGreaterThan(0);
    expect((await checkRateLimits(db, [{ name: "signin", key: "someone@else" }])).ok).toBe(true);
  });
  it("reads limits from the environment", () => {
    process.env.RATE_LIMIT_COMMENT = "3/30";
    reloadConfig();
    expect(limitFor("comment")).toEqual({ limit: 3, windowMs: 30_000 });
    // A malformed limit no longer falls back quietly: lib/config.ts refuses it, naming the variable.
    process.env.RATE_LIMIT_COMMENT = "nonsense";
    expect(() => reloadConfig()).toThrow(/RATE_LIMIT_COMMENT/);
    delete process.env.RATE_LIMIT_COMMENT;
    reloadConfig();
    expect(limitFor("comment")).toEqual({ limit: 10, windowMs: 60_000 });
  });
});
