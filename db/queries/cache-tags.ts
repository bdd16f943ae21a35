import { inArray, sql } from "drizzle-orm";
import type { Db } from "../index";
import { cacheTags } from "../schema";

/** Marks every page carrying one of these tags as stale, in every process. Call inside the write's transaction. */
export function bumpCacheTags(db: Db, tags: readonly string[]) {
  const unique = [...new Set(tags)];
  if (unique.length === 0) return;
  db.insert(cacheTags)
    .values(unique.map((tag) => ({ tag, version: 1 })))
    .onConflictDoUpdate({ target: cacheTags.tag, set: { version: sql`${cacheTags.version} + 1` } })
    .run();
}

/** Current versions of these tags (0 for a tag never bumped). */
export function cacheTagVersions(db: Db, tags: readonly string[]): Map<string, number> {
  const out = new Map<string, number>(tags.map((t) => [t, 0]));
  if (tags.length === 0) return out;
  for (const r of db
    .select()
    .from(cacheTags)
    .where(inArray(cacheTags.tag, [...tags]))
    .all())
    out.set(r.tag, r.version);
  return out;
}

/** The cache tag of an article's page. */
export function articlePageTag(db: Db, articleId: number): string[] {
  const row = db.$client.prepare("select slug from articles where id = ?").get(articleId) as
    | { slug: string }
    | undefined;
  return row ? [`article:${row.slug}`] : [];
}
