import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testEngine, useTempDatabase } from "@/lib/testing/db";
import { sqlRun } from "@/lib/testing/sql";
import { closeDatabase, type Db, holdAdvisoryLock, openDatabase, WORKER_LOCK } from "./index";

// PostgreSQL only: advisory locks are what keep `npm run worker` to one process per database; on
// SQLite the worker is one process on one machine and takes no lock.
describe.skipIf(testEngine !== "postgres")("holdAdvisoryLock (the worker's lock)", () => {
  let a: Db;
  let b: Db;
  beforeEach(async () => {
    a = await useTempDatabase();
    b = openDatabase(process.env.DATABASE_URL as string, { poolSize: 2 });
  });
  afterEach(async () => {
    await closeDatabase(b);
  });

  it("a second holder waits, says so, and gets the lock when the first lets go", async () => {
    const events: string[] = [];
    const first = await holdAdvisoryLock(a, WORKER_LOCK, {
      onWait: () => events.push("first waits"),
      onLost: () => events.push("first lost"),
    });
    let second: (() => Promise<void>) | null = null;
    const pending = holdAdvisoryLock(b, WORKER_LOCK, {
      onWait: () => events.push("second waits"),
      onLost: () => events.push("second lost"),
    }).then((release) => {
      second = release;
    });
    await sleep(300);
    expect(events).toEqual(["second waits"]);
    expect(second).toBeNull();
    await first();
    await pending;
    expect(second).not.toBeNull();
    await (second as unknown as () => Promise<void>)();
    expect(events).toEqual(["second waits"]);
  });

  it("a holder whose connection dies hears of it, and the lock is free for the next", async () => {
    let lost: Error | null = null;
    await holdAdvisoryLock(a, WORKER_LOCK, {
      onWait: () => {},
      onLost: (error) => {
        lost = error;
      },
    });
    await sqlRun(
      b,
      "select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and objid = ? and granted",
      WORKER_LOCK,
    );
    for (let i = 0; i < 100 && !lost; i++) await sleep(20);
    expect(lost).not.toBeNull();
    let waited = false;
    const release = await holdAdvisoryLock(b, WORKER_LOCK, { onWait: () => (waited = true), onLost: () => {} });
    expect(waited).toBe(false);
    await release();
  });
});
