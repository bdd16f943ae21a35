/**
 * In-memory cache of whole responses for anonymous readers, in front of Next's renderer.
 * Pure bookkeeping (no HTTP, no SQLite) so it can be unit-tested; ./cache-server.ts wires it up.
 */
import { type CacheTag, cacheTag } from "@/db/queries/cache-tags";
import { encodeBody, type GzipBody, gzipChunks, heldBytes, plainChunks, plainPieces } from "./gzip-body";

export type CachedPage = {
  status: number;
  headers: Record<string, string>;
  /**
   * The body, gzip-compressed once when stored, with a hole at every occurrence of the CSP nonce and,
   * on a document, one before `</body>` for a signed-in reader's state (./gzip-body.ts). A hit joins
   * the pieces around a fresh nonce; it never compresses or copies the page.
   */
  body: GzipBody;
  /**
   * The body's pieces uncompressed, made on the first request from a client that does not take gzip
   * (PageCache.withPlain) and counted in the budget from then on; null until then.
   */
  plain: Buffer[] | null;
  /** The CSP nonce rendered into the body (null when it had none), swapped for a fresh one on every hit. */
  nonce: string | null;
  tags: CacheTag[];
  versions: Map<CacheTag, number>;
  storedAt: number;
  /** The articles and comment thread the page personalises (see lib/page-cache/reader-payload.ts). */
  personalised: { articleIds: number[]; commentsArticleId: number | null; topic?: string | null };
  /**
   * What a hit sends, worked out once when stored: the headers that do not carry the nonce as a flat
   * name/value list, and those that do (the CSP, and the Link header's font preload) cut at it.
   */
  head: string[];
  nonced: [name: string, parts: string[]][];
};

/**
 * A response to keep: its body compressed with holes, and its headers laid out for hits. Every stored
 * answer may come compressed or not, so it varies on Accept-Encoding too.
 */
export function storedPage(
  page: Omit<CachedPage, "body" | "plain" | "head" | "nonced"> & { body: string },
): CachedPage {
  const { body, ...rest } = page;
  const vary = page.headers.vary;
  const headers: Record<string, string> = {
    ...page.headers,
    vary: vary ? `${vary}, Accept-Encoding` : "Accept-Encoding",
  };
  const head: string[] = [];
  const nonced: [string, string[]][] = [];
  for (const [name, value] of Object.entries(headers))
    if (page.nonce && value.includes(page.nonce)) nonced.push([name, value.split(page.nonce)]);
    else head.push(name, value);
  const html = (headers["content-type"] ?? "").startsWith("text/html");
  return { ...rest, headers, body: encodeBody(body, page.nonce, html), plain: null, head, nonced };
}

/**
 * The page's body for one answer: gzip when the client takes it, else the plain pieces (see
 * PageCache.withPlain; inflated here, uncounted, when the page has none); `reader` goes before
 * `</body>` (a signed-in reader's state).
 */
export function pageBody(page: CachedPage, nonce: string, gzip: boolean, reader: string | null = null): Buffer[] {
  const fresh = page.nonce ? Buffer.from(nonce, "latin1") : null;
  const own = reader ? Buffer.from(reader, "utf8") : null;
  if (gzip) return gzipChunks(page.body, fresh, own);
  return plainChunks(page.plain ?? plainPieces(page.body), page.body.holes, fresh, own);
}

/** The page's headers (as a record) with a fresh nonce wherever the stored one was. */
export function headersWithNonce(page: Pick<CachedPage, "headers" | "nonced">, nonce: string): Record<string, string> {
  if (page.nonced.length === 0) return page.headers;
  const headers = { ...page.headers };
  for (const [name, parts] of page.nonced) headers[name] = parts.join(nonce);
  return headers;
}

/**
 * A hit's status line headers and body pieces, with a fresh nonce. Everything else was prepared when
 * the page was stored: a hit costs a few joins and a CRC combined from stored ones.
 */
export function hitResponse(
  page: CachedPage,
  nonce: string,
  label: string,
  gzip: boolean,
): { head: string[]; chunks: Buffer[] } {
  const chunks = pageBody(page, nonce, gzip);
  const head = page.head.slice();
  for (const [name, parts] of page.nonced) head.push(name, parts.join(nonce));
  if (gzip) head.push("content-encoding", "gzip");
  head.push("content-length", String(byteLength(chunks)), "x-page-cache", label);
  return { head, chunks };
}

/** Cache tags a URL's page depends on; null means "never cache this path". */
export function pageTags(pathname: string): CacheTag[] | null {
  const { all, latest } = cacheTag;
  if (pathname === "/") return [all, latest];
  let m = /^\/articles\/([a-z0-9-]{1,120})$/.exec(pathname);
  if (m) return [all, cacheTag.article(m[1] as string)];
  // What changed in a story: only its revisions, which bump its article tag.
  m = /^\/articles\/([a-z0-9-]{1,120})\/changes$/.exec(pathname);
  if (m) return [all, cacheTag.article(m[1] as string)];
  if (/^\/stories\/[1-9][0-9]{0,11}$/.test(pathname)) return [all, cacheTag.stories];
  m = /^\/tags\/([a-z0-9-]{1,120})$/.exec(pathname);
  if (m) return [all, latest, cacheTag.tag(m[1] as string)];
  m = /^\/sources\/([a-z0-9-]{1,120})$/.exec(pathname);
  if (m) return [all, latest, cacheTag.source(m[1] as string)];
  if (pathname === "/sources" || pathname === "/search") return [all, latest];
  return null;
}

/**
 * Lists a reader's mutes filter (front page, tag and outlet pages, search). A signed-in reader who mutes
 * anything gets these rendered for them by Next and never stored; everyone else shares the copy
 * (./README.md, "Follow and mute").
 */
export function isMuteFilteredPath(pathname: string): boolean {
  return pathname === "/" || pathname === "/search" || /^\/(?:tags|sources)\/[a-z0-9-]{1,120}$/.test(pathname);
}

/** Total bytes of a body held as pieces. */
export function byteLength(chunks: Buffer[]): number {
  let n = 0;
  for (const c of chunks) n += c.length;
  return n;
}

/**
 * What an entry holds, for the budget: its compressed body, its plain copy if a client without gzip
 * asked for one, and its key (an RSC key carries the router tree).
 */
function sizeOf(key: string, page: CachedPage): number {
  return heldBytes(page.body) + (page.plain ? byteLength(page.plain) : 0) + key.length;
}

export class PageCache {
  private entries = new Map<string, CachedPage>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly ttlMs: number,
  ) {}

  /** A page still fresh by age and by every tag version, or null. */
  get(key: string, versionOf: (tag: CacheTag) => number, now = Date.now()): CachedPage | null {
    const page = this.entries.get(key);
    if (!page) return null;
    let fresh = now - page.storedAt < this.ttlMs;
    for (let i = 0; fresh && i < page.tags.length; i++) {
      const tag = page.tags[i] as CacheTag;
      fresh = versionOf(tag) === (page.versions.get(tag) ?? 0);
    }
    if (!fresh) {
      this.delete(key);
      return null;
    }
    // Map order doubles as recency for eviction.
    this.entries.delete(key);
    this.entries.set(key, page);
    return page;
  }

  set(key: string, page: CachedPage) {
    this.delete(key);
    this.entries.set(key, page);
    this.bytes += sizeOf(key, page);
    this.evict();
  }

  /**
   * Gives a stored page its plain copy, for clients that do not accept gzip (curl, some crawlers): the
   * page is inflated once instead of on every such request (85 µs for a 33 KB article page), and the
   * copy counts against the budget like the rest of the entry.
   */
  withPlain(key: string, page: CachedPage): CachedPage {
    if (page.plain) return page;
    const stored = this.entries.get(key) === page;
    if (stored) this.bytes -= sizeOf(key, page);
    page.plain = plainPieces(page.body);
    if (stored) {
      this.bytes += sizeOf(key, page);
      this.evict();
    }
    return page;
  }

  private evict() {
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= sizeOf(oldest, entry);
    }
  }

  delete(key: string) {
    const page = this.entries.get(key);
    if (page) {
      this.entries.delete(key);
      this.bytes -= sizeOf(key, page);
    }
  }

  get size() {
    return this.entries.size;
  }
}
