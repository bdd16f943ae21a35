import type { ArticleInput } from "@/db/queries/article-store";
import { makeExcerpt } from "@/lib/text";
import { canonicalUrl } from "./canonical-url";
import type { RawEntry } from "./parse-feed";
import {
  absoluteHttpUrl,
  firstImage,
  hasMeaningfulMarkup,
  htmlToText,
  sanitizeArticleHtml,
  sanitizedHtmlToText,
} from "./sanitize";

/** An article ready to store, minus the source it will be stored under. */
export type ArticleDraft = Omit<ArticleInput, "sourceId"> & {
  /** How messages name this item: position, title and id. */
  label: string;
};

export type DraftOutcome =
  | { ok: true; draft: ArticleDraft; notes: string[] }
  | { ok: false; label: string; reason: string };

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

/**
 * A feed date to a Date, or null when there is no usable date in it. Bare numbers are refused: "2024"
 * or "1700000000" would otherwise be read as a year or a far-future date.
 */
export function parseFeedDate(raw: string | undefined | null): Date | null {
  const text = raw?.trim();
  if (!text || /^\d+$/.test(text)) return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return null;
  const year = new Date(ms).getUTCFullYear();
  return year >= 1900 && year <= 9999 ? new Date(ms) : null;
}

/** The published date to store, and a note when the feed's own date could not be used. */
export function choosePublishedAt(raw: string | undefined | null, now: Date): { date: Date; note?: string } {
  if (!raw?.trim()) return { date: now };
  const parsed = parseFeedDate(raw);
  if (!parsed) return { date: now, note: `invalid date "${clip(raw.trim(), 60)}"; used the time of ingest` };
  if (parsed.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    return { date: now, note: `date ${parsed.toISOString()} is in the future; used the time of ingest` };
  }
  // Within the skew allowance, still never show a story as published after it arrived.
  return { date: parsed.getTime() > now.getTime() ? now : parsed };
}

/**
 * Cleans one feed entry into an article draft, or says why it cannot be one. `baseUrl` is the feed's
 * address, against which relative links are resolved.
 */
export function entryToDraft(entry: RawEntry, context: { baseUrl?: string; now: Date }): DraftOutcome {
  const rawTitle = entry.title?.trim() ?? "";
  const label = itemLabel(entry.position, rawTitle ? htmlToText(clip(rawTitle, 200)) : undefined, entry);
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

  const title = entry.titleIsHtml ? htmlToText(rawTitle) : rawTitle.replace(/\s+/g, " ");
  if (!title) return { ok: false, label, reason: "has no title" };
  if (title.length > MAX_TITLE_CHARS) {
    return { ok: false, label, reason: `has a title of ${sizeText(title.length)}, over the ${MAX_TITLE_CHARS} limit` };
  }

  const notes: string[] = [];
  const url = canonicalUrl(entry.link, context.baseUrl);
  if (entry.link && !url)
    notes.push(`${label}: link "${clip(entry.link, 80)}" is not an http(s) URL; stored without one`);
  const guid = entry.id?.trim() || url;
  if (!guid)
    return { ok: false, label, reason: "has no link and no id, so it can neither be linked to nor recognised again" };
  if (guid.length > MAX_ID_CHARS) return { ok: false, label, reason: `has an id of ${sizeText(guid.length)}` };

  // Relative links inside an item are relative to the item's own page, falling back to the feed.
  const base = url ?? context.baseUrl;
  const html = entry.contentHtml ?? entry.summaryHtml;
  let body: string;
  let bodyHtml: string | null = null;
  let image: string | null = null;
  if (entry.contentText !== undefined && entry.contentHtml === undefined) {
    body = entry.contentText.trim();
  } else if (html !== undefined) {
    const clean = sanitizeArticleHtml(html, base);
    body = sanitizedHtmlToText(clean);
    bodyHtml = hasMeaningfulMarkup(clean) ? clean : null;
    image = firstImage(clean);
  } else {
    body = entry.summaryText?.trim() ?? "";
  }

  // A separate summary only when the body came from full content; otherwise the excerpt is cut from the body.
  const hasFullContent = entry.contentHtml !== undefined || entry.contentText !== undefined;
  const summary = hasFullContent
    ? entry.summaryHtml !== undefined
      ? htmlToText(entry.summaryHtml)
      : entry.summaryText?.trim()
    : undefined;

  const published = choosePublishedAt(entry.published, context.now);
  if (published.note) notes.push(`${label}: ${published.note}`);

  const feedImage = entry.images.map((src) => absoluteHttpUrl(src, base)).find((src) => src !== null);
  return {
    ok: true,
    notes,
    draft: {
      label,
      guid,
      url,
      title,
      author: entry.author ? clip(htmlToText(entry.author), 200) || null : null,
      excerpt: summary ? makeExcerpt(summary) : null,
      body,
      bodyHtml,
      imageUrl: feedImage ?? image,
      publishedAt: published.date,
      tags: entry.categories.map((c) => htmlToText(c)),
    },
  };
}
