import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase, transaction } from "./index";
import { sources } from "./schema";

function source(slug: string) {
  return { slug, name: slug, homepage: `https://${slug}.example/` };
}

describe("transaction()", () => {
  it("commits what an awaiting callback wrote, and rolls all of it back when it throws", async () => {
    const db = openDatabase(":memory:");
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
    const slugs = (await db.select({ slug: sources.slug }).from(sources)).map((r) => r.slug).sort();
    expect(slugs).toEqual(["kept", "kept-too"]);
  });

  it("runs concurrent transactions one after another, so neither sees the other half-done", async () => {
    const db = openDatabase(":memory:");
    const order: string[] = [];
    const first = transaction(db, async (tx) => {
      order.push("a:start");
      await tx.insert(sources).values(source("a"));
      await new Promise((r) => setTimeout(r, 20));
      order.push("a:end");
    });
    const second = transaction(db, async (tx) => {
      order.push("b:start");
      const seen = await tx.select().from(sources).where(eq(sources.slug, "a"));
      order.push(`b:sees-a=${seen.length}`);
    });
    await Promise.all([first, second]);
    expect(order).toEqual(["a:start", "a:end", "b:start", "b:sees-a=1"]);
  });

  it("lets a transaction started inside another join it, and a failed one leaves the queue usable", async () => {
    const db = openDatabase(":memory:");
    await expect(transaction(db, () => Promise.reject(new Error("first fails")))).rejects.toThrow();
    const n = await transaction(db, async (tx) => {
      await tx.insert(sources).values(source("outer"));
      return transaction(db, async (inner) => (await inner.select().from(sources)).length);
    });
    expect(n).toBe(1);
  });
});
