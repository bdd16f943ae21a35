import type { ArticleInput } from "@/lib/articles/article-row";
import { makeExcerpt } from "@/lib/articles/text";
import { canonicalUrl } from "./canonical-url";
import { repairC1Controls } from "./decode";
import { parseFeedDate } from "./feed-date";
import { chooseLeadImage, declaredSize, type LeadImage } from "./lead-image";
import type { RawEntry } from "./parse-feed";
import {
  firstImageDetails,
  hasMeaningfulMarkup,
  htmlToText,
  sanitizeArticleHtml,
  sanitizedHtmlToText,
} from "./sanitize";

/** An article ready to store, minus the source it will be stored under. */
export type ArticleDraft = Omit<ArticleInput, "sourceId"> & {
  /** How messages name this item: position, title and id. */
  label: string;
  /** The lead image is only the first picture in the text: a page's og:image, when fetched, is better. */
  imageFromBody?: boolean;
};

type InlineImage = NonNullable<ReturnType<typeof firstImageDetails>>;

/** The first picture of sanitized HTML as a lead image (with its alt text and declared size), or null. */
export function inlineLeadImage(cleanOrImage: string | InlineImage, base?: string): LeadImage | null {
  const img = typeof cleanOrImage === "string" ? firstImageDetails(cleanOrImage) : cleanOrImage;
  if (!img) return null;
  return chooseLeadImage(
    [
      {
        url: img.src,
        kind: "media-content",
        medium: "image",
        alt: img.alt,
        width: declaredSize(img.width),
        height: declaredSize(img.height),
      },
    ],
    base,
  );
}

/** A lead image as the article columns that store it. */
export function leadImageFields(image: LeadImage | null) {
  return {
    imageUrl: image?.url ?? null,
    imageWidth: image?.width ?? null,
    imageHeight: image?.height ?? null,
    imageAlt: image?.alt ?? null,
    imageCredit: image?.credit ?? null,
  };
}

export type DraftOutcome =
  | {
      ok: true;
      draft: ArticleDraft;
      notes: string[];
      /** The feed's date text when it could not be read (the draft then carries the time of ingest). */
      unreadableDate?: string;
      /** True when the item had no title and was given one from its text. */
      titledFromText?: boolean;
    }
  | { ok: false; label: string; reason: string };

export { parseFeedDate };

/** One item's text (title, content and summary together) may not exceed this. */
export const MAX_ITEM_CHARS = 1_000_000;
const MAX_TITLE_CHARS = 1_000;
const MAX_ID_CHARS = 2_000;
// Feeds and servers disagree about clocks by a little; only dates further ahead than this are "future".
const CLOCK_SKEW_MS = 5 * 60_000;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function itemLabel(position: number | string, title?: string, ident?: { id?: string; link?: string }): string {
  const name = title ? ` "${clip(title.replace(/\s+/g, " ").trim(), 60)}"` : "";
  const ref = ident?.id ? ` (id ${clip(ident.id, 80)})` : ident?.link ? ` (link ${clip(ident.link, 80)})` : "";
  return `${typeof position === "number" ? `item ${position}` : position}${name}${ref}`;
}

function sizeText(chars: number): string {
  return chars >= 1_000_000
    ? `${(chars / 1_000_000).toFixed(1)} million characters`
    : `${chars.toLocaleString("en")} characters`;
}

/** The published date to store, and a note when the feed's own date could not be used. */
export function choosePublishedAt(
  raw: string | undefined | null,
  now: Date,
): { date: Date; note?: string; unreadable?: string } {
  if (!raw?.trim()) return { date: now };
  const parsed = parseFeedDate(raw);
  if (!parsed) {
    const text = clip(raw.trim(), 60);
    return { date: now, note: `invalid date "${text}"; used the time of ingest`, unreadable: text };
  }
  if (parsed.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    return { date: now, note: `date ${parsed.toISOString()} is in the future; used the time of ingest` };
  }
  // Within the skew allowance, still never show a story as published after it arrived.
  return { date: parsed.getTime() > now.getTime() ? now : parsed };
}

const MAX_MADE_TITLE_CHARS = 100;

/**
 * A title for an item that has none (RSS 2.0 allows that: microblogs, link blogs) or whose title is
 * only an image: the first sentence of its text, shortened at a word boundary.
 */
export function titleFromText(text: string): string {
  const firstParagraph = text.trim().split(/\n\s*\n/)[0] ?? "";
  const flat = firstParagraph.replace(/\s+/g, " ").trim();
  const sentence = /^(.{12,}?[.!?…])(?=\s+["“‘(]?[A-Z0-9À-ÖØ-ÞА-Я]|$)/u.exec(flat)?.[1] ?? flat;
  return makeExcerpt(sentence, MAX_MADE_TITLE_CHARS);
}

/** xml:base values (outermost first, each relative to the last) resolved against the document's address. */
function resolveBase(chain: string[] | undefined, documentUrl: string | undefined): string | undefined {
  let base = documentUrl;
  for (const value of chain ?? []) {
    try {
      base = new URL(value.trim(), base).href;
    } catch {
      // A relative xml:base with nothing to resolve it against: the document's own address stays.
    }
  }
  return base && /^https?:/i.test(base) ? base : documentUrl;
}

/**
 * Cleans one feed entry into an article draft, or says why it cannot be one. `baseUrl` is the feed's
 * address, against which relative links are resolved.
 */
export function entryToDraft(entry: RawEntry, context: { baseUrl?: string; now: Date }): DraftOutcome {
  const rawTitle = entry.title?.trim() ?? "";
  let label = itemLabel(entry.position, rawTitle ? htmlToText(clip(rawTitle, 200)) : undefined, entry);
  const size =
    rawTitle.length +
    (entry.contentHtml?.length ?? 0) +
    (entry.contentText?.length ?? 0) +
    (entry.summaryHtml?.length ?? 0) +
    (entry.summaryText?.length ?? 0);
  if (size > MAX_ITEM_CHARS) {
    return {
      ok: false,
      label,
      reason: `is ${sizeText(size)} long, over the ${sizeText(MAX_ITEM_CHARS)} limit for one item`,
    };
  }

  let title = repairC1Controls(entry.titleIsHtml ? htmlToText(rawTitle) : rawTitle.replace(/\s+/g, " ").trim());
  if (title.length > MAX_TITLE_CHARS) {
    return { ok: false, label, reason: `has a title of ${sizeText(title.length)}, over the ${MAX_TITLE_CHARS} limit` };
  }

  const notes: string[] = [];
  // Atom's xml:base (feed, entry, content) comes before the item's own page for resolving links.
  const entryBase = resolveBase(entry.xmlBase, context.baseUrl);
  const url = canonicalUrl(entry.link, entryBase);
  if (entry.link && !url)
    notes.push(`${label}: link "${clip(entry.link, 80)}" is not an http(s) URL; stored without one`);
  const guid = entry.id?.trim() || url;
  if (!guid)
    return { ok: false, label, reason: "has no link and no id, so it can neither be linked to nor recognised again" };
  if (guid.length > MAX_ID_CHARS) return { ok: false, label, reason: `has an id of ${sizeText(guid.length)}` };

  // Relative links inside an item are relative to its content's xml:base, else the item's own page,
  // falling back to the feed.
  const base = entry.contentXmlBase ? resolveBase(entry.contentXmlBase, context.baseUrl) : (url ?? entryBase);
  const html = entry.contentHtml ?? entry.summaryHtml;
  let body: string;
  let bodyHtml: string | null = null;
  let bodyImage: InlineImage | null = null;
  if (entry.contentText !== undefined && entry.contentHtml === undefined) {
    body = entry.contentText.trim();
  } else if (html !== undefined) {
    const clean = sanitizeArticleHtml(repairC1Controls(html), base);
    body = sanitizedHtmlToText(clean);
    bodyHtml = hasMeaningfulMarkup(clean) ? clean : null;
    bodyImage = firstImageDetails(clean);
  } else {
    body = entry.summaryText?.trim() ?? "";
  }
  body = repairC1Controls(body);

  let titledFromText = false;
  if (!title) {
    // An image-only title with nothing else to go on still has its image's description.
    const alt = /\balt\s*=\s*(?:"([^"]+)"|'([^']+)')/i.exec(rawTitle);
    const made = titleFromText(
      body ||
        htmlToText(entry.summaryHtml ?? "") ||
        (entry.summaryText ?? "") ||
        htmlToText(alt?.[1] ?? alt?.[2] ?? ""),
    );
    if (!made) return { ok: false, label, reason: "has no title and no text to make one from" };
    title = made;
    titledFromText = true;
  }

  // A separate summary only when the body came from full content; otherwise the excerpt is cut from the body.
  const hasFullContent = entry.contentHtml !== undefined || entry.contentText !== undefined;
  const summary = hasFullContent
    ? entry.summaryHtml !== undefined
      ? repairC1Controls(htmlToText(entry.summaryHtml))
      : entry.summaryText && repairC1Controls(entry.summaryText.trim())
    : undefined;

  const published = choosePublishedAt(entry.published, context.now);
  // Unreadable dates are counted and shown once per feed by the caller, not once per item.
  if (published.note && !published.unreadable) notes.push(`${label}: ${published.note}`);

  // Relative image addresses resolve like links: against the item's page, else the feed.
  const feedImage = chooseLeadImage(entry.images, base);
  const inlineImage = feedImage || !bodyImage ? null : inlineLeadImage(bodyImage, base);
  const image = feedImage ?? inlineImage;
  if (titledFromText) label = itemLabel(entry.position, title, entry);
  return {
    ok: true,
    notes,
    ...(published.unreadable ? { unreadableDate: published.unreadable } : {}),
    ...(titledFromText ? { titledFromText } : {}),
    draft: {
      label,
      guid,
      url,
      title,
      author: entry.author ? clip(repairC1Controls(htmlToText(entry.author)), 200) || null : null,
      excerpt: summary ? makeExcerpt(summary) : null,
      body,
      bodyHtml,
      ...leadImageFields(image),
      ...(inlineImage ? { imageFromBody: true } : {}),
      publishedAt: published.date,
      tags: entry.categories.map((c) => htmlToText(c)),
    },
  };
}
