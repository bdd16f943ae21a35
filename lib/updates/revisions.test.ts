import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { MAX_REVISIONS_PER_ARTICLE } from "@/db/queries/article-store";
import { cacheTagVersions } from "@/db/queries/cache-tags";
import { getRevisionSummary, listRevisions } from "@/db/queries/revisions";
import { ingestFeedFile } from "@/lib/ingest/pipeline";
import { useTempDatabase } from "@/lib/testing/db";
import { sqlAll, sqlRun, sqlValue } from "@/lib/testing/sql";

// Ingest keeps the previous version of a story it finds changed, and only then.

let db: Db;
let dir: string;

beforeEach(async () => {
  db = await useTempDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "revisions-"));
});

function feed(items: { guid: string; title: string; body: string }[]): string {
  const file = path.join(dir, `feed-${Math.random().toString(36).slice(2)}.xml`);
  fs.writeFileSync(
    file,
    `<?xml version="1.0"?><rss version="2.0"><channel><title>Valdren Courier</title><link>https://courier.example/</link><description>x</description>${items
      .map(
        (i) =>
          `<item><title>${i.title}</title><link>https://courier.example/${i.guid}</link><guid>${i.guid}</guid><pubDate>Mon, 30 Nov 2026 09:00:00 GMT</pubDate><description>${i.body}</description></item>`,
      )
      .join("")}</channel></rss>`,
  );
  return file;
}

const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 10, minute));
const ingest = (file: string, minute: number) =>
  ingestFeedFile(db, file, { now: () => at(minute), analyze: false, related: false });

const v1 = { guid: "s1", title: "Barrier holds on the Ost", body: "The barrier held overnight, officials said." };
// By key: insertion order, as rowid gave on SQLite, and a total order on both engines.
const KEYS: Record<string, string> = { articles: "id", article_tags: "article_id, tag_id", article_revisions: "id" };
const rows = (table: string) => sqlAll(db, `select * from ${table} order by ${KEYS[table] ?? "1"}`);

describe("story revisions at ingest", () => {
  it("keeps the previous title, body and excerpt, and marks the article updated", async () => {
    await ingest(feed([v1]), 0);
    const report = await ingest(
      feed([{ ...v1, title: "Barrier fails on the Ost", body: "The barrier failed overnight, officials said." }]),
      30,
    );
    expect(report.counts).toMatchObject({ new: 0, updated: 1 });
    const article = (await sqlAll(db, "select id, title, ingested_at, updated_at from articles"))[0] as {
      id: number;
      title: string;
      ingested_at: number;
      updated_at: number;
    };
    expect(article.title).toBe("Barrier fails on the Ost");
    expect(article.updated_at).toBe(at(30).getTime());
    expect(article.ingested_at).toBe(at(0).getTime());
    const [old] = await listRevisions(db, { articleId: article.id });
    expect(old).toMatchObject({
      title: "Barrier holds on the Ost",
      body: "The barrier held overnight, officials said.",
      seenAt: at(0),
      replacedAt: at(30),
    });
    expect((await rows("article_revisions"))[0]).toMatchObject({
      excerpt: "The barrier held overnight, officials said.",
    });
    expect(await getRevisionSummary(db, { articleId: article.id })).toEqual({ count: 1, lastReplacedAt: at(30) });
  });

  it("re-ingesting the same feed, or one that differs only in spacing, case or a tracking parameter, keeps nothing", async () => {
    const linked = { ...v1, body: "The barrier held. Live updates: https://courier.example/live?id=3" };
    await ingest(feed([linked]), 0);
    const before = JSON.stringify([await rows("articles"), await rows("article_tags")]);
    const tags = await cacheTagVersions(db, ["list:latest", "stories"]);
    for (const [i, variant] of [
      linked,
      { ...linked, title: "  Barrier HOLDS on the   Ost " },
      { ...linked, body: "The barrier held.  Live updates: https://courier.example/live?id=3&amp;utm_source=rss" },
    ].entries()) {
      const report = await ingest(feed([variant]), 10 + i);
      expect(report.counts).toMatchObject({ new: 0, updated: 0, unchanged: 1 });
    }
    expect(await rows("article_revisions")).toEqual([]);
    expect(JSON.stringify([await rows("articles"), await rows("article_tags")])).toBe(before);
    // A quiet poll leaves every cached page alone.
    expect(await cacheTagVersions(db, ["list:latest", "stories"])).toEqual(tags);
  });

  it("an update bumps the story's page, the lists and the full-coverage pages", async () => {
    await ingest(feed([v1]), 0);
    const slug = (await sqlValue<string>(db, "select slug from articles")) as string;
    const tags = [`article:${slug}`, "list:latest", "stories"] as const;
    const before = await cacheTagVersions(db, tags);
    await ingest(feed([{ ...v1, body: "The barrier failed overnight." }]), 5);
    const after = await cacheTagVersions(db, tags);
    for (const t of tags) expect(after.get(t), t).toBe((before.get(t) ?? 0) + 1);
  });

  it(`keeps at most ${MAX_REVISIONS_PER_ARTICLE}: the first version and the newest others`, async () => {
    await ingest(feed([{ ...v1, body: "Version 0 of the story." }]), 0);
    const total = MAX_REVISIONS_PER_ARTICLE + 5;
    for (let n = 1; n <= total; n++) await ingest(feed([{ ...v1, body: `Version ${n} of the story.` }]), n);
    const id = (await sqlValue<number>(db, "select id from articles")) as number;
    const kept = await listRevisions(db, { articleId: id });
    expect(kept).toHaveLength(MAX_REVISIONS_PER_ARTICLE);
    expect(kept[0]?.body).toBe("Version 0 of the story.");
    expect(kept[1]?.body).toBe(`Version ${total - MAX_REVISIONS_PER_ARTICLE + 1} of the story.`);
    expect(kept.at(-1)?.body).toBe(`Version ${total - 1} of the story.`);
    expect(await sqlValue(db, "select body from articles")).toBe(`Version ${total} of the story.`);
  });

  it("a story's revisions go with it", async () => {
    await ingest(feed([v1]), 0);
    await ingest(feed([{ ...v1, body: "Changed." }]), 1);
    await sqlRun(db, "delete from articles");
    expect(await rows("article_revisions")).toEqual([]);
  });
});
