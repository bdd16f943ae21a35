import { beforeAll, describe, expect, it } from "vitest";
import { upsertArticle } from "@/lib/articles/article-row";
import { seedSampleContent } from "@/lib/sample/seed";
import { parseSearchQuery } from "@/lib/search/query";
import { useTempDatabase } from "@/lib/testing/db";
import type { Db } from "../index";
import { upsertSource } from "./article-store";
import {
  DECORATE_SQL,
  ftsMatchExpression,
  searchArticles,
  searchCountStatement,
  searchStatement,
  splitMarked,
} from "./search";

let db: Db;
const now = new Date("2026-11-27T12:00:00Z");

function search(q: string, page = 1, pageSize = 10) {
  return searchArticles(db, { query: parseSearchQuery(q), page, pageSize, now: now.getTime() });
}

function plan(sql: string, params: unknown[]): string {
  return (db.$client.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[])
    .map((r) => r.detail)
    .join("\n");
}

beforeAll(async () => {
  db = await useTempDatabase();
  await seedSampleContent(db, now);
  const probe = await upsertSource(db, { slug: "probe", name: "Probe" });
  for (const [guid, daysAgo] of [
    ["old", 400],
    ["new", 1],
  ] as const) {
    await upsertArticle(db, {
      sourceId: probe,
      guid,
      title: `Quokka census ${guid}`,
      body: 'Counting quokkas on the island. <script>alert("x")</script> & "quotes" stay text.',
      publishedAt: new Date(now.getTime() - daysAgo * 86_400_000),
      tags: ["Wildlife"],
    });
  }
});

describe("searchArticles", () => {
  it("finds stories by word, stemmed, with the matches marked in title and snippet", async () => {
    const r = await search("striking nurses");
    expect(r.items[0]?.title).toMatch(/Nurses begin 48-hour strike/);
    const marked = r.items[0]?.snippetParts.filter((p) => p.mark).map((p) => p.text.toLowerCase()) ?? [];
    expect(marked).toEqual(expect.arrayContaining(["nurses"]));
    expect(r.items[0]?.titleParts.some((p) => p.mark && /strike/i.test(p.text))).toBe(true);
    expect(r.items[0]?.source.name).toBeTruthy();
  });

  it("matches an exact phrase only in that order", async () => {
    expect((await search('"pay talks"')).items.map((i) => i.title)).toEqual(
      expect.arrayContaining([expect.stringMatching(/pay talks/i)]),
    );
    expect((await search('"talks pay"')).items).toEqual([]);
  });

  it("leaves out stories with an excluded word", async () => {
    const all = (await search("caldera", 1, 50)).items;
    const without = (await search("caldera -nurses", 1, 50)).items;
    expect(without.length).toBeGreaterThan(0);
    expect(without.length).toBeLessThan(all.length);
    const excludedIds = new Set((await search("nurses", 1, 50)).items.map((i) => i.id));
    for (const hit of without) expect(excludedIds.has(hit.id)).toBe(false);
  });

  it("narrows to an outlet and to a tag, with or without words", async () => {
    const bySource = await search("source:caldera-wire caldera");
    expect(bySource.items.length).toBeGreaterThan(0);
    expect(bySource.items.every((i) => i.source.slug === "caldera-wire")).toBe(true);
    const byTag = await search("tag:strike");
    expect(byTag.items.length).toBeGreaterThan(0);
    expect(byTag.items.every((i) => i.tags.some((t) => t.slug === "strike"))).toBe(true);
    expect((await search("tag:strike -staffing")).items.length).toBeLessThan(byTag.items.length);
    expect((await search("tag:no-such-tag nurses")).items).toEqual([]);
  });

  it("ranks the newer of two equally relevant stories first", async () => {
    expect((await search("quokka census")).items.map((i) => i.title)).toEqual([
      "Quokka census new",
      "Quokka census old",
    ]);
  });

  it("returns feed text as plain text parts, markup and all, for React to escape", async () => {
    const hit = (await search("quokkas")).items[0];
    const text = hit?.snippetParts.map((p) => p.text).join("") ?? "";
    expect(text).toContain('<script>alert("x")</script>');
    expect(hit?.snippetParts.filter((p) => p.mark).map((p) => p.text)).toEqual(["quokkas"]);
  });

  it("pages without repeats", async () => {
    const first = await search("caldera", 1, 3);
    const second = await search("caldera", 2, 3);
    expect(first.hasMore).toBe(true);
    expect(second.page).toBe(2);
    const ids = [...first.items, ...second.items].map((i) => i.id);
    expect(new Set(ids).size).toBe(6);
  });

  it("counts every match, the same as walking all the pages, for words and for filters alone", async () => {
    for (const q of ["caldera", "quokka", "tag:wildlife", "source:probe", "caldera -strike", "zzzznothing"]) {
      const seen = new Set<number>();
      let page = 1;
      let r = await search(q, page, 3);
      for (const i of r.items) seen.add(i.id);
      while (r.hasMore) {
        r = await search(q, ++page, 3);
        for (const i of r.items) seen.add(i.id);
      }
      expect(r.total, q).toBe(seen.size);
      expect(r.totalIsLowerBound, q).toBe(false);
    }
    expect((await search("quokka")).total).toBe(2);
  });

  it("stops counting at the cap and says the count is a lower bound", () => {
    const { sql, params } = searchCountStatement(parseSearchQuery("caldera"), 2);
    expect(
      db.$client
        .prepare(sql)
        .pluck()
        .get(...params),
    ).toBe(3);
  });

  it.each([
    '"',
    "*",
    "NEAR(",
    "NEAR(a b, 2)",
    "AND OR NOT",
    "'; DROP TABLE articles; --",
    "title:nurses",
    "-",
    '""',
    "\u0000\uE000\uE001",
    "東京 Zürich 🙂",
    `${"a".repeat(10_000)} nurses`,
    "nurses ".repeat(2000),
  ])("never fails on hostile input %#", (q) => {
    expect(() => search(q)).not.toThrow();
    expect(db.$client.prepare("select count(*) from articles").pluck().get()).toBeGreaterThan(40);
  });

  it("splits sentinel-marked text into parts", () => {
    expect(splitMarked("a \uE000b\uE001 c")).toEqual([
      { text: "a ", mark: false },
      { text: "b", mark: true },
      { text: " c", mark: false },
    ]);
  });
});

describe("search query plans", () => {
  it("drives a word search from the FTS index and joins articles by primary key", () => {
    const q = parseSearchQuery("nurses strike source:caldera-wire tag:strike");
    const s = searchStatement(q, 1, 10, now.getTime());
    const p = plan(s.sql, s.params);
    expect(p).toMatch(/VIRTUAL TABLE INDEX/);
    expect(p).not.toMatch(/SCAN (a|articles)\b/);
    const d = plan(DECORATE_SQL, [ftsMatchExpression(q), "[1,2]"]);
    expect(d).not.toMatch(/SCAN (a|articles)\b/);
  });

  it("drives a filter-only search from the outlet's or the tag's index", () => {
    const bySource = searchStatement(parseSearchQuery("source:caldera-wire"), 1, 10, now.getTime());
    expect(plan(bySource.sql, bySource.params)).not.toMatch(/SCAN (a|articles)\b/);
    const byTag = searchStatement(parseSearchQuery("tag:strike"), 1, 10, now.getTime());
    expect(plan(byTag.sql, byTag.params)).not.toMatch(/SCAN (a|articles)\b/);
  });
});
