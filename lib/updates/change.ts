// When is a stored story "updated"? When what a reader reads changed: its title or its text. Not when a
// feed re-serialised it: spacing, letter case (the content hash already ignores both), typographic
// quotes and dashes, or a tracking parameter on a link printed in the text.
import { canonicalUrl } from "@/lib/ingest/canonical-url";

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"']+/gi;
// Straight and typographic forms of the same mark: some feed software "smartens" text on one poll
// and not the next.
const TYPOGRAPHY: [RegExp, string][] = [
  [/[\u2018\u2019\u201A\u201B\u2032]/g, "'"],
  [/[\u201C\u201D\u201E\u201F\u2033]/g, '"'],
  [/[\u2010-\u2015\u2212]/g, "-"],
  [/\u2026/g, "..."],
];

/** The text as compared for change: the words a reader reads, nothing a feed varies without meaning to. */
export function comparableText(text: string): string {
  let out = text.normalize("NFKC");
  for (const [pattern, plain] of TYPOGRAPHY) out = out.replace(pattern, plain);
  out = out.replace(URL_IN_TEXT, (raw) => {
    // A sentence's full stop or closing bracket is not part of the link.
    const trail = /[.,;:!?)\]]+$/.exec(raw)?.[0] ?? "";
    const link = raw.slice(0, raw.length - trail.length);
    return (canonicalUrl(link) ?? link) + trail;
  });
  return out.toLowerCase().replace(/\s+/g, " ").trim();
}

/** Whether the incoming version of a stored story is an update worth keeping the old one for. */
export function isMaterialChange(
  stored: { title: string; body: string },
  incoming: { title: string; body: string },
): boolean {
  return (
    comparableText(stored.title) !== comparableText(incoming.title) ||
    comparableText(stored.body) !== comparableText(incoming.body)
  );
}
