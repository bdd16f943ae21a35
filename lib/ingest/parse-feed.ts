import { XMLValidator } from "fast-xml-parser";
import { type AnyFeed, DetectError, parseFeed } from "feedsmith";
import { decodeFeedBytes } from "./decode";
import { IngestError } from "./errors";
import { declaredSize, type ImageCandidate } from "./lead-image";
import { salvageXml } from "./salvage";
import { htmlToText } from "./sanitize";

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
  /** Every picture the item offers (media:content, media:thumbnail, enclosures...), unfiltered. */
  images: ImageCandidate[];
  /** Atom xml:base values in force for the entry's links, outermost first (each relative to the one before). */
  xmlBase?: string[];
  /** The same for its content, which may add its own xml:base. */
  contentXmlBase?: string[];
};

/** How an ill-formed document was salvaged: the XML error, and what could not be kept. */
export type FeedRepair = {
  problem: string;
  skipped: { item: string; reason: string }[];
  dropped: string[];
};

export type ParsedFeed = {
  format: FeedFormat;
  /** Plain text: markup and entities already resolved. */
  title?: string;
  homepage?: string;
  /** The feed-level xml:base, for the homepage and as the outermost base of every entry. */
  xmlBase?: string;
  entries: RawEntry[];
  /** Present when the document was not well-formed and was read leniently. */
  repair?: FeedRepair;
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

const FEED_ROOT = /^(?:rss|feed|(?:[\w-]+:)?RDF)$/;

function looksLikeHtml(text: string): boolean {
  const start = afterProlog(text);
  // An XHTML DOCTYPE in front of <rss> is a publishing tool's habit, not an HTML page: the root decides.
  if (/^<!doctype\s+html\b/i.test(start)) return !FEED_ROOT.test(rootElement(text));
  return /^<html[\s>]|^<head[\s>]|^<body[\s>]/i.test(start);
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

// The XHTML (and HTML 4) character entity sets, referenced by public identifier or by their usual file
// names. Declaring one pulls in only named characters (&eacute; and friends), which we already map
// ourselves, so such a reference is accepted and never fetched.
const KNOWN_ENTITY_SET =
  /^-\/\/W3C\/\/ENTITIES (?:Latin ?1|Symbols?|Special)(?: for XHTML)?\/\/EN|(?:xhtml-(?:lat1|symbol|special)|HTML(?:lat1|symbol|special))\.ent$/i;

const DOCTYPE = /^<!DOCTYPE\s[^[>]*(\[[\s\S]*?\]\s*)?>/i;

/**
 * Refuses documents that declare entities. Our parser does not expand them (see parse-feed.test.ts),
 * but refusing up front gives a clear message instead of a feed full of literal "&lol9;", and stays
 * safe if a parser upgrade ever changes that default. A DOCTYPE without an internal subset (old RSS
 * 0.91 feeds have one, XHTML pages another) is harmless and accepted, and so is a subset that only
 * references the XHTML entity sets: neither is ever fetched.
 */
function refuseEntityDeclarations(text: string): void {
  const start = afterProlog(text);
  const subset = DOCTYPE.exec(start)?.[1];
  if (!subset) {
    // A DOCTYPE too odd for the pattern above (a "]" inside a quoted value...) is judged by what it holds.
    const root = start.search(/<(?:[\w-]+:)?(?:rss|feed|RDF)[\s>]/);
    if (/^<!DOCTYPE/i.test(start) && /<!ENTITY/i.test(start.slice(0, root < 0 ? 65_536 : root))) {
      throw new IngestError("entities", "refused: the DOCTYPE declares entities, which are not allowed in feeds");
    }
    return;
  }
  for (const entity of subset.matchAll(
    /<!ENTITY\s+(%\s+)?([^\s>]+)\s+(SYSTEM|PUBLIC)?\s*(?:"([^"]*)"|'([^']*)')?\s*(?:"([^"]*)"|'([^']*)')?/gi,
  )) {
    const name = entity[2] ?? "?";
    const kind = entity[3]?.toUpperCase();
    const ids = [entity[4], entity[5], entity[6], entity[7]].filter((v): v is string => !!v);
    if (entity[1] && kind && ids.length > 0 && ids.every((id) => KNOWN_ENTITY_SET.test(id.trim()))) continue;
    if (kind) {
      throw new IngestError(
        "entities",
        `refused: the DOCTYPE declares an external entity (&${name}; ${kind} ...), which could read local files or internal URLs`,
      );
    }
    throw new IngestError(
      "entities",
      `refused: the DOCTYPE declares XML entities (&${name}; ...); entity expansion ("billion laughs") is not allowed in feeds`,
    );
  }
}

/** The document with its (already vetted) DOCTYPE blanked out, line breaks kept so positions stay exact. */
function withoutDoctype(text: string): string {
  const prolog = PROLOG.exec(text)?.[0].length ?? 0;
  const doctype = DOCTYPE.exec(text.slice(prolog))?.[0];
  if (!doctype) return text;
  return text.slice(0, prolog) + doctype.replace(/[^\n]/g, " ") + text.slice(prolog + doctype.length);
}

/** The first well-formedness error, with its exact line and column, or undefined for a well-formed document. */
function xmlProblem(text: string): IngestError | undefined {
  const result = XMLValidator.validate(text);
  if (result === true) return undefined;
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
    return new IngestError(
      "truncated",
      `truncated XML: the document ends inside ${path} (${text.length} characters received)`,
    );
  }
  return new IngestError("malformed", `malformed XML at line ${line}, column ${col}: ${msg}`);
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

  // Servers label feeds text/html often enough that the document's own root element decides.
  const servedAsHtml =
    /text\/html/i.test(contentType ?? "") && !trimmed.startsWith("<?xml") && !FEED_ROOT.test(rootElement(trimmed));
  if (looksLikeHtml(trimmed) || servedAsHtml) {
    const link = advertisedFeed(trimmed);
    throw new IngestError(
      "html-not-feed",
      `got an HTML page, not a feed${contentType ? ` (Content-Type: ${contentType})` : ""}${link ? `; the page advertises a feed at ${link}` : ""}`,
    );
  }

  if (trimmed.startsWith("{") || trimmed.startsWith("[")) return parseJsonFeedText(trimmed);
  const xmlStart = trimmed.startsWith("<")
    ? 0
    : trimmed.slice(0, 4096).search(/<\?xml\s|<rss[\s>]|<feed[\s>]|<rdf:RDF[\s>]/);
  if (xmlStart > 0) {
    // A server-side warning printed before the feed ("Warning: include() failed..."): read the feed after it.
    const junk = trimmed.slice(0, xmlStart).replace(/\s+/g, " ").trim();
    const feed = parseFeedDocument(trimmed.slice(xmlStart), contentType);
    const problem = `${xmlStart} characters of text before the XML ("${junk.length > 40 ? `${junk.slice(0, 39)}…` : junk}") were ignored`;
    feed.repair = feed.repair
      ? { ...feed.repair, problem: `${problem}; ${feed.repair.problem}` }
      : { problem, skipped: [], dropped: [] };
    return feed;
  }
  if (!trimmed.startsWith("<")) {
    throw new IngestError(
      "not-a-feed",
      `not a feed: the document starts with "${trimmed.slice(0, 40)}", not XML or JSON`,
    );
  }

  refuseEntityDeclarations(trimmed);
  const xml = withoutDoctype(trimmed);
  const problem = xmlProblem(xml);
  if (!problem) return parseWellFormed(xml);
  return parseSalvaged(xml, problem);
}

const ANY_ITEM = /<(?:[\w-]+:)?(?:item|entry)[\s>/]/;

/** A feed root with no items at all: strict parsers call that an invalid feed, a reader calls it empty. */
function emptyFeed(xml: string): ParsedFeed | undefined {
  const root = rootElement(xml);
  if (!FEED_ROOT.test(root) || ANY_ITEM.test(xml)) return undefined;
  const title = /<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(xml)?.[1]?.replace(/^<!\[CDATA\[([\s\S]*)\]\]>$/, "$1");
  return {
    format: root === "rss" ? "rss" : root === "feed" ? "atom" : "rdf",
    title: title ? htmlToText(title) || undefined : undefined,
    entries: [],
  };
}

function parseWellFormed(xml: string): ParsedFeed {
  let parsed: AnyFeed;
  try {
    parsed = parseFeed(xml);
  } catch (err) {
    const empty = emptyFeed(xml);
    if (empty) return empty;
    if (err instanceof DetectError) {
      throw new IngestError("not-a-feed", `XML, but not RSS, RDF or Atom: the root element is <${rootElement(xml)}>`);
    }
    const cause = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
    throw new IngestError("malformed", `the feed could not be read: ${cause}`);
  }
  return fromAnyFeed(parsed, xml);
}

/**
 * An ill-formed document read leniently (see salvage.ts). When not one of its items could be read
 * whole, the feed fails with the original error and its exact line and column.
 */
function parseSalvaged(xml: string, problem: IngestError): ParsedFeed {
  const salvaged = salvageXml(xml);
  if (!salvaged.xml || (salvaged.kept === 0 && salvaged.skipped.length > 0)) throw problem;
  let feed: ParsedFeed;
  try {
    feed = parseWellFormed(salvaged.xml);
  } catch (err) {
    if (err instanceof IngestError && err.code === "not-a-feed") throw err;
    throw problem;
  }
  // Keep each item's place in the original document, so messages point at the right one.
  feed.entries.forEach((entry, i) => {
    entry.position = salvaged.positions[i] ?? entry.position;
  });
  feed.repair = { problem: problem.message, skipped: salvaged.skipped, dropped: salvaged.dropped };
  return feed;
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
  return fromAnyFeed(parsed, text);
}

type MediaTextLike = { value?: string; type?: string } | undefined;
type MediaCredit = { value?: string; role?: string };
type MediaContentLike = {
  url?: string;
  type?: string;
  medium?: string;
  width?: number;
  height?: number;
  title?: MediaTextLike;
  description?: MediaTextLike;
  credits?: MediaCredit[];
  thumbnails?: MediaThumbLike[];
};
type MediaThumbLike = { url?: string; width?: number; height?: number };
type MediaLike = {
  contents?: MediaContentLike[];
  thumbnails?: MediaThumbLike[];
  credits?: MediaCredit[];
  groups?: { contents?: MediaContentLike[]; thumbnails?: MediaThumbLike[]; credits?: MediaCredit[] }[];
};

function creditOf(credits: MediaCredit[] | undefined): string | undefined {
  // A photographer beats a publisher or an editor when several are named.
  const list = (credits ?? []).filter((c) => c.value?.trim());
  return (list.find((c) => /photo|camera|author|creator/i.test(c.role ?? "")) ?? list[0])?.value;
}

/** Media RSS pictures: every media:content (in groups too) and media:thumbnail, with their sizes and words. */
function mediaImages(media: MediaLike | undefined): ImageCandidate[] {
  if (!media) return [];
  const out: ImageCandidate[] = [];
  const groups = [media, ...(media.groups ?? [])];
  const itemCredit = creditOf(media.credits);
  for (const g of groups) {
    for (const c of g.contents ?? []) {
      if (!c.url) continue;
      out.push({
        url: c.url,
        kind: "media-content",
        type: c.type,
        medium: c.medium,
        width: declaredSize(c.width),
        height: declaredSize(c.height),
        // A content's own title/description describes the picture; the item's describes the story.
        alt: c.description?.value ?? c.title?.value,
        credit: creditOf(c.credits) ?? creditOf(g.credits) ?? itemCredit,
      });
      out.push(...thumbnailImages(c.thumbnails, undefined));
    }
  }
  for (const g of groups) out.push(...thumbnailImages(g.thumbnails, creditOf(g.credits) ?? itemCredit));
  return out;
}

/** media:thumbnail pictures; a content's own thumbnails carry no credit (it belongs to the content). */
function thumbnailImages(
  thumbnails: { url?: string; width?: unknown; height?: unknown }[] | undefined,
  credit: string | undefined,
): ImageCandidate[] {
  return (thumbnails ?? []).flatMap((t) =>
    t.url
      ? [
          {
            url: t.url,
            kind: "media-thumbnail" as const,
            width: declaredSize(t.width),
            height: declaredSize(t.height),
            credit,
          },
        ]
      : [],
  );
}

function enclosureImages(enclosures: { url?: string; type?: string }[] | undefined): ImageCandidate[] {
  return (enclosures ?? []).flatMap((e) => (e.url ? [{ url: e.url, kind: "enclosure" as const, type: e.type }] : []));
}

function nonEmpty(values: (string | undefined)[]): string[] {
  return values.filter((v): v is string => typeof v === "string" && v.trim() !== "");
}

function first<T>(...values: (T | undefined | null)[]): T | undefined {
  for (const v of values) if (v !== undefined && v !== null && (typeof v !== "string" || v.trim() !== "")) return v;
  return undefined;
}

type MediaText = { value?: string; type?: string } | undefined;
type MediaTexts = {
  title?: MediaText;
  description?: MediaText;
  groups?: { title?: MediaText; description?: MediaText }[];
  contents?: { title?: MediaText; description?: MediaText }[];
};

/** Media RSS title or description: on the item, else in its first group or content that has one. */
function mediaText(media: MediaTexts | undefined, key: "title" | "description"): MediaText {
  if (!media) return undefined;
  return first(media[key], ...(media.groups ?? []).map((g) => g[key]), ...(media.contents ?? []).map((c) => c[key]));
}

/**
 * XHTML bodies (<xhtml:body> in RSS items) are left out by feedsmith. They are read straight from the
 * document: one block per item, in order, used only when the item count matches, with the namespace
 * prefixes taken off so the body is plain HTML.
 */
function xhtmlBodies(xml: string, itemCount: number): (string | undefined)[] {
  if (!/http:\/\/www\.w3\.org\/1999\/xhtml/.test(xml) || !/<(?:[\w-]+:)?body[\s>]/.test(xml)) return [];
  const blocks = [...xml.matchAll(/<((?:[\w-]+:)?item)\b[^>]*>([\s\S]*?)<\/\1>/g)];
  if (blocks.length !== itemCount) return [];
  return blocks.map((b) => {
    const body = /<((?:[\w-]+:)?body)\b[^>]*>([\s\S]*?)<\/\1>/.exec(b[2] ?? "");
    if (!body?.[2]) return undefined;
    const prefix = body[1]?.includes(":") ? body[1].slice(0, body[1].indexOf(":") + 1) : "";
    return prefix ? body[2].replace(new RegExp(`(</?)${prefix.replace(/[-]/g, "\\-")}`, "g"), "$1") : body[2];
  });
}

/** Descriptions that are plain text by their spec (iTunes) or say so (Media RSS type="plain"). */
function asPlain(text: MediaText): string | undefined {
  return text && text.type !== "html" ? text.value : undefined;
}
function asHtml(text: MediaText): string | undefined {
  return text?.type === "html" ? text.value : undefined;
}

type AtomText = { value?: string; type?: string };

const BASE64 = /^[A-Za-z0-9+/=\s]+$/;

/**
 * An Atom text or content construct as HTML or plain text. Base64 content (type="base64", an Atom 0.3
 * habit, or a binary media type) is decoded first; decoded text that carries tags is HTML.
 */
function atomConstruct(t: AtomText | undefined): { html?: string; text?: string } {
  if (!t?.value) return {};
  const type = (t.type ?? "text").toLowerCase();
  if (type === "base64" || (type.includes("/") && !/^text\/|[+/]xml$/.test(type))) {
    if (!BASE64.test(t.value)) return { text: t.value };
    const decoded = decodeFeedBytes(Buffer.from(t.value.replace(/\s+/g, ""), "base64")).text;
    return /<[a-z][\s\S]*>/i.test(decoded) ? { html: decoded } : { text: decoded };
  }
  return type === "text" || type === "text/plain" ? { text: t.value } : { html: t.value };
}

function fromAnyFeed(parsed: AnyFeed, xml: string): ParsedFeed {
  switch (parsed.format) {
    case "rss": {
      const f = parsed.feed;
      const items = f.items ?? [];
      const bodies = xhtmlBodies(xml, items.length);
      return {
        format: "rss",
        title: f.title ? htmlToText(f.title) || undefined : undefined,
        homepage: f.link,
        entries: items.map((item, i) => {
          const guid = item.guid?.value;
          // A guid is a permalink unless it says otherwise (RSS 2.0 spec), so it can stand in for a missing link.
          const guidLink = item.guid?.isPermaLink !== false && /^https?:\/\//i.test(guid ?? "") ? guid : undefined;
          const mediaDescription = mediaText(item.media, "description");
          return {
            position: i + 1,
            id: guid,
            link: item.link ?? guidLink,
            title: first(
              item.title,
              item.dc?.titles?.[0],
              item.dcterms?.titles?.[0],
              mediaText(item.media, "title")?.value,
              item.itunes?.title,
            ),
            titleIsHtml: true,
            author: first(
              item.authors?.[0]?.name,
              item.authors?.[0]?.email,
              item.dc?.creators?.[0],
              item.itunes?.author,
              item.dcterms?.creators?.[0],
            ),
            published: first(
              item.pubDate,
              item.dc?.dates?.[0],
              item.dcterms?.issued?.[0],
              item.dcterms?.created?.[0],
              item.dcterms?.dates?.[0],
              item.dcterms?.modified?.[0],
            ),
            contentHtml: first(item.content?.encoded, bodies[i]),
            summaryHtml: first(
              item.description,
              item.dc?.descriptions?.[0],
              item.dcterms?.descriptions?.[0],
              asHtml(mediaDescription),
            ),
            summaryText: first(item.itunes?.summary, asPlain(mediaDescription), item.dcterms?.abstracts?.[0]),
            categories: nonEmpty([...(item.categories ?? []).map((c) => c.name), ...(item.dc?.subjects ?? [])]),
            images: [...enclosureImages(item.enclosures), ...mediaImages(item.media)],
          };
        }),
      };
    }
    case "rdf": {
      const f = parsed.feed;
      const items = f.items ?? [];
      const bodies = xhtmlBodies(xml, items.length);
      return {
        format: "rdf",
        title: f.title ? htmlToText(f.title) || undefined : undefined,
        homepage: f.link,
        entries: items.map((item, i) => {
          const mediaDescription = mediaText(item.media, "description");
          return {
            position: i + 1,
            id: item.rdf?.about ?? item.link,
            link: item.link,
            title: first(
              item.title,
              item.dc?.titles?.[0],
              item.dcterms?.titles?.[0],
              mediaText(item.media, "title")?.value,
            ),
            titleIsHtml: true,
            author: first(item.dc?.creators?.[0], item.dcterms?.creators?.[0]),
            published: first(
              item.dc?.dates?.[0],
              item.dcterms?.issued?.[0],
              item.dcterms?.created?.[0],
              item.dcterms?.dates?.[0],
              item.dcterms?.modified?.[0],
            ),
            contentHtml: first(item.content?.encoded, bodies[i]),
            summaryHtml: first(
              item.description,
              item.dc?.descriptions?.[0],
              item.dcterms?.descriptions?.[0],
              asHtml(mediaDescription),
            ),
            summaryText: first(asPlain(mediaDescription), item.dcterms?.abstracts?.[0]),
            categories: nonEmpty(item.dc?.subjects ?? []),
            images: mediaImages(item.media),
          };
        }),
      };
    }
    case "atom": {
      const f = parsed.feed;
      const alternate = (links: { href?: string; rel?: string }[] | undefined) =>
        links?.find((l) => !l.rel || l.rel === "alternate")?.href;
      const feedBase = f.xml?.base?.trim() || undefined;
      const feedTitle = atomConstruct(f.title);
      return {
        format: "atom",
        title:
          feedTitle.html !== undefined
            ? htmlToText(feedTitle.html) || undefined
            : feedTitle.text?.replace(/\s+/g, " ").trim() || undefined,
        homepage: alternate(f.links),
        xmlBase: feedBase,
        entries: (f.entries ?? []).map((entry, i) => {
          const content = atomConstruct(entry.content?.src ? undefined : entry.content);
          const summary = atomConstruct(entry.summary);
          const title = atomConstruct(entry.title);
          const entryBase = nonEmpty([feedBase, entry.xml?.base]);
          return {
            position: i + 1,
            id: entry.id,
            link: alternate(entry.links),
            title: first(title.html, title.text, entry.dc?.titles?.[0], mediaText(entry.media, "title")?.value),
            titleIsHtml: title.html !== undefined || title.text === undefined,
            author: first(entry.authors?.[0]?.name, entry.dc?.creators?.[0]),
            published: first(
              entry.published,
              entry.updated,
              entry.dc?.dates?.[0],
              entry.dcterms?.issued?.[0],
              entry.dcterms?.modified?.[0],
            ),
            contentHtml: content.html,
            contentText: content.text,
            summaryHtml: first(summary.html, entry.dc?.descriptions?.[0]),
            summaryText: summary.text,
            categories: nonEmpty((entry.categories ?? []).map((c) => c.label ?? c.term)),
            images: [
              ...enclosureImages(
                (entry.links ?? []).filter((l) => l.rel === "enclosure").map((l) => ({ url: l.href, type: l.type })),
              ),
              ...mediaImages(entry.media),
            ],
            xmlBase: entryBase.length ? entryBase : undefined,
            contentXmlBase: (() => {
              const chain = nonEmpty([...entryBase, entry.content?.xml?.base]);
              return chain.length ? chain : undefined;
            })(),
          };
        }),
      };
    }
    case "json": {
      const f = parsed.feed;
      return {
        format: "json",
        title: f.title ? f.title.replace(/\s+/g, " ").trim() || undefined : undefined,
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
          images: nonEmpty([item.image, item.banner_image]).map((url) => ({ url, kind: "json-image" as const })),
        })),
      };
    }
  }
}
