// No "server-only": the related engine (ingest, a command-line process) walks clusters with it too.
import { and, asc, countDistinct, eq, inArray, or } from "drizzle-orm";
import type { Db } from "../index";
import { articleRelated, articles, sources } from "../schema";

// The same-story cluster of an article, as the related engine decides "same story": a stored related
// row with same_story set (another outlet, content cosine >= SAME_STORY_SIMILARITY, lib/related.ts).
// Lists are one-way and fold near-identical copies into one entry (a wire story's copy appears in
// the original's list, not in a third outlet's), so the cluster is everything reachable over those
// rows in either direction: the connected component.

/** A bound on the work and on the page: a cluster this big has chained across several stories. */
export const MAX_STORY_MEMBERS = 40;

/** The same-story rows that touch any of `ids`, in either direction, as (article, related) pairs. */
function sameStoryRowsTouching(db: Db, ids: number[]) {
  return db
    .select({ a: articleRelated.articleId, b: articleRelated.relatedId })
    .from(articleRelated)
    .where(
      and(
        eq(articleRelated.sameStory, true),
        or(inArray(articleRelated.articleId, ids), inArray(articleRelated.relatedId, ids)),
      ),
    );
}

/** Ids of the articles in this article's same-story cluster, itself included, ascending. */
export async function sameStoryCluster(db: Db, { articleId }: { articleId: number }): Promise<number[]> {
  const members = new Set<number>([articleId]);
  let frontier = [articleId];
  while (frontier.length > 0 && members.size < MAX_STORY_MEMBERS) {
    const rows = await sameStoryRowsTouching(db, frontier).orderBy(
      asc(articleRelated.articleId),
      asc(articleRelated.rank),
    );
    const next: number[] = [];
    for (const { a, b } of rows) {
      for (const id of [a, b]) {
        if (members.has(id) || members.size >= MAX_STORY_MEMBERS) continue;
        members.add(id);
        next.push(id);
      }
    }
    frontier = next;
  }
  return [...members].sort((x, y) => x - y);
}

/**
 * Which of these articles have a same-story row in either direction: those whose cluster is more than
 * themselves. One query, so that a caller walks only those (most articles stand alone).
 */
export async function sameStoryLinked(db: Db, { articleIds }: { articleIds: readonly number[] }): Promise<Set<number>> {
  const linked = new Set<number>();
  if (articleIds.length === 0) return linked;
  const wanted = [...new Set(articleIds)];
  // SQLite caps bound parameters per statement; 500 at a time stays well under every build's limit.
  for (let i = 0; i < wanted.length; i += 500) {
    const part = wanted.slice(i, i + 500);
    const rows = await sameStoryRowsTouching(db, part);
    const inPart = new Set(part);
    for (const { a, b } of rows) {
      if (inPart.has(a)) linked.add(a);
      if (inPart.has(b)) linked.add(b);
    }
  }
  return linked;
}

/** How many outlets the articles come from. */
export async function countOutlets(db: Db, { articleIds }: { articleIds: number[] }): Promise<number> {
  if (articleIds.length === 0) return 0;
  const row = (
    await db
      .select({ n: countDistinct(articles.sourceId) })
      .from(articles)
      .where(inArray(articles.id, articleIds))
  )[0];
  return row?.n ?? 0;
}

/** The articles of a cluster with their outlets and text, oldest first. */
export async function listStoryMembers(db: Db, { articleIds }: { articleIds: number[] }) {
  if (articleIds.length === 0) return [];
  return await db
    .select({
      id: articles.id,
      slug: articles.slug,
      title: articles.title,
      excerpt: articles.excerpt,
      body: articles.body,
      author: articles.author,
      publishedAt: articles.publishedAt,
      sourceId: articles.sourceId,
      sourceSlug: sources.slug,
      sourceName: sources.name,
    })
    .from(articles)
    .innerJoin(sources, eq(sources.id, articles.sourceId))
    .where(inArray(articles.id, articleIds))
    .orderBy(asc(articles.publishedAt), asc(articles.id));
}
