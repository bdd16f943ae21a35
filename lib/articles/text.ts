import { createHash } from "node:crypto";

// A compact English stop list: function words plus newswire filler ("said", "told") that would
// otherwise dominate term overlap between unrelated stories.
const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
nor not now of off on once only or other our ours ourselves out over own same she should so some such than
that the their theirs them themselves then there these they this those through to too under until up very
was we were what when where which while who whom why will with would you your yours yourself yourselves
said says say told according also new one two three year years last first week weeks day days time mr mrs ms
dr may might must shall us its it's i'm can't won't don't would've could've many much well even still yet
make made like get got going go back since around however people percent per cent`.split(/\s+/),
);

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** Lower-cased word tokens (letters and digits, inner apostrophes and hyphens dropped). */
export function tokenize(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .match(/[a-z0-9]+(?:['’][a-z]+)?/g) ?? []
  );
}

/** Tokens worth comparing between documents: no stop words, no bare numbers, at least 3 characters. */
export function contentTerms(text: string): string[] {
  return tokenize(text).filter((t) => t.length >= 3 && !STOP_WORDS.has(t) && !/^\d+$/.test(t));
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

export function splitParagraphs(body: string): string[] {
  return body
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter(Boolean);
}

/** Hash of the normalised title and body, used to recognise the same story arriving twice. */
export function contentHash(title: string, body: string): string {
  const norm = `${title}\n${body}`.toLowerCase().replace(/\s+/g, " ").trim();
  return createHash("sha256").update(norm).digest("hex").slice(0, 32);
}

/** An excerpt of at most `max` characters, cut at a word boundary. */
export function makeExcerpt(body: string, max = 240): string {
  const text = body.replace(/\s+/g, " ").trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut).replace(/[,;:.\s]+$/, "")}…`;
}
