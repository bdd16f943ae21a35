import { normalizeTag, type TagRef } from "@/lib/articles/tags";
import { contentTerms, isStopWord } from "@/lib/articles/text";
import { MONTHS_AND_DAYS } from "./gazetteer";
import { backgroundIdf } from "./idf";
import { stem } from "./stem";

export const MAX_AUTO_HASHTAGS = 8;

/** Words that make a tag about a date or a count rather than a subject: "Monday", "2019", "May 5", "1,000". */
function isDateOrNumber(words: readonly string[]): boolean {
  return words.some(
    (w) =>
      /\d/.test(w) ||
      MONTHS_AND_DAYS.has(w.toLowerCase()) ||
      /^(?:today|yesterday|tomorrow|tonight|morning|evening|night|week|weekend|month|year|decade|century)s?$/i.test(w),
  );
}

/** The key by which "Elections", "election" and "ELECTION" are one tag. */
function mergeKey(name: string): string {
  return name
    .toLowerCase()
    .split(/[^a-z0-9\u00c0-\u024f]+/)
    .filter(Boolean)
    .map(stem)
    .join(" ");
}

/**
 * Cleans candidate hashtags, best first, into at most `max` tags: no stop words, no numbers or dates,
 * case and plural variants merged into the first spelling seen, and nothing `normalizeTag` refuses.
 */
export function cleanHashtags(candidates: readonly string[], max = MAX_AUTO_HASHTAGS): TagRef[] {
  const out = new Map<string, TagRef>();
  for (const raw of candidates) {
    if (out.size >= max) break;
    const name = raw.replace(/\s+/g, " ").trim();
    const words = name.split(" ");
    if (words.length === 0 || words.every((w) => isStopWord(w.toLowerCase()))) continue;
    if (words.length === 1 && (name.length < 3 || isStopWord(name.toLowerCase()))) continue;
    if (isDateOrNumber(words)) continue;
    const key = mergeKey(name);
    if (!key || out.has(key)) continue;
    // "Ministry" adds nothing beside "Health Ministry".
    if (!key.includes(" ") && [...out.keys()].some((k) => k.split(" ").includes(key))) continue;
    const tag = normalizeTag(name);
    if (tag) out.set(key, tag);
  }
  return [...out.values()];
}

/**
 * Subject words of an article, best first: content words used at least twice, weighted by how
 * distinctive they are in the background corpus, with headline words counted double. Plural and
 * singular count together; the form used most is returned.
 */
export function keyPhrases(title: string, body: string, limit = 6): string[] {
  const counts = new Map<string, { n: number; forms: Map<string, number> }>();
  const add = (t: string, weight: number) => {
    const k = stem(t);
    const c = counts.get(k) ?? { n: 0, forms: new Map<string, number>() };
    c.n += weight;
    c.forms.set(t, (c.forms.get(t) ?? 0) + 1);
    counts.set(k, c);
  };
  for (const t of contentTerms(body)) add(t, 1);
  for (const t of contentTerms(title)) add(t, 2);
  return [...counts.values()]
    .filter((c) => c.n >= 2)
    .map((c) => {
      const form = [...c.forms].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length)[0]?.[0] ?? "";
      return { form, score: c.n * backgroundIdf(form) };
    })
    .filter((c) => c.form.length >= 4 && !/\d/.test(c.form) && !/['’]/.test(c.form))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((c) => c.form);
}
