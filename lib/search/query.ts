import { isValidSlug } from "@/lib/articles/slug";

/**
 * A reader's search, parsed into parts any search engine can run. Nothing the reader typed reaches
 * the engine as syntax: words are reduced to runs of letters and digits, so FTS operators (AND, OR,
 * NOT, NEAR, `*`, `^`, column filters like `title:`), quotes and SQL metacharacters become plain words
 * or separators. db/queries/search.ts turns this into the engine's own query language.
 */
export type SearchQuery = {
  /** Every one must match. Each is a phrase: its words adjacent and in order (one word is a phrase too). */
  phrases: string[][];
  /** None may match. */
  excluded: string[][];
  /** `source:slug`: the story comes from one of these outlets. */
  sources: string[];
  /** `tag:slug`: the story carries every one of these tags. */
  tags: string[];
  /** Part of a very long query was ignored. */
  truncated: boolean;
};

/** Longer input is cut: nobody types more, and a page must not spend its time on a pasted essay. */
export const MAX_QUERY_CHARS = 500;
/** Phrases plus exclusions; more would only slow the engine down without narrowing anything. */
export const MAX_QUERY_PARTS = 16;
const MAX_PHRASE_WORDS = 8;

/** Runs of letters and digits in any script; everything else separates words. */
export function searchWords(text: string): string[] {
  return (text.normalize("NFKC").match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => w.toLowerCase());
}

type Token = { text: string; quoted: boolean; negated: boolean };

/** Splits on whitespace, keeping "double-quoted runs" together; an unclosed quote runs to the end. */
function tokens(input: string): Token[] {
  const out: Token[] = [];
  const re = /(-?)"([^"]*)"?|(\S+)/g;
  for (let m = re.exec(input); m !== null; m = re.exec(input)) {
    if (m[2] !== undefined) out.push({ text: m[2], quoted: true, negated: m[1] === "-" });
    else {
      const raw = m[3] ?? "";
      const negated = raw.startsWith("-") && raw.length > 1;
      out.push({ text: negated ? raw.slice(1) : raw, quoted: false, negated });
    }
  }
  return out;
}

export function parseSearchQuery(input: string): SearchQuery {
  const query: SearchQuery = { phrases: [], excluded: [], sources: [], tags: [], truncated: false };
  let text = input;
  if (text.length > MAX_QUERY_CHARS) {
    // Cut at the last space before the limit, so no word is searched for half-typed.
    const cut = text.slice(0, MAX_QUERY_CHARS + 1);
    const space = cut.search(/\s\S*$/);
    text = space > 0 ? cut.slice(0, space) : cut.slice(0, MAX_QUERY_CHARS);
    query.truncated = true;
  }
  const seen = new Set<string>();
  for (const token of tokens(text)) {
    const filter = token.quoted || token.negated ? null : /^(source|tag):(.+)$/i.exec(token.text);
    if (filter) {
      const value = (filter[2] ?? "").toLowerCase();
      if (isValidSlug(value)) {
        const list = filter[1]?.toLowerCase() === "source" ? query.sources : query.tags;
        if (!list.includes(value)) list.push(value);
        continue;
      }
      // Not a slug we could have made: the reader meant words, so search for them.
    }
    let words = searchWords(token.text);
    if (words.length === 0) continue;
    if (words.length > MAX_PHRASE_WORDS) {
      words = words.slice(0, MAX_PHRASE_WORDS);
      query.truncated = true;
    }
    const key = `${token.negated ? "-" : "+"}${words.join(" ")}`;
    if (seen.has(key)) continue;
    if (query.phrases.length + query.excluded.length >= MAX_QUERY_PARTS) {
      query.truncated = true;
      break;
    }
    seen.add(key);
    (token.negated ? query.excluded : query.phrases).push(words);
  }
  return query;
}

/** True when the query asks for something: words to match, or an outlet or tag to list. */
export function hasSearchCriteria(q: SearchQuery): boolean {
  return q.phrases.length > 0 || q.sources.length > 0 || q.tags.length > 0;
}
