import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { upsertSource } from "@/db/queries/article-store";
import { upsertArticle } from "@/lib/articles/article-row";
import { type FeedServer, startFeedServer } from "@/lib/ingest/fixtures/feed-server";
import { useTempDatabase } from "@/lib/testing/db";
import { BoundedQueue, ImageService } from "./image-service";
import { ImageStore } from "./image-store";
import { imageKey } from "./image-urls";

let db: Db;
let server: FeedServer;
let sourceId: number;
let n = 0;
let logs: string[];
let jpeg: Buffer;

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "images-test-"));

/** A service trusting the test server's 127.0.0.1 (and nothing else private), logging into `logs`. */
function service(trusted = true, maxBytes = 64 * 1024 * 1024) {
  return new ImageService({
    dir: tempDir(),
    maxBytes,
    fetchOptions: trusted ? { trustedAddresses: ["127.0.0.1"] } : {},
    log: (m) => logs.push(m),
  });
}

async function article(imageUrl: string | null, bodyHtml: string | null = null): Promise<number> {
  n += 1;
  const r = await upsertArticle(db, {
    sourceId,
    guid: `img-${n}`,
    title: `Story with a picture, number ${n}`,
    body: `Body of story ${n}. `.repeat(10),
    bodyHtml,
    imageUrl,
    publishedAt: new Date(),
    tags: [],
  });
  return r.id;
}

const hits = (pathname: string) => server.requests.filter((r) => r.path === pathname).length;

beforeAll(async () => {
  // 1600 × 900 with EXIF and an orientation tag, so the test can see both stripped.
  jpeg = await sharp({ create: { width: 1600, height: 900, channels: 3, background: "#3a7bd5" } })
    .jpeg()
    .withMetadata({ exif: { IFD0: { Copyright: "Someone Else", Software: "camera" } } })
    .toBuffer();
  server = await startFeedServer();
  server.route("/good.jpg", (_req, res) => {
    res.writeHead(200, { "content-type": "image/jpeg" });
    res.end(jpeg);
  });
  server.route("/slow.jpg", (_req, res) => {
    setTimeout(() => {
      res.writeHead(200, { "content-type": "image/jpeg" });
      res.end(jpeg);
    }, 150);
  });
  server.route("/page.html", (_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<!doctype html><p>not a picture</p>");
  });
  server.route("/drawing.svg", (_req, res) => {
    res.writeHead(200, { "content-type": "image/svg+xml" });
    res.end('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
  });
  server.route("/huge.jpg", (_req, res) => {
    res.writeHead(200, { "content-type": "image/jpeg" });
    res.end(Buffer.alloc(6 * 1024 * 1024, 1));
  });
  server.route("/gone.jpg", (_req, res) => {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("gone");
  });
});

afterAll(async () => {
  await server.close();
});

beforeEach(async () => {
  db = await useTempDatabase();
  sourceId = await upsertSource(db, { slug: "pictures", name: "Pictures" });
  logs = [];
});

describe("the image endpoint's service", () => {
  it("re-encodes a good image to WebP and AVIF at the asked width, metadata stripped, and caches it", async () => {
    const url = server.url("/good.jpg");
    const id = await article(url);
    const images = service();
    const key = imageKey(url);
    const before = hits("/good.jpg");

    const webp = await images.serve({ articleId: id, key, width: 640, format: "webp" });
    expect(webp.status).toBe(200);
    if (webp.status !== 200) return;
    expect(webp.contentType).toBe("image/webp");
    expect(webp.cacheControl).toBe("public, max-age=31536000, immutable");
    const meta = await sharp(webp.body).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 640, 360]);
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();

    // The same variant again, and other widths and formats: no second fetch.
    const again = await images.serve({ articleId: id, key, width: 640, format: "webp" });
    expect(again.status === 200 && again.body.equals(webp.body)).toBe(true);
    const avif = await images.serve({ articleId: id, key, width: 320, format: "avif" });
    expect(avif.status === 200 && (await sharp(avif.body).metadata()).format).toBe("heif");
    expect(hits("/good.jpg") - before).toBe(1);
    expect(images.fetches).toBe(1);

    // A fresh service over the same folder (a restart) serves from disk too.
    const restarted = new ImageService({ dir: images.store.dir, maxBytes: 64 * 1024 * 1024, log: () => {} });
    expect((await restarted.serve({ articleId: id, key, width: 640, format: "webp" })).status).toBe(200);
    expect(restarted.fetches).toBe(0);
  });

  it("never upscales: 1280 of an 800-pixel original is 800 wide", async () => {
    const small = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#888" } })
      .png()
      .toBuffer();
    server.route("/small.png", (_req, res) => {
      res.writeHead(200, { "content-type": "image/png" });
      res.end(small);
    });
    const url = server.url("/small.png");
    const answer = await service().serve({
      articleId: await article(url),
      key: imageKey(url),
      width: 1280,
      format: "webp",
    });
    expect(answer.status === 200 && (await sharp(answer.body).metadata()).width).toBe(800);
  });

  it("fetches once when the first requests for one image arrive together", async () => {
    const url = server.url("/slow.jpg");
    const id = await article(url);
    const images = service();
    const key = imageKey(url);
    const answers = await Promise.all([
      images.serve({ articleId: id, key, width: 640, format: "webp" }),
      images.serve({ articleId: id, key, width: 640, format: "webp" }),
      images.serve({ articleId: id, key, width: 320, format: "webp" }),
      images.serve({ articleId: id, key, width: 640, format: "avif" }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(hits("/slow.jpg")).toBe(1);
  });

  it("refuses SSRF targets (127.0.0.1, 10.x) without connecting, and logs why", async () => {
    const images = service(false);
    const loopback = server.url("/good.jpg");
    const before = hits("/good.jpg");
    const a = await images.serve({
      articleId: await article(loopback),
      key: imageKey(loopback),
      width: 640,
      format: "webp",
    });
    expect(a).toMatchObject({ status: 404, reason: expect.stringMatching(/127\.0\.0\.1.*private, loopback/) });
    expect(hits("/good.jpg")).toBe(before);
    const internal = "http://10.1.2.3/photo.jpg";
    const b = await images.serve({
      articleId: await article(internal),
      key: imageKey(internal),
      width: 640,
      format: "webp",
    });
    expect(b).toMatchObject({ status: 404, reason: expect.stringMatching(/10\.1\.2\.3.*private/) });
    expect(logs.join("\n")).toMatch(/refused http:\/\/10\.1\.2\.3\/photo\.jpg: refused: 10\.1\.2\.3 is a private/);
  });

  it("refuses oversize, non-image and SVG responses with a clear log line", async () => {
    const images = service();
    const cases: [string, RegExp][] = [
      ["/huge.jpg", /over the 5\.0 MB limit/],
      ["/page.html", /not an image \(Content-Type: text\/html\)/],
      ["/drawing.svg", /not a raster image \(svg\)/],
      ["/gone.jpg", /answered HTTP 404/],
    ];
    for (const [pathname, why] of cases) {
      const url = server.url(pathname);
      const answer = await images.serve({
        articleId: await article(url),
        key: imageKey(url),
        width: 320,
        format: "webp",
      });
      expect(answer).toMatchObject({ status: 404, reason: expect.stringMatching(why) });
      expect(logs.at(-1)).toMatch(new RegExp(`\\[images\\] article \\d+: refused ${url.replace(/[.?]/g, "\\$&")}: .*`));
      expect(logs.at(-1)).toMatch(why);
    }
  });

  it("remembers a failure for a while: a dead image is not refetched on every view", async () => {
    let now = Date.now();
    const images = new ImageService({
      dir: tempDir(),
      maxBytes: 1e8,
      fetchOptions: { trustedAddresses: ["127.0.0.1"] },
      now: () => now,
      log: () => {},
    });
    const url = server.url("/gone.jpg");
    const id = await article(url);
    const before = hits("/gone.jpg");
    for (let i = 0; i < 3; i++) await images.serve({ articleId: id, key: imageKey(url), width: 320, format: "webp" });
    expect(hits("/gone.jpg") - before).toBe(1);
    now += 2 * 60 * 60_000;
    await images.serve({ articleId: id, key: imageKey(url), width: 320, format: "webp" });
    expect(hits("/gone.jpg") - before).toBe(2);
  });

  it("is no open proxy: only pictures the article itself names are fetched", async () => {
    const images = service();
    const id = await article(null, `<p>Text</p><img alt="Inline" src="${server.url("/good.jpg")}" />`);
    const other = server.url("/slow.jpg");
    expect(await images.serve({ articleId: id, key: imageKey(other), width: 320, format: "webp" })).toMatchObject({
      status: 404,
      reason: "the article has no such image",
    });
    expect(await images.serve({ articleId: 999_999, key: imageKey(other), width: 320, format: "webp" })).toMatchObject({
      status: 404,
      reason: "no such article",
    });
    // A picture inside the article's own text is served.
    const inline = server.url("/good.jpg");
    expect((await images.serve({ articleId: id, key: imageKey(inline), width: 320, format: "webp" })).status).toBe(200);
  });

  it("reads the sample pictures from public/ through the same path", async () => {
    const id = await article("/sample-images/court.jpg");
    const images = service();
    const answer = await images.serve({
      articleId: id,
      key: imageKey("/sample-images/court.jpg"),
      width: 320,
      format: "webp",
    });
    expect(answer.status === 200 && (await sharp(answer.body).metadata()).width).toBe(320);
    const sneaky = "/sample-images/../../.env";
    const refused = await images.serve({
      articleId: await article(sneaky),
      key: imageKey(sneaky),
      width: 320,
      format: "webp",
    });
    expect(refused).toMatchObject({ status: 404, reason: expect.stringMatching(/not a sample image/) });
  });
});

describe("the disk cache's bound", () => {
  it("deletes the least recently used pictures once the total passes the limit", async () => {
    let now = 1_000;
    const store = new ImageStore(tempDir(), 10_000, () => now);
    const keys = ["a", "b", "c", "d"].map((k) => k.repeat(16));
    for (const key of keys) {
      now += 1;
      await store.write(key, "320.webp", Buffer.alloc(3_000));
    }
    // a, b, c, d = 12,000 bytes > 10,000: the oldest (a) went, and the total is back under 90%.
    expect(await store.totalBytes()).toBeLessThanOrEqual(9_000);
    expect(await store.read(keys[0] as string, "320.webp")).toBeNull();
    expect(await store.read(keys[3] as string, "320.webp")).not.toBeNull();
    // A fresh process scans the folder and agrees.
    expect(await new ImageStore(store.dir, 10_000).totalBytes()).toBe(await store.totalBytes());
  });
});

describe("BoundedQueue", () => {
  it("runs at most `concurrency` tasks at once, in order, and says busy when the line is full", async () => {
    const q = new BoundedQueue(2, 2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const gates: (() => void)[] = [];
    const task = (n: number) => () =>
      new Promise<number>((resolve) => {
        running += 1;
        peak = Math.max(peak, running);
        started.push(n);
        gates.push(() => {
          running -= 1;
          resolve(n);
        });
      });
    const results = [1, 2, 3, 4].map((n) => q.run(task(n)));
    await Promise.resolve();
    expect(started).toEqual([1, 2]);
    expect(q.busy).toBe(true); // two running, two waiting
    gates.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([1, 2, 3]);
    expect(q.busy).toBe(false);
    while (gates.length > 0) {
      gates.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(await Promise.all(results)).toEqual([1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it("frees the slot of a task that throws", async () => {
    const q = new BoundedQueue(1, 0);
    await expect(q.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(q.busy).toBe(false);
    expect(await q.run(async () => "next")).toBe("next");
  });
});
