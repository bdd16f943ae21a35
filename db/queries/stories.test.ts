import { beforeEach, describe, expect, it } from "vitest";
import { articleRow } from "@/lib/articles/article-row";
import { canonicalStoryId, syndicatedCopies } from "@/lib/coverage/story";
import { refreshRelated } from "@/lib/related/store";
import { seedSampleContent } from "@/lib/sample/seed";
import { useTempDatabase } from "@/lib/testing/db";
import { type Db, transaction } from "../index";
import { upsertSource } from "./article-store";
import { cacheTagVersions } from "./cache-tags";
import { writeFeedArticles } from "./ingest";
import { countOutlets, listStoryMembers, sameStoryCluster } from "./stories";

let db: Db;
const now = new Date("2026-11-30T12:00:00Z");

const idOf = (titleStart: string) =>
  db.$client.prepare("select id from articles where title like ?").pluck().get(`${titleStart}%`) as number;

// Seeding analyses every sample story and builds the related lists: seconds on a loaded machine.
beforeEach(async () => {
  db = await useTempDatabase();
  await seedSampleContent(db, now);
}, 120_000);

/** A regional paper running the wire's flood story under its own headline, last paragraphs cut. */
async function syndicateFloodStory() {
  const wire = db.$client
    .prepare("select body, published_at from articles where id = ?")
    .get(idOf("River Ost floods")) as {
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
    const ids = [idOf("River Ost floods"), idOf("‘We lost everything"), idOf("Hallowick's flood was forecast")];
    for (const id of ids) {
      const cluster = await sameStoryCluster(db, { articleId: id });
      expect(cluster).toEqual([...ids].sort((a, b) => a - b));
      expect(canonicalStoryId(cluster)).toBe(Math.min(...ids));
    }
    expect(await countOutlets(db, { articleIds: ids })).toBe(3);
    // A story no other outlet has is a cluster of one.
    const alone = db.$client
      .prepare("select id from articles where id not in (select article_id from article_related where same_story = 1)")
      .pluck()
      .get() as number;
    expect(await sameStoryCluster(db, { articleId: alone })).toEqual([alone]);
  });

  it("takes in a syndicated copy, keeps its address, and stales the pages that count it", async () => {
    const before = await sameStoryCluster(db, { articleId: idOf("River Ost floods") });
    const slugs = db.$client
      .prepare(`select slug from articles where id in (${before.join(",")})`)
      .pluck()
      .all() as string[];
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
    expect([...syndicatedCopies(members)]).toEqual([[copy, idOf("River Ost floods")]]);
    // Oldest first: the first reporter leads, whoever it is.
    const times = members.map((m) => m.publishedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("stales the page of a member several links away from where a newcomer joins", async () => {
    // Chain a story of its own onto the cluster through one member only, far from the wire's story the
    // copy will link to: its "Full coverage" count changes too.
    const far = db.$client
      .prepare("select id from articles where id not in (select article_id from article_related where same_story = 1)")
      .pluck()
      .get() as number;
    db.$client
      .prepare(
        "insert or replace into article_related (article_id, related_id, rank, score, same_story, reasons) values (?, ?, 99, 0.5, 1, '{}')",
      )
      .run(far, idOf("‘We lost everything"));
    expect(await sameStoryCluster(db, { articleId: idOf("River Ost floods") })).toContain(far);
    const slug = db.$client.prepare("select slug from articles where id = ?").pluck().get(far) as string;
    const tag = `article:${slug}` as const;
    const before = (await cacheTagVersions(db, [tag])).get(tag) ?? 0;
    const copy = await syndicateFloodStory();
    expect(await sameStoryCluster(db, { articleId: copy })).toContain(far);
    expect((await cacheTagVersions(db, [tag])).get(tag) ?? 0).toBeGreaterThan(before);
  });
});
