import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import type { CacheTag } from "@/db/queries/cache-tags";
import { heldBytes } from "./gzip-body";
import {
  type CachedPage,
  headersWithNonce,
  hitResponse,
  PageCache,
  pageBody,
  pageTags,
  storedPage,
} from "./page-cache";

const page = (
  body: string,
  versions: Record<string, number> = {},
  tags: CacheTag[] = ["all", "article:x"],
): CachedPage =>
  storedPage({
    status: 200,
    headers: {
      "content-security-policy": "script-src 'nonce-OLD'",
      "content-type": "text/html",
      link: '</f.woff2>; rel=preload; as="font"; nonce="OLD"',
    },
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
    const hit = cache.get("k", (t) => versions.get(t) ?? 0, 2_000);
    expect(hit && Buffer.concat(pageBody(hit, "NEW", false)).toString()).toBe("<p>hi</p>");
    versions = new Map([
      ["all", 1],
      ["article:x", 2],
    ]);
    expect(cache.get("k", (t) => versions.get(t) ?? 0, 2_000)).toBeNull();
    expect(cache.size).toBe(0);
  });
  it("expires by age, and evicts the least recently used past its byte budget", () => {
    // Each entry holds its compressed body, its numbers and its one-letter key: a budget for two.
    const one = page("x".repeat(10));
    const held = heldBytes(one.body) + 1;
    const cache = new PageCache(2 * held + 5, 1_000);
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
  it("keeps a plain copy only once a client without gzip asks, and counts it in the budget", () => {
    const text = `<p>${"the same words again and again, ".repeat(40)}</p>`;
    const one = page(text);
    // Room for both compressed, or for one with its plain copy.
    const cache = new PageCache(heldBytes(one.body) + 1 + Buffer.byteLength(text) + 10, 60_000);
    cache.set("a", one);
    cache.set("b", page(text));
    expect(cache.size).toBe(2);
    expect(one.plain).toBeNull();
    // A hit on "a" (which makes it the most recent), from a client without gzip: with its plain copy
    // there is no room for "b" as well, so the least recent entry goes.
    expect(cache.get("a", () => 0, 2_000)).toBe(one);
    const plain = cache.withPlain("a", one);
    expect(Buffer.concat(plain.plain ?? []).toString()).toBe(text);
    expect(Buffer.concat(pageBody(plain, "NEW", false)).toString()).toBe(text);
    expect(cache.get("b", () => 0, 2_000)).toBeNull();
    expect(cache.get("a", () => 0, 2_000)).toBe(one);
  });
  it("answers a hit with the stored headers, a fresh nonce and the right length, gzipped or not", () => {
    const stored = page('<script nonce="OLD">1</script><p>é</p>');
    const expected = '<script nonce="NEW">1</script><p>é</p>';
    const parse = (head: string[]) =>
      Object.fromEntries(Array.from({ length: head.length / 2 }, (_, i) => [head[2 * i], head[2 * i + 1]]));
    const plain = hitResponse(stored, "NEW", "HIT", false);
    const body = Buffer.concat(plain.chunks);
    expect(body.toString()).toBe(expected);
    expect(parse(plain.head)).toEqual({
      "content-type": "text/html",
      vary: "Accept-Encoding",
      "content-security-policy": "script-src 'nonce-NEW'",
      link: '</f.woff2>; rel=preload; as="font"; nonce="NEW"',
      "content-length": String(body.length),
      "x-page-cache": "HIT",
    });
    const gzipped = hitResponse(stored, "NEW", "HIT", true);
    const stream = Buffer.concat(gzipped.chunks);
    expect(zlib.gunzipSync(stream).toString()).toBe(expected);
    expect(parse(gzipped.head)).toMatchObject({
      "content-encoding": "gzip",
      "content-length": String(stream.length),
      vary: "Accept-Encoding",
    });
    // The stored copy is untouched for the next hit.
    expect(Buffer.concat(hitResponse(stored, "OT1", "HIT", false).chunks).toString()).toContain('nonce="OT1"');
  });
  it("adds Accept-Encoding to the Vary Next sent, and swaps the nonce in every header that has it", () => {
    const rsc = storedPage({
      status: 200,
      headers: { "content-type": "text/x-component", vary: "rsc, next-router-state-tree" },
      body: "0:[]",
      nonce: null,
      tags: ["all"],
      versions: new Map(),
      storedAt: 1_000,
      personalised: { articleIds: [], commentsArticleId: null },
    });
    expect(rsc.headers.vary).toBe("rsc, next-router-state-tree, Accept-Encoding");
    const out = headersWithNonce(page('<script nonce="OLD">1</script>'), "NEW");
    expect(out["content-security-policy"]).toBe("script-src 'nonce-NEW'");
    expect(out.link).toBe('</f.woff2>; rel=preload; as="font"; nonce="NEW"');
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
