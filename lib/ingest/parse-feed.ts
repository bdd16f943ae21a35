import { XMLValidator } from "fast-xml-parser";
import { type AnyFeed, DetectError, parseFeed } from "feedsmith";
import { IngestError } from "./errors";

export type FeedFormat = AnyFeed["format"];

/** One entry as the feed gave it, before cleaning: every format mapped onto the same fields. */
export type RawEntry = {
  /** 1-based position in the feed, for messages. */
  position: number;
  id?: string;
  link?: string;
  title?: string;
  /** RSS, RDF and JSON titles, and Atom titles of type html/xhtml, may carry markup or entities. */
  titleIsHtml: boolean;
  author?: string;
  published?: string;
  contentHtml?: string;
  summaryHtml?: string;
  /** Plain-text content (JSON Feed content_text, Atom type="text"): never parsed as HTML. */
  contentText?: string;
  summaryText?: string;
  categories: string[];
  images: string[];
};

export type ParsedFeed = {
  format: FeedFormat;
  title?: string;
  homepage?: string;
  entries: RawEntry[];
};

const FORMAT_NAMES: Record<FeedFormat, string> = {
  rss: "RSS 2.0",
  rdf: "RSS 1.0 (RDF)",
  atom: "Atom 1.0",
  json: "JSON Feed",
};

export function formatName(format: FeedFormat): string {
  return FORMAT_NAMES[format];
}

// Comments and processing instructions may precede the root element or DOCTYPE.
const PROLOG = /^\uFEFF?\s*(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*)*/;

function afterProlog(text: string): string {
  return text.slice(PROLOG.exec(text)?.[0].length ?? 0);
}

function looksLikeHtml(text: string): boolean {
  return /^<!doctype\s+html\b|^<html[\s>]|^<head[\s>]|^<body[\s>]/i.test(afterProlog(text));
}

function advertisedFeed(html: string): string | undefined {
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    if (/\brel\s*=\s*["']?alternate/i.test(tag) && /application\/(?:rss|atom|feed)\+(?:xml|json)/i.test(tag)) {
      return /\bhref\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1];
    }
  }
  return undefined;
}

/**
 * Refuses documents that declare entities. Our parser does not expand them (see parse-feed.test.ts),
 * but refusing up front gives a clear message instead of a feed full of literal "&lol9;", and stays
 * safe if a parser upgrade ever changes that default. A DOCTYPE without an internal subset (old RSS
 * 0.91 feeds have one) is harmless and accepted.
 */
function refuseEntityDeclarations(text: string): void {
  const doctype = /^<!DOCTYPE\s[^[>]*(\[[\s\S]*?\]\s*)?>/i.exec(afterProlog(text));
  const subset = doctype?.[1];
  if (!subset) return;
  const entity = /<!ENTITY\s+(%\s+)?([^\s>]+)\s+(SYSTEM|PUBLIC)?/i.exec(subset);
  if (!entity) return;
  const name = entity[2] ?? "?";
  if (entity[3]) {
    throw new IngestError(
      "entities",
      `refused: the DOCTYPE declares an external entity (&${name}; ${entity[3].toUpperCase()} ...), which could read local files or internal URLs`,
    );
  }
  throw new IngestError(
    "entities",
    `refused: the DOCTYPE declares XML entities (&${name}; ...); entity expansion ("billion laughs") is not allowed in feeds`,
  );
}

function validateXml(text: string): void {
  const result = XMLValidator.validate(text);
  if (result === true) return;
  const { code, msg, line, col } = result.err;
  // The validator reports a document that stops early as tags still open at the end: "Invalid '[...]' found."
  const open = /^Invalid '(\[[\s\S]*\])' found\.$/.exec(msg)?.[1];
  if (code === "InvalidXml" && open) {
    let path = "";
    try {
      path = (JSON.parse(open) as string[]).map((t) => `<${t}>`).join(" › ");
    } catch {
      path = open;
    }
    throw new IngestError(
      "truncated",
      `truncated XML: the document ends inside ${path} (${text.length} characters received)`,
    );
  }
  throw new IngestError("malformed", `malformed XML at line ${line}, column ${col}: ${msg}`);
}

function rootElement(text: string): string {
  const body = afterProlog(text).replace(/^<!DOCTYPE[^[>]*(\[[\s\S]*?\]\s*)?>\s*/i, "");
  return /^<([A-Za-z_][\w:.-]*)/.exec(body)?.[1] ?? "?";
}

/**
 * Text of a feed document to its entries, in any of RSS 2.0, RSS 1.0 (RDF), Atom 1.0 and JSON Feed 1.x.
 * Every way a document can be unusable ends in an IngestError saying which, and where.
 */
export function parseFeedDocument(text: string, contentType?: string): ParsedFeed {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (!trimmed) throw new IngestError("empty", "empty response: the feed has no content at all");

  if (looksLikeHtml(trimmed) || (/text\/html/i.test(contentType ?? "") && !trimmed.startsWith("<?xml"))) {
    const link = advertisedFeed(trimmed);
    throw new IngestError(
      "html-not-feed",
      `got an HTML page, not a feed${contentType ? ` (Content-Type: ${contentType})` : ""}${link ? `; the page advertises a feed at ${link}` : ""}`,
    );
  }

  if (trimmed.startsWith("{") || trimmed.startsWith("[")) return parseJsonFeedText(trimmed);
  if (!trimmed.startsWith("<")) {
    throw new IngestError(
      "not-a-feed",
      `not a feed: the document starts with "${trimmed.slice(0, 40)}", not XML or JSON`,
    );
  }

  refuseEntityDeclarations(trimmed);
  validateXml(trimmed);
  let parsed: AnyFeed;
  try {
    parsed = parseFeed(trimmed);
  } catch (err) {
    if (err instanceof DetectError) {
      throw new IngestError(
        "not-a-feed",
        `XML, but not RSS, RDF or Atom: the root element is <${rootElement(trimmed)}>`,
      );
    }
    const cause = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
    throw new IngestError("malformed", `the feed could not be read: ${cause}`);
  }
  return fromAnyFeed(parsed);
}

function parseJsonFeedText(text: string): ParsedFeed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    // A parse error at the very end of the text means the text stopped early, not that it is wrong.
    const at = Number(/position (\d+)/.exec(message)?.[1] ?? Number.NaN);
    if (/end of JSON input/i.test(message) || at >= text.length) {
      throw new IngestError("truncated", `truncated JSON: ${message} (${text.length} characters received)`);
    }
    throw new IngestError("malformed", `malformed JSON: ${message}`);
  }
  let parsed: AnyFeed;
  try {
    parsed = parseFeed(json);
  } catch {
    throw new IngestError(
      "not-a-feed",
      'JSON, but not a JSON Feed: expected an object with "version": "https://jsonfeed.org/version/1.1" and "items"',
    );
  }
  return fromAnyFeed(parsed);
}

const IMAGE_URL = /\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)/i;

function isImage(type: string | undefined, url: string | undefined, medium?: string): boolean {
  return medium === "image" || /^image\//i.test(type ?? "") || (!type && !medium && IMAGE_URL.test(url ?? ""));
}

type MediaLike = {
  contents?: { url?: string; type?: string; medium?: string }[];
  thumbnails?: { url?: string }[];
  groups?: { contents?: { url?: string; type?: string; medium?: string }[]; thumbnails?: { url?: string }[] }[];
};

function mediaImages(media: MediaLike | undefined): string[] {
  if (!media) return [];
  const out: string[] = [];
  const groups = [media, ...(media.groups ?? [])];
  for (const g of groups) {
    for (const c of g.contents ?? []) if (c.url && isImage(c.type, c.url, c.medium)) out.push(c.url);
  }
  for (const g of groups) for (const t of g.thumbnails ?? []) if (t.url) out.push(t.url);
  return out;
}

function nonEmpty(values: (string | undefined)[]): string[] {
  return values.filter((v): v is string => typeof v === "string" && v.trim() !== "");
}

function fromAnyFeed(parsed: AnyFeed): ParsedFeed {
  switch (parsed.format) {
    case "rss": {
      const f = parsed.feed;
      return {
        format: "rss",
        title: f.title,
        homepage: f.link,
        entries: (f.items ?? []).map((item, i) => {
          const guid = item.guid?.value;
          // A guid is a permalink unless it says otherwise (RSS 2.0 spec), so it can stand in for a missing link.
          const guidLink = item.guid?.isPermaLink !== false && /^https?:\/\//i.test(guid ?? "") ? guid : undefined;
          return {
            position: i + 1,
            id: guid,
            link: item.link ?? guidLink,
            title: item.title,
            titleIsHtml: true,
            author: item.authors?.[0]?.name ?? item.authors?.[0]?.email ?? item.dc?.creators?.[0],
            published: item.pubDate ?? item.dc?.dates?.[0],
            contentHtml: item.content?.encoded,
            summaryHtml: item.description,
            categories: nonEmpty([...(item.categories ?? []).map((c) => c.name), ...(item.dc?.subjects ?? [])]),
            images: nonEmpty([
              ...(item.enclosures ?? []).filter((e) => isImage(e.type, e.url)).map((e) => e.url),
              ...mediaImages(item.media),
            ]),
          };
        }),
      };
    }
    case "rdf": {
      const f = parsed.feed;
      return {
        format: "rdf",
        title: f.title,
        homepage: f.link,
        entries: (f.items ?? []).map((item, i) => ({
          position: i + 1,
          id: item.rdf?.about ?? item.link,
          link: item.link,
          title: item.title,
          titleIsHtml: true,
          author: item.dc?.creators?.[0],
          published: item.dc?.dates?.[0],
          contentHtml: item.content?.encoded,
          summaryHtml: item.description,
          categories: nonEmpty(item.dc?.subjects ?? []),
          images: mediaImages(item.media),
        })),
      };
    }
    case "atom": {
      const f = parsed.feed;
      const alternate = (links: { href?: string; rel?: string }[] | undefined) =>
        links?.find((l) => !l.rel || l.rel === "alternate")?.href;
      return {
        format: "atom",
        title: f.title?.value,
        homepage: alternate(f.links),
        entries: (f.entries ?? []).map((entry, i) => {
          const isText = (t: { type?: string } | undefined) => !t?.type || t.type === "text";
          const content = entry.content?.src ? undefined : entry.content;
          return {
            position: i + 1,
            id: entry.id,
            link: alternate(entry.links),
            title: entry.title?.value,
            titleIsHtml: !isText(entry.title),
            author: entry.authors?.[0]?.name,
            published: entry.published ?? entry.updated,
            contentHtml: content && !isText(content) ? content.value : undefined,
            contentText: content && isText(content) ? content.value : undefined,
            summaryHtml: entry.summary && !isText(entry.summary) ? entry.summary.value : undefined,
            summaryText: entry.summary && isText(entry.summary) ? entry.summary.value : undefined,
            categories: nonEmpty((entry.categories ?? []).map((c) => c.label ?? c.term)),
            images: nonEmpty([
              ...(entry.links ?? []).filter((l) => l.rel === "enclosure" && isImage(l.type, l.href)).map((l) => l.href),
              ...mediaImages(entry.media),
            ]),
          };
        }),
      };
    }
    case "json": {
      const f = parsed.feed;
      return {
        format: "json",
        title: f.title,
        homepage: f.home_page_url,
        entries: (f.items ?? []).map((item, i) => ({
          position: i + 1,
          id: item.id,
          link: item.url ?? item.external_url,
          title: item.title,
          titleIsHtml: true,
          author: item.authors?.[0]?.name,
          published: item.date_published ?? item.date_modified,
          contentHtml: item.content_html,
          contentText: item.content_html ? undefined : item.content_text,
          // JSON Feed's summary is plain text by the spec.
          summaryText: item.summary,
          categories: nonEmpty(item.tags ?? []),
          images: nonEmpty([item.image, item.banner_image]),
        })),
      };
    }
  }
}
