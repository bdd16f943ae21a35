import { slugify } from "@/lib/articles/slug";

export type TagRef = { slug: string; name: string };

/**
 * Turns a feed category or a hand-written tag into one canonical tag, or null when it is not worth
 * a tag page (empty, a bare number, a URL, or absurdly long).
 */
export function normalizeTag(raw: string): TagRef | null {
  const name = raw.replace(/^#+/, "").replace(/\s+/g, " ").trim();
  if (!name || name.length > 60 || /^[\d\s.,:/-]+$/.test(name) || /^https?:/i.test(name)) return null;
  const slug = slugify(name, 60);
  if (slug === "untitled") return null;
  return { slug, name: /^[a-z]/.test(name) ? name.charAt(0).toUpperCase() + name.slice(1) : name };
}

/** Normalises and de-duplicates (by slug) a list of tags, keeping the first spelling seen. */
export function normalizeTags(raw: readonly string[], max = 8): TagRef[] {
  const seen = new Map<string, TagRef>();
  for (const r of raw) {
    const t = normalizeTag(r);
    if (t && !seen.has(t.slug)) seen.set(t.slug, t);
    if (seen.size >= max) break;
  }
  return [...seen.values()];
}
