/**
 * Lead images: what a feed item (or an article page's Open Graph tags) offers as its picture, and the
 * one we keep. Pure functions: parse-feed.ts collects candidates, normalize.ts and the full-text step
 * choose among them, and the image endpoint (lib/images/) fetches only what was chosen and stored.
 */

/** Where a candidate came from; also the order of preference when sizes are unknown. */
export type ImageCandidateKind = "media-content" | "enclosure" | "og-image" | "json-image" | "media-thumbnail";

export type ImageCandidate = {
  url: string;
  kind: ImageCandidateKind;
  /** The declared media type, when the feed gave one. */
  type?: string;
  /** Media RSS `medium` ("image", "video"...). */
  medium?: string;
  width?: number;
  height?: number;
  alt?: string;
  credit?: string;
};

export type LeadImage = {
  /** Absolute http(s) URL. */
  url: string;
  width: number | null;
  height: number | null;
  alt: string | null;
  credit: string | null;
};

/** Longer than any sane image address; such a value is junk or an attack on our storage. */
const MAX_URL_CHARS = 2_000;
/** Declared sizes beyond this are not believed (and never stored); the real size is read on fetch. */
export const MAX_DECLARED_SIDE = 20_000;
const MAX_ALT_CHARS = 300;
const MAX_CREDIT_CHARS = 200;

// Raster formats the image endpoint re-encodes. SVG is refused: it is a document (scripts, external
// references) rather than a picture, and rasterizing hostile SVG is a risk we do not need.
const RASTER_TYPE = /^image\/(?:jpe?g|pjpeg|png|gif|webp|avif|heic|heif)$/i;
const IMAGE_EXTENSION = /\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)/i;

const KIND_RANK: Record<ImageCandidateKind, number> = {
  "media-content": 0,
  enclosure: 1,
  "og-image": 2,
  "json-image": 3,
  "media-thumbnail": 4,
};

/** A declared dimension as a whole number of pixels, or undefined when absent, zero, absurd or not a number. */
export function declaredSize(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : Number.NaN;
  if (!Number.isFinite(n) || n < 1 || n > MAX_DECLARED_SIDE) return undefined;
  return Math.round(n);
}

/** Whether the declared type/medium (or, with neither, the file name) says "raster image". */
export function looksLikeImage(c: Pick<ImageCandidate, "type" | "medium" | "url" | "kind">): boolean {
  const type = c.type?.split(";")[0]?.trim();
  if (type) return RASTER_TYPE.test(type);
  if (c.medium) return c.medium.trim().toLowerCase() === "image";
  // Thumbnails and og:image are images by definition; enclosures and media:content must say so.
  if (c.kind === "media-thumbnail" || c.kind === "og-image" || c.kind === "json-image") return true;
  return IMAGE_EXTENSION.test(c.url);
}

function oneLine(text: string | undefined, max: number): string | null {
  const flat = text
    ?.replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!flat) return null;
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** `raw` resolved against `base`, if the result is an http(s) URL without credentials and of sane length. */
export function imageUrl(raw: string | undefined, base?: string): string | null {
  const value = raw?.trim();
  if (!value || value.length > MAX_URL_CHARS) return null;
  try {
    const url = new URL(value, base);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    if (url.username || url.password) return null;
    return url.href.length > MAX_URL_CHARS ? null : url.href;
  } catch {
    return null;
  }
}

/**
 * The lead image among an item's candidates: only raster images with a usable http(s) address
 * (relative ones resolved against `base`), the largest declared one first; when sizes are unknown a
 * full media:content or enclosure beats a thumbnail. Declared sizes that are absurd are dropped, not
 * trusted, and a declared width without a height (or the reverse) is kept as unknown.
 */
export function chooseLeadImage(candidates: readonly ImageCandidate[], base?: string): LeadImage | null {
  const usable = candidates.flatMap((c, order) => {
    if (!looksLikeImage(c)) return [];
    const url = imageUrl(c.url, base);
    if (!url) return [];
    const width = declaredSize(c.width);
    const height = declaredSize(c.height);
    const sized = width !== undefined && height !== undefined;
    return [{ c, url, order, width: sized ? width : null, height: sized ? height : null }];
  });
  usable.sort((a, b) => {
    const area = (b.width ?? 0) * (b.height ?? 0) - (a.width ?? 0) * (a.height ?? 0);
    if (area !== 0) return area;
    return KIND_RANK[a.c.kind] - KIND_RANK[b.c.kind] || a.order - b.order;
  });
  const best = usable[0];
  if (!best) return null;
  // Alt text and credit often sit on a sibling (the thumbnail of the same picture): take the chosen
  // one's own, else the first candidate that has one.
  const alt = best.c.alt ?? candidates.find((c) => c.alt)?.alt;
  const credit = best.c.credit ?? candidates.find((c) => c.credit)?.credit;
  return {
    url: best.url,
    width: best.width,
    height: best.height,
    alt: oneLine(alt, MAX_ALT_CHARS),
    credit: oneLine(credit, MAX_CREDIT_CHARS),
  };
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;|&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * The Open Graph image of an HTML page (`og:image`, `og:image:secure_url`, `og:image:url`, with
 * `og:image:width`, `:height`, `:alt`, `:type`; `twitter:image` as a fallback), as candidates. Read
 * from the `<head>` with a tolerant pattern: attribute order and quoting vary, and this runs before
 * Readability discards the head.
 */
export function openGraphImages(html: string): ImageCandidate[] {
  const head = html.slice(0, Math.max(0, html.search(/<body[\s>]/i)) || 200_000);
  const props: [string, string][] = [];
  for (const m of head.matchAll(/<meta\b[^>]*>/gi)) {
    const tag = m[0];
    const attr = (name: string) =>
      new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, "i")
        .exec(tag)
        ?.slice(1)
        .find((v) => v);
    const key = (attr("property") ?? attr("name"))?.trim().toLowerCase();
    const content = attr("content");
    if (key && content !== undefined) props.push([key, decodeEntities(content)]);
  }
  const out: ImageCandidate[] = [];
  let current: ImageCandidate | undefined;
  for (const [key, value] of props) {
    if ((key === "og:image:url" || key === "og:image:secure_url") && current) {
      // A structured property after og:image refines that image rather than adding another.
      if (!/^https:/i.test(current.url)) current.url = value;
    } else if (key === "og:image" || key === "og:image:url" || key === "og:image:secure_url") {
      current = { url: value, kind: "og-image" };
      out.push(current);
    } else if (current && key === "og:image:width") current.width = declaredSize(value);
    else if (current && key === "og:image:height") current.height = declaredSize(value);
    else if (current && key === "og:image:alt") current.alt = value;
    else if (current && key === "og:image:type") current.type = value;
  }
  if (out.length === 0) {
    const twitter = props.find(([k]) => k === "twitter:image" || k === "twitter:image:src");
    const alt = props.find(([k]) => k === "twitter:image:alt")?.[1];
    if (twitter) out.push({ url: twitter[1], kind: "og-image", ...(alt ? { alt } : {}) });
  }
  return out;
}
