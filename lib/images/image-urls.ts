import { createHash } from "node:crypto";

/**
 * Addresses of our own image endpoint. A picture is named by the article that shows it and a key
 * derived from its source URL, never by the URL itself: the endpoint fetches only what an article of
 * ours names, so it cannot be used as an open proxy. The key also makes each address immutable: a
 * story whose picture changes gets a new key, so a year-long browser cache never shows a stale one.
 *
 *   /images/<articleId>/<key>/<width>.<webp|avif>
 */

/** The widths we encode; a request for any other is refused. Never above the original (no upscaling). */
export const IMAGE_WIDTHS = [320, 640, 960, 1280] as const;
export type ImageWidth = (typeof IMAGE_WIDTHS)[number];
export const IMAGE_FORMATS = ["avif", "webp"] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

export const IMAGE_CONTENT_TYPES: Record<ImageFormat, string> = { avif: "image/avif", webp: "image/webp" };

/** 16 hex characters of the source URL's SHA-256: unguessable enough to name, short enough for markup. */
export function imageKey(sourceUrl: string): string {
  return createHash("sha256").update(sourceUrl).digest("hex").slice(0, 16);
}

export function imagePath(articleId: number, key: string, width: ImageWidth, format: ImageFormat): string {
  return `/images/${articleId}/${key}/${width}.${format}`;
}

/** The picture we offer link previews and search engines (og:image, JSON-LD): our copy, never the source. */
export function shareImagePath(articleId: number, sourceUrl: string): string {
  return imagePath(articleId, imageKey(sourceUrl), 1280, "webp");
}

/** Parses the last segment, `640.webp`; null for anything we do not serve. */
export function parseVariant(segment: string): { width: ImageWidth; format: ImageFormat } | null {
  const m = /^(\d{3,4})\.(webp|avif)$/.exec(segment);
  if (!m) return null;
  const width = Number(m[1]);
  const w = IMAGE_WIDTHS.find((x) => x === width);
  return w ? { width: w, format: m[2] as ImageFormat } : null;
}

export type ResponsiveImage = {
  /** The fallback `src` (WebP, a middle width). */
  src: string;
  /** `srcset` for each format, widest last. */
  srcSet: Record<ImageFormat, string>;
  /** Intrinsic box for width/height attributes: the declared size, else `fallbackRatio` at the widest. */
  width: number;
  height: number;
};

/**
 * srcset/src for a stored picture. Widths above a declared original width are left out (they would be
 * the same bytes); with no declared size, every width is listed and the endpoint never upscales.
 */
export function responsiveImage({
  articleId,
  sourceUrl,
  width,
  height,
  fallbackRatio = 16 / 9,
  maxWidth = 1280,
}: {
  articleId: number;
  sourceUrl: string;
  width: number | null;
  height: number | null;
  fallbackRatio?: number;
  /** The largest width this placement can use (a card thumbnail never needs 1280). */
  maxWidth?: number;
}): ResponsiveImage {
  const key = imageKey(sourceUrl);
  const limit = Math.min(maxWidth, width ?? Number.POSITIVE_INFINITY);
  let widths: ImageWidth[] = IMAGE_WIDTHS.filter((w) => w <= limit);
  if (widths.length === 0) widths = [IMAGE_WIDTHS[0]];
  const set = (format: ImageFormat) => widths.map((w) => `${imagePath(articleId, key, w, format)} ${w}w`).join(", ");
  const widest = widths[widths.length - 1] ?? 320;
  const middle = widths[Math.min(1, widths.length - 1)] ?? widest;
  const sized = width && height;
  return {
    src: imagePath(articleId, key, middle, "webp"),
    srcSet: { avif: set("avif"), webp: set("webp") },
    width: sized ? width : widest,
    height: sized ? height : Math.round(widest / fallbackRatio),
  };
}

// The sanitizer's output shape (lib/ingest/sanitize.ts): `<img alt="..." src="..." ... />`, values
// escaped with &amp; &lt; &gt; &quot; only.
const BODY_IMG = /<img\b([^>]*?)\ssrc="([^"]+)"([^>]*?)\s*\/?>/g;

function unescapeAttr(v: string): string {
  return v
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

/** Source URLs of the pictures inside an article's stored (sanitized) HTML. */
export function bodyImageUrls(bodyHtml: string | null): string[] {
  if (!bodyHtml) return [];
  return [...bodyHtml.matchAll(BODY_IMG)].flatMap((m) => (m[2] ? [unescapeAttr(m[2])] : []));
}

/**
 * Points every picture in an article's stored HTML at our endpoint (the reader's browser must never
 * fetch a third-party host), with a srcset for the text column and lazy loading. Stored HTML stays as
 * ingest cleaned it; this runs at render.
 */
export function proxyBodyImages(bodyHtml: string, articleId: number): string {
  return bodyHtml.replace(BODY_IMG, (_whole, before: string, src: string, after: string) => {
    const url = unescapeAttr(src);
    if (!/^https?:\/\//i.test(url)) return "";
    const key = imageKey(url);
    const widths = IMAGE_WIDTHS.filter((w) => w <= 960);
    const srcset = widths.map((w) => `${imagePath(articleId, key, w, "webp")} ${w}w`).join(", ");
    return `<img${before} src="${imagePath(articleId, key, 640, "webp")}" srcset="${srcset}" sizes="(min-width: 768px) 680px, 100vw" loading="lazy" decoding="async"${after} />`;
  });
}
