import type { IncomingHttpHeaders } from "node:http";
// The parser behind Next's cookies(): the key must read cookies exactly as it does.
import { RequestCookies } from "next/dist/compiled/@edge-runtime/cookies";
import { describe, expect, it } from "vitest";
import { cacheKeyFor, readCookiesAsNext, seenAsHttps } from "./cache-key";

const key = (path: string, headers: IncomingHttpHeaders = {}, method = "GET") =>
  cacheKeyFor(method, new URL(path, "http://local"), headers);
const article = "/articles/a-story";

describe("the page cache key", () => {
  it("reads comment_order as Next's cookies() does: the last one, decoded", () => {
    const plain = key(article)?.key;
    const newest = key(article, { cookie: "comment_order=newest" })?.key;
    expect(newest).not.toBe(plain);
    // Issue 16: each of these renders newest first, so none may share the default key.
    for (const cookie of [
      "comment_order=oldest; comment_order=newest",
      "comment_order=%6eewest",
      "comment_order=oldest;comment_order=newest",
      "comment_order=oldest; comment_order=%6E%65%77%65%73%74",
      "comment_order=oldest; comment_order=bad%; comment_order=newest",
    ]) {
      expect(key(article, { cookie })?.key, cookie).toBe(newest);
    }
    // And each of these renders oldest first, as the default does.
    for (const cookie of [
      "comment_order=newest; comment_order=oldest",
      "comment_order=newest; comment_order=sideways",
      "comment_order =newest",
      "comment_order=newest%",
      "xcomment_order=newest",
    ]) {
      expect(key(article, { cookie })?.key, cookie).toBe(plain);
    }
  });

  it("agrees with Next's own cookie parser on awkward headers", () => {
    for (const header of [
      "a=1; a=2",
      "comment_order=%6eewest",
      "comment_order=oldest;  comment_order=newest",
      "comment_order=x%; comment_order=newest; comment_order=%zz",
      "flag; comment_order=newest; =odd; a==b",
      " comment_order=newest",
      "comment_order=newest ;a=1",
      "comment_order=newest\u00a0",
      "\tcomment_order=newest\t",
    ]) {
      const next = new RequestCookies(new Headers({ cookie: header }));
      const ours = readCookiesAsNext(header);
      expect(ours.get("comment_order"), header).toBe(next.get("comment_order")?.value);
      expect(Object.fromEntries(ours), header).toEqual(Object.fromEntries(next.getAll().map((c) => [c.name, c.value])));
    }
  });

  it("keys the protocol as Next and the proxy see it", () => {
    expect(seenAsHttps({ "x-forwarded-proto": "https" })).toBe(true);
    // Next's request URL is https when the header merely contains "https"; the proxy then adds HSTS.
    expect(seenAsHttps({ "x-forwarded-proto": "http, https" })).toBe(true);
    expect(seenAsHttps({ "x-forwarded-proto": "https,http" })).toBe(true);
    expect(seenAsHttps({ "x-forwarded-proto": "http" })).toBe(false);
    expect(key(article, { "x-forwarded-proto": "http, https" })?.key).toBe(
      key(article, { "x-forwarded-proto": "https" })?.key,
    );
    expect(key(article, { "x-forwarded-proto": "https" })?.key).not.toBe(key(article)?.key);
  });

  it("keys an RSC payload on every router header and the whole query, apart from documents", () => {
    const prefetch = {
      rsc: "1",
      "next-router-prefetch": "1",
      "next-router-segment-prefetch": "/_tree",
      "next-url": "/articles/other",
    };
    const doc = key(`${article}?_rsc=abc`);
    const payload = key(`${article}?_rsc=abc`, prefetch);
    expect(doc?.kind).toBe("document");
    expect(payload?.kind).toBe("rsc");
    expect(payload?.key).not.toBe(doc?.key);
    expect(payload?.tags).toEqual(doc?.tags);
    for (const [name, value] of [
      ["next-router-prefetch", "2"],
      ["next-router-segment-prefetch", "/_full"],
      ["next-url", "/"],
      ["next-router-state-tree", "%5B%22%22%5D"],
    ] as const) {
      expect(key(`${article}?_rsc=abc`, { ...prefetch, [name]: value })?.key, name).not.toBe(payload?.key);
    }
    const { "next-router-segment-prefetch": _, ...full } = prefetch;
    expect(key(`${article}?_rsc=abc`, full)?.key).not.toBe(payload?.key);
    expect(key(`${article}?_rsc=abd`, prefetch)?.key).not.toBe(payload?.key);
    // A query cannot imitate the headers: they are length-prefixed and the path comes last.
    expect(key(`${article}?_rsc=abc|1:1`, { rsc: "1" })?.key).not.toBe(key(`${article}?_rsc=abc`, { rsc: "1" })?.key);
  });

  it("keeps crawlers' renders apart from browsers'", () => {
    const chrome =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";
    const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
    expect(key(article, { "user-agent": chrome })?.key).toBe(key(article, { "user-agent": firefox })?.key);
    expect(key(article, { "user-agent": "Twitterbot/1.0" })?.key).not.toBe(key(article, { "user-agent": chrome })?.key);
    expect(key(article, { "user-agent": "Googlebot/2.1" })?.key).not.toBe(key(article, { "user-agent": chrome })?.key);
  });

  it("shares the site icon, and nothing else outside the pages", () => {
    const icon = key("/icon.svg?icon.abc.svg", { cookie: "authjs.session-token=abc" });
    expect(icon?.kind).toBe("icon");
    expect(icon?.withoutSession).toBe(true);
    expect(icon?.key).toBe(key("/icon.svg?icon.abc.svg")?.key);
    expect(key("/icon.svg", { rsc: "1" })).toBeNull();
    expect(key("/favicon.ico")).toBeNull();
    expect(key("/feed.xml")).toBeNull();
  });

  it("leaves alone what it cannot key", () => {
    expect(key(article, {}, "POST")).toBeNull();
    expect(key("/account")).toBeNull();
    expect(key(article, { "next-action": "abc" })).toBeNull();
    expect(key(article, { "next-hmr-refresh": "1" })).toBeNull();
    expect(key(article, { "x-middleware-prefetch": "1" })).toBeNull();
    expect(key(article, { rsc: "true" })).toBeNull();
  });

  it("never shares a signed-in render: without the islands cookie no key; with it the shell or the shared payload", () => {
    const session = "authjs.session-token=abc";
    expect(key(article, { cookie: session })).toBeNull();
    expect(key(article, { cookie: `${session}; tidings_js=1` })?.mode).toBe("shell");
    const navigation = { rsc: "1", "next-router-state-tree": "%5B%22%22%2C%7B%7D%5D", "next-url": "/" };
    // A signed-in reader's navigation payload is the anonymous one (the server checks who may share it),
    // filed under the anonymous key so it serves and fills the same copy.
    const signedInNavigation = key(article, { cookie: `${session}; tidings_js=1`, ...navigation });
    expect(signedInNavigation?.mode).toBe("shell");
    expect(signedInNavigation?.kind).toBe("rsc");
    expect(signedInNavigation?.key).toBe(key(article, navigation)?.key);
    expect(key(article, { cookie: session, ...navigation, "next-router-prefetch": "1" })).toBeNull();
    expect(key(article, { cookie: ` authjs.session-token.0=abc`, rsc: "1" })).toBeNull();
    // Payloads that re-render the root layout (the account menu) stay the reader's own: no state tree
    // (a server action's redirect, e.g. right after signing in), a refetch from the root, a bad tree.
    const islands = `${session}; tidings_js=1`;
    expect(key(article, { cookie: islands, rsc: "1" })).toBeNull();
    for (const tree of [
      ["", {}, null, "refetch"],
      ["", {}, null, "refresh"],
      ["(auth)", {}],
    ])
      expect(
        key(article, { cookie: islands, rsc: "1", "next-router-state-tree": encodeURIComponent(JSON.stringify(tree)) }),
      ).toBeNull();
    expect(key(article, { cookie: islands, rsc: "1", "next-router-state-tree": "%E0%A4%A" })).toBeNull();
    expect(key(article, { cookie: islands, rsc: "1", "next-router-state-tree": "not json" })).toBeNull();
    // Without a session, the same requests are everyone's.
    expect(key(article, { rsc: "1" })?.mode).toBe("anonymous");
    expect(key(article, { cookie: "tidings_js=1" })?.mode).toBe("anonymous");
    // Prefetches that carry no segment data (the route tree; the head alone) are the anonymous copy.
    for (const prefetch of [
      { rsc: "1", "next-router-prefetch": "1", "next-router-segment-prefetch": "/_tree", "next-url": "/" },
      {
        rsc: "1",
        "next-router-prefetch": "1",
        "next-router-state-tree": "%5B%22%22%2C%7B%7D%2Cnull%2C%22metadata-only%22%5D",
        "next-url": "/",
      },
    ]) {
      const shared = key(`${article}?_rsc=x`, { cookie: session, ...prefetch });
      expect(shared?.mode).toBe("anonymous");
      expect(shared?.withoutSession).toBe(true);
      expect(shared?.key).toBe(key(`${article}?_rsc=x`, prefetch)?.key);
      expect(key(`${article}?_rsc=x`, prefetch)?.withoutSession).toBe(false);
      // The same prefetch asking for a page segment is the reader's own.
      expect(
        key(`${article}?_rsc=x`, { cookie: session, ...prefetch, "next-router-segment-prefetch": "/__PAGE__" }),
      ).toBeNull();
      expect(
        key(`${article}?_rsc=x`, {
          cookie: `${session}; tidings_js=1`,
          ...prefetch,
          "next-router-segment-prefetch": "/__PAGE__",
        }),
      ).toBeNull();
    }
    // The islands cookie says how to serve, not what is rendered: the anonymous copy is the same.
    expect(key(article, { cookie: "tidings_js=1" })?.key).toBe(key(article)?.key);
  });

  it("files an article's comment page and permalink under their own keys, in one spelling only", () => {
    const plain = key(article)?.key;
    const distinct = [
      plain,
      key(`${article}?comment=5`)?.key,
      key(`${article}?comment=6`)?.key,
      key(`${article}?comment=gone`)?.key,
      key(`${article}?cpage=2`)?.key,
      key(`${article}?cpage=3`)?.key,
      key(`${article}?comment=5&_rsc=abc`, { rsc: "1" })?.key,
    ];
    expect(distinct.every((k) => typeof k === "string")).toBe(true);
    expect(new Set(distinct).size).toBe(distinct.length);
    // Every other spelling gets no key: Next renders it (the page redirects it), nothing is stored.
    for (const q of [
      "comment=05",
      "comment=0",
      "comment=-1",
      "comment=abc",
      "comment=",
      "comment=5&comment=6",
      "comment=5&cpage=2",
      "comment=1234567890123456",
      "cpage=1",
      "cpage=02",
      "cpage=2&cpage=3",
      "cpage=x",
      "cpage=1000000",
      "cpage=",
    ])
      expect(key(`${article}?${q}`), q).toBeNull();
    // Other pages do not read these parameters; their keys hold the query as before.
    expect(key("/?cpage=02")).not.toBeNull();
  });
});
