/** The one slug function: ASCII, lowercase, hyphen-separated, at most `max` characters, never empty. */
export function slugify(text: string, max = 80): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const cut = slug.length > max ? slug.slice(0, max).replace(/-[^-]*$/, "") || slug.slice(0, max) : slug;
  return cut || "untitled";
}

/** A slug is only ever looked up, never trusted: anything outside the alphabet we make is a 404. */
export function isValidSlug(slug: string): boolean {
  return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug) && slug.length <= 120;
}
