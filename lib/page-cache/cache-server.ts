import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import next from "next";
import { engineOf } from "@/db";
import { CacheTagListener, type TagVersions } from "@/db/queries/cache-tag-listener";
import { type CacheTag, CacheTagReader } from "@/db/queries/cache-tags";
import { readerHasMutes } from "@/db/queries/follows";
import { ensureAuthSecret } from "@/lib/auth/secret";
import { databasePath, getDb } from "@/lib/db";
import { executeMutation, type GuardCode, HTTP_STATUS } from "@/lib/mutations/guard";
import { recordReadingPosition } from "@/lib/mutations/readers";
import { isCrossSiteRequest } from "@/lib/security/cross-site";
import { makeNonce, nonPageHeaders } from "@/lib/security/headers";
import { hasSessionCookie, sessionFromCookieHeader, withoutSessionCookies } from "../auth/session-token";
import { config } from "../config";
import {
  OFFLINE_FETCH_HEADER,
  PUBLIC_HEADER,
  SERVICE_WORKER_PATH,
  SESSION_CHECK_PATH,
  SESSION_HEADER,
} from "../offline/contract";
import { type CacheKey, cacheKeyFor } from "./cache-key";
import { acceptsGzip } from "./gzip-body";
import {
  byteLength,
  type CachedPage,
  headersWithNonce,
  hitResponse,
  isMuteFilteredPath,
  PageCache,
  pageBody,
  storedPage,
} from "./page-cache";
import { readerPayload } from "./reader-payload";
import {
  personalisedParts,
  READER_POSITION_PATH,
  READER_STATE_PATH,
  readerScript,
  readerStateQuery,
} from "./reader-shell";
import { RenderTurns } from "./render-turns";
import { StaticFiles } from "./static-files";

// Response headers that describe one transfer, not the page.
const HOP_HEADERS = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length", "set-cookie"]);

/** The content type a stored response of this kind must have. */
const STORED_TYPE = { document: "text/html", rsc: "text/x-component", icon: "image/svg+xml" } as const;

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

/** Writes a body held as pieces in one go (corked: one writev, not one packet per piece). */
function send(req: IncomingMessage, res: ServerResponse, chunks: Buffer[]) {
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  res.cork();
  for (const c of chunks) res.write(c);
  res.end();
}

/**
 * Whether the answer must say whose session it was rendered for (SESSION_HEADER): a navigation, or a
 * page the service worker fetches to keep. The worker learns from these who is signed in now.
 */
function tellsSession(req: IncomingMessage): boolean {
  return (
    req.method === "GET" && (req.headers["sec-fetch-mode"] === "navigate" || req.headers[OFFLINE_FETCH_HEADER] === "1")
  );
}

/**
 * The service worker's script, with the headers a worker needs: revalidated on every update check
 * (a stale worker would keep serving old rules for up to a day), a JavaScript type, a policy that lets
 * it fetch from this origin only, and an ETag so an unchanged script costs a 304. Read once (every
 * time in dev, where it is being edited).
 */
function serviceWorkerScript(dev: boolean) {
  let kept: { body: Buffer; etag: string } | null = null;
  return (req: IncomingMessage, res: ServerResponse) => {
    if (!kept || dev) {
      let body: Buffer;
      try {
        body = readFileSync(`${process.cwd()}/public${SERVICE_WORKER_PATH}`);
      } catch (error) {
        console.error("[page-cache] service worker script", error);
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
        res.end("Not found");
        return;
      }
      kept = { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
    }
    const headers = {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "no-cache",
      etag: kept.etag,
      "content-security-policy": "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    };
    if (req.headers["if-none-match"] === kept.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, "content-length": kept.body.length });
    res.end(req.method === "HEAD" ? undefined : kept.body);
  };
}

/**
 * A request body of at most 1 KB parsed as a JSON object; null for anything else, as soon as the body
 * is known to be too long (the rest is not kept).
 */
function smallJsonBody(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  return new Promise((resolve) => {
    if (Number(req.headers["content-length"] ?? 0) > 1024) {
      req.resume();
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= 1024) chunks.push(chunk);
      else resolve(null);
    });
    req.on("error", () => resolve(null));
    req.on("end", () => {
      if (size > 1024) return;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
        resolve(body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : null);
      } catch {
        resolve(null);
      }
    });
  });
}

/** Requests inside Next at once on SQLite (see render-turns.ts and the README's Performance section). */
const SQLITE_RENDER_TURNS = 4;

export type ServerOptions = { dev: boolean; port: number; hostname?: string; pageCache: boolean };

/**
 * Production: hands Next the configuration `next build` resolved (.next/required-server-files.json),
 * as Next's own standalone server does, instead of letting it load next.config.ts again. Loading a
 * TypeScript config compiles it with SWC, whose native binding then stays mapped for the server's
 * whole life: 26 MB of its resident memory, measured. Without a build's file Next loads the config
 * itself (and says there is no build).
 */
function adoptBuiltNextConfig(dir = process.cwd()) {
  let built: { config?: unknown };
  try {
    built = JSON.parse(readFileSync(`${dir}/.next/required-server-files.json`, "utf8"));
  } catch {
    return false;
  }
  if (!built.config || typeof built.config !== "object") return false;
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(built.config);
  return true;
}

/**
 * The production server: Next's request handler behind an HTML cache for anonymous readers.
 * Measured here, Next's own cache path tops out near a tenth of what a bare Node server can send;
 * serving kept bytes (with a fresh CSP nonce each time) closes most of that gap.
 */
export async function startServer({ dev, port, hostname = "0.0.0.0", pageCache }: ServerOptions) {
  if (!dev) adoptBuiltNextConfig();
  const app = next({ dev, port, hostname });
  const nextHandle = app.getRequestHandler();
  await app.prepare();
  // Every request Next answers takes a turn (render-turns.ts): SQLite renders run on this one thread,
  // PostgreSQL's wait on the pool's connections. Not in development, where a route compiling on its
  // first request would hold up the page's scripts behind it.
  const database = config().database;
  const turns = new RenderTurns(database.engine === "postgres" ? database.poolSize : SQLITE_RENDER_TURNS);
  const handle = dev
    ? (req: IncomingMessage, res: ServerResponse) => void nextHandle(req, res)
    : (req: IncomingMessage, res: ServerResponse) => turns.enter(res, () => void nextHandle(req, res));
  const cache = new PageCache(config().pageCache.maxBytes, config().pageCache.ttlMs);
  // Opened after Next is prepared: the server's start has applied migrations by now (SQLite), or
  // checked that `npm run db:migrate` has (PostgreSQL). SQLite reads versions through a connection of
  // its own on each check; PostgreSQL instances keep them in memory, told of bumps by NOTIFY.
  const tagReader: TagVersions =
    engineOf(getDb()) === "postgres" ? await CacheTagListener.start(getDb()) : new CacheTagReader(databasePath());
  const versionOf = (tag: CacheTag) => tagReader.versionOf(tag);
  const trustProxy = config().trustProxy;
  const BASELINE = Object.entries(nonPageHeaders());
  const serveWorker = serviceWorkerScript(dev);
  // The build's scripts, CSS and font from memory (static-files.ts). Dev serves them as it compiles them.
  const statics = !dev && pageCache ? StaticFiles.load(`${process.cwd()}/.next/static`) : null;

  async function answerSessionCheck(req: IncomingMessage, res: ServerResponse) {
    if (hasSessionCookie(req.headers.cookie ?? "")) await labelSession(req, res);
    res.writeHead(204, { "cache-control": "private, no-store", vary: "Cookie" });
    res.end();
  }

  /**
   * The signed-in reader's state for the parts of a page named in the query (readerStateQuery): what
   * the islands ask for after a client navigation, whose payload is the shared one. Answered here, not
   * by Next, because it is asked on every signed-in navigation: a token check and a few indexed reads.
   */
  async function answerReaderState(req: IncomingMessage, res: ServerResponse, url: URL) {
    const own = { "cache-control": "private, no-store", vary: "Cookie", "content-type": "application/json" };
    try {
      const parts = readerStateQuery(url.searchParams);
      if (!parts) {
        res.writeHead(400, own);
        res.end(JSON.stringify({ error: "invalid", message: "ids, comments or topic is malformed." }));
        return;
      }
      const session = hasSessionCookie(req.headers.cookie ?? "")
        ? await sessionFromCookieHeader(getDb(), req.headers.cookie ?? "", ensureAuthSecret())
        : null;
      if (!session?.actor) {
        res.writeHead(401, own);
        res.end("null");
        return;
      }
      const body = JSON.stringify(await readerPayload(getDb(), session.actor, parts));
      res.writeHead(200, { ...own, "content-length": Buffer.byteLength(body) });
      res.end(body);
    } catch (error) {
      console.error("[page-cache] reader state", error);
      if (!res.headersSent) res.writeHead(500, own);
      res.end("null");
    }
  }

  /**
   * Saves the signed-in reader's place in a story (READER_POSITION_PATH): the CSRF check of every
   * cookie-authenticated JSON write (lib/api.ts), the session checked as `getActor` checks it, then
   * the one guard (`executeMutation`, zod and the story's existence) in one transaction.
   */
  async function answerReadingPosition(req: IncomingMessage, res: ServerResponse) {
    const own = { "cache-control": "private, no-store", "content-type": "application/json" };
    const answer = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { ...own, "content-length": Buffer.byteLength(text) });
      res.end(text);
    };
    try {
      const site = config();
      const headers = new Headers();
      for (const name of ["sec-fetch-site", "origin", "host", "x-forwarded-host"]) {
        const value = req.headers[name];
        if (typeof value === "string") headers.set(name, value);
      }
      if (
        isCrossSiteRequest(headers, {
          siteUrl: site.siteUrl,
          siteUrlConfigured: site.siteUrlSet,
          trustProxy: site.trustProxy,
        })
      ) {
        req.resume();
        answer(403, { error: "forbidden", message: "Cross-site request refused." });
        return;
      }
      const input = await smallJsonBody(req);
      if (!input) {
        answer(400, { error: "invalid", message: "The body must be a JSON object of at most 1 KB." });
        return;
      }
      const session = hasSessionCookie(req.headers.cookie ?? "")
        ? await sessionFromCookieHeader(getDb(), req.headers.cookie ?? "", ensureAuthSecret())
        : null;
      const result = await executeMutation(getDb(), recordReadingPosition, session?.actor ?? null, input);
      if (result.ok) answer(200, { ok: true });
      else {
        const code: GuardCode = result.state.code ?? "invalid";
        answer(HTTP_STATUS[code], { error: code, message: result.state.message });
      }
    } catch (error) {
      console.error("[page-cache] reading position", error);
      if (!res.headersSent) answer(500, { error: "server", message: "The position could not be saved." });
      else res.end();
    }
  }

  /** Adds SESSION_HEADER for a signed-in session whose token and account still check out. */
  async function labelSession(req: IncomingMessage, res: ServerResponse) {
    try {
      const session = await sessionFromCookieHeader(getDb(), req.headers.cookie ?? "", ensureAuthSecret());
      if (session?.partition) res.setHeader(SESSION_HEADER, session.partition);
    } catch (error) {
      console.error("[page-cache] session label", error);
    }
  }

  const server = createServer((req, res) => {
    // Every answer starts with the baseline security headers: some never pass proxy.ts or next.config's
    // headers() (Next's 308 that drops a trailing slash, this server's own 400). Whoever sets one of
    // them later (proxy.ts's nonce CSP, a cached page's own headers) overwrites it.
    for (const [name, value] of BASELINE) res.setHeader(name, value);
    // Rate limits key on X-Forwarded-For; unless a trusted proxy set it, it is the socket's address.
    if (!trustProxy) req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "unknown";
    const url = new URL(req.url ?? "/", "http://local");
    // A path whose percent-encoding does not decode (e.g. "%E0%A4%A") makes Next's router throw, a 500:
    // answer it here as what it is, a bad request.
    try {
      decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
      res.end("Bad request: the address is not valid percent-encoded UTF-8.");
      return;
    }
    if (statics?.serve(req, res, url.pathname)) return;
    if (url.pathname === SERVICE_WORKER_PATH && (req.method === "GET" || req.method === "HEAD")) {
      serveWorker(req, res);
      return;
    }
    if (url.pathname === SESSION_CHECK_PATH && req.method === "GET") {
      void answerSessionCheck(req, res);
      return;
    }
    if (url.pathname === READER_STATE_PATH && req.method === "GET") {
      void answerReaderState(req, res, url);
      return;
    }
    if (url.pathname === READER_POSITION_PATH && req.method === "POST") {
      void answerReadingPosition(req, res);
      return;
    }
    const key = cacheKeyFor(req.method, url, req.headers);
    // An anonymous render of a page everyone shares: the service worker may keep it for offline
    // reading. Set before the render, so the stored copy carries it to every hit.
    if (key?.kind === "document" && key.mode === "anonymous") res.setHeader(PUBLIC_HEADER, "public");
    if (!key || !pageCache) {
      if (tellsSession(req) && hasSessionCookie(req.headers.cookie ?? ""))
        void labelSession(req, res).then(() => handle(req, res));
      else handle(req, res);
      return;
    }
    if (key.mode === "shell") {
      void serveShell(req, res, url, key);
      return;
    }
    // The common case, a hit, answered without a promise in sight.
    tagReader.refresh();
    const hit = cache.get(key.key, versionOf);
    if (hit) {
      serveHit(req, res, key.key, hit);
      return;
    }
    // What is stored under a shared key must be the anonymous render (see CacheKey.withoutSession).
    if (key.withoutSession) req.headers.cookie = withoutSessionCookies(req.headers.cookie ?? "");
    void serveAnonymous(req, res, key);
  });

  const serveHit = (req: IncomingMessage, res: ServerResponse, key: string, hit: CachedPage) => {
    const gzip = acceptsGzip(req.headers["accept-encoding"]);
    const { head, chunks } = hitResponse(gzip ? hit : cache.withPlain(key, hit), makeNonce(), "HIT", gzip);
    res.writeHead(hit.status, head);
    send(req, res, chunks);
  };

  // Pages being rendered right now (GET only: a HEAD is never stored). Requests for a page already
  // rendering wait for that render instead of starting their own: a slow uncached page (a search over
  // 100,000 stories took a second) would otherwise be rendered by every connection at once and none
  // would finish. A waiter that still finds no copy (the page was not storable) renders it itself.
  const rendering = new Map<string, Promise<void>>();

  async function serveAnonymous(req: IncomingMessage, res: ServerResponse, key: CacheKey) {
    try {
      await renderOrServe(req, res, key);
    } catch (error) {
      console.error("[page-cache]", error);
      if (!res.headersSent) handle(req, res);
    }
  }

  async function renderOrServe(req: IncomingMessage, res: ServerResponse, key: CacheKey) {
    let hit = cache.get(key.key, versionOf);
    const pending = hit || req.method !== "GET" ? undefined : rendering.get(key.key);
    if (pending !== undefined) {
      await pending;
      tagReader.refresh();
      hit = cache.get(key.key, versionOf);
    }
    if (hit) {
      serveHit(req, res, key.key, hit);
      return;
    }
    let finished = () => {};
    if (req.method === "GET" && !pending) {
      const render = new Promise<void>((resolve) => {
        finished = () => {
          if (rendering.get(key.key) === render) rendering.delete(key.key);
          resolve();
        };
      });
      rendering.set(key.key, render);
      // An aborted or failed render releases its waiters too.
      res.on("close", () => finished());
    }
    // Versions are read before rendering, so a write that lands mid-render makes this copy stale at once.
    tagReader.refresh();
    const versions = new Map(key.tags.map((t) => [t, versionOf(t)]));
    res.setHeader("x-page-cache", "MISS");
    const store = (body: Buffer) => {
      const type = String(res.getHeader("content-type") ?? "");
      if (
        req.method !== "GET" ||
        res.statusCode !== 200 ||
        !type.startsWith(STORED_TYPE[key.kind]) ||
        res.getHeader("set-cookie")
      )
        return;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.getHeaders())) {
        if (value === undefined || HOP_HEADERS.has(name) || name === "x-page-cache") continue;
        headers[name] = Array.isArray(value) ? value.join(", ") : String(value);
      }
      const nonce = /'nonce-([^']+)'/.exec(headers["content-security-policy"] ?? "")?.[1] ?? null;
      // The nonce is 24 base64 characters every time, so swapping it never changes a length an RSC
      // payload's rows declare.
      const html = body.toString("utf8");
      const page = storedPage({
        status: 200,
        headers,
        body: html,
        nonce,
        tags: key.tags,
        versions,
        storedAt: Date.now(),
        personalised: key.kind === "document" ? personalisedParts(html) : { articleIds: [], commentsArticleId: null },
      });
      cache.set(key.key, page);
    };
    capture(res, (body) => {
      // Waiters are released as soon as the copy is stored (or known not to be), not when this
      // client has finished downloading it.
      try {
        store(body);
      } finally {
        finished();
      }
    });
    handle(req, res);
  }

  /**
   * A signed-in reader's page: the shared copy (rendered anonymously on a miss) with their own state
   * embedded for the islands. The token is checked exactly as `getActor` checks it; a token that does
   * not verify falls through to Next, which renders whatever that request is entitled to.
   */
  async function serveShell(req: IncomingMessage, res: ServerResponse, url: URL, key: CacheKey) {
    try {
      const cookie = req.headers.cookie ?? "";
      const session = await sessionFromCookieHeader(getDb(), cookie, ensureAuthSecret());
      const actor = session?.actor ?? null;
      if (session?.partition && tellsSession(req)) res.setHeader(SESSION_HEADER, session.partition);
      tagReader.refresh();
      // Moderators see hidden comments in place, with a Restore button: a page only they may see, so
      // Next renders it for them rather than handing them the shared copy. A reader who mutes anything
      // sees lists without those stories: their lists are theirs alone too, rendered and never stored.
      const muted =
        actor !== null && isMuteFilteredPath(url.pathname) && (await readerHasMutes(getDb(), { userId: actor.id }));
      const shared = actor !== null && !actor.isModerator && !muted;
      if (key.kind === "rsc") {
        // A navigation or segment prefetch: the anonymous payload, served and filled like anyone's
        // (rendered without the session on a miss). Nothing is embedded in it; the islands ask
        // READER_STATE_PATH for the reader's state of the page it shows.
        if (!shared) {
          handle(req, res);
          return;
        }
        req.headers.cookie = withoutSessionCookies(cookie);
        await renderOrServe(req, res, key);
        return;
      }
      const page = shared ? (cache.get(key.key, versionOf) ?? (await fill(url, key, req))) : null;
      if (!actor || !page) {
        handle(req, res);
        return;
      }
      const nonce = makeNonce();
      const gzip = acceptsGzip(req.headers["accept-encoding"]);
      if (!gzip) cache.withPlain(key.key, page);
      const chunks = pageBody(page, nonce, gzip, readerScript(await readerPayload(getDb(), actor, page.personalised)));
      // The shared copy was stored as public; this answer is the reader's own (SESSION_HEADER, set above).
      const { [PUBLIC_HEADER]: _public, ...ownHeaders } = headersWithNonce(page, nonce);
      res.writeHead(page.status, {
        ...ownHeaders,
        // Personal now: no shared cache may keep it, and it differs by cookie.
        "cache-control": "private, no-store",
        vary: "Cookie, Accept-Encoding",
        ...(gzip ? { "content-encoding": "gzip" } : {}),
        "content-length": byteLength(chunks),
        "x-page-cache": "SHELL",
      });
      send(req, res, chunks);
    } catch (error) {
      console.error("[page-cache] shell", error);
      if (!res.headersSent) handle(req, res);
    }
  }

  // Concurrent misses for one page share one anonymous render.
  const filling = new Map<string, Promise<CachedPage | null>>();

  /** Renders the anonymous copy by asking this server for it without the session, then reads it back. */
  function fill(url: URL, key: CacheKey, reader: IncomingMessage): Promise<CachedPage | null> {
    const pending = filling.get(key.key);
    if (pending !== undefined) return pending;
    const { port: ownPort, address } = server.address() as AddressInfo;
    const host = address === "0.0.0.0" || address === "::" ? "127.0.0.1" : address;
    const done = new Promise<CachedPage | null>((resolve) => {
      // The reader's request without the session: the same key, so the copy lands where it is looked for.
      const headers: Record<string, string> = {
        cookie: withoutSessionCookies(reader.headers.cookie ?? ""),
        accept: "text/html",
      };
      const agent = reader.headers["user-agent"];
      if (agent) headers["user-agent"] = agent;
      if (key.https) headers["x-forwarded-proto"] = "https";
      const r = request({ host, port: ownPort, path: `${url.pathname}${url.search}`, headers }, (answer) => {
        answer.resume();
        // "close" follows the end of the answer and a destroyed one alike; the copy, if any, is stored.
        answer.on("close", () => {
          tagReader.refresh();
          resolve(cache.get(key.key, versionOf));
        });
      });
      r.on("error", () => resolve(null));
      // A render that hangs must not hold every signed-in reader of this page: they fall back to Next.
      r.setTimeout(30_000, () => r.destroy());
      r.end();
    }).finally(() => filling.delete(key.key));
    filling.set(key.key, done);
    return done;
  }

  await new Promise<void>((resolve) => server.listen(port, hostname, resolve));
  return server;
}
