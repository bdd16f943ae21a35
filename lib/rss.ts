import { absoluteUrl, SITE_NAME } from "./site";

export type FeedItem = {
  slug: string;
  title: string;
  excerpt: string;
  author: string | null;
  publishedAt: Date;
  sourceName: string;
};

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
        `      <description>${escapeXml(i.excerpt)}</description>`,
        i.author ? `      <dc:creator>${escapeXml(i.author)}</dc:creator>` : "",
        `      <source url="${escapeXml(channelLink)}">${escapeXml(i.sourceName)}</source>`,
        "    </item>",
      ]
        .filter(Boolean)
        .join("\n");
    })
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${escapeXml(title)}</title>
    <link>${escapeXml(channelLink)}</link>
    <description>${escapeXml(description)}</description>
    <language>en</language>
    <generator>${SITE_NAME}</generator>
    <atom:link href="${escapeXml(absoluteUrl(path))}" rel="self" type="application/rss+xml"/>
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
