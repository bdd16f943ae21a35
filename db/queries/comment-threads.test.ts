import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { upsertArticle } from "@/lib/articles/article-row";
import { buildThread, pageOfThread, THREADS_PER_PAGE } from "@/lib/comments/thread";
import { testEngine, useTempDatabase } from "@/lib/testing/db";
import { sqlAll, sqlRun } from "@/lib/testing/sql";
import type { Db } from "../index";
import { upsertSource } from "./article-store";
import {
  countShownComments,
  countShownThreads,
  insertComment,
  listThreadPage,
  locateComment,
  moderateComment,
  softDeleteComment,
} from "./comments";
import { createUser } from "./users";

// Against a real database (useTempDatabase: a SQLite file, or PostgreSQL in the suite's second run),
// with migrations applied: the paging is SQL's work.
let db: Db;
let articleId: number;
let otherArticleId: number;
let userId: number;
let clock: number;

function at() {
  clock += 1_000;
  return new Date(clock);
}
const comment = (parentId: number | null, body: string, article = articleId) =>
  insertComment(db, { articleId: article, userId, parentId, body, now: at() });

async function story(guid: string) {
  const sourceId = await upsertSource(db, { slug: "alpha", name: "Alpha" });
  const r = await upsertArticle(db, {
    sourceId,
    guid,
    title: `A story to talk about ${guid}`,
    body: "Body. ".repeat(20),
    publishedAt: new Date("2026-11-27T12:00:00Z"),
    tags: [],
  });
  return r.id;
}

/** What the database itself says, with no help from the queries under test. */
const direct = (sql: string, ...params: unknown[]) => sqlAll<Record<string, number>>(db, sql, ...params);

beforeEach(async () => {
  db = await useTempDatabase();
  clock = Date.parse("2026-11-30T08:00:00Z");
  articleId = await story("g1");
  otherArticleId = await story("g2");
  const user = await createUser(db, { email: "ana@example.test", name: "Ana", passwordHash: null });
  if (!user) throw new Error("user not created");
  userId = user.id;
});

describe("comment thread pages", () => {
  it("pages top-level comments in SQL, with every reply after its own root, and counts what the database holds", async () => {
    const roots: number[] = [];
    for (let i = 0; i < 45; i++) roots.push((await comment(null, `root ${i}`)).id);
    // Replies (some nested three deep) to roots on page 1, 2 and 3, posted after all the roots.
    const r22 = await comment(roots[22] as number, "reply to 22");
    const r22a = await comment(r22.id, "reply to the reply");
    const r22b = await comment(r22a.id, "three deep");
    await comment(roots[3] as number, "reply to 3");
    await comment(roots[40] as number, "reply to 40");
    await comment(null, "elsewhere", otherArticleId);

    const view = { articleId, order: "oldest" as const, showHidden: false };
    expect(await countShownThreads(db, view)).toBe(45);
    const shown = (
      await direct(
        "select count(*) as n from comments where article_id = ? and deleted_at is null and hidden_at is null",
        articleId,
      )
    )[0]?.n;
    expect(await countShownComments(db, { articleId })).toBe(shown);
    expect(shown).toBe(50);

    const page2 = await listThreadPage(db, { ...view, offset: THREADS_PER_PAGE, limit: THREADS_PER_PAGE });
    const thread = buildThread(page2, "oldest");
    expect(thread.roots.map((n) => n.comment.id)).toEqual(roots.slice(20, 40));
    // The replies came with their root, and only theirs.
    expect(page2.map((r) => r.id).sort((a, b) => a - b)).toEqual(
      [...roots.slice(20, 40), r22.id, r22a.id, r22b.id].sort((a, b) => a - b),
    );
    expect(thread.roots[2]?.children[0]?.children[0]?.children[0]?.comment.body).toBe("three deep");
    // Every reply's thread root, as the database records it, is on this page.
    const rootOf = new Map((await direct("select id, root_id from comments")).map((r) => [r.id, r.root_id]));
    for (const r of page2.filter((r) => r.parentId !== null)) expect(roots.slice(20, 40)).toContain(rootOf.get(r.id));
    expect(rootOf.get(r22b.id)).toBe(roots[22]);

    const last = await listThreadPage(db, { ...view, offset: 2 * THREADS_PER_PAGE, limit: THREADS_PER_PAGE });
    expect(buildThread(last, "oldest").roots.map((n) => n.comment.id)).toEqual(roots.slice(40));

    const newest = await listThreadPage(db, { ...view, order: "newest", offset: THREADS_PER_PAGE, limit: 20 });
    expect(buildThread(newest, "newest").roots.map((n) => n.comment.id)).toEqual(roots.slice(5, 25).reverse());
  });

  it("skips threads with nothing shown, keeps a deleted root whose reply is shown, and finds permalinks", async () => {
    const roots: number[] = [];
    for (let i = 0; i < 25; i++) roots.push((await comment(null, `root ${i}`)).id);
    const [first, second, third] = roots as [number, number, number];
    await softDeleteComment(db, { id: first }); // nothing below it: gone from the pages
    const reply = await comment(second, "still here");
    await softDeleteComment(db, { id: second }); // a reply below it: stays, as "[deleted]"
    const hiddenReply = await comment(third, "hidden");
    await moderateComment(db, {
      commentId: hiddenReply.id,
      moderatorId: userId,
      moderatorEmail: "m@x",
      action: "hide",
      note: null,
    });
    const late = await comment(roots[24] as number, "a reply on page 2");

    const view = { articleId, order: "oldest" as const, showHidden: false };
    expect(await countShownThreads(db, view)).toBe(24);
    // 25 roots, two deleted; two replies shown, the hidden one not.
    expect(await countShownComments(db, { articleId })).toBe(25);
    // The pages together show exactly what the count says.
    const pages = await Promise.all(
      [0, 20].map(async (offset) => buildThread(await listThreadPage(db, { ...view, offset, limit: 20 }), "oldest")),
    );
    expect(pages.reduce((n, p) => n + p.count, 0)).toBe(25);
    const page1 = buildThread(await listThreadPage(db, { ...view, offset: 0, limit: 20 }), "oldest");
    expect(page1.roots[0]?.comment.id).toBe(second);
    expect(page1.roots[0]?.placeholder).toBe(true);
    expect(page1.roots).toHaveLength(20);

    // A reply on the second page: its thread is the 24th shown, so page 2.
    const found = await locateComment(db, { ...view, commentId: late.id });
    expect(found).toEqual({ rootId: roots[24], threadsBefore: 23 });
    expect(pageOfThread(found?.threadsBefore ?? -1)).toBe(2);
    expect(await locateComment(db, { ...view, order: "newest", commentId: late.id })).toEqual({
      rootId: roots[24],
      threadsBefore: 0,
    });
    expect(await locateComment(db, { ...view, commentId: reply.id })).toEqual({ rootId: second, threadsBefore: 0 });
    // Deleted, hidden, on another story, or never there: nothing to point at.
    expect(await locateComment(db, { ...view, commentId: second })).toBeNull();
    expect(await locateComment(db, { ...view, commentId: hiddenReply.id })).toBeNull();
    expect(await locateComment(db, { ...view, commentId: 999_999 })).toBeNull();
    const elsewhere = await comment(null, "elsewhere", otherArticleId);
    expect(await locateComment(db, { ...view, commentId: elsewhere.id })).toBeNull();
    // A moderator sees the hidden reply where it stands.
    expect(await locateComment(db, { ...view, showHidden: true, commentId: hiddenReply.id })).toEqual({
      rootId: third,
      threadsBefore: 1,
    });
  });

  // SQLite only: its migration 0008 added root_id to a table that already held replies and backfilled
  // them. PostgreSQL's schema starts with root_id (db/migrations-pg/0000), and every comment there is
  // written by insertComment, which sets it: there are no rows from before the column to backfill.
  it.skipIf(testEngine !== "sqlite")(
    "the migration's backfill gives existing replies the root insertComment would",
    async () => {
      const a = (await comment(null, "a")).id;
      const b = (await comment(a, "b")).id;
      const c = (await comment(b, "c")).id;
      const d = (await comment(null, "d")).id;
      const e = (await comment(d, "e")).id;
      const before = await direct("select id, root_id from comments order by id");
      expect(before.find((r) => r.id === c)?.root_id).toBe(a);
      expect(before.find((r) => r.id === e)?.root_id).toBe(d);
      await sqlRun(db, "update comments set root_id = null");
      // Whichever migration carries it (the merge folds feature migrations into one).
      const dir = path.join(process.cwd(), "db/migrations");
      const backfill = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".sql"))
        .flatMap((f) => fs.readFileSync(path.join(dir, f), "utf8").split("--> statement-breakpoint"))
        .find((s) => s.includes("WITH RECURSIVE thread"));
      if (!backfill) throw new Error("no backfill in the migration");
      db.$client.exec(backfill);
      expect(await direct("select id, root_id from comments order by id")).toEqual(before);
    },
  );
});
