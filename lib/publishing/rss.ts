import { absoluteUrl, SITE_NAME } from "@/lib/site";

export type FeedItem = {
  slug: string;
  title: string;
  excerpt: string;
  author: string | null;
  publishedAt: Date;
  /** When ingest last found the story changed; null for a story never updated. */
  revisedAt: Date | null;
  sourceName: string;
};

/**
 * The channel's lastBuildDate: the latest publication or update among the items it carries, so a
 * reader polling it learns when its content last changed, not when it was asked. Null for no items.
 */
export function feedLastChanged(items: readonly Pick<FeedItem, "publishedAt" | "revisedAt">[]): Date | null {
  let latest: number | null = null;
  for (const i of items) {
    const t = Math.max(i.publishedAt.getTime(), i.revisedAt?.getTime() ?? 0);
    if (latest === null || t > latest) latest = t;
  }
  return latest === null ? null : new Date(latest);
}

export function escapeXml(text: string): string {
  return (
    text
      // Characters XML 1.0 forbids outright would make the whole feed unparseable.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
  );
}

/** An RSS 2.0 document for a list of stories. */
export function buildRss({
  title,
  description,
  path,
  link,
  items,
}: {
  title: string;
  description: string;
  path: string;
  /** The page the feed stands for, when it is not the feed's own path without "/feed.xml". */
  link?: string;
  items: FeedItem[];
}): string {
  const channelLink = absoluteUrl(link ?? (path.replace(/\/feed\.xml$/, "") || "/"));
  const entries = items
    .map((i) => {
      const link = absoluteUrl(`/articles/${i.slug}`);
      return [
        "    <item>",
        `      <title>${escapeXml(i.title)}</title>`,
        `      <link>${escapeXml(link)}</link>`,
        `      <guid isPermaLink="true">${escapeXml(link)}</guid>`,
        `      <pubDate>${i.publishedAt.toUTCString()}</pubDate>`,
        i.revisedAt ? `      <dcterms:modified>${i.revisedAt.toISOString()}</dcterms:modified>` : "",
        `      <description>${escapeXml(i.excerpt)}</description>`,
        i.author ? `      <dc:creator>${escapeXml(i.author)}</dc:creator>` : "",
        `      <source url="${escapeXml(channelLink)}">${escapeXml(i.sourceName)}</source>`,
        "    </item>",
      ]
        .filter(Boolean)
        .join("\n");
    })
    .join("\n");
  const lastChanged = feedLastChanged(items);
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">
  <channel>
    <title>${escapeXml(title)}</title>
    <link>${escapeXml(channelLink)}</link>
    <description>${escapeXml(description)}</description>
    <language>en</language>
    <generator>${SITE_NAME}</generator>
${lastChanged ? `    <lastBuildDate>${lastChanged.toUTCString()}</lastBuildDate>\n` : ""}    <atom:link href="${escapeXml(absoluteUrl(path))}" rel="self" type="application/rss+xml"/>
${entries}
  </channel>
</rss>
`;
}

export function rssResponse(xml: string): Response {
  return new Response(xml, {
    headers: { "content-type": "application/rss+xml; charset=utf-8", "cache-control": "public, max-age=300" },
  });
}
