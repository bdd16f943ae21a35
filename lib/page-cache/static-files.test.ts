import fs from "node:fs";
import { createServer, get, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StaticFiles } from "./static-files";

// A build's static folder in miniature, served the way cache-server.ts serves it: what StaticFiles
// does not answer reaches the fallback (Next, there), which answers 599 here so a test can tell.
let dir: string;
let server: Server;
let base: string;
let statics: StaticFiles;
const BIG = `export const words = ${JSON.stringify(Array.from({ length: 2_000 }, (_, i) => `word ${i % 50}`))};`;

/** A GET with exactly these headers (fetch adds Accept-Encoding and decodes): status, headers, raw bytes. */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidings-static-"));
  fs.mkdirSync(path.join(dir, "chunks"));
  fs.mkdirSync(path.join(dir, "media"));
  fs.writeFileSync(path.join(dir, "chunks", "app-1a2b.js"), "console.log('hi')");
  fs.writeFileSync(path.join(dir, "chunks", "style-3c4d.css"), "body{color:red}");
  fs.writeFileSync(path.join(dir, "chunks", "app-1a2b.js.map"), "{}");
  fs.writeFileSync(path.join(dir, "media", "font.woff2"), Buffer.from([0, 1, 2, 3]));
  fs.writeFileSync(path.join(dir, "chunks", "big-5e6f.js"), BIG);
  statics = StaticFiles.load(dir);
  server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? "/", "http://local");
    if (statics.serve(req, res, pathname)) return;
    res.writeHead(599);
    res.end("fallback");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("StaticFiles", () => {
  it("keeps the build's scripts, CSS and fonts, not source maps", () => {
    expect(statics.size).toBe(4);
  });

  it("sends a kept file with its type, length and a year-long immutable lifetime", async () => {
    const r = await fetch(`${base}/_next/static/chunks/app-1a2b.js`);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe("console.log('hi')");
    expect(r.headers.get("content-type")).toBe("application/javascript; charset=UTF-8");
    expect(r.headers.get("content-length")).toBe("17");
    expect(r.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const css = await fetch(`${base}/_next/static/chunks/style-3c4d.css`);
    expect(css.headers.get("content-type")).toBe("text/css; charset=UTF-8");
    const font = await fetch(`${base}/_next/static/media/font.woff2`);
    expect(font.headers.get("content-type")).toBe("font/woff2");
    expect(Buffer.from(await font.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 3]));
  });

  it("answers a matching If-None-Match with 304 and no body, and HEAD with headers only", async () => {
    const first = await fetch(`${base}/_next/static/chunks/app-1a2b.js`);
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    const again = await fetch(`${base}/_next/static/chunks/app-1a2b.js`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const other = await fetch(`${base}/_next/static/chunks/app-1a2b.js`, { headers: { "if-none-match": '"x"' } });
    expect(other.status).toBe(200);
    const head = await fetch(`${base}/_next/static/chunks/app-1a2b.js`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("17");
  });

  it("sends scripts gzipped to a client that takes gzip, each copy with its own ETag", async () => {
    const url = `${base}/_next/static/chunks/big-5e6f.js`;
    const gz = await rawGet(url, { "accept-encoding": "gzip, deflate, br" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gz.headers.vary).toBe("Accept-Encoding");
    expect(Number(gz.headers["content-length"])).toBe(gz.body.length);
    expect(gz.body.length).toBeLessThan(Buffer.byteLength(BIG) / 4);
    expect(zlib.gunzipSync(gz.body).toString()).toBe(BIG);
    const plain = await rawGet(url, {});
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(BIG);
    expect(plain.headers.etag).not.toBe(gz.headers.etag);
    // A tag answers 304 only for the copy this client would get.
    expect((await rawGet(url, { "accept-encoding": "gzip", "if-none-match": String(gz.headers.etag) })).status).toBe(
      304,
    );
    expect((await rawGet(url, { "if-none-match": String(gz.headers.etag) })).status).toBe(200);
    expect(
      (await rawGet(url, { "accept-encoding": "gzip;q=0", "if-none-match": String(plain.headers.etag) })).status,
    ).toBe(304);
    // Too small to gain from it: sent as it is.
    const tiny = await rawGet(`${base}/_next/static/chunks/app-1a2b.js`, { "accept-encoding": "gzip" });
    expect(tiny.headers["content-encoding"]).toBeUndefined();
    expect(tiny.body.toString()).toBe("console.log('hi')");
  });

  it("leaves everything else to the fallback", async () => {
    const cases: [string, RequestInit?][] = [
      ["/_next/static/chunks/app-1a2b.js.map"],
      ["/_next/static/chunks/missing.js"],
      ["/chunks/app-1a2b.js"],
      ["/_next/static/chunks/app-1a2b.js", { method: "POST", body: "x" }],
      ["/_next/static/chunks/app-1a2b.js", { headers: { range: "bytes=0-3" } }],
    ];
    for (const [url, init] of cases) expect((await fetch(`${base}${url}`, init)).status, url).toBe(599);
  });

  it("serves nothing when the build has no static folder", () => {
    expect(StaticFiles.load(path.join(dir, "nope")).size).toBe(0);
  });
});
