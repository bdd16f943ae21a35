import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testEngine, useTempDatabase } from "@/lib/testing/db";
import { closeDatabase, type Db, openDatabase } from "../index";
import { hitRateLimit, peekRateLimit } from "./rate-limits";

// Two connections on one database stand for two app instances (two processes on one SQLite file, or
// two instances' pools on one PostgreSQL database): an attempt counted through either counts against
// the one limit, so a client cannot double its allowance by landing on another instance.
describe("rate limits shared across instances", () => {
  let a: Db;
  let b: Db;

  beforeEach(async () => {
    a = await useTempDatabase();
    b = openDatabase(
      testEngine === "postgres" ? (process.env.DATABASE_URL as string) : (process.env.DATABASE_PATH as string),
    );
  });
  afterEach(async () => {
    await closeDatabase(b);
  });

  it("counts attempts through both connections against one limit", async () => {
    const limit = 5;
    const key = "signin:ip:203.0.113.9";
    const now = Date.now();
    const results = [];
    for (let i = 0; i < 8; i++) results.push(await hitRateLimit(i % 2 ? b : a, { key, limit, windowMs: 60_000, now }));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true, false, false, false]);
    expect(results.map((r) => r.count)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const peek = await peekRateLimit(a, { key, limit, now });
    expect(peek.ok).toBe(false);
  });

  // PostgreSQL only: two SQLite connections in ONE process cannot overlap (the second's BEGIN IMMEDIATE
  // waits synchronously, busy_timeout, while the first's transaction needs the event loop to finish);
  // across processes SQLite serializes them with its file lock, as the sequential test above relies on.
  it.skipIf(testEngine !== "postgres")("lets exactly `limit` through when both instances count at once", async () => {
    const limit = 10;
    const key = "comment:user:42";
    const now = Date.now();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => hitRateLimit(i % 2 ? b : a, { key, limit, windowMs: 60_000, now })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(limit);
    expect(results.map((r) => r.count).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
  });
});
