import { verify } from "@node-rs/argon2";
import { describe, expect, it, vi } from "vitest";
import { checkRateLimits, limitFor } from "@/lib/security/rate-limit";
import { useTempDatabase } from "@/lib/testing/db";
import { reloadConfig } from "../config";
import { hashPassword, verifyPassword } from "./password";

// The real argon2, watched: which hash each verification ran against.
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@node-rs/argon2")>();
  return { ...actual, verify: vi.fn(actual.verify) };
});
const verifySpy = vi.mocked(verify);

describe("passwords", () => {
  it("hashes with argon2id and verifies only the right password", async () => {
    const h = await hashPassword("correct horse battery");
    expect(h.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(h, "correct horse battery")).toBe(true);
    expect(await verifyPassword(h, "wrong horse battery")).toBe(false);
  });
  // Proved by what runs, not by a stopwatch (a timed test fails on a busy machine): an unknown account
  // costs one full argon2 verification against a hash with the same cost parameters as a real one.
  it("verifies an unknown account against a dummy hash as costly as a real one, and refuses it", async () => {
    const h = await hashPassword("correct horse battery");
    const costs = (hash: string) => hash.split("$").slice(1, 4).join("$");
    verifySpy.mockClear();
    expect(await verifyPassword(h, "nope nope nope")).toBe(false);
    expect(await verifyPassword(null, "nope nope nope")).toBe(false);
    expect(await verifyPassword(undefined, "anything")).toBe(false);
    const hashes = verifySpy.mock.calls.map(([hash]) => String(hash));
    expect(hashes).toHaveLength(3);
    expect(hashes[1]).not.toBe(h);
    for (const dummy of hashes.slice(1)) expect(costs(dummy)).toBe(costs(h));
    expect(costs(h)).toBe("argon2id$v=19$m=19456,t=2,p=1");
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
