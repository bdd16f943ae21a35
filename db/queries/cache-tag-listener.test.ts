import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testEngine, useTempDatabase } from "@/lib/testing/db";
import { sqlRun } from "@/lib/testing/sql";
import { closeDatabase, type Db, openDatabase, transaction } from "../index";
import { CacheTagListener } from "./cache-tag-listener";
import { bumpCacheTags, CACHE_TAG_EPOCH } from "./cache-tags";

// PostgreSQL only: on SQLite the page cache reads versions through CacheTagReader (PRAGMA data_version,
// cache-tags.test.ts), and there is no NOTIFY. Two pools on one database stand for two app instances.
describe.skipIf(testEngine !== "postgres")("CacheTagListener (PostgreSQL)", () => {
  let a: Db;
  let b: Db;
  let listener: CacheTagListener;
  // A poll too slow to matter within a test: what these see arrived by NOTIFY or by the reconnect's re-read.
  const NO_POLL = 600_000;

  beforeEach(async () => {
    a = await useTempDatabase();
    b = openDatabase(process.env.DATABASE_URL as string, { poolSize: 2 });
    listener = await CacheTagListener.start(a, { pollMs: NO_POLL, log: () => {} });
  });
  afterEach(async () => {
    await listener.close();
    await closeDatabase(b);
  });

  /** Milliseconds until `check` holds, polling every 5 ms; throws after `limit` ms. */
  async function until(check: () => boolean, limit: number): Promise<number> {
    const started = performance.now();
    while (!check()) {
      if (performance.now() - started > limit) throw new Error(`not within ${limit} ms`);
      await sleep(5);
    }
    return performance.now() - started;
  }

  it("sees a bump committed through another instance's connection within 1 s, with no query per read", async () => {
    expect(listener.versionOf("article:a")).toBe(0);
    await transaction(b, (tx) => bumpCacheTags(tx, ["article:a", "all"]));
    const ms = await until(() => listener.versionOf("article:a") === 1, 1000);
    expect(ms).toBeLessThan(1000);
    expect(listener.versionOf("all")).toBe(1);
    expect(listener.versionOf("list:latest")).toBe(0);
    await transaction(b, (tx) => bumpCacheTags(tx, ["article:a"]));
    await until(() => listener.versionOf("article:a") === 2, 1000);
  });

  it("hears nothing of a write that rolls back", async () => {
    await expect(
      transaction(b, async (tx) => {
        await bumpCacheTags(tx, ["article:r"]);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    await transaction(b, (tx) => bumpCacheTags(tx, ["article:s"]));
    await until(() => listener.versionOf("article:s") === 1, 1000);
    expect(listener.versionOf("article:r")).toBe(0);
  });

  it("after its connection is killed, reconnects and catches up with what was committed meanwhile", async () => {
    const pid = listener.backendPid;
    expect(pid).toBeTypeOf("number");
    await sqlRun(b, "select pg_terminate_backend(?)", pid);
    // Until it has caught up it answers NaN, which matches no stored version: no stale page is served.
    await until(() => !listener.isCurrent, 1000);
    expect(Number.isNaN(listener.versionOf("article:k"))).toBe(true);
    await transaction(b, (tx) => bumpCacheTags(tx, ["article:k"]));
    await until(() => listener.versionOf("article:k") === 1, 5000);
    expect(listener.isCurrent).toBe(true);
    expect(listener.backendPid).not.toBe(pid);
    // And it listens again.
    await transaction(b, (tx) => bumpCacheTags(tx, ["article:k"]));
    await until(() => listener.versionOf("article:k") === 2, 1000);
  });

  it("a bump whose notification never came is found by the poll", async () => {
    await listener.close();
    listener = await CacheTagListener.start(a, { pollMs: 200, log: () => {} });
    // A write that bypasses bumpCacheTags (no NOTIFY), as a lost notification would look.
    await transaction(b, async (tx) => {
      await sqlRun(tx, "insert into cache_tags (tag, version) values ('article:lost', 1)");
      await sqlRun(
        tx,
        "insert into cache_tags (tag, version) values (?, 1) on conflict (tag) do update set version = cache_tags.version + 1",
        CACHE_TAG_EPOCH,
      );
    });
    // Two poll intervals (200 ms) plus the re-read.
    const ms = await until(() => listener.versionOf("article:lost") === 1, 1000);
    expect(ms).toBeLessThan(1000);
  });

  it("a bump too large for one notification makes every listener re-read", async () => {
    const many = Array.from({ length: 400 }, (_, i) => `article:a-rather-long-slug-for-story-number-${i}` as const);
    await transaction(b, (tx) => bumpCacheTags(tx, many));
    await until(() => many.every((t) => listener.versionOf(t) === 1), 1000);
  });
});
