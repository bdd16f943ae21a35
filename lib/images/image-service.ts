import fs from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { getArticleImageSources } from "@/db/queries/images";
import { SAMPLE_IMAGE_PREFIX } from "@/db/sample/images";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { describeError } from "@/lib/ingest/errors";
import { MAX_BODY_BYTES, type SafeFetchOptions, safeFetch } from "@/lib/ingest/safe-fetch";
import { type ImageMeta, ImageStore } from "./image-store";
import { bodyImageUrls, IMAGE_CONTENT_TYPES, type ImageFormat, type ImageWidth, imageKey } from "./image-urls";

/**
 * The image endpoint's work: find the picture an article names, fetch it once (with ingest's SSRF
 * guard and size limit), check it is a raster image we can read, and re-encode it at the requested
 * width and format, caching everything on disk (image-store.ts).
 *
 * Fetched lazily, at the first request for a picture, not at ingest: an ingest of a thousand items
 * would otherwise download a thousand pictures nobody may open, and slow every poll. The first reader
 * of a picture waits for one fetch; everyone after (and that reader's other widths) gets the disk copy.
 */

/** Raster formats sharp reads that we accept. SVG is refused: it is a document, not a picture. */
const ACCEPTED_FORMATS = new Set(["jpeg", "png", "webp", "gif", "avif", "heif", "tiff"]);
/** About 50 megapixels: a 10,000 × 5,000 panorama passes, a decompression bomb does not. */
export const MAX_INPUT_PIXELS = 50_000_000;
/** A dead or refused picture is not asked for again before this (network trouble: the shorter one). */
const RETRY_REFUSED_MS = 60 * 60_000;
const RETRY_NETWORK_MS = 10 * 60_000;

export const IMMUTABLE = "public, max-age=31536000, immutable";
/** Failures are short-lived in browsers too: a picture may come back, and the answer must not stick. */
const FAILURE_CACHE = "public, max-age=300";

export type ImageAnswer =
  | { status: 200; body: Buffer; contentType: string; cacheControl: string }
  | { status: 404 | 502; reason: string; cacheControl: string }
  | { status: 503; reason: string; cacheControl: string; retryAfterSeconds: number };

export type ImageServiceOptions = {
  dir: string;
  maxBytes: number;
  /** Passed to safeFetch: tests trust their own 127.0.0.1 server here. */
  fetchOptions?: SafeFetchOptions;
  /** Where /sample-images/ paths are read from. */
  publicDir?: string;
  now?: () => number;
  log?: (message: string) => void;
};

type Original = { ok: true; meta: Extract<ImageMeta, { status: "ok" }> } | { ok: false; reason: string };

class Refused extends Error {
  constructor(
    message: string,
    readonly retryMs = RETRY_REFUSED_MS,
  ) {
    super(message);
  }
}

/** One at a time: encoding (AVIF above all) takes a core, and the server needs the other one. */
/**
 * Runs tasks at most `concurrency` at a time, in arrival order. `busy` says the line is full: a request
 * that would join it is turned away (503) instead, so a client asking for every variant of every picture
 * cannot make real readers wait behind it, or grow the line without end.
 */
export class BoundedQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting: number,
  ) {}

  get busy(): boolean {
    return this.running >= this.concurrency && this.waiting.length >= this.maxWaiting;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) this.running += 1;
    // A finishing task hands its slot straight to the next in line, so none can slip in between.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}

sharp.cache(false);
sharp.concurrency(1);

export class ImageService {
  readonly store: ImageStore;
  private readonly inflight = new Map<string, Promise<unknown>>();
  // One encode at a time keeps a core for the server; downloads wait on the network, so a few at once.
  private readonly encoder = new BoundedQueue(1, 32);
  private readonly fetcher = new BoundedQueue(4, 32);
  private readonly now: () => number;
  private readonly log: (message: string) => void;
  /** How many times a source was actually fetched (tests check a second request fetches nothing). */
  fetches = 0;

  constructor(private readonly options: ImageServiceOptions) {
    this.now = options.now ?? Date.now;
    this.store = new ImageStore(options.dir, options.maxBytes, this.now);
    this.log = options.log ?? ((m) => console.warn(m));
  }

  /** Runs `task` once for concurrent callers with the same key; they all get its result. */
  private once<T>(key: string, task: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(key);
    if (running !== undefined) return running as Promise<T>;
    const p = task().finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  async serve({
    articleId,
    key,
    width,
    format,
  }: {
    articleId: number;
    key: string;
    width: ImageWidth;
    format: ImageFormat;
  }): Promise<ImageAnswer> {
    const sources = await getArticleImageSources(getDb(), { articleId });
    if (!sources) return { status: 404, reason: "no such article", cacheControl: FAILURE_CACHE };
    // Only a picture this article names: the endpoint is no proxy for arbitrary addresses.
    const url = [sources.imageUrl, ...bodyImageUrls(sources.bodyHtml)].find((u) => u && imageKey(u) === key);
    if (!url) return { status: 404, reason: "the article has no such image", cacheControl: FAILURE_CACHE };

    const name = `${width}.${format}`;
    const cached = await this.store.read(key, name);
    if (cached) return this.ok(cached, format);

    const sourceKey = `source:${key}`;
    const variantKey = `variant:${key}/${name}`;
    if ((!this.inflight.has(sourceKey) && this.fetcher.busy) || (!this.inflight.has(variantKey) && this.encoder.busy)) {
      return { status: 503, reason: "busy", cacheControl: "no-store", retryAfterSeconds: 5 };
    }
    const original = await this.once(sourceKey, () => this.fetcher.run(() => this.original(key, url, articleId)));
    if (!original.ok) return { status: 404, reason: original.reason, cacheControl: FAILURE_CACHE };
    try {
      const body = await this.once(variantKey, () => this.encoder.run(() => this.encode(key, name, width, format)));
      return this.ok(body, format);
    } catch (err) {
      this.log(`[images] article ${articleId}: encoding ${url} as ${name} failed: ${describeError(err)}`);
      return { status: 502, reason: "the image could not be encoded", cacheControl: FAILURE_CACHE };
    }
  }

  private ok(body: Buffer, format: ImageFormat): ImageAnswer {
    return { status: 200, body, contentType: IMAGE_CONTENT_TYPES[format], cacheControl: IMMUTABLE };
  }

  /** The stored original, fetched (once) when missing; a recent failure is answered from its record. */
  private async original(key: string, url: string, articleId: number): Promise<Original> {
    const meta = await this.store.readMeta(key);
    if (meta?.status === "ok" && (await fs.stat(this.store.variantPath(key, "source")).catch(() => null))) {
      return { ok: true, meta };
    }
    if (meta?.status === "failed" && meta.retryAt > this.now()) return { ok: false, reason: meta.reason };
    try {
      const bytes = await this.load(url);
      const info = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
        .metadata()
        .catch(() => {
          throw new Refused("not an image sharp can read");
        });
      if (!info.format || !ACCEPTED_FORMATS.has(info.format)) {
        throw new Refused(`not a raster image (${info.format ?? "unknown format"})`);
      }
      if (!info.width || !info.height) throw new Refused("the image has no size");
      if (info.width * info.height > MAX_INPUT_PIXELS) {
        throw new Refused(
          `${info.width} × ${info.height} pixels is over the ${MAX_INPUT_PIXELS / 1e6} megapixel limit`,
        );
      }
      // EXIF orientation is applied when encoding; the stored size is the upright one.
      const upright = (info.orientation ?? 1) >= 5;
      const ok: ImageMeta = {
        status: "ok",
        url,
        format: info.format,
        width: upright ? info.height : info.width,
        height: upright ? info.width : info.height,
        bytes: bytes.length,
        fetchedAt: this.now(),
      };
      await this.store.write(key, "source", bytes);
      await this.store.writeMeta(key, ok);
      return { ok: true, meta: ok };
    } catch (err) {
      const reason = err instanceof Refused ? err.message : describeError(err);
      const retryMs = err instanceof Refused ? err.retryMs : RETRY_NETWORK_MS;
      this.log(
        `[images] article ${articleId}: refused ${url}: ${reason} (not retried for ${Math.round(retryMs / 60_000)} min)`,
      );
      await this.store.writeMeta(key, { status: "failed", url, reason, retryAt: this.now() + retryMs });
      return { ok: false, reason };
    }
  }

  /** The original's bytes: a sample picture from public/, anything else over the network. */
  private async load(url: string): Promise<Buffer> {
    this.fetches += 1;
    if (url.startsWith(SAMPLE_IMAGE_PREFIX)) {
      const name = url.slice(SAMPLE_IMAGE_PREFIX.length);
      if (!/^[a-z0-9-]+\.(?:jpe?g|png|webp)$/.test(name)) throw new Refused(`not a sample image: ${url}`);
      const dir = this.options.publicDir ?? path.join(process.cwd(), "public");
      return fs.readFile(path.join(dir, "sample-images", name)).catch(() => {
        throw new Refused(`sample image ${name} is missing from public/sample-images`);
      });
    }
    const res = await safeFetch(url, {
      maxBytes: MAX_BODY_BYTES,
      accept: "image/avif,image/webp,image/png,image/jpeg,image/*;q=0.8",
      ...this.options.fetchOptions,
    }).catch((err: unknown) => {
      const code = (err as { code?: string }).code;
      // Refusals by policy (private address, oversize, bad URL) will not change in ten minutes.
      if (code && ["blocked-address", "too-large", "bad-url", "redirect"].includes(code)) {
        throw new Refused(describeError(err));
      }
      throw err;
    });
    if (res.status !== 200) {
      throw new Refused(`the image host answered HTTP ${res.status}`, res.status >= 500 ? RETRY_NETWORK_MS : undefined);
    }
    const type = String(res.headers["content-type"] ?? "")
      .split(";")[0]
      ?.trim()
      .toLowerCase();
    if (type && !type.startsWith("image/") && type !== "application/octet-stream") {
      throw new Refused(`not an image (Content-Type: ${type})`);
    }
    return res.body;
  }

  private async encode(key: string, name: string, width: ImageWidth, format: ImageFormat): Promise<Buffer> {
    // Another request may have written it while this one waited in the queue.
    const done = await this.store.read(key, name);
    if (done) return done;
    const source = await this.store.read(key, "source");
    if (!source) throw new Error("the original was evicted before it could be encoded");
    // rotate() applies EXIF orientation; sharp writes no metadata (EXIF, XMP, ICC) unless asked to.
    const pipeline = sharp(source, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize({ width, withoutEnlargement: true });
    const body =
      format === "avif"
        ? await pipeline.avif({ quality: 50, effort: 2 }).toBuffer()
        : await pipeline.webp({ quality: 78 }).toBuffer();
    await this.store.write(key, name, body);
    return body;
  }
}

// One per process, kept on globalThis like the database connection (Next's bundles are separate module graphs).
const holder = globalThis as unknown as { __tidingsImages?: ImageService };

export function imageService(): ImageService {
  holder.__tidingsImages ??= new ImageService(config().imageCache);
  return holder.__tidingsImages;
}
