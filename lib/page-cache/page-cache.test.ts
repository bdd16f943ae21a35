import { describe, expect, it } from "vitest";
import type { CacheTag } from "@/db/queries/cache-tags";
import { type CachedPage, hitResponse, PageCache, pageTags, storedPage, withFreshNonce } from "./page-cache";

const page = (
  body: string,
  versions: Record<string, number> = {},
  tags: CacheTag[] = ["all", "article:x"],
): CachedPage =>
  storedPage({
    status: 200,
    headers: { "content-security-policy": "script-src 'nonce-OLD'", "content-type": "text/html" },
    body,
    nonce: "OLD",
    tags,
    versions: new Map(Object.entries(versions) as [CacheTag, number][]),
    storedAt: 1_000,
    personalised: { articleIds: [], commentsArticleId: null },
  });

describe("PageCache", () => {
  it("serves a page until one of its tags is bumped", () => {
    const cache = new PageCache(1_000_000, 60_000);
    let versions = new Map([
      ["all", 1],
      ["article:x", 1],
    ]);
    cache.set("k", page("<p>hi</p>", { all: 1, "article:x": 1 }));
    expect(Buffer.concat(cache.get("k", (t) => versions.get(t) ?? 0, 2_000)?.parts ?? []).toString()).toBe("<p>hi</p>");
    versions = new Map([
      ["all", 1],
      ["article:x", 2],
    ]);
    expect(cache.get("k", (t) => versions.get(t) ?? 0, 2_000)).toBeNull();
    expect(cache.size).toBe(0);
  });
  it("expires by age, and evicts the least recently used past its byte budget", () => {
    const cache = new PageCache(25, 1_000);
    const same = () => 0;
    cache.set("a", page("x".repeat(10)));
    expect(cache.get("a", same, 5_000)).toBeNull();
    cache.set("a", page("x".repeat(10)));
    cache.set("b", page("y".repeat(10)));
    cache.get("a", same, 1_500);
    cache.set("c", page("z".repeat(10)));
    expect(cache.get("b", same, 1_500)).toBeNull();
    expect(cache.get("a", same, 1_500)).not.toBeNull();
  });
  it("answers a hit with the stored headers, a fresh nonce and the right length", () => {
    const stored = page('<script nonce="OLD">1</script><p>é</p>');
    const { head, chunks } = hitResponse(stored, "NEWNEW", "HIT");
    const body = Buffer.concat(chunks);
    expect(body.toString()).toBe('<script nonce="NEWNEW">1</script><p>é</p>');
    const headers = Object.fromEntries(
      Array.from({ length: head.length / 2 }, (_, i) => [head[2 * i], head[2 * i + 1]]),
    );
    expect(headers).toEqual({
      "content-type": "text/html",
      "content-security-policy": "script-src 'nonce-NEWNEW'",
      "content-length": String(body.length),
      "x-page-cache": "HIT",
    });
    // The stored copy is untouched for the next hit.
    expect(Buffer.concat(hitResponse(stored, "OTHER1", "HIT").chunks).toString()).toContain('nonce="OTHER1"');
  });
  it("swaps the nonce in the body and the CSP header", () => {
    const out = withFreshNonce(page('<script nonce="OLD">1</script>'), "NEW");
    expect(Buffer.concat(out.chunks).toString()).toBe('<script nonce="NEW">1</script>');
    expect(out.headers["content-security-policy"]).toBe("script-src 'nonce-NEW'");
  });
  it("caches only public pages, by path", () => {
    expect(pageTags("/articles/a-story")).toEqual(["all", "article:a-story"]);
    expect(pageTags("/tags/climate")).toContain("tag:climate");
    expect(pageTags("/articles/a-story/changes")).toEqual(["all", "article:a-story"]);
    expect(pageTags("/stories/42")).toEqual(["all", "stories"]);
    for (const p of ["/account", "/saved", "/signin", "/moderation", "/api/auth/session", "/articles/../x"])
      expect(pageTags(p)).toBeNull();
  });
});
