import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { upsertSource } from "@/db/queries/article-store";
import { listBookmarks } from "@/db/queries/bookmarks";
import { getComment, listCommentRevisions, listModerationQueue } from "@/db/queries/comments";
import { createUser, deleteUser, exportUserData, getUserById } from "@/db/queries/users";
import { upsertArticle } from "@/lib/articles/article-row";
import { type Actor, executeMutation } from "@/lib/mutations/guard";
import { useTempDatabase } from "@/lib/testing/db";
import { dumpDatabase } from "@/lib/testing/dump";
import { deleteOwnComment, editOwnComment, moderate, postComment, reportOthersComment, toggleBookmark } from "./index";

let db: Db;
let alice: Actor;
let bob: Actor;
let mod: Actor;
let articleId: number;
let otherArticleId: number;

async function actor(email: string, isModerator = false): Promise<Actor> {
  const u = await createUser(db, { email, name: email.split("@")[0] ?? "x", passwordHash: null });
  if (!u) throw new Error("no user");
  return { id: u.id, email: u.email, name: u.name, isModerator };
}

beforeEach(async () => {
  db = await useTempDatabase();
  alice = await actor("alice@test.local");
  bob = await actor("bob@test.local");
  mod = await actor("mod@test.local", true);
  const sourceId = await upsertSource(db, { slug: "s", name: "S" });
  const mk = async (guid: string) =>
    (
      await upsertArticle(db, {
        sourceId,
        guid,
        title: `Story ${guid}`,
        body: `Body ${guid}`,
        publishedAt: new Date(),
        tags: [],
      })
    ).id;
  articleId = await mk("1");
  otherArticleId = await mk("2");
});

async function post(by: Actor, body: string, parentId: number | null = null, onArticle = articleId) {
  const r = await executeMutation(db, postComment, by, { articleId: onArticle, parentId: parentId ?? "", body });
  if (!r.ok) throw new Error(r.state.message);
  return r.value;
}

async function expectRefusedUnchanged(run: () => Promise<{ ok: boolean }>, message?: RegExp) {
  const before = await dumpDatabase(db);
  const r = (await run()) as { ok: boolean; state?: { message?: string } };
  expect(r.ok).toBe(false);
  if (message) expect(r.state?.message).toMatch(message);
  expect(await dumpDatabase(db)).toBe(before);
}

describe("comments", () => {
  it("trims the text, keeps line breaks and strips control characters", async () => {
    const c = await post(alice, "  \r\nHello\r\nworld\u0000\u0007  ");
    expect(c.body).toBe("Hello\nworld");
  });

  it("refuses empty and oversized comments without writing", async () => {
    await expectRefusedUnchanged(
      () => executeMutation(db, postComment, alice, { articleId, body: "   \n  " }),
      /cannot be empty/,
    );
    await expectRefusedUnchanged(
      () => executeMutation(db, postComment, alice, { articleId, body: "x".repeat(5001) }),
      /at most 5,000/,
    );
    expect((await executeMutation(db, postComment, alice, { articleId, body: ` ${"x".repeat(5000)} ` })).ok).toBe(true);
  });

  it("refuses a reply whose parent is on another story, and an unknown story", async () => {
    const parent = await post(alice, "On the other story", null, otherArticleId);
    await expectRefusedUnchanged(() =>
      executeMutation(db, postComment, bob, { articleId, parentId: parent.id, body: "x" }),
    );
    await expectRefusedUnchanged(
      () => executeMutation(db, postComment, bob, { articleId: 999, body: "x" }),
      /no longer exists/,
    );
  });

  it("rate-limits posting per user with a clear message", async () => {
    for (let i = 0; i < 10; i++) await post(alice, `comment ${i}`);
    await expectRefusedUnchanged(
      () => executeMutation(db, postComment, alice, { articleId, body: "one too many" }),
      /too fast/,
    );
    // Another reader is not affected.
    expect((await executeMutation(db, postComment, bob, { articleId, body: "hi" })).ok).toBe(true);
  });

  it("edits within 15 minutes, keeping the earlier version; refuses after", async () => {
    const c = await post(alice, "Original");
    const soon = new Date(c.createdAt.getTime() + 14 * 60_000);
    expect((await executeMutation(db, editOwnComment, alice, { commentId: c.id, body: "Changed" }, soon)).ok).toBe(
      true,
    );
    expect((await getComment(db, { id: c.id }))?.body).toBe("Changed");
    expect((await getComment(db, { id: c.id }))?.editedAt?.getTime()).toBe(soon.getTime());
    expect((await listCommentRevisions(db, { commentId: c.id })).map((r) => r.body)).toEqual(["Original"]);
    const late = new Date(c.createdAt.getTime() + 16 * 60_000);
    await expectRefusedUnchanged(
      () => executeMutation(db, editOwnComment, alice, { commentId: c.id, body: "Too late" }, late),
      /15 minutes/,
    );
  });

  it("deletes softly: the text and its history go, the reply stays attached", async () => {
    const parent = await post(alice, "Parent");
    const reply = await post(bob, "Reply", parent.id);
    await executeMutation(db, editOwnComment, alice, { commentId: parent.id, body: "Parent v2" });
    expect((await executeMutation(db, deleteOwnComment, alice, { commentId: parent.id })).ok).toBe(true);
    const gone = await getComment(db, { id: parent.id });
    expect(gone?.deletedAt).not.toBeNull();
    expect(gone?.body).toBe("");
    expect(await listCommentRevisions(db, { commentId: parent.id })).toEqual([]);
    expect((await getComment(db, { id: reply.id }))?.parentId).toBe(parent.id);
    // Deleting twice is refused and changes nothing.
    await expectRefusedUnchanged(() => executeMutation(db, deleteOwnComment, alice, { commentId: parent.id }));
  });

  it("reports once per reader, then a moderator hides and restores, and every action is logged", async () => {
    const c = await post(alice, "Buy cheap watches");
    expect(
      (await executeMutation(db, reportOthersComment, bob, { commentId: c.id, reason: "spam", note: "" })).ok,
    ).toBe(true);
    const before = await dumpDatabase(db);
    expect((await executeMutation(db, reportOthersComment, bob, { commentId: c.id, reason: "abuse" })).ok).toBe(true);
    expect(await dumpDatabase(db)).toBe(before);
    await expectRefusedUnchanged(
      () => executeMutation(db, reportOthersComment, bob, { commentId: c.id, reason: "rude" }),
      /reason/i,
    );
    expect((await listModerationQueue(db)).reported.map((r) => [r.commentId, r.reports])).toEqual([[c.id, 1]]);

    expect((await executeMutation(db, moderate, mod, { commentId: c.id, action: "hide", note: "spam" })).ok).toBe(true);
    expect((await getComment(db, { id: c.id }))?.hiddenAt).not.toBeNull();
    expect((await listModerationQueue(db)).reported).toEqual([]);
    await expectRefusedUnchanged(
      () => executeMutation(db, moderate, mod, { commentId: c.id, action: "hide" }),
      /already hidden/,
    );
    expect((await executeMutation(db, moderate, mod, { commentId: c.id, action: "restore" })).ok).toBe(true);
    expect((await getComment(db, { id: c.id }))?.hiddenAt).toBeNull();
    expect((await listModerationQueue(db)).log.map((l) => [l.action, l.moderatorEmail])).toEqual([
      ["restore", "mod@test.local"],
      ["hide", "mod@test.local"],
    ]);
  });
});

describe("bookmarks and accounts", () => {
  it("saving twice is harmless and removal only touches the actor's own bookmark", async () => {
    for (let i = 0; i < 2; i++)
      expect((await executeMutation(db, toggleBookmark, alice, { articleId, saved: "true" })).ok).toBe(true);
    await executeMutation(db, toggleBookmark, bob, { articleId, saved: "true" });
    expect(await listBookmarks(db, { userId: alice.id })).toHaveLength(1);
    await executeMutation(db, toggleBookmark, bob, { articleId, saved: "false" });
    expect(await listBookmarks(db, { userId: alice.id })).toHaveLength(1);
    expect(await listBookmarks(db, { userId: bob.id })).toHaveLength(0);
    await expectRefusedUnchanged(() => executeMutation(db, toggleBookmark, alice, { articleId: 12345, saved: "true" }));
  });

  it("deleting an account removes bookmarks and leaves comments as [deleted] in their threads", async () => {
    const parent = await post(alice, "Alice speaks");
    const reply = await post(bob, "Bob answers", parent.id);
    await executeMutation(db, toggleBookmark, alice, { articleId, saved: "true" });
    expect((await exportUserData(db, { userId: alice.id }))?.comments).toHaveLength(1);
    await deleteUser(db, { userId: alice.id });
    expect(await getUserById(db, { id: alice.id })).toBeNull();
    expect(await listBookmarks(db, { userId: alice.id })).toEqual([]);
    const orphan = await getComment(db, { id: parent.id });
    expect(orphan).toMatchObject({ userId: null, body: "" });
    expect(orphan?.deletedAt).not.toBeNull();
    expect(await getComment(db, { id: reply.id })).toMatchObject({ parentId: parent.id, body: "Bob answers" });
  });
});
