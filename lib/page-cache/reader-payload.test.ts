import { encode } from "next-auth/jwt";
import { beforeEach, describe, expect, it } from "vitest";
import { type Db, transaction } from "@/db";
import { upsertSource } from "@/db/queries/article-store";
import { readerStateQueries, saveReadingPosition, setBookmark } from "@/db/queries/bookmarks";
import { insertComment, softDeleteComment } from "@/db/queries/comments";
import { createUser, updateUserPassword } from "@/db/queries/users";
import { upsertArticle } from "@/lib/articles/article-row";
import { testEngine, useTempDatabase } from "@/lib/testing/db";
import { sqlAll, sqlPluck, sqlRun } from "@/lib/testing/sql";
import {
  actorFromCookieHeader,
  hasSessionCookie,
  readSessionCookie,
  withoutSessionCookies,
} from "../auth/session-token";
import { EDIT_WINDOW_MS } from "../limits";
import { readerPayload } from "./reader-payload";
import { personalisedParts, readerScript } from "./reader-shell";

const SECRET = "test-secret-for-reader-payload-0123456789";

let db: Db;
beforeEach(async () => {
  db = await useTempDatabase();
});

async function setup() {
  const sourceId = await upsertSource(db, { slug: "s", name: "S" });
  const ids: number[] = [];
  for (const i of [0, 1, 2])
    ids.push(
      (
        await upsertArticle(db, {
          sourceId,
          guid: `${i}`,
          title: `Story ${i}`,
          body: `Body ${i}`,
          publishedAt: new Date(),
          tags: [],
        })
      ).id,
    );
  const reader = await createUser(db, { email: "r@x.test", name: "Reader", passwordHash: "x" });
  const other = await createUser(db, { email: "o@x.test", name: "Other", passwordHash: "x" });
  if (!reader || !other) throw new Error("users not created");
  return { db, ids, reader, other };
}

const token = (claims: Record<string, unknown>, salt = "authjs.session-token", secret = SECRET) =>
  encode({ token: claims, secret, salt, maxAge: 3600 });

describe("reader payload", () => {
  it("carries only this reader's bookmarks, progress and comment rights", async () => {
    const { db, ids, reader, other } = await setup();
    const [a, b, c] = ids as [number, number, number];
    await setBookmark(db, { userId: reader.id, articleId: a, saved: true });
    await setBookmark(db, { userId: other.id, articleId: b, saved: true });
    await saveReadingPosition(db, { userId: reader.id, articleId: b, progress: 0.5 });
    const now = Date.now();
    const fresh = await insertComment(db, { articleId: a, userId: reader.id, parentId: null, body: "fresh" });
    const old = await insertComment(db, {
      articleId: a,
      userId: reader.id,
      parentId: null,
      body: "old",
      now: new Date(now - EDIT_WINDOW_MS - 1000),
    });
    const gone = await insertComment(db, { articleId: a, userId: reader.id, parentId: null, body: "gone" });
    await softDeleteComment(db, { id: gone.id });
    await insertComment(db, { articleId: a, userId: other.id, parentId: null, body: "theirs" });
    await insertComment(db, { articleId: c, userId: reader.id, parentId: null, body: "elsewhere" });

    const actor = { id: reader.id, email: reader.email, name: reader.name, isModerator: false };
    const p = await readerPayload(db, actor, { articleIds: [a, b, c], commentsArticleId: a, now });
    expect(p.me).toEqual({ name: "Reader", isModerator: false, unread: 0 });
    expect(p.saved).toEqual([a]);
    expect(p.progress).toEqual({ [b]: 0.5 });
    expect(p.comments?.own.sort()).toEqual([fresh.id, old.id].sort());
    expect(p.comments?.editable).toEqual({ [fresh.id]: "fresh" });
    expect((await readerPayload(db, actor, { articleIds: [], commentsArticleId: null })).comments).toBeNull();
  });

  it.skipIf(testEngine !== "sqlite")(
    "reads bookmarks and progress through their primary keys, never a scan",
    async () => {
      const { db } = await setup();
      for (const query of Object.values(readerStateQueries(db))) {
        const plan = (await sqlAll<{ detail: string }>(db, `explain query plan ${query.toSQL().sql}`, 1, "[1,2]"))
          .map((r) => r.detail)
          .join("\n");
        expect(plan).not.toMatch(/SCAN (bookmarks|reading_positions)\b/);
        expect(plan).toMatch(/SEARCH (bookmarks|reading_positions)/);
      }
    },
  );

  // PostgreSQL's counterpart: on a few rows its planner rightly prefers a sequential scan, so the test
  // forbids one for this transaction and checks that the primary key can answer both reads by itself.
  it.skipIf(testEngine !== "postgres")(
    "reads bookmarks and progress through their primary keys (PostgreSQL)",
    async () => {
      const { db } = await setup();
      await transaction(db, async (tx) => {
        await sqlRun(tx, "set local enable_seqscan = off");
        for (const [name, query] of Object.entries(readerStateQueries(tx))) {
          await sqlRun(tx, `prepare reader_state_${name} as ${query.toSQL().sql}`);
          const plan = (await sqlPluck<string>(tx, `explain execute reader_state_${name}(1, '{1,2}')`)).join("\n");
          await sqlRun(tx, `deallocate reader_state_${name}`);
          expect(plan).not.toMatch(/Seq Scan/);
          expect(plan).toMatch(
            name === "saved" ? /bookmarks_user_id_article_id_pk/ : /reading_positions_user_id_article_id_pk/,
          );
        }
      });
    },
  );

  it("embeds as JSON that no text can break out of", () => {
    const script = readerScript({
      me: { name: "</script><script>alert(1)</script>", isModerator: false, unread: 0 },
      ids: [],
      saved: [],
      progress: {},
      comments: null,
    });
    expect(script.match(/<\/script>/g)).toHaveLength(1);
    const json = script.slice(script.indexOf(">") + 1, script.lastIndexOf("</script>"));
    expect(JSON.parse(json).me.name).toBe("</script><script>alert(1)</script>");
  });

  it("reads the articles and thread a page personalises from its markers", () => {
    const html = `<form data-reader-id="7"></form><form data-reader-id="9"></form><form data-reader-id="7"></form>
      <section data-reader-comments="7"></section>`;
    expect(personalisedParts(html)).toEqual({ articleIds: [7, 9], commentsArticleId: 7, topic: null });
    expect(personalisedParts("<p>nothing</p>")).toEqual({ articleIds: [], commentsArticleId: null, topic: null });
    expect(personalisedParts('<div data-reader-topic="tag:strike"></div>').topic).toBe("tag:strike");
    // Only the attribute as rendered counts, not the same words inside the page's RSC data.
    expect(personalisedParts('"data-reader-topic":"tag:strike"').topic).toBeNull();
  });
});

describe("session cookie outside Next", () => {
  it("finds the cookie, whole or in chunks, preferring the secure name", () => {
    expect(readSessionCookie("a=1; authjs.session-token=abc; b=2")).toEqual({
      name: "authjs.session-token",
      value: "abc",
    });
    expect(readSessionCookie("authjs.session-token.1=def; authjs.session-token.0=abc")).toEqual({
      name: "authjs.session-token",
      value: "abcdef",
    });
    expect(readSessionCookie("authjs.session-token=x; __Secure-authjs.session-token=y")?.name).toBe(
      "__Secure-authjs.session-token",
    );
    expect(readSessionCookie("tidings_js=1; other=2")).toBeNull();
  });

  it("treats every cookie Auth.js could read as a session as one, however its name is dressed", () => {
    // Auth.js trims cookie names and reads any name starting with the session cookie's: a request
    // carrying one must never count as anonymous, or its personal render could be stored for everyone.
    for (const c of [
      "authjs.session-token=T",
      "a=1; authjs.session-token =T",
      "a=1;\tauthjs.session-token=T",
      "authjs.session-tokenX=T",
      "authjs.session-token.x=T",
      "__Secure-authjs.session-token.0=T",
    ]) {
      expect(hasSessionCookie(c)).toBe(true);
      expect(hasSessionCookie(withoutSessionCookies(c))).toBe(false);
    }
    expect(hasSessionCookie("tidings_js=1; comment_order=newest")).toBe(false);
    expect(withoutSessionCookies("a=1; authjs.session-token =T; comment_order=newest")).toBe(
      "a=1; comment_order=newest",
    );
  });

  it("accepts a valid token and refuses forged, stale and foreign ones", async () => {
    const { db, reader } = await setup();
    const good = await token({ uid: String(reader.id), sv: reader.sessionVersion });
    expect((await actorFromCookieHeader(db, `authjs.session-token=${good}`, SECRET))?.name).toBe("Reader");
    // Signed with another secret, or for the other cookie name (salt): not ours.
    const foreign = await token(
      { uid: String(reader.id), sv: reader.sessionVersion },
      "authjs.session-token",
      "x".repeat(40),
    );
    expect(await actorFromCookieHeader(db, `authjs.session-token=${foreign}`, SECRET)).toBeNull();
    expect(await actorFromCookieHeader(db, `__Secure-authjs.session-token=${good}`, SECRET)).toBeNull();
    expect(await actorFromCookieHeader(db, "authjs.session-token=not-a-token", SECRET)).toBeNull();
    // A password change bumps the session version: older tokens stop working.
    await updateUserPassword(db, { userId: reader.id, passwordHash: "y" });
    expect(await actorFromCookieHeader(db, `authjs.session-token=${good}`, SECRET)).toBeNull();
  });
});
