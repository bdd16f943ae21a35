/**
 * In-memory cache of whole responses for anonymous readers, in front of Next's renderer.
 * Pure bookkeeping (no HTTP, no SQLite) so it can be unit-tested; ./cache-server.ts wires it up.
 */
import { type CacheTag, cacheTag } from "@/db/queries/cache-tags";

export type CachedPage = {
  status: number;
  headers: Record<string, string>;
  /**
   * The body, already encoded and cut at every occurrence of the CSP nonce, so a hit only has to
   * join the pieces around a fresh nonce instead of re-encoding the whole page.
   */
  parts: Buffer[];
  /** The CSP nonce rendered into the body (null when it had none), swapped for a fresh one on every hit. */
  nonce: string | null;
  tags: CacheTag[];
  versions: Map<CacheTag, number>;
  storedAt: number;
  /** The articles and comment thread the page personalises (see lib/page-cache/reader-payload.ts). */
  personalised: { articleIds: number[]; commentsArticleId: number | null; topic?: string | null };
  /**
   * What a hit sends, worked out once when stored: the headers as a flat name/value list without the
   * CSP, and the CSP cut at the nonce (null when there is none).
   */
  head: string[];
  csp: string[] | null;
};

/** A response to keep: its body cut at the nonce, and its headers laid out for hits. */
export function storedPage(page: Omit<CachedPage, "parts" | "head" | "csp"> & { body: string }): CachedPage {
  const { body, ...rest } = page;
  const head: string[] = [];
  for (const [name, value] of Object.entries(page.headers))
    if (name !== "content-security-policy") head.push(name, value);
  const csp = page.headers["content-security-policy"];
  return {
    ...rest,
    parts: splitAtNonce(body, page.nonce),
    head,
    csp: csp === undefined ? null : page.nonce ? csp.split(page.nonce) : [csp],
  };
}

/**
 * A hit's status line headers and body pieces, with a fresh nonce. Everything else was prepared when
 * the page was stored: a hit costs a few string joins, not a header object rebuilt per request.
 */
export function hitResponse(page: CachedPage, nonce: string, label: string): { head: string[]; chunks: Buffer[] } {
  const fresh = bodyWithNonce(page, nonce);
  const head = page.head.slice();
  if (page.csp) head.push("content-security-policy", page.csp.join(nonce));
  head.push("content-length", String(byteLength(fresh)), "x-page-cache", label);
  return { head, chunks: fresh };
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

/** Cuts an HTML body at its nonce, for storage. */
export function splitAtNonce(body: string, nonce: string | null): Buffer[] {
  return (nonce ? body.split(nonce) : [body]).map((p) => Buffer.from(p, "utf8"));
}

/**
 * The page with a fresh nonce, in the body and the CSP header. The body comes back as the stored pieces
 * with the nonce between them, for one corked write: joining them into a new buffer per hit allocated
 * hundreds of megabytes a second under load, and the collector's pauses showed in the throughput.
 */
export function withFreshNonce(
  page: Pick<CachedPage, "parts" | "nonce" | "headers">,
  nonce: string,
): { headers: Record<string, string>; chunks: Buffer[] } {
  if (!page.nonce) return { headers: page.headers, chunks: page.parts };
  const headers = { ...page.headers };
  const csp = headers["content-security-policy"];
  if (csp) headers["content-security-policy"] = csp.split(page.nonce).join(nonce);
  return { headers, chunks: bodyWithNonce(page, nonce) };
}

/** The stored pieces with the fresh nonce between them (no copy of the pieces themselves). */
function bodyWithNonce(page: Pick<CachedPage, "parts" | "nonce">, nonce: string): Buffer[] {
  const parts = page.parts;
  if (!page.nonce || parts.length < 2) return parts;
  const fresh = Buffer.from(nonce, "latin1");
  const chunks: Buffer[] = new Array(parts.length * 2 - 1);
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) chunks[2 * i - 1] = fresh;
    chunks[2 * i] = parts[i] as Buffer;
  }
  return chunks;
}

const BODY_END = Buffer.from("</body>", "utf8");

/** The pieces with `snippet` added just before `</body>` (appended when there is none); no copying. */
export function insertBeforeBodyEnd(chunks: Buffer[], snippet: string): Buffer[] {
  const extra = Buffer.from(snippet, "utf8");
  for (let i = chunks.length - 1; i >= 0; i--) {
    const chunk = chunks[i] as Buffer;
    const at = chunk.lastIndexOf(BODY_END);
    if (at >= 0)
      return [...chunks.slice(0, i), chunk.subarray(0, at), extra, chunk.subarray(at), ...chunks.slice(i + 1)];
  }
  return [...chunks, extra];
}

/** Total bytes of a body held as pieces. */
export function byteLength(chunks: Buffer[]): number {
  let n = 0;
  for (const c of chunks) n += c.length;
  return n;
}

function sizeOf(page: CachedPage): number {
  return byteLength(page.parts);
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
    this.bytes += sizeOf(page);
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= sizeOf(entry);
    }
  }

  delete(key: string) {
    const page = this.entries.get(key);
    if (page) {
      this.entries.delete(key);
      this.bytes -= sizeOf(page);
    }
  }

  get size() {
    return this.entries.size;
  }
}
