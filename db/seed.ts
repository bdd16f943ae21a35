// Loads the sample content written for this project (db/sample/content.ts). Idempotent: each sample
// article has a stable guid, so a second run finds every row already there and changes nothing.

import { analyzeIngested } from "@/lib/nlp/store";
import type { Db } from "./index";
import { type UpsertResult, upsertArticle, upsertSource } from "./queries/article-store";
import { refreshRelated } from "./queries/related-store";
import { sampleArticles, sampleSources } from "./sample/content";
import { SAMPLE_IMAGE_CREDIT, SAMPLE_IMAGE_PREFIX, SAMPLE_IMAGES } from "./sample/images";

export type SeedResult = { new: number; updated: number; unchanged: number };

export function seedSampleContent(db: Db, now = new Date()): SeedResult {
  const result: SeedResult = { new: 0, updated: 0, unchanged: 0 };
  const changed: number[] = [];
  const written: {
    results: UpsertResult[];
    items: { title: string; body: string; publishedAt: Date; tags: string[] }[];
  } = {
    results: [],
    items: [],
  };
  db.transaction((tx) => {
    const txDb = tx as unknown as Db;
    const sourceIds = new Map<string, number>();
    for (const s of sampleSources) {
      sourceIds.set(
        s.slug,
        upsertSource(txDb, {
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
      const r = upsertArticle(
        txDb,
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
  analyzeIngested(db, written.results, written.items, now);
  db.transaction(() => refreshRelated(db, { articleIds: changed }));
  return result;
}
