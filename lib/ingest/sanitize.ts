import sanitizeHtml from "sanitize-html";

/**
 * The one HTML sanitizer. Feed HTML is hostile until proven otherwise: the output keeps structure,
 * links and images, and nothing that runs, loads on its own, or restyles the page. Attributes not
 * listed here (style, on*, class, id, srcset...) are dropped.
 */
const ALLOWED_TAGS = [
  "p",
  "br",
  "hr",
  "div",
  "section",
  "article",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "q",
  "cite",
  "pre",
  "code",
  "ul",
  "ol",
  "li",
  "dl",
  "dt",
  "dd",
  "a",
  "strong",
  "b",
  "em",
  "i",
  "u",
  "s",
  "small",
  "mark",
  "sub",
  "sup",
  "abbr",
  "time",
  "figure",
  "figcaption",
  "img",
  "table",
  "caption",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "th",
  "td",
];

// Elements whose content is dropped with them: code, embedded documents and vector graphics whose
// text is never prose (an <svg><text> or a <noscript> fallback would read as garbage in the story).
const DROP_WITH_CONTENT = [
  "script",
  "style",
  "noscript",
  "template",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "svg",
  "math",
  "textarea",
  "select",
  "option",
  "button",
  "form",
  "head",
  "title",
  "canvas",
  "audio",
  "video",
];

const BLOCK_TAGS =
  "p|div|section|article|h[1-6]|blockquote|pre|ul|ol|li|dl|dt|dd|figure|figcaption|table|caption|tr|hr";

/** An absolute http(s) URL for `raw` resolved against `base`, or null when it is neither. */
export function absoluteHttpUrl(raw: string | undefined | null, base?: string): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw.trim(), base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function optionsFor(baseUrl: string | undefined): sanitizeHtml.IOptions {
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ["href", "title", "rel"],
      img: ["src", "alt", "title", "width", "height"],
      blockquote: ["cite"],
      q: ["cite"],
      td: ["colspan", "rowspan"],
      th: ["colspan", "rowspan", "scope"],
      time: ["datetime"],
      abbr: ["title"],
      ol: ["start"],
    },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https"] },
    allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    nonTextTags: DROP_WITH_CONTENT,
    exclusiveFilter: (frame) => frame.tag === "a" && !frame.attribs.href && !frame.text.trim(),
    transformTags: {
      // Feeds use h1 for the headline they repeat; in our page the article title is the only h1.
      h1: "h2",
      a: (tagName, attribs) => {
        const href =
          absoluteHttpUrl(attribs.href, baseUrl) ?? (/^mailto:/i.test(attribs.href ?? "") ? attribs.href : null);
        const out: sanitizeHtml.Attributes = { rel: "nofollow noopener noreferrer" };
        if (href) out.href = href;
        if (attribs.title) out.title = attribs.title;
        return { tagName, attribs: out };
      },
      img: (tagName, attribs) => {
        // Lazy-loading markup keeps the real address in data-src and a placeholder in src.
        const src = absoluteHttpUrl(attribs["data-src"] ?? attribs.src, baseUrl);
        const out: sanitizeHtml.Attributes = { alt: attribs.alt ?? "" };
        if (src) out.src = src;
        for (const k of ["title", "width", "height"] as const) if (attribs[k]) out[k] = attribs[k];
        return { tagName, attribs: out };
      },
    },
  };
}

/** Hostile feed or page HTML to an allowlisted subset, with relative links and images made absolute. */
export function sanitizeArticleHtml(html: string, baseUrl?: string): string {
  const clean = sanitizeHtml(html, optionsFor(baseUrl));
  // An <img> whose source was refused (data:, javascript:) is left with nothing to show.
  return clean.replace(/<img(?![^>]*\ssrc=)[^>]*>/g, "").trim();
}

function decodeSanitizedEntities(text: string): string {
  // sanitize-html re-escapes only these (and passes other characters through as themselves).
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

/**
 * Plain text of sanitized HTML: paragraphs separated by a blank line, whitespace collapsed. Works on
 * the sanitizer's own output, whose shape is known, which is why a few regular expressions suffice.
 */
export function sanitizedHtmlToText(clean: string): string {
  const text = clean
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(new RegExp(`</?(?:${BLOCK_TAGS})(?:\\s[^>]*)?>`, "gi"), "\n\n")
    .replace(/<[^>]*>/g, "");
  return decodeSanitizedEntities(text)
    .split(/\n\s*\n/)
    .map((p) =>
      p
        .replace(/[ \t\r\f\v\u00a0]+/g, " ")
        .replace(/ *\n */g, "\n")
        .trim(),
    )
    .filter(Boolean)
    .join("\n\n");
}

/** Plain text of any HTML fragment (titles, authors, summaries). Cheap when there is no markup. */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, " ").trim();
  return sanitizedHtmlToText(sanitizeHtml(html, optionsFor(undefined)));
}

const WORTH_KEEPING = /<(?:a|img|ul|ol|dl|blockquote|pre|code|table|h[2-6]|strong|b|em|i|figure)\b/;

/** Whether sanitized HTML carries anything the plain body would lose (links, images, lists...). */
export function hasMeaningfulMarkup(clean: string): boolean {
  return WORTH_KEEPING.test(clean);
}

/** The first image in sanitized HTML, for a story card when the feed names none. */
export function firstImage(clean: string): string | null {
  return firstImageDetails(clean)?.src ?? null;
}

/** The first image in sanitized HTML with its alt text and declared size (the sanitizer's own output shape). */
export function firstImageDetails(
  clean: string,
): { src: string; alt?: string; width?: string; height?: string } | null {
  const tag = /<img\b[^>]*\ssrc="[^"]+"[^>]*>/.exec(clean)?.[0];
  if (!tag) return null;
  const attr = (name: string) => {
    const v = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
    return v ? decodeSanitizedEntities(v) : undefined;
  };
  const src = attr("src");
  return src ? { src, alt: attr("alt"), width: attr("width"), height: attr("height") } : null;
}
