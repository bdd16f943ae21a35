import { listArticlesForFeed } from "@/db/queries/articles";
import { getDb } from "@/lib/db";
import { buildRss, rssResponse } from "@/lib/publishing/rss";
import { SITE_DESCRIPTION, SITE_NAME } from "@/lib/site";

export const dynamic = "force-dynamic";

export async function GET() {
  const items = await listArticlesForFeed(getDb(), { limit: 50 });
  return rssResponse(
    buildRss({ title: `${SITE_NAME}: latest stories`, description: SITE_DESCRIPTION, path: "/feed.xml", items }),
  );
}
