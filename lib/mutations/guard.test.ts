import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db } from "@/db";
import { cacheTagVersions } from "@/db/queries/cache-tags";
import { sources } from "@/db/schema";
import { type Actor, defineMutation, executeMutation, GuardError } from "@/lib/mutations/guard";
import { useTempDatabase } from "@/lib/testing/db";

let db: Db;
const actor: Actor = { id: 1, email: "a@test.local", name: "A", isModerator: false };
const pause = () => new Promise((r) => setTimeout(r, 5));
const slugs = async () => (await db.select({ slug: sources.slug }).from(sources)).map((r) => r.slug).sort();

beforeEach(async () => {
  db = await useTempDatabase();
});

/** Writes an outlet row, awaits, then fails (or not) the way the test asks. */
const addSource = defineMutation({
  name: "test.source.add",
  role: "user",
  input: z.object({ slug: z.string(), failWith: z.enum(["none", "guard", "crash", "tags"]) }),
  run: async ({ db: tx, input }) => {
    await tx.insert(sources).values({ slug: input.slug, name: input.slug });
    await pause();
    if (input.failWith === "guard") throw new GuardError("conflict", "refused after writing");
    if (input.failWith === "crash") throw new Error("crashed after writing");
    return input.slug;
  },
  invalidates: async ({ input }, slug) => {
    await pause();
    if (input.failWith === "tags") throw new Error("failed while naming tags");
    return [`source:${slug}` as const];
  },
});

describe("executeMutation with async steps", () => {
  it("commits the write and its cache-tag bump together", async () => {
    const r = await executeMutation(db, addSource, actor, { slug: "kept", failWith: "none" });
    expect(r).toEqual({ ok: true, value: "kept" });
    expect(await slugs()).toEqual(["kept"]);
    expect((await cacheTagVersions(db, ["source:kept"])).get("source:kept")).toBe(1);
  });

  it("rolls back what run wrote before an await when it then refuses, and answers with the refusal", async () => {
    const r = await executeMutation(db, addSource, actor, { slug: "refused", failWith: "guard" });
    expect(r.ok ? "ok" : r.state.code).toBe("conflict");
    expect(await slugs()).toEqual([]);
  });

  it("rolls back and rethrows when run crashes after an await", async () => {
    await expect(executeMutation(db, addSource, actor, { slug: "crashed", failWith: "crash" })).rejects.toThrow(
      "crashed after writing",
    );
    expect(await slugs()).toEqual([]);
  });

  it("rolls back the write when naming its cache tags fails, so no page is left stale", async () => {
    await expect(executeMutation(db, addSource, actor, { slug: "untagged", failWith: "tags" })).rejects.toThrow();
    expect(await slugs()).toEqual([]);
    expect((await cacheTagVersions(db, ["source:untagged"])).get("source:untagged")).toBe(0);
  });

  it("runs concurrent mutations one after another: an authorize never sees another's half-done write", async () => {
    const seen: number[] = [];
    const claimOnce = defineMutation({
      name: "test.source.claim",
      role: "user",
      input: z.object({ slug: z.string() }),
      authorize: async ({ db: tx, input }) => {
        const taken = await tx.select().from(sources).where(eq(sources.slug, input.slug));
        seen.push(taken.length);
        if (taken.length > 0) throw new GuardError("conflict", "already claimed");
      },
      run: async ({ db: tx, input }) => {
        await pause();
        await tx.insert(sources).values({ slug: input.slug, name: input.slug });
      },
    });
    const [a, b] = await Promise.all([
      executeMutation(db, claimOnce, actor, { slug: "one" }),
      executeMutation(db, claimOnce, actor, { slug: "one" }),
    ]);
    // Exactly one wins. Which one is the engine's business: SQLite queues this process's transactions in
    // call order; PostgreSQL gives the write lock to whichever pooled client asks first.
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    expect(seen).toEqual([0, 1]);
    expect(await slugs()).toEqual(["one"]);
  });
});
