import { decodeFeedBytes } from "./decode";
import { describeError } from "./errors";
import { chooseLeadImage, type LeadImage, openGraphImages } from "./lead-image";
import { safeFetch } from "./safe-fetch";
import { hasMeaningfulMarkup, sanitizeArticleHtml, sanitizedHtmlToText } from "./sanitize";

/** `image` is the page's Open Graph image (og:image), when it names a usable one, whatever became of the text. */
export type FullText =
  | { ok: true; body: string; bodyHtml: string | null; image: LeadImage | null }
  | { ok: false; reason: string; image?: LeadImage | null };

// Pages are bigger than feeds but an article page over 3 MB is a page we do not want to parse.
const MAX_PAGE_BYTES = 3 * 1024 * 1024;
// Below this, what Readability found is a teaser or a cookie wall, not the story.
const MIN_ARTICLE_CHARS = 200;

function htmlCharset(bytes: Uint8Array, contentType: string | undefined): string | undefined {
  if (/charset=/i.test(contentType ?? "")) return contentType;
  const head = Buffer.from(bytes.subarray(0, 2048)).toString("latin1");
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  return meta ? `text/html; charset=${meta}` : contentType;
}

/**
 * Fetches an article page (with the same safety rules as feeds) and extracts the story with
 * Readability, then sanitizes it like feed HTML. Never throws: a failure is a reason to keep the
 * feed's own text.
 */
export async function extractFullText(
  url: string,
  options: { allowPrivate?: boolean; timeoutMs?: number } = {},
): Promise<FullText> {
  try {
    const res = await safeFetch(url, {
      ...options,
      maxBytes: MAX_PAGE_BYTES,
      accept: "text/html,application/xhtml+xml",
    });
    if (res.status !== 200) return { ok: false, reason: `the page answered HTTP ${res.status}` };
    // Undeclared, non-UTF-8 pages are read as Windows-1252, as browsers do (decodeFeedBytes falls back so).
    const html = decodeFeedBytes(res.body, htmlCharset(res.body, res.headers["content-type"])).text;
    // Read before Readability, which keeps only the article and drops the head's meta tags.
    const image = chooseLeadImage(openGraphImages(html), res.url);
    // Loaded on first use: most runs never extract a page, and linkedom adds a noticeable start-up cost.
    const [{ parseHTML }, { Readability }] = await Promise.all([import("linkedom"), import("@mozilla/readability")]);
    const { document } = parseHTML(html);
    const article = new Readability(document as unknown as Document, { charThreshold: MIN_ARTICLE_CHARS }).parse();
    if (!article?.content) return { ok: false, reason: "no article found on the page", image };
    const clean = sanitizeArticleHtml(article.content, res.url);
    const body = sanitizedHtmlToText(clean);
    if (body.length < MIN_ARTICLE_CHARS)
      return { ok: false, reason: `the extracted article is only ${body.length} characters`, image };
    return { ok: true, body, bodyHtml: hasMeaningfulMarkup(clean) ? clean : null, image };
  } catch (err) {
    return { ok: false, reason: describeError(err) };
  }
}
