import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";
import { getDb } from "@/db";
import { cacheTagVersions } from "@/db/queries/cache-tags";
import { type CachedPage, PageCache, pageTags, splitAtNonce, withFreshNonce } from "./page-cache";
import { makeNonce } from "./security-headers";

// A signed-in reader's pages are personal: any Auth.js session cookie means "render, don't cache".
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?authjs\.session-token(?:\.\d+)?=/;
const ORDER_COOKIE = /(?:^|;\s*)comment_order=(newest|oldest)/;
// Response headers that describe one transfer, not the page.
const HOP_HEADERS = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length", "set-cookie"]);

type CacheKey = { key: string; tags: string[] };

function cacheKeyFor(req: IncomingMessage, url: URL): CacheKey | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  // Client-side navigations fetch React Server Component payloads, not documents.
  if (req.headers.rsc || req.headers["next-router-prefetch"] || url.searchParams.has("_rsc")) return null;
  const cookie = req.headers.cookie ?? "";
  if (SESSION_COOKIE.test(cookie)) return null;
  const tags = pageTags(url.pathname);
  if (!tags) return null;
  const order = ORDER_COOKIE.exec(cookie)?.[1] ?? "oldest";
  const proto = req.headers["x-forwarded-proto"] === "https" ? "https" : "http";
  return { key: `${proto}|${order}|${url.pathname}${url.search}`, tags };
}

/** Tees everything Next writes, so a finished 200 HTML response can be kept. */
function capture(res: ServerResponse, onDone: (body: Buffer) => void) {
  const chunks: Buffer[] = [];
  const toBuffer = (chunk: unknown, encoding?: unknown) =>
    Buffer.isBuffer(chunk)
      ? chunk
      : chunk instanceof Uint8Array
        ? Buffer.from(chunk)
        : Buffer.from(String(chunk), typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (chunk != null) chunks.push(toBuffer(chunk, rest[0]));
    return write(chunk, ...rest);
  }) as ServerResponse["write"];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (chunk != null && typeof chunk !== "function") chunks.push(toBuffer(chunk, rest[0]));
    const r = end(chunk, ...rest);
    onDone(Buffer.concat(chunks));
    return r;
  }) as ServerResponse["end"];
}

export type ServerOptions = { dev: boolean; port: number; hostname?: string; pageCache: boolean };

/**
 * The production server: Next's request handler behind an HTML cache for anonymous readers.
 * Measured here, Next's own cache path tops out near a tenth of what a bare Node server can send;
 * serving kept bytes (with a fresh CSP nonce each time) closes most of that gap.
 */
export async function startServer({ dev, port, hostname = "0.0.0.0", pageCache }: ServerOptions) {
  const app = next({ dev, port, hostname });
  const handle = app.getRequestHandler();
  await app.prepare();
  const ttlMs = Number(process.env.PAGE_CACHE_TTL_SECONDS ?? 300) * 1000;
  const cache = new PageCache(Number(process.env.PAGE_CACHE_MAX_MB ?? 64) * 1024 * 1024, ttlMs);
  const versionsOf = (tags: string[]) => cacheTagVersions(getDb(), tags);
  const trustProxy = process.env.TRUST_PROXY === "1";

  const server = createServer((req, res) => {
    // Rate limits key on X-Forwarded-For; unless a trusted proxy set it, it is the socket's address.
    if (!trustProxy) req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "unknown";
    const url = new URL(req.url ?? "/", "http://local");
    // A path whose percent-encoding does not decode (e.g. "%E0%A4%A") makes Next's router throw, a 500:
    // answer it here as what it is, a bad request.
    try {
      decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" });
      res.end("Bad request: the address is not valid percent-encoded UTF-8.");
      return;
    }
    const key = pageCache ? cacheKeyFor(req, url) : null;
    if (!key) {
      void handle(req, res);
      return;
    }
    const hit = cache.get(key.key, versionsOf);
    if (hit) {
      const { headers, body } = withFreshNonce(hit, makeNonce());
      res.writeHead(hit.status, { ...headers, "content-length": body.length, "x-page-cache": "HIT" });
      res.end(req.method === "HEAD" ? undefined : body);
      return;
    }
    // Versions are read before rendering, so a write that lands mid-render makes this copy stale at once.
    const versions = versionsOf(key.tags);
    res.setHeader("x-page-cache", "MISS");
    capture(res, (body) => {
      const type = String(res.getHeader("content-type") ?? "");
      if (
        req.method !== "GET" ||
        res.statusCode !== 200 ||
        !type.startsWith("text/html") ||
        res.getHeader("set-cookie")
      )
        return;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.getHeaders())) {
        if (value === undefined || HOP_HEADERS.has(name) || name === "x-page-cache") continue;
        headers[name] = Array.isArray(value) ? value.join(", ") : String(value);
      }
      const nonce = /'nonce-([^']+)'/.exec(headers["content-security-policy"] ?? "")?.[1] ?? null;
      const page: CachedPage = {
        status: 200,
        headers,
        parts: splitAtNonce(body.toString("utf8"), nonce),
        nonce,
        tags: key.tags,
        versions,
        storedAt: Date.now(),
      };
      cache.set(key.key, page);
    });
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, hostname, resolve));
  return server;
}
