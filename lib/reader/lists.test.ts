import { describe, expect, it } from "vitest";
import type { ArticleCard, ArticlePage } from "@/db/queries/articles";
import type { Cursor } from "@/lib/articles/cursor";
import { MAX_SCANNED, visiblePage } from "./lists";
import { NO_MUTES } from "./mutes";

// A newest-first list of n stories (id n is newest), paged by the same keyset rule as db/queries/articles.
function list(n: number, title: (id: number) => string = (id) => `Story ${id}`) {
  const all: ArticleCard[] = Array.from({ length: n }, (_, i) => {
    const id = n - i;
    return {
      id,
      slug: `s-${id}`,
      title: title(id),
      excerpt: "",
      publishedAt: new Date(1_000_000 + id * 1000),
      source: { slug: "wire", name: "Wire" },
      tags: [],
      image: null,
    };
  });
  let calls = 0;
  const fetchPage = (cursor: Cursor | null, limit: number): ArticlePage => {
    calls++;
    const older = all.filter(
      (c) =>
        !cursor ||
        c.publishedAt.getTime() < cursor.publishedAt ||
        (c.publishedAt.getTime() === cursor.publishedAt && c.id < cursor.id),
    );
    const page = older.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page,
      nextCursor: older.length > limit && last ? { publishedAt: last.publishedAt.getTime(), id: last.id } : null,
    };
  };
  return { fetchPage, calls: () => calls };
}

const mutes = (...words: string[]) => ({ words, tagSlugs: new Set<string>(), sourceSlugs: new Set<string>() });

describe("visiblePage", () => {
  it("without mutes is the list's own page", async () => {
    const l = list(30);
    const p = await visiblePage({ fetchPage: l.fetchPage, mutes: NO_MUTES, cursor: null, limit: 20 });
    expect(p.items).toHaveLength(20);
    expect(p.hidden).toBe(0);
    expect(l.calls()).toBe(1);
  });

  it("fills a whole page past muted stories, and the next page starts after the last one shown", async () => {
    // Every third story is muted.
    const l = list(100, (id) => (id % 3 === 0 ? `Strike ${id}` : `Calm ${id}`));
    const first = await visiblePage({ fetchPage: l.fetchPage, mutes: mutes("strike"), cursor: null, limit: 20 });
    expect(first.items).toHaveLength(20);
    expect(first.items.every((c) => c.title.startsWith("Calm"))).toBe(true);
    expect(first.hidden).toBeGreaterThan(0);
    const second = await visiblePage({
      fetchPage: l.fetchPage,
      mutes: mutes("strike"),
      cursor: first.nextCursor,
      limit: 20,
    });
    const lastFirst = first.items[19]?.id ?? 0;
    expect(second.items[0]?.id).toBe(lastFirst % 3 === 1 ? lastFirst - 2 : lastFirst - 1);
    // Nothing skipped, nothing repeated.
    const seen = [...first.items, ...second.items].map((c) => c.id);
    expect(new Set(seen).size).toBe(40);
    const calm = Array.from({ length: 100 }, (_, i) => 100 - i).filter((id) => id % 3 !== 0);
    expect(seen).toEqual(calm.slice(0, 40));
  });

  it("says there is no older page when the muted tail ends the list", async () => {
    const l = list(25, (id) => (id <= 5 ? `Strike ${id}` : `Calm ${id}`));
    const p = await visiblePage({ fetchPage: l.fetchPage, mutes: mutes("strike"), cursor: null, limit: 20 });
    expect(p.items).toHaveLength(20);
    expect(p.nextCursor).toBeNull();
  });

  it("stops after MAX_SCANNED stories and hands on a cursor from the last one looked at", async () => {
    const l = list(2000, () => "Strike");
    const p = await visiblePage({ fetchPage: l.fetchPage, mutes: mutes("strike"), cursor: null, limit: 20 });
    expect(p.items).toHaveLength(0);
    expect(p.hidden).toBe(MAX_SCANNED);
    expect(p.nextCursor?.id).toBe(2000 - MAX_SCANNED + 1);
  });
});
