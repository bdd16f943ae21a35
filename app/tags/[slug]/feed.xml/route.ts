import { getTagBySlug, listArticlesForFeed } from "@/db/queries/articles";
import { isValidSlug } from "@/lib/articles/slug";
import { getDb } from "@/lib/db";
import { buildRss, rssResponse } from "@/lib/publishing/rss";
import { SITE_NAME } from "@/lib/site";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const tag = isValidSlug(slug) ? await getTagBySlug(getDb(), { slug }) : null;
  if (!tag) return new Response("No such tag", { status: 404, headers: { "content-type": "text/plain" } });
  const items = await listArticlesForFeed(getDb(), { tagId: tag.id, limit: 50 });
  return rssResponse(
    buildRss({
      title: `${SITE_NAME}: #${tag.name}`,
      description: `Latest news with #${tag.name}`,
      path: `/tags/${tag.slug}/feed.xml`,
      items,
    }),
  );
}
