import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { testEngine, useTempDatabase } from "@/lib/testing/db";
import { type Db, transaction } from "./index";
import { sources } from "./schema";

// On the suite's engine (useTempDatabase: a SQLite file, or a PostgreSQL database in the second run).

function source(slug: string) {
  return { slug, name: slug, homepage: `https://${slug}.example/` };
}

let db: Db;
beforeEach(async () => {
  db = await useTempDatabase();
});

const slugs = async (handle: Db = db) =>
  (await handle.select({ slug: sources.slug }).from(sources)).map((r) => r.slug).sort();

/** A promise and the function that settles it: lets a test start B only once A is inside its transaction. */
function signal() {
  let fire: () => void = () => {};
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { fire, fired };
}

describe("transaction()", () => {
  it("commits what an awaiting callback wrote, and rolls all of it back when it throws", async () => {
    await transaction(db, async (tx) => {
      await tx.insert(sources).values(source("kept"));
      await Promise.resolve();
      await tx.insert(sources).values(source("kept-too"));
    });
    await expect(
      transaction(db, async (tx) => {
        await tx.insert(sources).values(source("lost"));
        await new Promise((r) => setTimeout(r, 5));
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await slugs()).toEqual(["kept", "kept-too"]);
  });

  it("makes a second transaction wait for the first, so neither sees the other half-done", async () => {
    const order: string[] = [];
    const inside = signal();
    const first = transaction(db, async (tx) => {
      order.push("a:start");
      await tx.insert(sources).values(source("a"));
      inside.fire();
      await new Promise((r) => setTimeout(r, 50));
      order.push("a:end");
    });
    // Started once A holds the write lock (on PostgreSQL two clients racing for it may win either way).
    await inside.fired;
    const second = transaction(db, async (tx) => {
      order.push("b:start");
      const seen = await tx.select().from(sources).where(eq(sources.slug, "a"));
      order.push(`b:sees-a=${seen.length}`);
    });
    await Promise.all([first, second]);
    expect(order).toEqual(["a:start", "a:end", "b:start", "b:sees-a=1"]);
  });

  it("lets a transaction started inside another join it, and a failed one leaves the queue usable", async () => {
    await expect(transaction(db, () => Promise.reject(new Error("first fails")))).rejects.toThrow();
    const n = await transaction(db, async (tx) => {
      await tx.insert(sources).values(source("outer"));
      return transaction(db, async (inner) => (await inner.select().from(sources)).length);
    });
    expect(n).toBe(1);
    // A nested call joins; it does not make a savepoint: its throw, uncaught, rolls back the outer writes too.
    await expect(
      transaction(db, async (tx) => {
        await tx.insert(sources).values(source("outer-2"));
        await transaction(db, async (inner) => {
          await inner.insert(sources).values(source("inner-2"));
          throw new Error("inner fails");
        });
      }),
    ).rejects.toThrow("inner fails");
    expect(await slugs()).toEqual(["outer"]);
  });

  it("routes a query made through the app's own handle inside the callback into the transaction", async () => {
    // Query functions take the handle they are given; code called from a transaction may still use
    // getDb(). Its writes must commit or roll back with the transaction.
    const global = getDb();
    await expect(
      transaction(db, async (tx) => {
        await tx.insert(sources).values(source("via-tx"));
        await global.insert(sources).values(source("via-global"));
        expect(await slugs(global)).toEqual(["via-global", "via-tx"]);
        throw new Error("undo both");
      }),
    ).rejects.toThrow("undo both");
    expect(await slugs()).toEqual([]);
    await transaction(db, async () => {
      await global.insert(sources).values(source("via-global"));
    });
    expect(await slugs()).toEqual(["via-global"]);
  });

  // The engines differ here, by design: SQLite has one connection per process, so a read from another
  // request while a transaction is open sees its uncommitted rows (db/index.ts transaction() says so);
  // PostgreSQL gives the transaction a client of its own, and a read outside it sees committed rows only.
  it("shows an open transaction's rows to reads outside it on SQLite only", async () => {
    const inside = signal();
    const done = signal();
    const writer = transaction(db, async (tx) => {
      await tx.insert(sources).values(source("open"));
      inside.fire();
      await done.fired;
    });
    await inside.fired;
    const seenOutside = await slugs();
    done.fire();
    await writer;
    expect(seenOutside).toEqual(testEngine === "postgres" ? [] : ["open"]);
    expect(await slugs()).toEqual(["open"]);
  });
});
