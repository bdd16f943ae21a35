import { beforeEach, describe, expect, it } from "vitest";
import { type Cursor, decodeCursor } from "@/lib/cursor";
import { useTempDatabase } from "@/lib/testing/db";
import type { Db } from "../index";
import { countArticles, upsertArticle, upsertSource } from "./article-store";
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

beforeEach(() => {
  db = useTempDatabase();
});

describe("article queries", () => {
  it("lists newest first and pages with a keyset cursor without gaps or repeats", () => {
    const a = upsertSource(db, { slug: "alpha", name: "Alpha" });
    // Two stories share a timestamp, so the id tie-break matters.
    for (let i = 0; i < 45; i++) add(a, i, ["Topic"], i === 44 ? 43 : i);
    const seen: string[] = [];
    let cursor = null;
    for (let pageNo = 0; pageNo < 5; pageNo++) {
      const page = listLatestArticles({ cursor, limit: 20 });
      seen.push(...page.items.map((i) => i.slug));
      if (!page.nextCursor) break;
      cursor = decodeCursor(page.nextCursor);
    }
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
    expect(seen[0]).toBe("story-number-0-from-source-1");
    const first = listLatestArticles({ limit: 3 }).items;
    expect(first.map((i) => i.publishedAt.getTime())).toEqual(
      [...first.map((i) => i.publishedAt.getTime())].sort((x, y) => y - x),
    );
  });

  it("filters by tag and by source, with tags on every card", () => {
    const a = upsertSource(db, { slug: "alpha", name: "Alpha" });
    const b = upsertSource(db, { slug: "beta", name: "Beta" });
    add(a, 1, ["Climate", "Portmere"], 5);
    add(b, 2, ["Climate"], 3);
    add(b, 3, ["Sport"], 1);
    const climate = getTagBySlug({ slug: "climate" });
    expect(climate?.name).toBe("Climate");
    const byTag = listArticlesByTag({ tagId: climate?.id ?? -1 });
    expect(byTag.items.map((i) => i.title)).toEqual(["Story number 2 from source 2", "Story number 1 from source 1"]);
    expect(byTag.items[1]?.tags.map((t) => t.slug).sort()).toEqual(["climate", "portmere"]);
    const bySource = listArticlesBySource({ sourceId: b });
    expect(bySource.items.map((i) => i.source.slug)).toEqual(["beta", "beta"]);
    expect(bySource.nextCursor).toBeNull();
  });

  it("gets an article by slug with its source and tags, and null for unknown slugs", () => {
    const a = upsertSource(db, { slug: "alpha", name: "Alpha", attribution: "Sample" });
    const r = add(a, 7, ["One", "Two"], 1);
    const article = getArticleBySlug({ slug: r.slug });
    expect(article?.source.name).toBe("Alpha");
    expect(article?.tags.map((t) => t.name)).toEqual(["One", "Two"]);
    expect(getArticleBySlug({ slug: "no-such-story" })).toBeNull();
  });

  it("upserts: the same entry twice adds nothing, a changed entry updates in place", () => {
    const a = upsertSource(db, { slug: "alpha", name: "Alpha" });
    const first = add(a, 1, ["X"], 1);
    expect(first.status).toBe("new");
    expect(add(a, 1, ["X"], 1).status).toBe("unchanged");
    expect(countArticles(db)).toBe(1);
    const changed = upsertArticle(db, {
      sourceId: a,
      guid: "g-1-1",
      title: "Story number 1 from source 1 (updated)",
      body: "New body text.",
      publishedAt: new Date(base),
      tags: ["Y"],
    });
    expect(changed).toMatchObject({ status: "updated", id: first.id, slug: first.slug });
    expect(countArticles(db)).toBe(1);
    expect(getArticleBySlug({ slug: first.slug })?.tags.map((t) => t.slug)).toEqual(["y"]);
  });

  it("gives two different stories with the same title different slugs", () => {
    const a = upsertSource(db, { slug: "alpha", name: "Alpha" });
    const one = upsertArticle(db, {
      sourceId: a,
      guid: "1",
      title: "Same title",
      body: "one",
      publishedAt: new Date(base),
      tags: [],
    });
    const two = upsertArticle(db, {
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

  it("counts each outlet's own stories on /sources, the same as a direct COUNT in the database", () => {
    const a = upsertSource(db, { slug: "alpha", name: "Alpha" });
    const b = upsertSource(db, { slug: "beta", name: "Beta" });
    upsertSource(db, { slug: "gamma", name: "Gamma" });
    // Different sizes, so a count that is not tied to its outlet cannot match by accident.
    for (let i = 0; i < 5; i++) add(a, i, ["X"], i);
    for (let i = 0; i < 2; i++) add(b, i, [], i);
    const direct = new Map(
      (
        db.$client
          .prepare("select s.slug, (select count(*) from articles a where a.source_id = s.id) as n from sources s")
          .all() as { slug: string; n: number }[]
      ).map((r) => [r.slug, r.n]),
    );
    expect(Object.fromEntries(direct)).toEqual({ alpha: 5, beta: 2, gamma: 0 });
    const shown = listSources();
    expect(shown.map((s) => s.slug)).toEqual(["alpha", "beta", "gamma"]);
    for (const s of shown) expect(s.articleCount, s.slug).toBe(direct.get(s.slug));
  });

  it("numbers keyset pages and finds the newer page's cursor, for the latest, an outlet and a tag", () => {
    const a = upsertSource(db, { slug: "alpha", name: "Alpha" });
    const b = upsertSource(db, { slug: "beta", name: "Beta" });
    // 23 + 4 stories, two sharing a timestamp so the id tie-break is exercised at a page edge.
    for (let i = 0; i < 23; i++) add(a, i, i % 2 ? ["Odd"] : [], i === 6 ? 5 : i);
    for (let i = 0; i < 4; i++) add(b, i, ["Odd"], 100 + i);
    const tagId = getTagBySlug({ slug: "odd" })?.id ?? -1;
    const lists = [
      { scope: {}, list: (cursor: Cursor | null) => listLatestArticles({ cursor, limit: 5 }), total: 27 },
      {
        scope: { sourceId: a },
        list: (c: Cursor | null) => listArticlesBySource({ sourceId: a, cursor: c, limit: 5 }),
        total: 23,
      },
      { scope: { tagId }, list: (c: Cursor | null) => listArticlesByTag({ tagId, cursor: c, limit: 5 }), total: 15 },
    ];
    for (const { scope, list, total } of lists) {
      const pages: { cursor: string | null; slugs: string[] }[] = [];
      let cursor: string | null = null;
      do {
        const page: ArticlePage = list(decodeCursor(cursor));
        pages.push({ cursor, slugs: page.items.map((i) => i.slug) });
        cursor = page.nextCursor;
      } while (cursor);
      expect(pages.flatMap((p) => p.slugs)).toHaveLength(total);
      for (const [index, page] of pages.entries()) {
        if (!page.cursor) continue;
        const position = pagePosition({ scope, cursor: decodeCursor(page.cursor) as Cursor, limit: 5 });
        expect(position.pageNumber, JSON.stringify(scope)).toBe(index + 1);
        // Following "Newer stories" opens exactly the page before.
        expect(position.newerCursor, JSON.stringify(scope)).toBe(pages[index - 1]?.cursor);
        expect(list(decodeCursor(position.newerCursor)).items.map((i) => i.slug)).toEqual(pages[index - 1]?.slugs);
      }
    }
  });
});
