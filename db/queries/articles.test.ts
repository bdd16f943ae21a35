import { beforeEach, describe, expect, it } from "vitest";
import { upsertArticle } from "@/lib/articles/article-row";
import { type Cursor, decodeCursor, encodeCursor } from "@/lib/articles/cursor";
import { useTempDatabase } from "@/lib/testing/db";
import { sqlAll } from "@/lib/testing/sql";
import type { Db } from "../index";
import { countArticles, upsertSource } from "./article-store";
import {
  type ArticlePage,
  getArticleBySlug,
  getTagBySlug,
  listArticlesBySource,
  listArticlesByTag,
  listLatestArticles,
  listSources,
  pagePosition,
} from "./articles";

let db: Db;
const base = new Date("2026-11-27T12:00:00Z").getTime();

function add(sourceId: number, n: number, tags: string[], minutesAgo: number) {
  return upsertArticle(db, {
    sourceId,
    guid: `g-${sourceId}-${n}`,
    title: `Story number ${n} from source ${sourceId}`,
    body: `Body of story ${n}. `.repeat(20),
    publishedAt: new Date(base - minutesAgo * 60_000),
    tags,
  });
}

beforeEach(async () => {
  db = await useTempDatabase();
});

describe("article queries", () => {
  it("lists newest first and pages with a keyset cursor without gaps or repeats", async () => {
    const a = await upsertSource(db, { slug: "alpha", name: "Alpha" });
    // Two stories share a timestamp, so the id tie-break matters.
    for (let i = 0; i < 45; i++) await add(a, i, ["Topic"], i === 44 ? 43 : i);
    const seen: string[] = [];
    let cursor: Cursor | null = null;
    for (let pageNo = 0; pageNo < 5; pageNo++) {
      const page: ArticlePage = await listLatestArticles(db, { cursor, limit: 20 });
      seen.push(...page.items.map((i) => i.slug));
      if (!page.nextCursor) break;
      // Through the URL form and back, as a reader's "Older stories" link does.
      cursor = decodeCursor(encodeCursor(page.nextCursor));
    }
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
    expect(seen[0]).toBe("story-number-0-from-source-1");
    const first = (await listLatestArticles(db, { limit: 3 })).items;
    expect(first.map((i) => i.publishedAt.getTime())).toEqual(
      [...first.map((i) => i.publishedAt.getTime())].sort((x, y) => y - x),
    );
  });

  it("filters by tag and by source, with tags on every card", async () => {
    const a = await upsertSource(db, { slug: "alpha", name: "Alpha" });
    const b = await upsertSource(db, { slug: "beta", name: "Beta" });
    await add(a, 1, ["Climate", "Portmere"], 5);
    await add(b, 2, ["Climate"], 3);
    await add(b, 3, ["Sport"], 1);
    const climate = await getTagBySlug(db, { slug: "climate" });
    expect(climate?.name).toBe("Climate");
    const byTag = await listArticlesByTag(db, { tagId: climate?.id ?? -1 });
    expect(byTag.items.map((i) => i.title)).toEqual(["Story number 2 from source 2", "Story number 1 from source 1"]);
    expect(byTag.items[1]?.tags.map((t) => t.slug).sort()).toEqual(["climate", "portmere"]);
    const bySource = await listArticlesBySource(db, { sourceId: b });
    expect(bySource.items.map((i) => i.source.slug)).toEqual(["beta", "beta"]);
    expect(bySource.nextCursor).toBeNull();
  });

  it("gets an article by slug with its source and tags, and null for unknown slugs", async () => {
    const a = await upsertSource(db, { slug: "alpha", name: "Alpha", attribution: "Sample" });
    const r = await add(a, 7, ["One", "Two"], 1);
    const article = await getArticleBySlug(db, { slug: r.slug });
    expect(article?.source.name).toBe("Alpha");
    expect(article?.tags.map((t) => t.name)).toEqual(["One", "Two"]);
    expect(await getArticleBySlug(db, { slug: "no-such-story" })).toBeNull();
  });

  it("upserts: the same entry twice adds nothing, a changed entry updates in place", async () => {
    const a = await upsertSource(db, { slug: "alpha", name: "Alpha" });
    const first = await add(a, 1, ["X"], 1);
    expect(first.status).toBe("new");
    expect((await add(a, 1, ["X"], 1)).status).toBe("unchanged");
    expect(await countArticles(db)).toBe(1);
    const changed = await upsertArticle(db, {
      sourceId: a,
      guid: "g-1-1",
      title: "Story number 1 from source 1 (updated)",
      body: "New body text.",
      publishedAt: new Date(base),
      tags: ["Y"],
    });
    expect(changed).toMatchObject({ status: "updated", id: first.id, slug: first.slug });
    expect(await countArticles(db)).toBe(1);
    expect((await getArticleBySlug(db, { slug: first.slug }))?.tags.map((t) => t.slug)).toEqual(["y"]);
  });

  it("gives two different stories with the same title different slugs", async () => {
    const a = await upsertSource(db, { slug: "alpha", name: "Alpha" });
    const one = await upsertArticle(db, {
      sourceId: a,
      guid: "1",
      title: "Same title",
      body: "one",
      publishedAt: new Date(base),
      tags: [],
    });
    const two = await upsertArticle(db, {
      sourceId: a,
      guid: "2",
      title: "Same title",
      body: "two",
      publishedAt: new Date(base),
      tags: [],
    });
    expect(one.slug).toBe("same-title");
    expect(two.slug).not.toBe(one.slug);
  });

  it("counts each outlet's own stories on /sources, the same as a direct COUNT in the database", async () => {
    const a = await upsertSource(db, { slug: "alpha", name: "Alpha" });
    const b = await upsertSource(db, { slug: "beta", name: "Beta" });
    await upsertSource(db, { slug: "gamma", name: "Gamma" });
    // Different sizes, so a count that is not tied to its outlet cannot match by accident.
    for (let i = 0; i < 5; i++) await add(a, i, ["X"], i);
    for (let i = 0; i < 2; i++) await add(b, i, [], i);
    const direct = new Map(
      (
        await sqlAll<{ slug: string; n: number }>(
          db,
          "select s.slug, (select count(*) from articles a where a.source_id = s.id) as n from sources s",
        )
      ).map((r) => [r.slug, r.n]),
    );
    expect(Object.fromEntries(direct)).toEqual({ alpha: 5, beta: 2, gamma: 0 });
    const shown = await listSources(db);
    expect(shown.map((s) => s.slug)).toEqual(["alpha", "beta", "gamma"]);
    for (const s of shown) expect(s.articleCount, s.slug).toBe(direct.get(s.slug));
  });

  it("numbers keyset pages and finds the newer page's cursor, for the latest, an outlet and a tag", async () => {
    const a = await upsertSource(db, { slug: "alpha", name: "Alpha" });
    const b = await upsertSource(db, { slug: "beta", name: "Beta" });
    // 23 + 4 stories, two sharing a timestamp so the id tie-break is exercised at a page edge.
    for (let i = 0; i < 23; i++) await add(a, i, i % 2 ? ["Odd"] : [], i === 6 ? 5 : i);
    for (let i = 0; i < 4; i++) await add(b, i, ["Odd"], 100 + i);
    const tagId = (await getTagBySlug(db, { slug: "odd" }))?.id ?? -1;
    const lists = [
      { scope: {}, list: (cursor: Cursor | null) => listLatestArticles(db, { cursor, limit: 5 }), total: 27 },
      {
        scope: { sourceId: a },
        list: (c: Cursor | null) => listArticlesBySource(db, { sourceId: a, cursor: c, limit: 5 }),
        total: 23,
      },
      {
        scope: { tagId },
        list: (c: Cursor | null) => listArticlesByTag(db, { tagId, cursor: c, limit: 5 }),
        total: 15,
      },
    ];
    for (const { scope, list, total } of lists) {
      const pages: { cursor: string | null; slugs: string[] }[] = [];
      let cursor: string | null = null;
      do {
        const page: ArticlePage = await list(decodeCursor(cursor));
        pages.push({ cursor, slugs: page.items.map((i) => i.slug) });
        cursor = page.nextCursor ? encodeCursor(page.nextCursor) : null;
      } while (cursor);
      expect(pages.flatMap((p) => p.slugs)).toHaveLength(total);
      for (const [index, page] of pages.entries()) {
        if (!page.cursor) continue;
        const position = await pagePosition(db, { scope, cursor: decodeCursor(page.cursor) as Cursor, limit: 5 });
        expect(position.pageNumber, JSON.stringify(scope)).toBe(index + 1);
        // Following "Newer stories" opens exactly the page before.
        const newer = position.newerCursor ? encodeCursor(position.newerCursor) : null;
        expect(newer, JSON.stringify(scope)).toBe(pages[index - 1]?.cursor);
        expect((await list(position.newerCursor)).items.map((i) => i.slug)).toEqual(pages[index - 1]?.slugs);
      }
    }
  });
});
