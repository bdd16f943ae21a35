import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { upsertSource } from "@/db/queries/article-store";
import { CacheTagListener, type TagVersions } from "@/db/queries/cache-tag-listener";
import { CacheTagReader } from "@/db/queries/cache-tags";
import { createUser } from "@/db/queries/users";
import { upsertArticle } from "@/lib/articles/article-row";
import { databasePath } from "@/lib/db";
import {
  deleteAccount,
  moderate,
  muteWord,
  postComment,
  recordReadingPosition,
  renameAccount,
  renewFeedToken,
  setTopic,
  toggleBookmark,
} from "@/lib/mutations";
import { type Actor, type AnyMutation, executeMutation } from "@/lib/mutations/guard";
import { analyzeStoredArticles } from "@/lib/nlp/store";
import { testEngine, useTempDatabase } from "@/lib/testing/db";
import { PageCache, pageTags, storedPage } from "./page-cache";

// Which write makes which cached page stale: the tags each path carries (pageTags) against the tags
// each mutation bumps, through the same reader the cache server uses (on PostgreSQL, the listener,
// waited on until it has heard the test's own writes by NOTIFY).

let db: Db;
let reader: TagVersions;
let settled: () => Promise<void>;
let cache: PageCache;
let alice: Actor;
let mod: Actor;
let a: { id: number; slug: string };
let b: { id: number; slug: string };

const paths = () => ["/", `/articles/${a.slug}`, `/articles/${b.slug}`, "/tags/x", "/sources/s", "/sources", "/search"];

/** Stores a copy of every path, as of now. */
async function fill() {
  await settled();
  reader.refresh();
  for (const path of paths()) {
    const tags = pageTags(path);
    if (!tags) throw new Error(`not cacheable: ${path}`);
    cache.set(
      path,
      storedPage({
        status: 200,
        headers: {},
        body: path,
        nonce: null,
        tags,
        versions: new Map(tags.map((t) => [t, reader.versionOf(t)])),
        storedAt: Date.now(),
        personalised: { articleIds: [], commentsArticleId: null },
      }),
    );
  }
}

async function stale(): Promise<string[]> {
  await settled();
  reader.refresh();
  return paths().filter((p) => !cache.get(p, (t) => reader.versionOf(t)));
}

async function run<R>(m: Parameters<typeof executeMutation>[1], by: Actor, input: unknown): Promise<R> {
  const r = await executeMutation(db, m, by, input);
  if (!r.ok) throw new Error(r.state.message);
  return r.value as R;
}

beforeEach(async () => {
  db = await useTempDatabase();
  if (testEngine === "postgres") {
    const listener = await CacheTagListener.start(db, { pollMs: 600_000 });
    reader = listener;
    settled = () => listener.settled();
  } else {
    reader = new CacheTagReader(databasePath());
    settled = async () => {};
  }
  cache = new PageCache(1_000_000, 60_000);
  const user = async (email: string, isModerator = false) => {
    const u = await createUser(db, { email, name: email.split("@")[0] ?? "x", passwordHash: null });
    if (!u) throw new Error("no user");
    return { id: u.id, email: u.email, name: u.name, isModerator };
  };
  alice = await user("alice@test.local");
  mod = await user("mod@test.local", true);
  const sourceId = await upsertSource(db, { slug: "s", name: "S" });
  const mk = async (guid: string) => {
    const r = await upsertArticle(db, {
      sourceId,
      guid,
      title: `Story ${guid}`,
      body: `Body ${guid}`,
      publishedAt: new Date(),
      tags: [],
    });
    return { id: r.id, slug: r.slug };
  };
  a = await mk("a");
  b = await mk("b");
  await fill();
});

afterEach(() => reader.close());

describe("what each write invalidates", () => {
  it("a comment, its edit window aside, stales only its article's page; moderation too", async () => {
    const c = await run<{ id: number }>(postComment, alice, { articleId: a.id, parentId: "", body: "Hello" });
    expect(await stale()).toEqual([`/articles/${a.slug}`]);
    await fill();
    await run(moderate, mod, { commentId: c.id, action: "hide" });
    expect(await stale()).toEqual([`/articles/${a.slug}`]);
  });

  it("bookmarks and reading positions stale nothing: no shared page shows them", async () => {
    await run(toggleBookmark, alice, { articleId: a.id, saved: "true" });
    await run(recordReadingPosition, alice, { articleId: b.id, progress: 0.5 });
    expect(await stale()).toEqual([]);
  });

  it("follows, mutes and the My feed link stale nothing: shared copies never show them", async () => {
    for (const [m, input] of [
      [setTopic, { kind: "source", slug: "s", choice: "follow" }],
      [setTopic, { kind: "source", slug: "s", choice: "mute" }],
      [muteWord, { word: "story" }],
      [renewFeedToken, {}],
    ] as [AnyMutation, unknown][]) {
      const r = await executeMutation(db, m, alice, input);
      expect(r.ok).toBe(true);
    }
    expect(await stale()).toEqual([]);
  });

  it("a new display name or a deleted account stales every page (names show beside comments)", async () => {
    await run(renameAccount, alice, { name: "Alicia" });
    expect(await stale()).toEqual(paths());
    await fill();
    await run(deleteAccount, alice, { confirm: "DELETE", verified: true });
    expect(await stale()).toEqual(paths());
  });

  it("a re-analysis stales the story's page, and the lists when it retags the story", async () => {
    await analyzeStoredArticles(db, [{ id: a.id, title: "Story a", body: "Body a", publishedAt: new Date() }]);
    expect(await stale()).toEqual(paths().filter((p) => p !== `/articles/${b.slug}`));
  });

  it("pages outside the cache carry no tags", async () => {
    for (const p of [
      "/account",
      "/saved",
      "/moderation",
      "/signin",
      "/feed.xml",
      `/articles/${a.slug}/x`,
      "/my",
      "/my/feed/x.xml",
    ])
      expect(pageTags(p)).toBeNull();
  });
});
