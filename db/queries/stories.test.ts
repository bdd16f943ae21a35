import { beforeEach, describe, expect, it } from "vitest";
import { articleRow } from "@/lib/articles/article-row";
import { canonicalStoryId, syndicatedCopies } from "@/lib/coverage/story";
import { refreshRelated } from "@/lib/related/store";
import { seedSampleContent } from "@/lib/sample/seed";
import { useTempDatabase } from "@/lib/testing/db";
import { sqlGet, sqlPluck, sqlRun, sqlValue } from "@/lib/testing/sql";
import { type Db, transaction } from "../index";
import { upsertSource } from "./article-store";
import { cacheTagVersions } from "./cache-tags";
import { writeFeedArticles } from "./ingest";
import { countOutlets, listStoryMembers, sameStoryCluster } from "./stories";

let db: Db;
const now = new Date("2026-11-30T12:00:00Z");

const idOf = async (titleStart: string) =>
  (await sqlValue<number>(db, "select id from articles where title like ?", `${titleStart}%`)) as number;

// Seeding analyses every sample story and builds the related lists: seconds on a loaded machine.
beforeEach(async () => {
  db = await useTempDatabase();
  await seedSampleContent(db, now);
}, 120_000);

/** A regional paper running the wire's flood story under its own headline, last paragraphs cut. */
async function syndicateFloodStory() {
  const wire = (await sqlGet(
    db,
    "select body, published_at from articles where id = ?",
    await idOf("River Ost floods"),
  )) as {
    body: string;
    published_at: number;
  };
  const sourceId = await upsertSource(db, { slug: "valdren-courier", name: "Valdren Courier" });
  const { results } = await writeFeedArticles(db, {
    target: { id: sourceId },
    items: [
      articleRow({
        guid: "courier-flood",
        title: "Hallowick evacuated as the Ost bursts its banks",
        body: wire.body.split("\n\n").slice(0, -2).join("\n\n"),
        publishedAt: new Date(wire.published_at + 40 * 60_000),
        tags: ["Flooding"],
      }),
    ],
    now,
  });
  const id = results[0]?.id as number;
  await transaction(db, (tx) => refreshRelated(tx, { articleIds: [id] }));
  return id;
}

describe("the same-story cluster", () => {
  it("is the related engine's same-story rows followed both ways, and the same from any member", async () => {
    const ids = [
      await idOf("River Ost floods"),
      await idOf("‘We lost everything"),
      await idOf("Hallowick's flood was forecast"),
    ];
    for (const id of ids) {
      const cluster = await sameStoryCluster(db, { articleId: id });
      expect(cluster).toEqual([...ids].sort((a, b) => a - b));
      expect(canonicalStoryId(cluster)).toBe(Math.min(...ids));
    }
    expect(await countOutlets(db, { articleIds: ids })).toBe(3);
    // A story no other outlet has is a cluster of one.
    const alone = (await sqlValue<number>(
      db,
      "select id from articles where id not in (select article_id from article_related where same_story = 1) order by id",
    )) as number;
    expect(await sameStoryCluster(db, { articleId: alone })).toEqual([alone]);
  });

  it("takes in a syndicated copy, keeps its address, and stales the pages that count it", async () => {
    const before = await sameStoryCluster(db, { articleId: await idOf("River Ost floods") });
    const slugs = await sqlPluck<string>(db, `select slug from articles where id in (${before.join(",")})`);
    const tags = ["stories", ...slugs.map((s) => `article:${s}` as const)] as const;
    const versionsBefore = await cacheTagVersions(db, tags);
    const copy = await syndicateFloodStory();
    const after = await sameStoryCluster(db, { articleId: copy });
    expect(after).toEqual([...before, copy]);
    // The page keeps its address: the newcomer has the highest id.
    expect(canonicalStoryId(after)).toBe(canonicalStoryId(before));
    expect(await countOutlets(db, { articleIds: after })).toBe(4);
    const versionsAfter = await cacheTagVersions(db, tags);
    for (const t of tags) expect(versionsAfter.get(t), t).toBeGreaterThan(versionsBefore.get(t) ?? 0);
    // Marked as a copy of the wire's story, and only it.
    const members = await listStoryMembers(db, { articleIds: after });
    expect([...syndicatedCopies(members)]).toEqual([[copy, await idOf("River Ost floods")]]);
    // Oldest first: the first reporter leads, whoever it is.
    const times = members.map((m) => m.publishedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("stales the page of a member several links away from where a newcomer joins", async () => {
    // Chain a story of its own onto the cluster through one member only, far from the wire's story the
    // copy will link to: its "Full coverage" count changes too.
    const far = (await sqlValue<number>(
      db,
      "select id from articles where id not in (select article_id from article_related where same_story = 1) order by id",
    )) as number;
    // An upsert both engines read the same way (SQLite's "insert or replace" is its own).
    await sqlRun(
      db,
      `insert into article_related (article_id, related_id, rank, score, same_story, reasons) values (?, ?, 99, 0.5, 1, '{}')
       on conflict (article_id, related_id) do update set rank = 99, score = 0.5, same_story = 1, reasons = '{}'`,
      far,
      await idOf("‘We lost everything"),
    );
    expect(await sameStoryCluster(db, { articleId: await idOf("River Ost floods") })).toContain(far);
    const slug = (await sqlValue<string>(db, "select slug from articles where id = ?", far)) as string;
    const tag = `article:${slug}` as const;
    const before = (await cacheTagVersions(db, [tag])).get(tag) ?? 0;
    const copy = await syndicateFloodStory();
    expect(await sameStoryCluster(db, { articleId: copy })).toContain(far);
    expect((await cacheTagVersions(db, [tag])).get(tag) ?? 0).toBeGreaterThan(before);
  });
});
