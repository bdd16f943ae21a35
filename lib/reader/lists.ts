import type { ArticleCard, ArticlePage } from "@/db/queries/articles";
import type { ReaderChoices } from "@/db/queries/follows";
import type { Cursor } from "@/lib/articles/cursor";
import { hasMutes, type Mutes, NO_MUTES, withoutMuted } from "./mutes";

/** A reader's mutes as the matcher wants them (slugs in sets, words as stored). */
export function mutesOf(choices: ReaderChoices | null): Mutes {
  if (!choices) return NO_MUTES;
  return {
    words: choices.mutedWords,
    tagSlugs: new Set(choices.mutedTags.map((t) => t.slug)),
    sourceSlugs: new Set(choices.mutedSources.map((s) => s.slug)),
  };
}

export type FetchPage = (cursor: Cursor | null, limit: number) => Promise<ArticlePage> | ArticlePage;

/** How many stories one page may look through for its visible ones, so a mute that hides nearly everything stays cheap. */
export const MAX_SCANNED = 500;
const BATCH = 50;

/**
 * One page of a newest-first list without the reader's muted stories, still `limit` long where the list
 * has that many. Reads the list in batches through the same keyset query as everyone else's page, so
 * the cursor it hands on works like theirs ("older than this story"). It stops after MAX_SCANNED
 * stories: the page is then shorter and "Older stories" carries on from the last story looked at.
 */
export async function visiblePage({
  fetchPage,
  mutes,
  cursor,
  limit,
}: {
  fetchPage: FetchPage;
  mutes: Mutes;
  cursor: Cursor | null;
  limit: number;
}): Promise<ArticlePage & { hidden: number }> {
  if (!hasMutes(mutes)) return { ...(await fetchPage(cursor, limit)), hidden: 0 };
  const shown: ArticleCard[] = [];
  let hidden = 0;
  let at = cursor;
  let scanned = 0;
  const cursorOf = (c: ArticleCard): Cursor => ({ publishedAt: c.publishedAt.getTime(), id: c.id });
  for (;;) {
    const batch = await fetchPage(at, BATCH);
    for (const card of batch.items) {
      const visible = withoutMuted([card], mutes).items.length > 0;
      if (shown.length === limit) {
        // A full page: there is an older page only if a visible story follows (a muted tail is no page).
        if (visible) return { items: shown, nextCursor: cursorOf(shown[limit - 1] as ArticleCard), hidden };
        continue;
      }
      if (visible) shown.push(card);
      else hidden++;
    }
    const last = batch.items[batch.items.length - 1];
    if (!batch.nextCursor || !last) return { items: shown, nextCursor: null, hidden };
    scanned += batch.items.length;
    if (scanned >= MAX_SCANNED) {
      const from = shown.length === limit ? (shown[limit - 1] as ArticleCard) : last;
      return { items: shown, nextCursor: cursorOf(from), hidden };
    }
    at = batch.nextCursor;
  }
}
