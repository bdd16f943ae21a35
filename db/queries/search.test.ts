import { type SQL, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { upsertArticle } from "@/lib/articles/article-row";
import { seedSampleContent } from "@/lib/sample/seed";
import { parseSearchQuery } from "@/lib/search/query";
import { testEngine, useTempDatabase } from "@/lib/testing/db";
import { sqlAll, sqlRun, sqlValue } from "@/lib/testing/sql";
import { type Db, rows, transaction } from "../index";
import { upsertSource } from "./article-store";
import { countSearchMatches, searchArticles, splitMarked } from "./search";
import { decorateStatement, filteredStatement, rankedStatement } from "./search-postgres";
import { DECORATE_SQL, ftsMatchExpression, searchStatement } from "./search-sqlite";

let db: Db;
const now = new Date("2026-11-27T12:00:00Z");

function search(q: string, page = 1, pageSize = 10) {
  return searchArticles(db, { query: parseSearchQuery(q), page, pageSize, now: now.getTime() });
}

async function plan(sql: string, params: unknown[]): Promise<string> {
  return (await sqlAll<{ detail: string }>(db, `explain query plan ${sql}`, ...params)).map((r) => r.detail).join("\n");
}

/** PostgreSQL's plan for a statement, with sequential scans made as costly as they can be: the sample
 * is small enough that a scan would otherwise win, and the question is whether the index CAN be used. */
async function pgPlan(statement: SQL): Promise<string> {
  return transaction(db, async () => {
    await sqlRun(db, "set local enable_seqscan = off");
    const lines = await rows<{ "QUERY PLAN": string }>(db, sql`explain ${statement}`);
    return lines.map((r) => r["QUERY PLAN"]).join("\n");
  });
}

/** Titles a query finds (first page of 50). */
async function titles(q: string): Promise<string[]> {
  return (await search(q, 1, 50)).items.map((i) => i.title);
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
  await upsertArticle(db, {
    sourceId: probe,
    guid: "words",
    title: "Zürich café reopens after the general strike",
    body: "Details at example.com, version 3.14; the fat-cat owners of the Straße café said so. ".repeat(8),
    publishedAt: new Date(now.getTime() - 3 * 86_400_000),
    tags: [],
  });
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

  it("stops counting at the cap and says the count is a lower bound", async () => {
    expect(await countSearchMatches(db, parseSearchQuery("caldera"), 2)).toBe(3);
    expect(await countSearchMatches(db, parseSearchQuery("tag:strike"), 1)).toBe(2);
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
  ])("never fails on hostile input %#", async (q) => {
    await expect(search(q)).resolves.toHaveProperty("items");
    expect(Number(await sqlValue(db, "select count(*) from articles"))).toBeGreaterThan(40);
  });

  it("splits sentinel-marked text into parts", () => {
    expect(splitMarked("a \uE000b\uE001 c")).toEqual([
      { text: "a ", mark: false },
      { text: "b", mark: true },
      { text: " c", mark: false },
    ]);
  });
});

// Query plans are each engine's own: EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL.
describe("search query plans", () => {
  it.skipIf(testEngine !== "sqlite")(
    "SQLite: drives a word search from the FTS index and joins articles by primary key",
    async () => {
      const q = parseSearchQuery("nurses strike source:caldera-wire tag:strike");
      const s = searchStatement(q, 1, 10, now.getTime());
      const p = await plan(s.sql, s.params);
      expect(p).toMatch(/VIRTUAL TABLE INDEX/);
      expect(p).not.toMatch(/SCAN (a|articles)\b/);
      const d = await plan(DECORATE_SQL, [ftsMatchExpression(q), "[1,2]"]);
      expect(d).not.toMatch(/SCAN (a|articles)\b/);
    },
  );

  it.skipIf(testEngine !== "sqlite")(
    "SQLite: drives a filter-only search from the outlet's or the tag's index",
    async () => {
      const bySource = searchStatement(parseSearchQuery("source:caldera-wire"), 1, 10, now.getTime());
      expect(await plan(bySource.sql, bySource.params)).not.toMatch(/SCAN (a|articles)\b/);
      const byTag = searchStatement(parseSearchQuery("tag:strike"), 1, 10, now.getTime());
      expect(await plan(byTag.sql, byTag.params)).not.toMatch(/SCAN (a|articles)\b/);
    },
  );

  it.skipIf(testEngine !== "postgres")(
    "PostgreSQL: drives a word search from the GIN index and decorates by primary key",
    async () => {
      const words = await pgPlan(
        rankedStatement(parseSearchQuery('nurses "pay talks" -walkout'), 1, 10, now.getTime()),
      );
      expect(words).toMatch(/Bitmap Index Scan on articles_search_idx/);
      expect(words).not.toMatch(/Seq Scan on articles/);
      // With filters the planner may start from the tag instead; it still never scans articles.
      const q = parseSearchQuery("nurses strike -walkout source:caldera-wire tag:strike");
      expect(await pgPlan(rankedStatement(q, 1, 10, now.getTime()))).not.toMatch(/Seq Scan on articles/);
      const d = await pgPlan(decorateStatement(q, [1, 2]));
      expect(d).toMatch(/Index Scan using articles_pkey|Bitmap Index Scan on articles_pkey/);
      expect(d).not.toMatch(/Seq Scan on articles/);
    },
  );

  it.skipIf(testEngine !== "postgres")(
    "PostgreSQL: drives a filter-only search from the outlet's or the tag's index",
    async () => {
      const bySource = await pgPlan(filteredStatement(parseSearchQuery("source:caldera-wire"), 1, 10));
      expect(bySource).not.toMatch(/Seq Scan on articles/);
      const byTag = await pgPlan(filteredStatement(parseSearchQuery("tag:strike"), 1, 10));
      expect(byTag).toMatch(/article_tags_tag_published_idx/);
      expect(byTag).not.toMatch(/Seq Scan on articles/);
    },
  );
});

// The two engines tokenize and stem as alike as they can (db/migrations-pg/0001_search_tsvector.sql);
// these say where they agree, and pin down each known difference engine by engine.
describe("search on both engines", () => {
  it("folds diacritics both ways", async () => {
    expect(await titles("zurich cafe")).toContain("Zürich café reopens after the general strike");
    expect(await titles("Zürich CAFÉ")).toContain("Zürich café reopens after the general strike");
  });

  it("keeps stop words: a phrase with 'the' in it matches only in that order", async () => {
    expect(await titles('"after the general"')).toEqual(["Zürich café reopens after the general strike"]);
    expect(await titles('"the after general"')).toEqual([]);
  });

  it("splits words at ASCII punctuation as FTS5 does, and marks them in the snippet", async () => {
    expect(await titles('"example com"')).toEqual(["Zürich café reopens after the general strike"]);
    expect(await titles('"version 3 14"')).toEqual(["Zürich café reopens after the general strike"]);
    expect(await titles('"the fat cat owners"')).toEqual(["Zürich café reopens after the general strike"]);
    const hit = (await search('"fat cat"')).items[0];
    expect(hit?.snippetParts.map((p) => p.text).join("")).toContain("the fat-cat owners");
  });

  // FTS5 marks a matched phrase as one span, separators included; ts_headline marks each word.
  it("marks a phrase as one span on SQLite and word by word on PostgreSQL", async () => {
    const marked = (await search('"fat cat"')).items[0]?.snippetParts.filter((p) => p.mark).map((p) => p.text);
    if (testEngine === "sqlite") expect(new Set(marked)).toEqual(new Set(["fat-cat"]));
    else expect(new Set(marked)).toEqual(new Set(["fat", "cat"]));
  });

  it("cuts the snippet around the match, with an ellipsis where the body goes on", async () => {
    const hit = (await search("owners")).items.find((i) => i.title.startsWith("Zürich"));
    const text = hit?.snippetParts.map((p) => p.text).join("") ?? "";
    expect(text.endsWith("…")).toBe(true);
    expect(text.split(/\s+/).length).toBeLessThan(40);
    expect(hit?.titleParts.map((p) => p.text).join("")).toBe("Zürich café reopens after the general strike");
  });

  it("follows inserts, edits and deletes made by any statement, without the application's help", async () => {
    // Bare SQL on purpose: the index must follow the table whoever writes to it (triggers on SQLite, a
    // generated column on PostgreSQL).
    const source = Number(await sqlValue(db, "select id from sources where slug = ?", "probe"));
    const at = now.getTime() - 86_400_000;
    await transaction(db, () =>
      sqlRun(
        db,
        `insert into articles (slug, source_id, guid, title, excerpt, body, published_at, ingested_at, updated_at,
           word_count, content_hash) values (?, ?, ?, ?, '', ?, ?, ?, ?, 5, 'x')`,
        "wombat-parade",
        source,
        "edited",
        "Wombat parade planned",
        "The wombats will parade.",
        at,
        at,
        at,
      ),
    );
    expect(await titles("wombat parade")).toEqual(["Wombat parade planned"]);
    await transaction(db, () =>
      sqlRun(db, "update articles set title = ? where guid = ?", "Numbat parade planned", "edited"),
    );
    expect(await titles("wombat")).toEqual(["Numbat parade planned"]);
    expect(await titles("numbat")).toEqual(["Numbat parade planned"]);
    await transaction(db, () => sqlRun(db, "update articles set body = ? where guid = ?", "Cancelled.", "edited"));
    expect(await titles("wombat")).toEqual([]);
    await transaction(db, () => sqlRun(db, "delete from articles where guid = ?", "edited"));
    expect(await titles("numbat")).toEqual([]);
  });

  it("finds the snippet deep in a long body, and starts from the top when only the title matches", async () => {
    const source = Number(await sqlValue(db, "select id from sources where slug = ?", "probe"));
    const at = now.getTime() - 86_400_000;
    const filler = "Nothing of note happened in the valley that week. ".repeat(400);
    await transaction(db, () =>
      sqlRun(
        db,
        `insert into articles (slug, source_id, guid, title, excerpt, body, published_at, ingested_at, updated_at,
           word_count, content_hash) values (?, ?, ?, ?, '', ?, ?, ?, ?, 5, 'x')`,
        "long-read",
        source,
        "long",
        "Aardvark long read",
        `${filler}At last the aardwolf appeared. ${filler}`,
        at,
        at,
        at,
      ),
    );
    try {
      const deep = (await search("aardwolf")).items[0];
      const text = deep?.snippetParts.map((p) => p.text).join("") ?? "";
      expect(deep?.snippetParts.filter((p) => p.mark).map((p) => p.text)).toEqual(["aardwolf"]);
      expect(text.startsWith("…")).toBe(true);
      expect(text.endsWith("…")).toBe(true);
      const top = (await search("aardvark")).items[0];
      const start = top?.snippetParts.map((p) => p.text).join("") ?? "";
      expect(top?.titleParts.filter((p) => p.mark).map((p) => p.text)).toEqual(["Aardvark"]);
      expect(start.startsWith("Nothing of note")).toBe(true);
      expect(start.endsWith("…")).toBe(true);
    } finally {
      await transaction(db, () => sqlRun(db, "delete from articles where guid = ?", "long"));
    }
  });

  // Stemmers: FTS5's porter is Porter's original algorithm, PostgreSQL's english Snowball is Porter2.
  // Porter1 cuts "general" and "generous" to the same stem ("gener"); Porter2 keeps them apart.
  it("stems with each engine's own stemmer", async () => {
    const found = await titles("generous");
    if (testEngine === "sqlite") expect(found).toContain("Zürich café reopens after the general strike");
    else expect(found).not.toContain("Zürich café reopens after the general strike");
  });

  // unaccent also expands ligatures and ß (ß → ss); unicode61's remove_diacritics only strips marks.
  it("folds ß to ss on PostgreSQL only", async () => {
    const found = await titles("strasse");
    if (testEngine === "postgres") expect(found).toContain("Zürich café reopens after the general strike");
    else expect(found).toEqual([]);
    expect(await titles("straße")).toContain("Zürich café reopens after the general strike");
  });
});
