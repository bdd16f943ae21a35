import type { MetadataRoute } from "next";
import { connection } from "next/server";
import { listArticleSlugsForSitemap } from "@/db/queries/articles";
import { getDb } from "@/lib/db";
import { absoluteUrl } from "@/lib/site";

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  // Request time, not build time: the build has no articles to list.
  await connection();
  return [
    { url: absoluteUrl("/"), changeFrequency: "always", priority: 1 },
    ...(await listArticleSlugsForSitemap(getDb())).map((a) => ({
      url: absoluteUrl(`/articles/${a.slug}`),
      lastModified: a.updatedAt,
    })),
  ];
}
