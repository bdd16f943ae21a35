import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import net from "node:net";
import type { Readable } from "node:stream";
import zlib from "node:zlib";
import { SITE_NAME, siteUrl } from "@/lib/site";
import { isPublicAddress, privateAddressesAllowed } from "./address-policy";
import { fromSocketError, IngestError } from "./errors";

export const FETCH_TIMEOUT_MS = 10_000;
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const USER_AGENT = `${SITE_NAME}-ingest/1.0 (news reader feed fetcher; +${siteUrl()})`;

export type SafeFetchOptions = {
  allowPrivate?: boolean;
  /**
   * Exact addresses exempt from the private-address rule while every other private address stays
   * refused: lets a test reach its own 127.0.0.1 server and still prove redirects elsewhere are refused.
   */
  trustedAddresses?: readonly string[];
  timeoutMs?: number;
  maxBytes?: number;
  accept?: string;
  /** Conditional GET: sent as If-None-Match / If-Modified-Since. */
  etag?: string | null;
  lastModified?: string | null;
};

export type SafeFetchResult = {
  /** The URL the body came from, after redirects. */
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Empty for anything but a 2xx response. */
  body: Buffer;
};

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;
}

/** Parses and checks a URL we are about to request: http or https only, no credentials. */
export function checkFetchableUrl(raw: string, base?: string): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new IngestError("bad-url", `"${raw}" is not a valid URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new IngestError("bad-url", `only http and https URLs are fetched, not ${url.protocol} (${url.href})`);
  }
  if (url.username || url.password) {
    throw new IngestError("bad-url", `URLs with credentials are not fetched (${url.origin})`);
  }
  return url;
}

function blockedMessage(host: string, address: string): string {
  const what = host === address ? `${host} is` : `${host} resolves to ${address},`;
  return `refused: ${what} a private, loopback or link-local address (allow with --allow-private or INGEST_ALLOW_PRIVATE=1)`;
}

/**
 * A DNS lookup for http.request that refuses private addresses. Checking inside the lookup (rather than
 * resolving first and connecting later) means the address we check is the address we connect to, so
 * a DNS answer that changes between the two (DNS rebinding) cannot slip through. Every address of a
 * multi-address answer is checked, IPv4 and IPv6.
 */
function guardedLookup(allowed: (address: string) => boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { all: true, family: options.family ?? 0, hints: options.hints }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const bad = addresses.find((a) => !allowed(a.address));
      if (bad) return callback(new IngestError("blocked-address", blockedMessage(hostname, bad.address)), "", 0);
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), "", 0);
      callback(null, first.address, first.family);
    });
  };
}

function decompress(res: http.IncomingMessage): Readable {
  const encoding = String(res.headers["content-encoding"] ?? "")
    .trim()
    .toLowerCase();
  if (encoding === "gzip" || encoding === "x-gzip") return res.pipe(zlib.createGunzip());
  if (encoding === "deflate") return res.pipe(zlib.createInflate());
  if (encoding === "br") return res.pipe(zlib.createBrotliDecompress());
  return res;
}

function requestOnce(url: URL, options: SafeFetchOptions, allowed: (address: string) => boolean, signal: AbortSignal) {
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, "");
    // Node skips the lookup function for literal IPs, so those are checked here.
    if (net.isIP(host) && !allowed(host)) {
      reject(new IngestError("blocked-address", blockedMessage(host, host)));
      return;
    }
    const headers: Record<string, string> = {
      "user-agent": USER_AGENT,
      accept: options.accept ?? "*/*",
      "accept-encoding": "gzip, deflate, br",
    };
    if (options.etag) headers["if-none-match"] = options.etag;
    if (options.lastModified) headers["if-modified-since"] = options.lastModified;
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(url, {
      method: "GET",
      headers,
      lookup: guardedLookup(allowed),
      signal,
      // No connection pool: every request resolves and checks its address afresh, and no idle
      // keep-alive socket holds a one-shot run open after its work is done.
      agent: false,
    });
    req.on("response", resolve);
    req.on("error", (err) => {
      if (signal.aborted) reject(signal.reason);
      else reject(fromSocketError(err, url.host));
    });
    req.end();
  });
}

async function readBody(res: http.IncomingMessage, maxBytes: number, url: URL, signal: AbortSignal): Promise<Buffer> {
  const declared = Number(res.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw new IngestError(
      "too-large",
      `response from ${url.host} is ${megabytes(declared)}, over the ${megabytes(maxBytes)} limit`,
    );
  }
  const stream = decompress(res);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      total += buf.length;
      // Counted after decompression, so a small gzip bomb is stopped as early as a big plain body.
      if (total > maxBytes) {
        res.destroy();
        stream.destroy();
        throw new IngestError("too-large", `response from ${url.host} is over the ${megabytes(maxBytes)} limit`);
      }
      chunks.push(buf);
    }
  } catch (err) {
    if (err instanceof IngestError) throw err;
    if (signal.aborted) throw signal.reason;
    throw new IngestError("network", `reading the response from ${url.host} failed: ${(err as Error).message}`);
  }
  return Buffer.concat(chunks);
}

/**
 * GET a URL the way ingest must: http(s) only, a deadline for the whole exchange (redirects and body
 * included), a body cap, redirects followed by hand so each hop is checked again, and private
 * addresses refused unless allowed. Statuses other than 2xx are returned, not thrown, so the caller
 * can handle 304 and Retry-After.
 */
export async function safeFetch(rawUrl: string, options: SafeFetchOptions = {}): Promise<SafeFetchResult> {
  const timeoutMs = options.timeoutMs ?? FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_BODY_BYTES;
  const allowPrivate = privateAddressesAllowed(options.allowPrivate);
  const trusted = new Set(options.trustedAddresses ?? []);
  const allowed = (address: string) => allowPrivate || trusted.has(address) || isPublicAddress(address);
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new IngestError("timeout", `no complete answer within ${timeoutMs / 1000} s`)),
    timeoutMs,
  );
  try {
    let url = checkFetchableUrl(rawUrl);
    for (let hop = 0; ; hop++) {
      let res: http.IncomingMessage;
      try {
        res = await requestOnce(url, options, allowed, controller.signal);
      } catch (err) {
        // Name the redirect in the message: "refused 10.0.0.5" alone would puzzle whoever typed a public URL.
        if (hop > 0 && err instanceof IngestError && err.code === "blocked-address") {
          throw new IngestError("redirect", `redirected to ${url.href}, ${err.message}`);
        }
        throw err;
      }
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && status !== 304 && location) {
        res.resume();
        if (hop >= MAX_REDIRECTS)
          throw new IngestError("redirect", `more than ${MAX_REDIRECTS} redirects from ${rawUrl}`);
        try {
          url = checkFetchableUrl(location, url.href);
        } catch (err) {
          const why = err instanceof Error ? err.message : String(err);
          throw new IngestError("redirect", `redirect to ${location} refused: ${why}`);
        }
        continue;
      }
      if (status < 200 || status >= 300) {
        res.resume();
        return { url: url.href, status, headers: res.headers, body: Buffer.alloc(0) };
      }
      const body = await readBody(res, maxBytes, url, controller.signal);
      return { url: url.href, status, headers: res.headers, body };
    }
  } catch (err) {
    if (controller.signal.aborted) throw controller.signal.reason;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Seconds or an HTTP date, as milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  if (/^\s*\d+\s*$/.test(raw)) return Number(raw) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
