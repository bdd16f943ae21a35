import { beforeEach, describe, expect, it } from "vitest";
import { upsertArticle } from "@/lib/articles/article-row";
import { useTempDatabase } from "@/lib/testing/db";
import { sqlAll } from "@/lib/testing/sql";
import type { Db } from "../index";
import { upsertSource } from "./article-store";
import { editComment, insertComment, listModerationQueue, listThreadPage, reportComment } from "./comments";
import { createUser } from "./users";

let db: Db;

beforeEach(async () => {
  db = await useTempDatabase();
});

describe("comment queries", () => {
  // listThreadPage counts revisions with a correlated `sql` subquery. drizzle qualifies the columns
  // only because the select joins users; without that join `comment_id = id` would compare each revision
  // with itself (the /sources count bug). This keeps the count honest if the query is ever reshaped.
  it("counts each comment's own revisions, the same as a direct COUNT in the database", async () => {
    const sourceId = await upsertSource(db, { slug: "alpha", name: "Alpha" });
    const { id: articleId } = await upsertArticle(db, {
      sourceId,
      guid: "g1",
      title: "A story to talk about",
      body: "Body. ".repeat(20),
      publishedAt: new Date("2026-11-27T12:00:00Z"),
      tags: [],
    });
    const user = await createUser(db, { email: "a@example.test", name: "Ada", passwordHash: null });
    if (!user) throw new Error("user not created");
    const edits = [3, 0, 1];
    for (const [i, n] of edits.entries()) {
      const c = await insertComment(db, { articleId, userId: user.id, parentId: null, body: `comment ${i}` });
      for (let e = 0; e < n; e++) await editComment(db, { id: c.id, body: `comment ${i}, edit ${e}` });
    }
    const direct = await sqlAll<{ id: number; n: number }>(
      db,
      "select c.id, (select count(*) from comment_revisions r where r.comment_id = c.id) as n from comments c order by c.id",
    );
    expect(direct.map((r) => r.n)).toEqual(edits);
    const shown = await listThreadPage(db, { articleId, order: "oldest", showHidden: false, offset: 0, limit: 20 });
    expect(shown.map((c) => [c.id, c.revisionCount])).toEqual(direct.map((r) => [r.id, r.n]));
  });

  // SQLite joins a group's values with group_concat, PostgreSQL with string_agg (and needs the joined
  // rows' keys in GROUP BY); the queue must read the same on both. Neither promises an order inside the
  // list, so the reasons are compared as a set.
  it("lists a reported comment once, with its distinct reasons and every note, and counts reports the same", async () => {
    const sourceId = await upsertSource(db, { slug: "alpha", name: "Alpha" });
    const { id: articleId } = await upsertArticle(db, {
      sourceId,
      guid: "g1",
      title: "A story to report on",
      body: "Body. ".repeat(20),
      publishedAt: new Date("2026-11-27T12:00:00Z"),
      tags: [],
    });
    const users = [];
    for (const name of ["Ada", "Bo", "Cy", "Di"]) {
      const u = await createUser(db, { email: `${name}@example.test`, name, passwordHash: null });
      if (!u) throw new Error("user not created");
      users.push(u);
    }
    const [author, r1, r2, r3] = users as [(typeof users)[0], (typeof users)[0], (typeof users)[0], (typeof users)[0]];
    const c = await insertComment(db, { articleId, userId: author.id, parentId: null, body: "Buy now" });
    const t = Date.parse("2026-11-30T08:00:00Z");
    expect(
      await reportComment(db, { commentId: c.id, reporterId: r1.id, reason: "spam", note: "ads", now: new Date(t) }),
    ).toBe(1);
    // Reporting twice is harmless, and says nothing changed (affectedRows: 0 on both engines).
    expect(
      await reportComment(db, { commentId: c.id, reporterId: r1.id, reason: "spam", note: "again", now: new Date(t) }),
    ).toBe(0);
    await reportComment(db, { commentId: c.id, reporterId: r2.id, reason: "spam", note: null, now: new Date(t + 1) });
    await reportComment(db, {
      commentId: c.id,
      reporterId: r3.id,
      reason: "abuse",
      note: "rude",
      now: new Date(t + 2),
    });
    const { reported } = await listModerationQueue(db);
    expect(reported).toHaveLength(1);
    const [entry] = reported;
    expect(entry?.reports).toBe(3);
    expect(entry?.authorName).toBe("Ada");
    expect(entry?.articleTitle).toBe("A story to report on");
    expect(entry?.reasons.split(",").sort()).toEqual(["abuse", "spam"]);
    expect(entry?.notes?.split(" | ").sort()).toEqual(["ads", "rude"]);
    expect(Number(entry?.firstReportedAt)).toBe(t);
  });
});
