import { describe, expect, it } from "vitest";
import { buildRss, feedLastChanged } from "@/lib/publishing/rss";

const item = (publishedAt: string, revisedAt: string | null = null) => ({
  slug: "s",
  title: "t",
  excerpt: "e",
  author: null,
  publishedAt: new Date(publishedAt),
  revisedAt: revisedAt ? new Date(revisedAt) : null,
  sourceName: "Outlet",
});

describe("RSS out", () => {
  it("says when its content last changed: the latest publication or update among its items", () => {
    const items = [item("2026-11-30T10:00:00Z"), item("2026-11-29T08:00:00Z", "2026-11-30T11:30:00Z")];
    expect(feedLastChanged(items)).toEqual(new Date("2026-11-30T11:30:00Z"));
    const xml = buildRss({ title: "T", description: "D", path: "/feed.xml", items });
    expect(xml).toContain("<lastBuildDate>Mon, 30 Nov 2026 11:30:00 GMT</lastBuildDate>");
    // The updated item says when; the other carries no modification date.
    expect(xml.match(/<dcterms:modified>/g)).toHaveLength(1);
    expect(xml).toContain("<dcterms:modified>2026-11-30T11:30:00.000Z</dcterms:modified>");
  });

  it("has no lastBuildDate when it has no items, rather than the time of the request", () => {
    expect(feedLastChanged([])).toBeNull();
    expect(buildRss({ title: "T", description: "D", path: "/feed.xml", items: [] })).not.toContain("lastBuildDate");
  });
});
