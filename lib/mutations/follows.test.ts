import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { upsertSource } from "@/db/queries/article-store";
import { getReaderChoices, readerHasMutes, userIdForFeedTokenHash } from "@/db/queries/follows";
import { listFollowedArticles } from "@/db/queries/my-feed";
import { createUser, deleteUser } from "@/db/queries/users";
import { upsertArticle } from "@/lib/articles/article-row";
import type { Cursor } from "@/lib/articles/cursor";
import { type Actor, executeMutation } from "@/lib/mutations/guard";
import { MAX_MUTED_WORDS } from "@/lib/reader/mutes";
import { loadMyFeed } from "@/lib/reader/my-feed";
import { useTempDatabase } from "@/lib/testing/db";
import { sqlAll, sqlValue } from "@/lib/testing/sql";
import { hashFeedToken } from "../reader/feed-token";
import { muteWord, renewFeedToken, revokeFeedToken, setTopic, unmuteWord } from "./follows";
import { changePassword } from "./readers";

let db: Db;
let alice: Actor;
let bob: Actor;
const base = Date.UTC(2026, 10, 30, 12);

async function user(email: string): Promise<Actor> {
  const u = await createUser(db, { email, name: email.split("@")[0] ?? "x", passwordHash: null });
  if (!u) throw new Error("no user");
  return { id: u.id, email: u.email, name: u.name, isModerator: false };
}

async function run(by: Actor, m: Parameters<typeof executeMutation>[1], input: unknown) {
  const r = await executeMutation(db, m, by, input);
  if (!r.ok) throw new Error(r.state.message);
  return r.value as never;
}

beforeEach(async () => {
  db = await useTempDatabase();
  alice = await user("alice@test.local");
  bob = await user("bob@test.local");
  const wire = await upsertSource(db, { slug: "wire", name: "Wire" });
  const gazette = await upsertSource(db, { slug: "gazette", name: "Gazette" });
  // 30 stories, alternating outlets; every fifth tagged #strike. Story i is i minutes old.
  for (let i = 0; i < 30; i++)
    await upsertArticle(db, {
      sourceId: i % 2 === 0 ? wire : gazette,
      guid: `g${i}`,
      title: i === 4 ? "Budget vote delayed" : `Story ${i}`,
      body: `Body ${i}.`,
      publishedAt: new Date(base - i * 60_000),
      tags: i % 5 === 0 ? ["Strike"] : ["Other"],
    });
});

describe("follow and mute", () => {
  it("lists a reader's outlets in byte order on both engines (capitals first, accents last)", async () => {
    for (const name of ["apple", "Éclair", "zebra", "Zebra"]) {
      const slug =
        name
          .normalize("NFD")
          .replace(/[^a-z]/gi, "")
          .toLowerCase() + (name === "Zebra" ? "-2" : "");
      await upsertSource(db, { slug, name });
      await run(alice, setTopic, { kind: "source", slug, choice: "follow" });
    }
    const { followedSources } = await getReaderChoices(db, { userId: alice.id });
    expect(followedSources.map((s) => s.name)).toEqual(["Zebra", "apple", "zebra", "Éclair"]);
  });

  it("My feed lists only followed tags and outlets, newest first, keyset-paged without repeats", async () => {
    await run(alice, setTopic, { kind: "tag", slug: "strike", choice: "follow" });
    const onlyTag = await listFollowedArticles(db, { userId: alice.id, limit: 20 });
    expect(onlyTag.items.map((c) => c.title)).toEqual([
      "Story 0",
      "Story 5",
      "Story 10",
      "Story 15",
      "Story 20",
      "Story 25",
    ]);
    await run(alice, setTopic, { kind: "source", slug: "gazette", choice: "follow" });
    const seen: string[] = [];
    let cursor: Cursor | null = null;
    for (;;) {
      const page = await listFollowedArticles(db, { userId: alice.id, cursor, limit: 7 });
      seen.push(...page.items.map((c) => c.title));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    // Gazette has the odd stories; #strike adds 0, 10, 20 from Wire. 15 + 3, no story twice.
    expect(seen).toHaveLength(18);
    expect(new Set(seen).size).toBe(18);
    expect(seen.slice(0, 4)).toEqual(["Story 0", "Story 1", "Story 3", "Story 5"]);
    // Bob follows nothing: his feed is empty whatever Alice follows.
    expect((await listFollowedArticles(db, { userId: bob.id })).items).toEqual([]);
  });

  it("follow and mute of one topic exclude each other; none clears", async () => {
    await run(alice, setTopic, { kind: "tag", slug: "strike", choice: "follow" });
    await run(alice, setTopic, { kind: "tag", slug: "strike", choice: "mute" });
    let c = await getReaderChoices(db, { userId: alice.id });
    expect(c.followedTags).toEqual([]);
    expect(c.mutedTags).toEqual([{ slug: "strike", name: "Strike" }]);
    expect(await readerHasMutes(db, { userId: alice.id })).toBe(true);
    await run(alice, setTopic, { kind: "tag", slug: "strike", choice: "none" });
    c = await getReaderChoices(db, { userId: alice.id });
    expect(c.mutedTags).toEqual([]);
    expect(await readerHasMutes(db, { userId: alice.id })).toBe(false);
  });

  it("refuses an unknown tag or outlet and a malformed slug", async () => {
    const unknown = await executeMutation(db, setTopic, alice, { kind: "tag", slug: "nope", choice: "follow" });
    expect(unknown.ok ? "ok" : unknown.state).toMatchObject({
      code: "not_found",
      message: "That tag no longer exists.",
    });
    const bad = await executeMutation(db, setTopic, alice, { kind: "source", slug: "../x", choice: "mute" });
    expect(bad.ok ? "ok" : bad.state.code).toBe("invalid");
  });

  it("muted words: normalised, no duplicates, a limit, clear errors", async () => {
    expect(await run(alice, muteWord, { word: "  BUDGET " })).toEqual({ word: "budget" });
    const again = await executeMutation(db, muteWord, alice, { word: "Budget" });
    expect(again.ok ? "ok" : again.state).toMatchObject({ code: "conflict", message: "You already mute “budget”." });
    const short = await executeMutation(db, muteWord, alice, { word: "a" });
    expect(short.ok ? "ok" : short.state.message).toBe("A muted word must be at least 2 characters.");
    for (let i = 1; i < MAX_MUTED_WORDS; i++) await run(alice, muteWord, { word: `word${i}` });
    const over = await executeMutation(db, muteWord, alice, { word: "onemore" });
    expect(over.ok ? "ok" : over.state.message).toBe(
      `You can mute at most ${MAX_MUTED_WORDS} words. Remove one first.`,
    );
    // Bob cannot remove Alice's word, and his own list is untouched by hers.
    const foreign = await executeMutation(db, unmuteWord, bob, { word: "budget" });
    expect(foreign.ok ? "ok" : foreign.state.code).toBe("not_found");
    await run(alice, unmuteWord, { word: "Budget" });
    expect((await getReaderChoices(db, { userId: alice.id })).mutedWords).not.toContain("budget");
  });

  it("the feed token: only its hash is stored, a new link revokes the old, the feed applies mutes", async () => {
    await run(alice, setTopic, { kind: "source", slug: "wire", choice: "follow" });
    await run(alice, muteWord, { word: "budget" });
    const { token } = (await run(alice, renewFeedToken, {})) as { token: string };
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await sqlAll(db, "select * from feed_tokens");
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(await userIdForFeedTokenHash(db, { tokenHash: hashFeedToken(token) })).toBe(alice.id);
    const feed = await loadMyFeed(db, `${token}.xml`);
    expect(feed?.items.map((i) => i.title)).toContain("Story 0");
    expect(feed?.items.map((i) => i.title)).not.toContain("Budget vote delayed");
    expect(feed?.items.every((i) => i.sourceName === "Wire")).toBe(true);

    const { token: next } = (await run(alice, renewFeedToken, {})) as { token: string };
    expect(next).not.toBe(token);
    expect(await loadMyFeed(db, `${token}.xml`)).toBeNull();
    expect(await loadMyFeed(db, `${next}.xml`)).not.toBeNull();
    for (const bad of [next, `${next}.rss`, "x.xml", `${"A".repeat(43)}.xml`])
      expect(await loadMyFeed(db, bad)).toBeNull();

    // "Turn off" ends it with no new one; so does a password change.
    await run(alice, revokeFeedToken, {});
    expect(await loadMyFeed(db, `${next}.xml`)).toBeNull();
    const { token: third } = (await run(alice, renewFeedToken, {})) as { token: string };
    expect(await loadMyFeed(db, `${third}.xml`)).not.toBeNull();
    await run(alice, changePassword, { passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$x$y", verified: true });
    expect(await loadMyFeed(db, `${third}.xml`)).toBeNull();
    const { token: last } = (await run(alice, renewFeedToken, {})) as { token: string };

    await deleteUser(db, { userId: alice.id });
    expect(await loadMyFeed(db, `${last}.xml`)).toBeNull();
    expect(await sqlValue(db, "select count(*) from muted_words")).toBe(0);
  });
});
