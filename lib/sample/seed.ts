// Loads the sample content written for this project (db/sample/content.ts). Idempotent: each sample
// article has a stable guid, so a second run finds every row already there and changes nothing.
// In lib/ rather than db/: it runs the analysis and the related lists, which db/ knows nothing of.

import { type Db, transaction } from "@/db";
import { type UpsertResult, upsertSource } from "@/db/queries/article-store";
import { sampleArticles, sampleSources } from "@/db/sample/content";
import { SAMPLE_IMAGE_CREDIT, SAMPLE_IMAGE_PREFIX, SAMPLE_IMAGES } from "@/db/sample/images";
import { upsertArticle } from "@/lib/articles/article-row";
import { analyzeIngested } from "@/lib/nlp/store";
import { refreshRelated } from "@/lib/related/store";

export type SeedResult = { new: number; updated: number; unchanged: number };

export async function seedSampleContent(db: Db, now = new Date()): Promise<SeedResult> {
  const result: SeedResult = { new: 0, updated: 0, unchanged: 0 };
  const changed: number[] = [];
  const written: {
    results: UpsertResult[];
    items: { title: string; body: string; publishedAt: Date; tags: string[] }[];
  } = {
    results: [],
    items: [],
  };
  await transaction(db, async (tx) => {
    const sourceIds = new Map<string, number>();
    for (const s of sampleSources) {
      sourceIds.set(
        s.slug,
        await upsertSource(tx, {
          slug: s.slug,
          name: s.name,
          homepage: s.homepage,
          feedUrl: s.feedUrl,
          attribution: s.attribution,
          enabled: false,
        }),
      );
    }
    for (const a of sampleArticles) {
      const sourceId = sourceIds.get(a.source);
      if (sourceId === undefined) throw new Error(`Sample article ${a.slug} names unknown source ${a.source}`);
      // Relative to load time, so a fresh demo reads like a live front page.
      const publishedAt = new Date(now.getTime() - a.minutesAgo * 60_000);
      // A few stories carry a generated picture, shown through the same /images endpoint as feed images.
      const image = SAMPLE_IMAGES[a.slug];
      const r = await upsertArticle(
        tx,
        {
          sourceId,
          guid: `sample:${a.slug}`,
          url: null,
          title: a.title,
          author: a.author,
          excerpt: a.excerpt,
          body: a.body,
          ...(image
            ? {
                imageUrl: `${SAMPLE_IMAGE_PREFIX}${image.file}`,
                imageWidth: image.width,
                imageHeight: image.height,
                imageAlt: image.alt,
                imageCredit: SAMPLE_IMAGE_CREDIT,
              }
            : {}),
          publishedAt,
          tags: a.tags,
        },
        now,
      );
      written.results.push(r);
      written.items.push({ title: a.title, body: a.body, publishedAt, tags: a.tags });
      result[r.status] += 1;
      if (r.status !== "unchanged") changed.push(r.id);
    }
  });
  // As ingest does after its write: analysis first (its hashtags feed relatedness), then related lists.
  await analyzeIngested(db, written.results, written.items, now);
  await transaction(db, (tx) => refreshRelated(tx, { articleIds: changed }));
  return result;
}
