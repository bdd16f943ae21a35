// "Why related", as a reader can check it: the tags, the people, places and organisations, and the
// distinctive phrases two stories share. Never a single ordinary word: the stems that weigh most in the
// cosine ("entire", "won", "think", "coach") are evidence for the ranking but mean nothing to a reader,
// so they are not shown. Pure functions; lib/related/store.ts feeds them and stores the result
// (shape: lib/related/reasons.ts).

import { isStopWord } from "@/lib/articles/text";
import { isGenericWord } from "@/lib/nlp/generic-words";
import type { NamedRef } from "@/lib/related/reasons";
import { stemTerm } from "@/lib/related/terms";

export const MAX_REASON_NAMES = 3;
export const MAX_REASON_PHRASES = 2;

/** A phrase as found in a text: its words' stems (the key) and its words as written. */
export type Phrase = { stems: string[]; surface: string };

/** Runs of 2 or 3 adjacent content words in a text, keyed by their stems, first spelling kept. */
export function phrasesOf(title: string, body: string): Map<string, Phrase> {
  const out = new Map<string, Phrase>();
  // Punctuation ends a run: a phrase never straddles a comma, a quote or a sentence break.
  // Body first: the spelling kept is the first seen, and a headline capitalises its first word.
  for (const clause of `${body}\n${title}`.split(/[.,;:!?()"“”‘’[\]—–\n]|\s-\s|'\s|\s'/)) {
    const run: string[] = [];
    const flush = () => {
      for (let n = 2; n <= 3; n++)
        for (let i = 0; i + n <= run.length; i++) {
          const words = run.slice(i, i + n);
          const stems = words.map((w) => stemTerm(w.toLowerCase()));
          const key = stems.join(" ");
          if (!out.has(key)) out.set(key, { stems, surface: words.join(" ") });
        }
      run.length = 0;
    };
    for (const word of clause.split(/\s+/)) {
      const w = word.replace(/['’]s$/, "");
      const lower = w.toLowerCase();
      if (/^\p{L}[\p{L}-]*\p{L}$/u.test(w) && lower.length >= 3 && !isStopWord(lower)) run.push(w);
      else flush();
    }
    flush();
  }
  return out;
}

/**
 * Everyday words never make a phrase on their own: it needs one word outside the generic list
 * ("flood barrier", "standing ovation" pass; "second set", "sports hall", "last year" do not).
 */
function isCommonPhrase(words: readonly string[]): boolean {
  return words.every((w) => w.split("-").every((part) => isGenericWord(part)));
}

/** Words that make a phrase about an amount, not a subject: "million crowns", "percentage point". */
const AMOUNT_WORDS = /^(?:hundreds?|thousands?|millions?|billions?|trillions?|percentage|dozens?)$/i;

/**
 * How a phrase or name is judged distinctive in this corpus: `idf(stem)` of each word, and `minIdf`,
 * the idf a word needs at least once in it (a word in most stories, like the country's name, is no
 * reason on its own).
 */
export type Rarity = { idf: (stem: string) => number; minIdf: number };

/**
 * The phrases two stories share, most distinctive first (by the summed idf of their words), leaving out
 * everyday phrases, amounts, phrases with no word rare in the corpus, anything inside a longer shared
 * phrase, and phrases that repeat a name or tag already given ("Mayor Tomas Brenner").
 */
export function sharedPhrases(
  a: Map<string, Phrase>,
  b: Map<string, Phrase>,
  { rarity, covered, max = MAX_REASON_PHRASES }: { rarity: Rarity; covered: readonly string[]; max?: number },
): string[] {
  const coveredWords = new Set(covered.flatMap((c) => c.toLowerCase().split(/[\s-]+/)));
  const shared: { key: string; phrase: Phrase; score: number }[] = [];
  for (const [key, phrase] of a) {
    if (!b.has(key)) continue;
    const words = phrase.surface.split(" ");
    if (isCommonPhrase(words) || words.some((w) => AMOUNT_WORDS.test(w))) continue;
    if (words.some((w) => coveredWords.has(w.toLowerCase()))) continue;
    if (!phrase.stems.some((t) => rarity.idf(t) >= rarity.minIdf)) continue;
    shared.push({ key, phrase, score: phrase.stems.reduce((sum, t) => sum + rarity.idf(t), 0) });
  }
  const keys = shared.map((s) => s.key);
  return shared
    .filter((s) => !keys.some((k) => k !== s.key && ` ${k} `.includes(` ${s.key} `)))
    .sort((x, y) => y.score - x.score || x.key.localeCompare(y.key))
    .slice(0, max)
    .map((s) => s.phrase.surface);
}

/**
 * Names both stories give, people and organisations before places, leaving out those already a shared
 * tag and one-word names common in the corpus (the country every story is set in).
 */
export function sharedNames(
  a: { people: NamedRef[]; places: NamedRef[]; organisations: NamedRef[] },
  b: { people: NamedRef[]; places: NamedRef[]; organisations: NamedRef[] },
  { tags, rarity, max = MAX_REASON_NAMES }: { tags: readonly string[]; rarity: Rarity; max?: number },
): NamedRef[] {
  const theirs = new Set([...b.people, ...b.places, ...b.organisations].map((e) => e.slug));
  const out: NamedRef[] = [];
  for (const e of [...a.people, ...a.organisations, ...a.places]) {
    if (out.length >= max) break;
    if (!theirs.has(e.slug) || tags.includes(e.slug) || out.some((o) => o.slug === e.slug)) continue;
    // A one-word "name" that is an ordinary word ("Second", "Set") is an extraction error, not a reason.
    if (!/\s/.test(e.name)) {
      if (isGenericWord(e.name)) continue;
      // A one-word name in most stories (the country, its capital) ties nothing together; a name of
      // several words ("Health Ministry") is specific whatever its words.
      if (rarity.idf(stemTerm(e.name.toLowerCase().replace(/['’]s$/, ""))) < rarity.minIdf) continue;
    }
    out.push(e);
  }
  return out;
}
