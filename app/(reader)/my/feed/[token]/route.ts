import { getDb } from "@/lib/db";
import { buildRss } from "@/lib/publishing/rss";
import { loadMyFeed } from "@/lib/reader/my-feed";
import { SITE_NAME } from "@/lib/site";

export const dynamic = "force-dynamic";

/**
 * My feed as RSS at its secret address, for feed readers (no cookies). The token is the credential:
 * an unknown or revoked one is a 404 like any missing page, and the answer is never stored by the page
 * cache (its path is not a cached one) nor by any other cache (no-store, private).
 */
export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token: file } = await params;
  const feed = await loadMyFeed(getDb(), file);
  const headers = {
    "cache-control": "private, no-store",
    "x-robots-tag": "noindex",
    // The address is a secret: never sent on as a Referer.
    "referrer-policy": "no-referrer",
  };
  if (!feed) return new Response("Not found", { status: 404, headers: { ...headers, "content-type": "text/plain" } });
  const xml = buildRss({
    title: `${SITE_NAME}: my feed`,
    description: "Stories from the tags and outlets you follow.",
    path: feed.path,
    link: "/my",
    items: feed.items,
  });
  return new Response(xml, { headers: { ...headers, "content-type": "application/rss+xml; charset=utf-8" } });
}
