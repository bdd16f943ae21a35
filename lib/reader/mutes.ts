/**
 * What a reader muted, and whether a story card falls under it. Pure: the lists (lib/reader/lists.ts),
 * search and My feed all ask this one function, so a muted word means the same thing everywhere.
 *
 * How a muted word matches (README, "Follow and mute"):
 * - in the story's title and excerpt, the text its card shows. Not the body: a passing mention deep in
 *   a story would hide far more than the reader asked for, and they could not see why it was hidden.
 * - whole words only, so muting "cat" leaves "category" and "Catalonia" alone. Letters and digits make
 *   up a word; anything else (space, hyphen, apostrophe, quote, dash, full stop) ends it, so "covid"
 *   hides "Covid-19" and "Trump" hides "Trump's".
 * - ignoring case and accents ("cafe" hides "Café", "ÉLECTION" hides "election"), and with either
 *   apostrophe (’ or ').
 * - with the regular English plural: "election" also hides "elections", "bus" "buses", "city"
 *   "cities". No stemming beyond that: a stemmer folds "university" and "universe" together, and a
 *   reader expects what they typed. Irregular plurals ("crisis"/"crises") need muting separately.
 * - a phrase ("climate change") matches its words in order, with any spaces or hyphens between them.
 */

export const MAX_MUTED_WORDS = 100;
export const MUTED_WORD_MIN = 2;
export const MUTED_WORD_MAX = 40;
/** Follows and mutes of tags and outlets, each: bounds a page's work and the embedded state. */
export const MAX_TOPIC_CHOICES = 200;

export type Mutes = { words: string[]; tagSlugs: ReadonlySet<string>; sourceSlugs: ReadonlySet<string> };
export const NO_MUTES: Mutes = { words: [], tagSlugs: new Set(), sourceSlugs: new Set() };

export function hasMutes(m: Mutes): boolean {
  return m.words.length > 0 || m.tagSlugs.size > 0 || m.sourceSlugs.size > 0;
}

export type MutedCard = {
  title: string;
  excerpt: string;
  source: { slug: string };
  tags: { slug: string }[];
};

export type MuteReason = { kind: "tag" | "source" | "word"; value: string };

/** Case, accents and apostrophes folded, as both the muted word and the story text are compared. */
export function foldText(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").replace(/[’‘ʼ]/g, "'").toLowerCase();
}

/**
 * A muted word as stored: folded (above), spaces collapsed, trimmed. Returns an error message instead
 * when it cannot be muted (too short, too long, or nothing that could match a word).
 */
export function normaliseMutedWord(raw: string): { word: string } | { error: string } {
  const word = foldText(raw.normalize("NFKC"))
    .replace(/[\u0000-\u001F\u007F]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (word.length === 0) return { error: "Type a word or phrase to mute." };
  if (word.length < MUTED_WORD_MIN) return { error: `A muted word must be at least ${MUTED_WORD_MIN} characters.` };
  if (word.length > MUTED_WORD_MAX) return { error: `A muted word must be at most ${MUTED_WORD_MAX} characters.` };
  // Letters, digits, and the marks that sit inside words and names (don't, covid-19, AT&T, U.S.).
  if (!/^[\p{L}\p{N}](?:[\p{L}\p{N}'&.\- ]*[\p{L}\p{N}.])?$/u.test(word))
    return { error: "A muted word can hold letters, digits, spaces, hyphens, apostrophes, “&” and “.”." };
  return { word };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The pattern of one normalised word: whole word, its plural, a phrase's words apart by spaces/hyphens. */
function wordPattern(word: string): string {
  const parts = word.split(" ").map(escapeRegExp);
  const last = parts.pop() ?? "";
  // Regular plurals: +s / +es, and consonant+y → ies ("city" → "cities").
  const plural = /[^aeiou]y$/.test(last) ? `(?:${last}|${last}s|${last.slice(0, -1)}ies)` : `${last}(?:e?s)?`;
  return [...parts, plural].join("[\\s\\-]+");
}

const matchers = new Map<string, RegExp>();

/** One regular expression for all of a reader's words, compiled once per distinct list. */
export function wordMatcher(words: readonly string[]): RegExp | null {
  if (words.length === 0) return null;
  const key = words.join("\n");
  let re = matchers.get(key);
  if (!re) {
    // Longest first, so the alternation reports the most specific word.
    const alternatives = [...words].sort((a, b) => b.length - a.length).map(wordPattern);
    re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}])`, "u");
    if (matchers.size >= 1_000) matchers.clear();
    matchers.set(key, re);
  }
  return re;
}

/** The muted word a text contains, or null. */
export function mutedWordIn(text: string, words: readonly string[]): string | null {
  const re = wordMatcher(words);
  if (!re) return null;
  const m = re.exec(foldText(text));
  if (!m) return null;
  const found = m[0];
  // Which word matched: the one whose own pattern matches what was found.
  return words.find((w) => new RegExp(`^${wordPattern(w)}$`, "u").test(found)) ?? found;
}

/** Why a story is muted for this reader (outlet first, then a tag, then a word), or null when it is not. */
export function muteReason(card: MutedCard, mutes: Mutes): MuteReason | null {
  if (mutes.sourceSlugs.has(card.source.slug)) return { kind: "source", value: card.source.slug };
  for (const t of card.tags) if (mutes.tagSlugs.has(t.slug)) return { kind: "tag", value: t.slug };
  const word = mutedWordIn(`${card.title}\n${card.excerpt}`, mutes.words);
  return word ? { kind: "word", value: word } : null;
}

/** The cards that stay, and how many were hidden. */
export function withoutMuted<T extends MutedCard>(cards: readonly T[], mutes: Mutes): { items: T[]; hidden: number } {
  if (!hasMutes(mutes)) return { items: [...cards], hidden: 0 };
  const items = cards.filter((c) => muteReason(c, mutes) === null);
  return { items, hidden: cards.length - items.length };
}
