import stem from "wink-eng-lite-web-model/dist/porter-stemmer.js";
import { contentTerms, isStopWord } from "@/lib/articles/text";

/** An article's stemmed terms with their counts, and how many terms it has in all (its length). */
export type TermCounts = { counts: Map<string, number>; length: number };

// Stems are memoised per process: news vocabulary repeats heavily, and the stemmer's regular
// expressions cost more than a map lookup. The cap keeps a long-running ingest from growing forever.
const stemCache = new Map<string, string>();
const STEM_CACHE_MAX = 200_000;

export function stemTerm(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stem(word);
    if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

/**
 * Content words with contractions and possessives cut back to their word ("castellan's" becomes
 * "castellan", "we've" and "that's" disappear), since contentTerms keeps the apostrophe.
 */
function words(text: string): string[] {
  const out: string[] = [];
  for (const w of contentTerms(text)) {
    const apostrophe = w.search(/['’]/);
    if (apostrophe < 0) out.push(w);
    else {
      const base = w.slice(0, apostrophe);
      if (base.length >= 3 && !isStopWord(base)) out.push(base);
    }
  }
  return out;
}

/**
 * The terms relatedness compares: content words (lib/articles/text.ts's stop list, no bare numbers), stemmed so
 * "strike", "strikes" and "striking" count as one. The title is counted like body text, once: a
 * boost for title words measured slightly worse on both dev sets (headline words are usually
 * repeated in the body already, so they are boosted by frequency anyway).
 */
export function documentTerms(title: string, body: string): TermCounts {
  const counts = new Map<string, number>();
  let length = 0;
  for (const word of words(`${title}\n${body}`)) {
    const t = stemTerm(word);
    counts.set(t, (counts.get(t) ?? 0) + 1);
    length++;
  }
  return { counts, length };
}
