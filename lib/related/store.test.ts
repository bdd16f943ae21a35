import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { upsertSource } from "@/db/queries/article-store";
import { relatedListQuery } from "@/db/queries/related";
import { upsertArticle } from "@/lib/articles/article-row";
import { ingestJsonlFile } from "@/lib/ingest/pipeline";
import { computeRelatedLists, rebuildRelated, refreshRelated } from "@/lib/related/store";
import { seedSampleContent } from "@/lib/sample/seed";
import { useTempDatabase } from "@/lib/testing/db";
import { relatedArticles } from "./list";

let db: Db;
const now = new Date("2026-11-27T12:00:00Z");

function article(sourceId: number, guid: string, title: string, body: string, tags: string[] = []) {
  return upsertArticle(db, { sourceId, guid, title, body, publishedAt: now, tags }, now);
}

function plan(sql: string, params: unknown[]): string {
  return (db.$client.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[])
    .map((r) => r.detail)
    .join("\n");
}

beforeEach(async () => {
  db = await useTempDatabase();
});

describe("related lists precomputed at ingest", () => {
  it("gives the sample content's cross-outlet stories each other as the same story", async () => {
    await seedSampleContent(db, now);
    const nurses = db.$client
      .prepare("select id from articles where title like 'Nurses begin 48-hour strike%'")
      .pluck()
      .get() as number;
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
    await upsertArticle(
      db,
      {
        sourceId: b,
        guid: "b1",
        title: "Choir wins regional singing contest",
        body: "The Tarnholm youth choir won the regional contest with a programme of folk songs and a new piece by a local composer.",
        publishedAt: now,
        tags: [],
      },
      now,
    );
    await refreshRelated(db, { articleIds: [second.id] });
    expect(await relatedArticles({ articleId: first.id })).toEqual([]);
    // Document frequencies were moved, not counted twice.
    const stats = db.$client.prepare("select docs from related_stats").pluck().get();
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
    const id = (ext: string) =>
      (db.$client.prepare("select id from articles where external_id = ?").get(ext) as { id: number }).id;
    expect((await relatedArticles({ articleId: id("w1") })).map((r) => r.id)).toEqual([id("w2")]);
  });

  it("rebuild gives the same lists as computing them at ingest", async () => {
    await seedSampleContent(db, now);
    const lists = () =>
      db.$client
        .prepare("select article_id, related_id, rank, same_story from article_related order by article_id, rank")
        .all();
    const atIngest = lists();
    const phases = new Set<string>();
    await rebuildRelated(db, { chunk: 10, onProgress: (phase) => phases.add(phase) });
    expect(phases).toEqual(new Set(["index", "lists"]));
    const rebuilt = lists();
    expect(rebuilt.length).toBeGreaterThan(40);
    // The seed computes everything in one batch, so its statistics are the rebuild's.
    expect(rebuilt).toEqual(atIngest);
  });

  it("computes the lists of chosen articles only; for every article, the same as the full rebuild", async () => {
    await seedSampleContent(db, now);
    const listOf = (id: number) =>
      db.$client
        .prepare("select related_id, rank, same_story from article_related where article_id = ? order by rank")
        .all(id);
    const ids = db.$client.prepare("select id from articles order by id").pluck().all() as number[];
    await rebuildRelated(db, { chunk: 4 });
    const expected = new Map(ids.map((id) => [id, listOf(id)]));

    db.$client.prepare("delete from article_related").run();
    await rebuildRelated(db, { lists: false });
    expect((await computeRelatedLists(db, { articleIds: ids, chunk: 4 })).listsWritten).toBe(ids.length);
    for (const id of ids) expect(listOf(id)).toEqual(expected.get(id));

    // A subset: only its lists are written, each a real list of other stories.
    db.$client.prepare("delete from article_related").run();
    const chosen = ids.filter((_, i) => i % 3 === 0);
    expect((await computeRelatedLists(db, { articleIds: chosen, chunk: 4 })).listsWritten).toBe(chosen.length);
    const owners = db.$client.prepare("select distinct article_id from article_related").pluck().all() as number[];
    expect(owners.sort((x, y) => x - y)).toEqual(chosen);
    for (const id of chosen) {
      const list = listOf(id) as { related_id: number }[];
      expect(list.length).toBeGreaterThan(0);
      expect(list.some((r) => r.related_id === id)).toBe(false);
    }
  });
});

describe("query plans", () => {
  it("reads a related list through the (article_id, rank) index, never scanning articles", async () => {
    await seedSampleContent(db, now);
    const q = relatedListQuery(db, { articleId: 1, limit: 6 }).toSQL();
    const p = plan(q.sql, q.params);
    expect(p).toMatch(/SEARCH article_related USING INDEX article_related_rank_idx \(article_id=\?\)/);
    expect(p).not.toMatch(/SCAN (articles|article_related|sources)\b/);
    expect(p).not.toMatch(/TEMP B-TREE/);
  });

  it("reads postings by term, highest impact first, through the index", () => {
    const p = plan(
      "select article_id, impact from related_postings where term_id = ? order by impact desc limit ?",
      [1, 10],
    );
    expect(p).toMatch(
      /SEARCH related_postings USING (COVERING )?INDEX related_postings_term_impact_idx \(term_id=\?\)/,
    );
    expect(p).not.toMatch(/TEMP B-TREE/);
  });
});
