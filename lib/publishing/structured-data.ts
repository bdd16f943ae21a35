import { shareImagePath } from "@/lib/images/image-urls";
import { absoluteUrl, SITE_NAME } from "@/lib/site";

type JsonLdArticle = {
  id: number;
  slug: string;
  title: string;
  excerpt: string;
  author: string | null;
  imageUrl: string | null;
  publishedAt: Date;
  updatedAt: Date;
  source: { name: string; homepage: string | null };
  tags: { name: string }[];
};

/** schema.org NewsArticle for an article page, serialised safely for a <script> element. */
export function newsArticleJsonLd(a: JsonLdArticle): string {
  const data = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: a.title.slice(0, 110),
    description: a.excerpt,
    datePublished: a.publishedAt.toISOString(),
    dateModified: a.updatedAt.toISOString(),
    mainEntityOfPage: absoluteUrl(`/articles/${a.slug}`),
    url: absoluteUrl(`/articles/${a.slug}`),
    image: a.imageUrl ? [absoluteUrl(shareImagePath(a.id, a.imageUrl))] : undefined,
    author: a.author ? [{ "@type": "Person", name: a.author }] : [{ "@type": "Organization", name: a.source.name }],
    publisher: { "@type": "Organization", name: a.source.name, url: a.source.homepage ?? undefined },
    keywords: a.tags.map((t) => t.name).join(", "),
    isPartOf: { "@type": "WebSite", name: SITE_NAME },
  };
  return JSON.stringify(data)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
