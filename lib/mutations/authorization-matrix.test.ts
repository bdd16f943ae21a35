// The authorization matrix: every write path × (anonymous, another user, owner, moderator), generated
// from lib/mutations' one list. A write path added there without a row here fails the first test.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { upsertSource } from "@/db/queries/article-store";
import { insertComment } from "@/db/queries/comments";
import { addMutedWord, replaceFeedToken } from "@/db/queries/follows";
import { listNotifications } from "@/db/queries/notifications";
import { createUser } from "@/db/queries/users";
import { upsertArticle } from "@/lib/articles/article-row";
import { ensureAuthSecret } from "@/lib/auth/secret";
import { type Actor, executeMutation, type GuardCode } from "@/lib/mutations/guard";
import { unsubscribeToken } from "@/lib/notifications/unsubscribe-token";
import { useTempDatabase } from "@/lib/testing/db";
import { dumpDatabase } from "@/lib/testing/dump";
import { allMutations, postComment, requestPasswordReset, requestSignup } from "./index";

type Role = "anonymous" | "other" | "owner" | "moderator";
type Outcome = "ok" | GuardCode;
type World = {
  db: Db;
  actors: Record<Exclude<Role, "anonymous">, Actor>;
  articleId: number;
  commentId: number;
  /** Live one-time tokens, made before the snapshot so that making them is not counted as the write. */
  resetToken: string;
  signupToken: string;
  /** A reply notification of the owner's (another reader answered their comment). */
  notificationId: number;
  unsubscribeToken: string;
};

const HASH = "$argon2id$v=19$m=19456,t=2,p=1$abc$def";

/** Each write path: a valid input for the owner, and what each role gets. */
const matrix: Record<string, { input: (w: World) => Record<string, unknown>; expect: Record<Role, Outcome> }> = {
  "comment.post": {
    input: (w) => ({ articleId: w.articleId, parentId: String(w.commentId), body: "A reply" }),
    expect: { anonymous: "unauthenticated", other: "ok", owner: "ok", moderator: "ok" },
  },
  "comment.edit": {
    input: (w) => ({ commentId: w.commentId, body: "Edited text" }),
    expect: { anonymous: "unauthenticated", other: "forbidden", owner: "ok", moderator: "forbidden" },
  },
  "comment.delete": {
    input: (w) => ({ commentId: w.commentId }),
    expect: { anonymous: "unauthenticated", other: "forbidden", owner: "ok", moderator: "forbidden" },
  },
  "comment.report": {
    input: (w) => ({ commentId: w.commentId, reason: "spam", note: "" }),
    expect: { anonymous: "unauthenticated", other: "ok", owner: "forbidden", moderator: "ok" },
  },
  "moderation.act": {
    input: (w) => ({ commentId: w.commentId, action: "hide", note: "" }),
    expect: { anonymous: "unauthenticated", other: "forbidden", owner: "forbidden", moderator: "ok" },
  },
  "bookmark.set": {
    input: (w) => ({ articleId: w.articleId, saved: "true" }),
    expect: { anonymous: "unauthenticated", other: "ok", owner: "ok", moderator: "ok" },
  },
  "reading.save": {
    input: (w) => ({ articleId: w.articleId, progress: "0.5" }),
    expect: { anonymous: "unauthenticated", other: "ok", owner: "ok", moderator: "ok" },
  },
  "account.rename": {
    input: () => ({ name: "New name" }),
    expect: { anonymous: "unauthenticated", other: "ok", owner: "ok", moderator: "ok" },
  },
  "account.password": {
    input: () => ({ passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$abc$def", verified: true }),
    expect: { anonymous: "unauthenticated", other: "ok", owner: "ok", moderator: "ok" },
  },
  "account.delete": {
    input: () => ({ confirm: "DELETE", verified: true }),
    expect: { anonymous: "unauthenticated", other: "ok", owner: "ok", moderator: "ok" },
  },
  // Signed-out writes: the address or the one-time token is the proof, so every role may try; what each
  // can reach is the token's account only (lib/mutations/accounts.test.ts checks the refusals).
  "account.reset.request": {
    input: () => ({ email: "owner@test.local" }),
    expect: { anonymous: "ok", other: "ok", owner: "ok", moderator: "ok" },
  },
  "account.reset.complete": {
    input: (w) => ({ token: w.resetToken, passwordHash: HASH, verified: true }),
    expect: { anonymous: "ok", other: "ok", owner: "ok", moderator: "ok" },
  },
  "account.signup.request": {
    input: () => ({ name: "Newcomer", email: "new@test.local", passwordHash: HASH, verified: true }),
    expect: { anonymous: "ok", other: "ok", owner: "ok", moderator: "ok" },
  },
  // Every role has a notification of its own in the world, so each "ok" below changes something, and
  // lib/notifications/notifications.test.ts checks that it is only the caller's own.
  "notification.readAll": {
    input: () => ({ upTo: 1_000_000 }),
    expect: { anonymous: "unauthenticated", other: "ok", owner: "ok", moderator: "ok" },
  },
  "notification.read": {
    input: (w) => ({ notificationId: w.notificationId }),
    expect: { anonymous: "unauthenticated", other: "forbidden", owner: "ok", moderator: "forbidden" },
  },
  "notification.mute": {
    input: (w) => ({ threadId: w.commentId, muted: "true" }),
    expect: { anonymous: "unauthenticated", other: "ok", owner: "ok", moderator: "ok" },
  },
  "notification.digest": {
    input: () => ({ digest: "false" }),
    expect: { anonymous: "unauthenticated", other: "ok", owner: "ok", moderator: "ok" },
  },
  // The signed link stands in for the session: whoever holds it turns off that one account's digest.
  "notification.unsubscribe": {
    input: (w) => ({ token: w.unsubscribeToken }),
    expect: { anonymous: "ok", other: "ok", owner: "ok", moderator: "ok" },
  },
  "account.signup.confirm": {
    input: (w) => ({ token: w.signupToken }),
    expect: { anonymous: "ok", other: "ok", owner: "ok", moderator: "ok" },
  },
  // Follow, mute and the My feed link: every row is the actor's own (keyed by actor.id), so any reader
  // may make them; removing a muted word shows that one reader cannot reach another's.
  "topic.set": {
    input: () => ({ kind: "tag", slug: "strike", choice: "follow" }),
    expect: { anonymous: "unauthenticated", other: "ok", owner: "ok", moderator: "ok" },
  },
  "mute.word.add": {
    input: () => ({ word: "Referendum" }),
    expect: { anonymous: "unauthenticated", other: "ok", owner: "ok", moderator: "ok" },
  },
  "mute.word.remove": {
    input: () => ({ word: "budget" }),
    expect: { anonymous: "unauthenticated", other: "not_found", owner: "ok", moderator: "not_found" },
  },
  "feed.token.renew": {
    input: () => ({}),
    expect: { anonymous: "unauthenticated", other: "ok", owner: "ok", moderator: "ok" },
  },
  // Acts on the actor's own link only (there is no id to name another's), so every signed-in role may.
  "feed.token.revoke": {
    input: () => ({}),
    expect: { anonymous: "unauthenticated", other: "ok", owner: "ok", moderator: "ok" },
  },
};

async function buildWorld(db: Db): Promise<World> {
  const mk = async (email: string, isModerator = false): Promise<Actor> => {
    const u = await createUser(db, { email, name: email.split("@")[0] ?? email, passwordHash: null });
    if (!u) throw new Error("user not created");
    return { id: u.id, email: u.email, name: u.name, isModerator };
  };
  const actors = {
    owner: await mk("owner@test.local"),
    other: await mk("other@test.local"),
    moderator: await mk("mod@test.local", true),
  };
  const sourceId = await upsertSource(db, { slug: "s", name: "S" });
  const { id: articleId } = await upsertArticle(db, {
    sourceId,
    guid: "a",
    title: "A story",
    body: "Body.",
    publishedAt: new Date(),
    tags: ["Strike"],
  });
  await addMutedWord(db, { userId: actors.owner.id, word: "budget" });
  // Every reader has a private RSS link, so turning one's own off is a write the matrix can see.
  for (const a of Object.values(actors))
    await replaceFeedToken(db, { userId: a.id, nonce: `n${a.id}`, tokenHash: `h${a.id}`, now: new Date() });
  const { id: commentId } = await insertComment(db, {
    articleId,
    userId: actors.owner.id,
    parentId: null,
    body: "Mine",
  });
  const reset = await executeMutation(db, requestPasswordReset, null, { email: actors.owner.email });
  const signup = await executeMutation(db, requestSignup, null, {
    name: "Pending",
    email: "pending@test.local",
    passwordHash: HASH,
    verified: true,
  });
  if (!reset.ok || !reset.value || !signup.ok || signup.value.kind !== "new") throw new Error("tokens not made");
  // Replies that give every reader a notification: other → owner, owner → other, owner → moderator.
  const reply = async (by: Actor, parentId: number) => {
    const r = await executeMutation(db, postComment, by, { articleId, parentId: String(parentId), body: "Re" });
    if (!r.ok) throw new Error(r.state.message);
    return r.value.id;
  };
  await reply(actors.other, commentId);
  for (const who of [actors.other, actors.moderator]) {
    const { id } = await insertComment(db, { articleId, userId: who.id, parentId: null, body: "Theirs" });
    await reply(actors.owner, id);
  }
  const [own] = await listNotifications(db, { userId: actors.owner.id, limit: 1 });
  if (!own) throw new Error("no notification made");
  return {
    db,
    actors,
    articleId,
    commentId,
    resetToken: reset.value.token,
    signupToken: signup.value.token,
    notificationId: own.id,
    unsubscribeToken: unsubscribeToken(actors.owner.id, ensureAuthSecret()),
  };
}

describe("authorization matrix", () => {
  let world: World;
  beforeEach(async () => {
    world = await buildWorld(await useTempDatabase());
  });

  it("covers every write path", async () => {
    expect(allMutations.map((m) => m.name).sort()).toEqual(Object.keys(matrix).sort());
  });

  for (const mutation of allMutations) {
    const row = matrix[mutation.name];
    for (const role of ["anonymous", "other", "owner", "moderator"] as const) {
      const expected = row?.expect[role];
      it(`${mutation.name} as ${role} → ${expected}`, async () => {
        if (!row || !expected) throw new Error(`no matrix row for ${mutation.name}`);
        const actor = role === "anonymous" ? null : world.actors[role];
        const before = await dumpDatabase(world.db);
        const result = await executeMutation(world.db, mutation, actor, row.input(world));
        const after = await dumpDatabase(world.db);
        if (expected === "ok") {
          expect(result.ok).toBe(true);
          expect(after).not.toBe(before);
        } else {
          expect(result.ok ? "ok" : result.state.code).toBe(expected);
          // A refused write changes nothing at all.
          expect(after).toBe(before);
        }
      });
    }
  }
});
