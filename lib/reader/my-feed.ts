import type { Db } from "@/db";
import { getReaderChoices, userIdForFeedTokenHash } from "@/db/queries/follows";
import { listFollowedArticles } from "@/db/queries/my-feed";
import type { FeedItem } from "@/lib/publishing/rss";
import { FEED_TOKEN_PATTERN, hashFeedToken, myFeedPath } from "./feed-token";
import { mutesOf, visiblePage } from "./lists";

/** How many stories the My feed RSS carries, as the site's own feeds do. */
export const MY_FEED_ITEMS = 50;

/**
 * The stories of a My feed RSS request, or null when the token is malformed, unknown or revoked. `file`
 * is the last path segment, `<token>.xml`. The same list as /my: followed tags and outlets, less mutes.
 */
export async function loadMyFeed(db: Db, file: string): Promise<{ path: string; items: FeedItem[] } | null> {
  const token = file.endsWith(".xml") ? file.slice(0, -4) : null;
  if (!token || !FEED_TOKEN_PATTERN.test(token)) return null;
  const userId = await userIdForFeedTokenHash(db, { tokenHash: hashFeedToken(token) });
  if (userId === null) return null;
  const mutes = mutesOf(await getReaderChoices(db, { userId }));
  const page = await visiblePage({
    fetchPage: (at, limit) => listFollowedArticles(db, { userId, cursor: at, limit }),
    mutes,
    cursor: null,
    limit: MY_FEED_ITEMS,
  });
  return {
    path: myFeedPath(token),
    items: page.items.map((c) => ({
      slug: c.slug,
      title: c.title,
      excerpt: c.excerpt,
      author: null,
      publishedAt: c.publishedAt,
      sourceName: c.source.name,
      revisedAt: c.revisedAt ?? null,
    })),
  };
}
