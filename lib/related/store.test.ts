import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type SQL, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { type Db, rows, transaction } from "@/db";
import { upsertSource } from "@/db/queries/article-store";
import { relatedListQuery } from "@/db/queries/related";
import { pgPostingsQuery } from "@/db/queries/related-index";
import { upsertArticle } from "@/lib/articles/article-row";
import { ingestJsonlFile } from "@/lib/ingest/pipeline";
import { computeRelatedLists, rebuildRelated, refreshRelated } from "@/lib/related/store";
import { seedSampleContent } from "@/lib/sample/seed";
import { testEngine, useTempDatabase } from "@/lib/testing/db";
import { sqlAll, sqlPluck, sqlRun, sqlValue } from "@/lib/testing/sql";
import { relatedArticles } from "./list";

let db: Db;
const now = new Date("2026-11-27T12:00:00Z");

function article(sourceId: number, guid: string, title: string, body: string, tags: string[] = []) {
  return transaction(db, (tx) => upsertArticle(tx, { sourceId, guid, title, body, publishedAt: now, tags }, now));
}

/** SQLite's plan of a statement, one line per step. */
async function plan(sql: string, params: unknown[]): Promise<string> {
  return (await sqlAll<{ detail: string }>(db, `explain query plan ${sql}`, ...params)).map((r) => r.detail).join("\n");
}

type PgPlanNode = { "Node Type": string; "Index Name"?: string; "Relation Name"?: string; Plans?: PgPlanNode[] };

/** PostgreSQL's plan of a statement, every node flattened (depth first), as "Node Type [index] on relation". */
async function pgPlan(query: SQL): Promise<string[]> {
  // One transaction, so the settings and the EXPLAIN share a pooled connection. On a tiny test table a
  // sequential scan, or a bitmap scan and a sort, is cheapest and chosen; with both off, the plan says
  // whether an index answers the statement in its ORDER BY, as a large table would be read.
  const [row] = await transaction(db, async (tx) => {
    await sqlRun(tx, "set local enable_seqscan = off");
    await sqlRun(tx, "set local enable_bitmapscan = off");
    return rows<{ "QUERY PLAN": [{ Plan: PgPlanNode }] }>(tx, sql`explain (format json) ${query}`);
  });
  const out: string[] = [];
  const walk = (n: PgPlanNode) => {
    out.push(`${n["Node Type"]}${n["Index Name"] ? ` ${n["Index Name"]}` : ""} on ${n["Relation Name"] ?? "-"}`);
    for (const c of n.Plans ?? []) walk(c);
  };
  if (row) walk(row["QUERY PLAN"][0].Plan);
  return out;
}

beforeEach(async () => {
  db = await useTempDatabase();
});

describe("related lists precomputed at ingest", () => {
  it("gives the sample content's cross-outlet stories each other as the same story", async () => {
    await seedSampleContent(db, now);
    const nurses = (await sqlValue<number>(
      db,
      "select id from articles where title like 'Nurses begin 48-hour strike%'",
    )) as number;
    const list = await relatedArticles({ articleId: nurses, limit: 12 });
    expect(list[0]?.title).toMatch(/nurses/i);
    expect(list[0]?.sameStory).toBe(true);
    expect(list[0]?.source.slug).not.toBe("caldera-wire");
    // Reasons are what a reader recognises: shared tags, names and phrases, as the article wrote them.
    expect(list[0]?.reasons.tags).toEqual(expect.arrayContaining(["nurses", "strike"]));
    expect(list[0]?.reasons.names.map((n) => n.name)).toContain("Health Ministry");
    expect(list[0]?.reasons.phrases).toContain("picket line");
    // Nothing from sport, books or culture in a nurses' strike list.
    for (const r of list) expect(r.title).not.toMatch(/Cup|Halden Prize|Rovers|Opera/);
  });

  it("lets a new article into the lists of the articles it is closest to, and updates them on change", async () => {
    const a = await upsertSource(db, { slug: "alpha", name: "Alpha" });
    const b = await upsertSource(db, { slug: "beta", name: "Beta" });
    const first = await article(
      a,
      "a1",
      "Ferry Kestrel runs aground off Tarnholm harbour",
      "The ferry Kestrel ran aground on a sandbank outside Tarnholm harbour with 212 passengers aboard. Lifeboats took everyone ashore and the coastguard said nobody was hurt. The ferry operator blamed a steering failure.",
    );
    const filler = await Promise.all(
      [
        [
          "Orchestra announces winter season",
          "The national orchestra will play eleven concerts this winter, with two premieres and a tour to the north.",
        ],
        [
          "Bakers raise bread prices",
          "Wheat has become dearer after a poor harvest and bakeries say bread will cost more from January.",
        ],
        [
          "School meals get more vegetables",
          "Primary schools will serve vegetables every day from spring under new nutrition rules for canteens.",
        ],
      ].map(([t, body], i) => article(a, `f${i}`, t ?? "", body ?? "")),
    );
    await refreshRelated(db, { articleIds: [first.id, ...filler.map((f) => f.id)] });
    expect(await relatedArticles({ articleId: first.id })).toEqual([]);

    // Another outlet reports the same grounding later, in its own words.
    const second = await article(
      b,
      "b1",
      "Passengers rescued after Tarnholm ferry grounding",
      "All 212 passengers of the ferry Kestrel were brought ashore by lifeboats after it ran aground near Tarnholm harbour. The coastguard is investigating a reported steering failure on the ferry.",
    );
    const result = await refreshRelated(db, { articleIds: [second.id] });
    expect(result.listsJoined).toBe(1);
    const firstList = await relatedArticles({ articleId: first.id });
    expect(firstList.map((r) => r.id)).toEqual([second.id]);
    expect(firstList[0]?.sameStory).toBe(true);
    expect((await relatedArticles({ articleId: second.id })).map((r) => r.id)).toEqual([first.id]);

    // The second story is rewritten into something else: it leaves the first one's list.
    await article(
      b,
      "b1",
      "Choir wins regional singing contest",
      "The Tarnholm youth choir won the regional contest with a programme of folk songs and a new piece by a local composer.",
    );
    await refreshRelated(db, { articleIds: [second.id] });
    expect(await relatedArticles({ articleId: first.id })).toEqual([]);
    // Document frequencies were moved, not counted twice.
    const stats = await sqlValue(db, "select docs from related_stats");
    expect(stats).toBe(5);
  });

  it("is computed by the ingest pipeline for every new article, right after the write", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "related-ingest-")), "wire.jsonl");
    const rows = [
      {
        id: "w1",
        title: "Drought closes canal locks in Valdren",
        body: "Low water has closed six locks on the Valdren canal. Boat owners were told the drought could keep the canal shut for weeks, and the canal trust asked farmers to cut abstraction.",
      },
      {
        id: "w2",
        title: "Valdren canal trust asks farmers to save water as locks close",
        body: "With six canal locks closed by the drought, the Valdren canal trust asked farmers to cut the water they take from feeder streams. Boat owners face weeks of closure.",
      },
    ];
    fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join("\n"));
    const report = await ingestJsonlFile(db, file, { sourceName: "Wire", analyze: false });
    expect(report.ok).toBe(true);
    const id = async (ext: string) =>
      (await sqlValue<number>(db, "select id from articles where external_id = ?", ext)) as number;
    expect((await relatedArticles({ articleId: await id("w1") })).map((r) => r.id)).toEqual([await id("w2")]);
  });

  // The whole output of the engine for the sample content, on whichever engine the suite runs, against
  // one file both runs share: every list, in order, with same-story flags, scores and "why related".
  // After a deliberate change to the ranking, `npx vitest run -u lib/related/store.test.ts` rewrites it.
  it("stores, for the sample content, exactly the lists and reasons recorded in its expectation", async () => {
    await seedSampleContent(db, now);
    const stored = await sqlAll<{ owner: string; related: string; same_story: number; score: number; reasons: string }>(
      db,
      `select a.slug as owner, b.slug as related, r.same_story, r.score, r.reasons
       from article_related r join articles a on a.id = r.article_id join articles b on b.id = r.related_id
       order by a.slug, r.rank`,
    );
    // One line per entry, under its list's owner, so that a change shows as a readable diff.
    const lines: string[] = [];
    let owner = "";
    for (const r of stored) {
      if (r.owner !== owner) {
        owner = r.owner;
        lines.push(owner);
      }
      // Nine significant digits: both engines hand back the same doubles; this only spares the file noise.
      const score = r.score.toPrecision(9);
      lines.push(
        `  ${r.related}${r.same_story === 1 ? " [same story]" : ""} ${score} ${JSON.stringify(JSON.parse(r.reasons))}`,
      );
    }
    expect(new Set(stored.map((r) => r.owner)).size).toBeGreaterThan(40);
    await expect(`${lines.join("\n")}\n`).toMatchFileSnapshot("./__snapshots__/sample-lists.txt");
  });

  it("rebuild gives the same lists as computing them at ingest", async () => {
    await seedSampleContent(db, now);
    const lists = () =>
      sqlAll(db, "select article_id, related_id, rank, same_story from article_related order by article_id, rank");
    const atIngest = await lists();
    const phases = new Set<string>();
    await rebuildRelated(db, { chunk: 10, onProgress: (phase) => phases.add(phase) });
    expect(phases).toEqual(new Set(["index", "lists"]));
    const rebuilt = await lists();
    expect(rebuilt.length).toBeGreaterThan(40);
    // The seed computes everything in one batch, so its statistics are the rebuild's.
    expect(rebuilt).toEqual(atIngest);
  });

  it("computes the lists of chosen articles only; for every article, the same as the full rebuild", async () => {
    await seedSampleContent(db, now);
    const listOf = (id: number) =>
      sqlAll(db, "select related_id, rank, same_story from article_related where article_id = ? order by rank", id);
    const ids = await sqlPluck<number>(db, "select id from articles order by id");
    await rebuildRelated(db, { chunk: 4 });
    const expected = new Map<number, unknown>();
    for (const id of ids) expected.set(id, await listOf(id));

    await sqlRun(db, "delete from article_related");
    await rebuildRelated(db, { lists: false });
    expect((await computeRelatedLists(db, { articleIds: ids, chunk: 4 })).listsWritten).toBe(ids.length);
    for (const id of ids) expect(await listOf(id)).toEqual(expected.get(id));

    // A subset: only its lists are written, each a real list of other stories.
    await sqlRun(db, "delete from article_related");
    const chosen = ids.filter((_, i) => i % 3 === 0);
    expect((await computeRelatedLists(db, { articleIds: chosen, chunk: 4 })).listsWritten).toBe(chosen.length);
    const owners = await sqlPluck<number>(db, "select distinct article_id from article_related");
    expect(owners.sort((x, y) => x - y)).toEqual(chosen);
    for (const id of chosen) {
      const list = (await listOf(id)) as { related_id: number }[];
      expect(list.length).toBeGreaterThan(0);
      expect(list.some((r) => r.related_id === id)).toBe(false);
    }
  });
});

// EXPLAIN QUERY PLAN is SQLite's; each test has a PostgreSQL counterpart on EXPLAIN (FORMAT JSON).
describe("query plans", () => {
  it.skipIf(testEngine !== "sqlite")(
    "reads a related list through the (article_id, rank) index, never scanning articles",
    async () => {
      await seedSampleContent(db, now);
      const q = relatedListQuery(db, { articleId: 1, limit: 6 }).toSQL();
      const p = await plan(q.sql, q.params);
      expect(p).toMatch(/SEARCH article_related USING INDEX article_related_rank_idx \(article_id=\?\)/);
      expect(p).not.toMatch(/SCAN (articles|article_related|sources)\b/);
      expect(p).not.toMatch(/TEMP B-TREE/);
    },
  );

  it.skipIf(testEngine !== "sqlite")("reads postings by term, highest impact first, through the index", async () => {
    const p = await plan(
      "select article_id, impact from related_postings where term_id = ? order by impact desc, article_id desc limit ?",
      [1, 10],
    );
    expect(p).toMatch(
      /SEARCH related_postings USING (COVERING )?INDEX related_postings_term_impact_idx \(term_id=\?\)/,
    );
    expect(p).not.toMatch(/TEMP B-TREE/);
  });

  it.skipIf(testEngine !== "postgres")(
    "PostgreSQL: reads a related list through the (article_id, rank) index",
    async () => {
      await seedSampleContent(db, now);
      const nodes = await pgPlan(relatedListQuery(db, { articleId: 1, limit: 6 }).getSQL());
      expect(
        nodes.some((n) => /^Index (Only )?Scan article_related_rank_idx on article_related$/.test(n)),
        nodes.join("\n"),
      ).toBe(true);
      expect(
        nodes.filter((n) => n.startsWith("Seq Scan")),
        nodes.join("\n"),
      ).toEqual([]);
      expect(
        nodes.filter((n) => n === "Sort on -"),
        nodes.join("\n"),
      ).toEqual([]);
    },
  );

  it.skipIf(testEngine !== "postgres")(
    "PostgreSQL: reads every term's postings in one statement, each off the index, highest impact first",
    async () => {
      // The statement getPostings sends: a top-N per term, in a lateral join.
      const nodes = await pgPlan(pgPostingsQuery({ termIds: [1, 2, 3], limit: 400 }));
      // Each term's top N comes straight off the index in impact order: no sort under the limit.
      expect(nodes[nodes.indexOf("Limit on -") + 1], nodes.join("\n")).toMatch(
        /^Index (Only )?Scan related_postings_term_impact_idx on related_postings$/,
      );
      expect(
        nodes.filter((n) => n.startsWith("Seq Scan")),
        nodes.join("\n"),
      ).toEqual([]);
    },
  );
});
