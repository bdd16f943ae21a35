import type { IncomingHttpHeaders } from "node:http";
// Next's own test, so the key splits exactly where Next's render does.
import { getBotType } from "next/dist/shared/lib/router/utils/is-bot.js";
import { type CacheTag, cacheTag } from "@/db/queries/cache-tags";
import { commentOrderOf, readCommentQuery } from "@/lib/comments/thread";
import { hasSessionCookie } from "../auth/session-token";
import { pageTags } from "./page-cache";
import { ISLANDS_COOKIE } from "./reader-shell";

/**
 * What a cached response is filed under. The rule: everything a render reads is in `key`, or the
 * request gets no key at all (Next renders it, nothing is stored). A render reads the path and query,
 * the `comment_order` cookie (article pages), whether the request came over HTTPS (proxy.ts adds HSTS
 * and `upgrade-insecure-requests`), which kind of crawler the User-Agent names, the session (never
 * shared: see `mode`), and for React Server Component payloads the router headers Next varies them on.
 *
 * "anonymous": serve and fill the shared copy. "shell": a signed-in reader whose browser runs our
 * islands gets the shared document plus their own state beside it, and the shared RSC payload for a
 * client navigation below the root layout (rendersBelowRootLayout; the islands then ask
 * READER_STATE_PATH for the state of what it shows). The server still renders the page for the reader when it is theirs alone (a moderator's, a
 * muting reader's list). A signed-in reader without JavaScript gets no key: Next renders them whole.
 * See ./README.md.
 */
export type CacheKey = {
  key: string;
  tags: CacheTag[];
  https: boolean;
  mode: "anonymous" | "shell";
  kind: "document" | "rsc" | "icon";
  /**
   * A signed-in reader's prefetch that carries no segment data: it shares the anonymous copy, and on a
   * miss it is rendered without the session cookies, so what is stored is the anonymous render.
   */
  withoutSession: boolean;
};

/** Next-Router-State-Tree of a `<Link>` prefetch that asks only for the head (title, meta tags). */
const METADATA_ONLY_TREE = encodeURIComponent(JSON.stringify(["", {}, null, "metadata-only"]));

/**
 * The two prefetches `<Link>` sends for a dynamic route without a loading boundary (what Chromium
 * sent for an article view, recorded with Playwright): the route tree (segment prefetch "/_tree") and
 * the head alone (state tree "metadata-only"). Neither holds a layout's or a page's output, so nothing
 * a page renders for its reader; e2e/rsc-cache.spec.ts checks that a signed-in reader's fresh render
 * of each equals the shared copy. Every other RSC request of a signed-in reader is rendered whole.
 */
function asksForNoSegmentData(headers: IncomingHttpHeaders): boolean {
  if (headers["next-router-prefetch"] !== "1") return false;
  const segment = headers["next-router-segment-prefetch"];
  const tree = headers["next-router-state-tree"];
  if (segment === "/_tree") return tree === undefined;
  return segment === undefined && tree === METADATA_ONLY_TREE;
}

/**
 * A client navigation whose payload starts below the root layout: Next renders only the segments that
 * differ from the state tree the browser sent, and the root layout (the header's account menu) is the
 * one the document brought. Such a payload holds only what a page renders for everyone, so a signed-in
 * reader shares the anonymous one and their islands fetch their state after it. A request without a
 * state tree (the RSC fetch behind a server action's redirect, e.g. after signing in), or one asking
 * for the whole tree again (router.refresh(): "refetch"/"refresh" at the root), re-renders the root
 * layout for the reader: those stay theirs. So do prefetches other than asksForNoSegmentData's.
 */
function rendersBelowRootLayout(headers: IncomingHttpHeaders): boolean {
  if (headers["next-router-prefetch"] !== undefined || headers["next-router-segment-prefetch"] !== undefined)
    return false;
  const raw = headers["next-router-state-tree"];
  if (typeof raw !== "string" || raw === "") return false;
  try {
    const tree = JSON.parse(decodeURIComponent(raw)) as unknown;
    return Array.isArray(tree) && tree[0] === "" && tree[3] !== "refetch" && tree[3] !== "refresh";
  } catch {
    return false;
  }
}

/**
 * The request headers Next varies an RSC payload on (base-server.js `setVaryHeader`: RSC,
 * Next-Router-State-Tree, Next-Router-Prefetch, Next-Router-Segment-Prefetch, and Next-Url for
 * interception routes). Next also checks the `_rsc` query value against a hash of the last four and
 * answers 307 on a mismatch, so a payload's key holds the headers themselves and the whole query.
 */
export const RSC_KEY_HEADERS = [
  "rsc",
  "next-router-prefetch",
  "next-router-segment-prefetch",
  "next-router-state-tree",
  "next-url",
] as const;
const RSC_KEY_HEADER_SET = new Set<string>(RSC_KEY_HEADERS);

/**
 * A header Next acts on that the key does not hold (a server action id, an HMR refresh, a test or
 * middleware switch): such a request is never served from or stored into the cache.
 */
function isUnkeyedNextHeader(name: string): boolean {
  return (
    (name.startsWith("next-") || name.startsWith("x-nextjs-") || name.startsWith("x-middleware-")) &&
    !RSC_KEY_HEADER_SET.has(name)
  );
}

/**
 * A cookie header read the way Next's `cookies()` reads it (@edge-runtime/cookies `parseCookie`):
 * pairs split on "; *", names untrimmed, values percent-decoded, a value that does not decode skipped,
 * and the LAST pair of a name wins. The key must see exactly what the render sees: reading the first
 * `comment_order`, or its raw text, let `comment_order=oldest; comment_order=newest` file a newest-first
 * render under the default key (issue 16).
 */
export function readCookiesAsNext(header: string): Map<string, string> {
  const map = new Map<string, string>();
  // The header as Next holds it: a Headers object strips HTTP whitespace (only) from both ends.
  for (const pair of header.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "").split(/; */)) {
    if (!pair) continue;
    const at = pair.indexOf("=");
    if (at === -1) {
      map.set(pair, "true");
      continue;
    }
    try {
      map.set(pair.slice(0, at), decodeURIComponent(pair.slice(at + 1)));
    } catch {
      // Next skips a value that does not decode (keeping any earlier pair of that name); so do we.
    }
  }
  return map;
}

/**
 * Whether Next sees this request as HTTPS: its request URL's protocol is https when
 * X-Forwarded-Proto *contains* "https" (next-server.js `attachRequestMeta`), and proxy.ts also takes
 * the list's first entry. Both are true exactly when the value contains "https".
 */
export function seenAsHttps(headers: IncomingHttpHeaders): boolean {
  const value = headers["x-forwarded-proto"];
  return (Array.isArray(value) ? value.join(",") : (value ?? "")).includes("https");
}

// User-Agent strings repeat: their crawler class is worked out once (Next's test is a long regex).
const botTypes = new Map<string, string>();
function botTypeOf(userAgent: string): string {
  let t = botTypes.get(userAgent);
  if (t === undefined) {
    t = getBotType(userAgent) ?? "browser";
    if (botTypes.size >= 1_000) botTypes.clear();
    botTypes.set(userAgent, t);
  }
  return t;
}

/**
 * The site icon (app/icon.svg), which every page links to and browsers ask for on every view (Next
 * sends it with `max-age=0, must-revalidate`): the same bytes for everyone, whatever the request.
 */
const ICON_PATH = "/icon.svg";

export function cacheKeyFor(method: string | undefined, url: URL, headers: IncomingHttpHeaders): CacheKey | null {
  if (method !== "GET" && method !== "HEAD") return null;
  for (const name of Object.keys(headers)) if (isUnkeyedNextHeader(name)) return null;
  if (url.pathname === ICON_PATH && headers.rsc === undefined) {
    const withoutSession = hasSessionCookie(headers.cookie ?? "");
    const key = `icon|${seenAsHttps(headers) ? "https" : "http"}|${url.pathname}${url.search}`;
    return { key, tags: [cacheTag.all], https: seenAsHttps(headers), mode: "anonymous", kind: "icon", withoutSession };
  }
  const tags = pageTags(url.pathname);
  if (!tags) return null;
  // An article's comment page and permalink are in the query, so in the key. Only their one canonical
  // spelling is stored (`?cpage=02`, `?comment=5&comment=6` get none): the page redirects the rest,
  // and it redirects a well-formed id that resolves to nothing, so stored variants stay bounded by the
  // comments and pages that exist.
  if (url.pathname.startsWith("/articles/") && readCommentQuery((n) => url.searchParams.getAll(n)).kind === "invalid")
    return null;
  const cookie = headers.cookie ?? "";
  const cookies = readCookiesAsNext(cookie);
  const signedIn = hasSessionCookie(cookie);
  // Next treats a request as RSC when its RSC header is "1"; an `_rsc` query without it is a
  // document request, whose key still holds the whole query.
  const rsc = headers.rsc !== undefined;
  if (rsc && headers.rsc !== "1") return null;
  const sharedPrefetch = rsc && asksForNoSegmentData(headers);
  // Without the islands the shared copy would show a signed-in reader signed out: Next renders it whole.
  if (signedIn && !sharedPrefetch && (cookies.get(ISLANDS_COOKIE) !== "1" || (rsc && !rendersBelowRootLayout(headers))))
    return null;
  const https = seenAsHttps(headers);
  const parts: string[] = [
    rsc ? "rsc" : "doc",
    https ? "https" : "http",
    commentOrderOf(cookies.get("comment_order")),
    // Next renders differently for crawlers it knows: metadata in the head for HTML-limited bots
    // (HeadlessChrome among them), streamed for browsers (base-server.js `botType`).
    botTypeOf(String(headers["user-agent"] ?? "")),
  ];
  if (rsc)
    for (const name of RSC_KEY_HEADERS) {
      const v = headers[name];
      // Length-prefixed, so no header value can imitate a boundary; the path and query come last.
      parts.push(v === undefined ? "-" : `${String(v).length}:${String(v)}`);
    }
  parts.push(`${url.pathname}${url.search}`);
  return {
    key: parts.join("|"),
    tags,
    https,
    mode: signedIn && !sharedPrefetch ? "shell" : "anonymous",
    kind: rsc ? "rsc" : "document",
    withoutSession: signedIn && sharedPrefetch,
  };
}
