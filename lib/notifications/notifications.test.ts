import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { upsertSource } from "@/db/queries/article-store";
import { claimDigest, countUnreadNotifications, listNotifications } from "@/db/queries/notifications";
import { createUser, deleteUser } from "@/db/queries/users";
import { upsertArticle } from "@/lib/articles/article-row";
import { reloadConfig } from "@/lib/config";
import type { MailMessage } from "@/lib/mail/messages";
import {
  deleteOwnComment,
  markAllNotificationsRead,
  moderate,
  muteNotificationThread,
  postComment,
  setNotificationDigest,
  unsubscribeDigest,
} from "@/lib/mutations";
import { type Actor, executeMutation } from "@/lib/mutations/guard";
import { readerPayload } from "@/lib/page-cache/reader-payload";
import { useTempDatabase } from "@/lib/testing/db";
import { dumpDatabase } from "@/lib/testing/dump";
import { sendDueDigests } from "./digest";
import { notificationHref } from "./notify";
import { unsubscribeToken, verifyUnsubscribeToken } from "./unsubscribe-token";

let db: Db;
let ann: Actor;
let ben: Actor;
let cat: Actor;
let mod: Actor;
let articleId: number;

async function actor(email: string, isModerator = false): Promise<Actor> {
  const u = await createUser(db, { email, name: email.split("@")[0] ?? "x", passwordHash: null });
  if (!u) throw new Error("no user");
  return { id: u.id, email: u.email, name: u.name, isModerator };
}

async function ok<R>(r: Promise<{ ok: true; value: R } | { ok: false; state: { message?: string } }>): Promise<R> {
  const done = await r;
  if (!done.ok) throw new Error(done.state.message);
  return done.value;
}

const post = (by: Actor, body: string, parentId: number | null = null) =>
  ok(executeMutation(db, postComment, by, { articleId, parentId: parentId ?? "", body }));
const unread = (who: Actor) => countUnreadNotifications(db, { userId: who.id });
const list = (who: Actor, before?: number) => listNotifications(db, { userId: who.id, before, limit: 50 });

beforeEach(async () => {
  db = await useTempDatabase();
  ann = await actor("ann@test.local");
  ben = await actor("ben@test.local");
  cat = await actor("cat@test.local");
  mod = await actor("mod@test.local", true);
  const sourceId = await upsertSource(db, { slug: "s", name: "S" });
  const story = await upsertArticle(db, {
    sourceId,
    guid: "a",
    title: "Harbour works begin",
    body: "Body.",
    publishedAt: new Date(),
    tags: [],
  });
  articleId = story.id;
});

describe("reply notifications", () => {
  it("tell the author of the comment replied to, with who, what and where; never the replier themselves", async () => {
    const mine = await post(ann, "First!");
    await post(ann, "Replying to myself", mine.id);
    expect(await unread(ann)).toBe(0);

    const reply = await post(ben, "I disagree,\nstrongly.", mine.id);
    expect(await unread(ann)).toBe(1);
    expect(await unread(ben)).toBe(0);
    const [n] = await list(ann);
    expect(n).toMatchObject({
      kind: "reply",
      commentId: reply.id,
      threadId: mine.id,
      actorName: "ben",
      body: "I disagree,\nstrongly.",
      articleTitle: "Harbour works begin",
      readAt: null,
      threadMuted: false,
    });
    expect(n && notificationHref(n)).toBe(`/articles/${n?.articleSlug}?comment=${reply.id}#comment-${reply.id}`);

    // A reply deeper down: the thread is still the top-level comment; Ben is told about Ann's answer.
    const deeper = await post(ann, "Why?", reply.id);
    expect((await list(ben))[0]).toMatchObject({ commentId: deeper.id, threadId: mine.id, actorName: "ann" });
  });

  it("stop for a muted thread, and start again when the reader undoes it", async () => {
    const mine = await post(ann, "Thread start");
    await post(ben, "one", mine.id);
    await ok(executeMutation(db, muteNotificationThread, ann, { threadId: mine.id, muted: "true" }));
    await post(cat, "two", mine.id);
    expect(await unread(ann)).toBe(1);
    expect((await list(ann))[0]?.threadMuted).toBe(true);
    await ok(executeMutation(db, muteNotificationThread, ann, { threadId: mine.id, muted: "false" }));
    await post(cat, "three", mine.id);
    expect(await unread(ann)).toBe(2);
    // A thread is named by its top-level comment; a reply's id is refused.
    const r = await executeMutation(db, muteNotificationThread, ann, {
      threadId: (await list(ann))[0]?.commentId,
      muted: "true",
    });
    expect(r.ok ? "ok" : r.state.code).toBe("invalid");
  });

  it("leave nothing that links to a reply no one can see: deleted, hidden, or its author's account gone", async () => {
    const mine = await post(ann, "Mine");
    const deleted = await post(ben, "I will delete this", mine.id);
    const hidden = await post(cat, "Spam spam", mine.id);
    const gone = await post(await actor("dan@test.local"), "Bye", mine.id);
    expect(await unread(ann)).toBe(3);

    await ok(executeMutation(db, deleteOwnComment, ben, { commentId: deleted.id }));
    await ok(executeMutation(db, moderate, mod, { commentId: hidden.id, action: "hide" }));
    await deleteUser(db, { userId: gone.userId ?? 0 });
    expect(await unread(ann)).toBe(0);
    expect(await list(ann)).toEqual([]);

    // Restored by a moderator: the reply is there to see again, and so is its notification.
    await ok(executeMutation(db, moderate, mod, { commentId: hidden.id, action: "restore" }));
    expect((await list(ann)).map((n) => n.commentId)).toEqual([hidden.id]);
  });

  it("go with the reader's account", async () => {
    const mine = await post(ann, "Mine");
    await post(ben, "Reply", mine.id);
    await deleteUser(db, { userId: ann.id });
    // Ben's reply had notified Ann: the table is empty again.
    expect(await dumpDatabase(db)).toContain('["notifications",[]]');
  });
});

describe("the header's count", () => {
  it("travels only in the reader's own embedded state", async () => {
    const mine = await post(ann, "Mine");
    await post(ben, "Reply", mine.id);
    await post(cat, "Another", mine.id);
    const shell = (who: Actor) => readerPayload(db, who, { articleIds: [], commentsArticleId: null });
    expect((await shell(ann)).me).toEqual({ name: "ann", isModerator: false, unread: 2 });
    expect((await shell(ben)).me.unread).toBe(0);
  });
});

describe("moderation notices", () => {
  it("tell the author when a moderator hides their comment, and go away when it is restored", async () => {
    const mine = await post(ann, "Something rude");
    await ok(executeMutation(db, moderate, mod, { commentId: mine.id, action: "hide", note: "" }));
    const [n] = await list(ann);
    expect(n).toMatchObject({ kind: "hidden", commentId: mine.id, actorName: null, body: "Something rude" });
    // The hidden comment is not shown to its author: the notice leads to the story's comments.
    expect(n && notificationHref(n)).toBe(`/articles/${n?.articleSlug}#comments`);
    // Muting the thread does not silence a notice about the reader's own words.
    await ok(executeMutation(db, muteNotificationThread, ann, { threadId: mine.id, muted: "true" }));
    await ok(executeMutation(db, moderate, mod, { commentId: mine.id, action: "restore" }));
    expect(await list(ann)).toEqual([]);
    await ok(executeMutation(db, moderate, mod, { commentId: mine.id, action: "hide" }));
    expect(await unread(ann)).toBe(1);
  });

  it("are not sent to a moderator hiding their own comment", async () => {
    const own = await post(mod, "Oops");
    await ok(executeMutation(db, moderate, mod, { commentId: own.id, action: "hide" }));
    expect(await unread(mod)).toBe(0);
  });
});

describe("reading them", () => {
  it("pages newest first, and 'mark all read' touches only the reader's own, up to what they saw", async () => {
    const mine = await post(ann, "Mine");
    const bens = await post(ben, "Ben's", null);
    for (let i = 0; i < 5; i++) await post(ben, `reply ${i}`, mine.id);
    await post(ann, "to Ben", bens.id);
    const all = await list(ann);
    expect(all.map((n) => n.body)).toEqual(["reply 4", "reply 3", "reply 2", "reply 1", "reply 0"]);
    const page2 = await listNotifications(db, { userId: ann.id, before: all[1]?.id, limit: 2 });
    expect(page2.map((n) => n.body)).toEqual(["reply 2", "reply 1"]);

    // Marked up to the third newest: the two newer ones (arrived after the page was drawn) stay unread.
    await ok(executeMutation(db, markAllNotificationsRead, ann, { upTo: all[2]?.id }));
    expect(await unread(ann)).toBe(2);
    expect(await unread(ben)).toBe(1);
    await ok(executeMutation(db, markAllNotificationsRead, ann, { upTo: 1_000_000 }));
    expect(await unread(ann)).toBe(0);
    expect(await unread(ben)).toBe(1);
  });
});

describe("daily digest", () => {
  const sent: { to: string; message: MailMessage }[] = [];
  const send = async (to: string, message: MailMessage) => {
    sent.push({ to, message });
  };
  const at = (iso: string) => new Date(iso);
  const digest = (now: Date, sender = send) =>
    sendDueDigests(db, { now, origin: "https://news.example", secret: "s3cret", send: sender });

  beforeEach(() => {
    sent.length = 0;
    process.env.SMTP_URL = "smtp://127.0.0.1:2525";
    reloadConfig();
  });
  afterEach(() => {
    delete process.env.SMTP_URL;
    reloadConfig();
  });

  it("is refused on a site that sends no mail", async () => {
    delete process.env.SMTP_URL;
    reloadConfig();
    const r = await executeMutation(db, setNotificationDigest, ann, { digest: "true" });
    expect(r.ok ? "ok" : r.state.code).toBe("conflict");
  });

  it("sends once a day, only unread notifications since the last one, nothing when there are none", async () => {
    const mine = await post(ann, "Mine");
    await post(ben, "Not opted in, so never mailed", (await post(cat, "Cat's")).id);
    await ok(executeMutation(db, setNotificationDigest, ann, { digest: "true" }));
    expect(await digest(at("2026-11-30T08:00:00Z"))).toMatchObject({ sent: 0, nothingNew: 1 });

    await post(ben, "Reply one", mine.id);
    await post(cat, "Reply two", mine.id);
    expect(await digest(at("2026-11-30T09:00:00Z"))).toMatchObject({ sent: 1 });
    expect(sent).toHaveLength(1);
    const mail = sent[0];
    expect(mail?.to).toBe("ann@test.local");
    expect(mail?.message.subject).toBe("Tidings: 2 new notifications");
    expect(mail?.message.text).toContain("ben replied to your comment on “Harbour works begin”");
    expect(mail?.message.text).toContain("“Reply two”");
    const unsubscribe = /https:\/\/news\.example\/notifications\/unsubscribe\/(\S+)/.exec(mail?.message.text ?? "");
    expect(verifyUnsubscribeToken(unsubscribe?.[1] ?? "", "s3cret")).toBe(ann.id);
    expect(mail?.message.headers?.["List-Unsubscribe"]).toBe(`<${unsubscribe?.[0]}>`);

    // A rerun the same day, even with something new: nothing.
    await post(ben, "Reply three", mine.id);
    expect(await digest(at("2026-11-30T23:59:00Z"))).toMatchObject({ sent: 0, failed: 0 });
    expect(sent).toHaveLength(1);

    // The next day: only what came since, and only what is still unread.
    await post(cat, "Reply four", mine.id);
    // Read on the site meanwhile: "Reply three" (and the two already mailed), not "Reply four".
    await ok(executeMutation(db, markAllNotificationsRead, ann, { upTo: (await list(ann))[1]?.id }));
    expect(await digest(at("2026-12-01T09:00:00Z"))).toMatchObject({ sent: 1 });
    expect(sent[1]?.message.subject).toBe("Tidings: 1 new notification");
    expect(sent[1]?.message.text).toContain("Reply four");
    expect(sent[1]?.message.text).not.toContain("Reply one");
    expect(sent[1]?.message.text).not.toContain("Reply three");

    // The day after: nothing new, nothing sent.
    expect(await digest(at("2026-12-02T09:00:00Z"))).toMatchObject({ sent: 0, nothingNew: 1 });
    expect(sent).toHaveLength(2);
  });

  it("is never sent twice after a crash between claiming it and sending it", async () => {
    const mine = await post(ann, "Mine");
    await ok(executeMutation(db, setNotificationDigest, ann, { digest: "true" }));
    const first = await post(ben, "Before the crash", mine.id);
    // What a run that died after claiming leaves behind.
    const [n] = await list(ann);
    await claimDigest(db, {
      userId: ann.id,
      day: "2026-11-30",
      upToId: n?.id ?? 0,
      count: 1,
      now: at("2026-11-30T09:00:00Z"),
    });
    expect(await digest(at("2026-11-30T10:00:00Z"))).toMatchObject({ sent: 0, alreadySent: 0, unfinished: 1 });
    // (listDigestCandidates already skips a reader with a claim today.)
    expect(sent).toEqual([]);
    await post(cat, "After the crash", mine.id);
    await digest(at("2026-12-01T09:00:00Z"));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.message.text).toContain("After the crash");
    expect(sent[0]?.message.text).not.toContain(first.body);
  });

  it("records a refused send, does not retry it that day, and carries its notifications to the next", async () => {
    const mine = await post(ann, "Mine");
    await ok(executeMutation(db, setNotificationDigest, ann, { digest: "true" }));
    await post(ben, "Carried over", mine.id);
    const refuse = async () => {
      throw new Error("550 mailbox unavailable");
    };
    expect(await digest(at("2026-11-30T09:00:00Z"), refuse)).toMatchObject({ failed: 1 });
    expect(await digest(at("2026-11-30T10:00:00Z"))).toMatchObject({ sent: 0, alreadySent: 0 });
    expect(sent).toEqual([]);
    await digest(at("2026-12-01T09:00:00Z"));
    expect(sent[0]?.message.text).toContain("Carried over");
  });

  it("unsubscribes through the signed link, signed out, and only the account it names", async () => {
    const { ensureAuthSecret } = await import("@/lib/auth/secret");
    await ok(executeMutation(db, setNotificationDigest, ann, { digest: "true" }));
    await ok(executeMutation(db, setNotificationDigest, ben, { digest: "true" }));
    const token = unsubscribeToken(ann.id, ensureAuthSecret());
    const forged = `${ben.id}.${token.split(".")[1]}`;
    const before = await dumpDatabase(db);
    const refused = await executeMutation(db, unsubscribeDigest, null, { token: forged });
    expect(refused.ok ? "ok" : refused.state.code).toBe("invalid");
    expect(await dumpDatabase(db)).toBe(before);
    expect(verifyUnsubscribeToken(token, "another secret")).toBeNull();
    await ok(executeMutation(db, unsubscribeDigest, null, { token }));
    await post(ben, "x", (await post(ann, "y")).id);
    await post(ann, "z", (await post(ben, "w")).id);
    await digest(at("2026-11-30T09:00:00Z"));
    expect(sent.map((m) => m.to)).toEqual(["ben@test.local"]);
  });
});
