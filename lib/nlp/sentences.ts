import { splitParagraphs } from "@/lib/articles/text";

/** A sentence of a body: its text, the paragraph it sits in, and where it starts and ends there. */
export type Sentence = { text: string; paragraph: number; start: number; end: number };

// Abbreviations that are followed by more of the same sentence: a title before a name, "No. 4",
// "St. Paul's". A full stop after one of these never ends a sentence.
const NEVER_FINAL = new Set(
  `mr mrs ms mx dr prof sr jr st mt ft gen col lt maj sgt capt cpl adm cmdr gov sen rep rev hon pres supt insp det
no nos vs v cf fig figs approx dept est vol pp ca op sec art ch para mssrs messrs
jan feb apr jun jul aug sep sept oct nov dec`.split(/\s+/),
);

// Abbreviations that often end a sentence as well ("... Acme Ltd. The firm said"): a full stop after
// one of these, or after a dotted acronym like "U.K." or "a.m.", ends the sentence only when the next
// word is one that typically opens a sentence.
const SOMETIMES_FINAL = new Set(["etc", "inc", "ltd", "co", "corp", "plc", "bros", "al", "llc", "pty"]);

const SENTENCE_OPENERS = new Set(
  `the a an he she it they we i you this that these those there here his her its their our my your
but and so yet or nor if when while after before since although though because as in on at by for from
with without during under over however meanwhile moreover furthermore still also then now today
yesterday tomorrow last next some many most several all both each every no not one two three what who
why how where which mr mrs ms dr police officials authorities`.split(/\s+/),
);

const CLOSERS = `"'”’)]»`;
const OPENERS = `"'“‘([«`;

/** The word just before `index` (a full stop), without leading brackets or quotes. */
function wordBefore(text: string, index: number): string {
  let i = index;
  while (i > 0 && !/\s/.test(text.charAt(i - 1))) i--;
  let w = text.slice(i, index);
  while (w && OPENERS.includes(w.charAt(0))) w = w.slice(1);
  return w;
}

function nextWord(text: string, from: number): string {
  const m = /^[^\s]*?([A-Za-z][A-Za-z'’-]*)/.exec(text.slice(from, from + 40));
  return m?.[1] ?? "";
}

/** Does a full stop at `dot` end the sentence, given what follows from `next`? */
function fullStopEnds(text: string, dot: number, next: number): boolean {
  const word = wordBefore(text, dot);
  const lower = word.toLowerCase();
  if (NEVER_FINAL.has(lower)) return false;
  // An initial: "J. R. Smith". A lone capital letter before a full stop is almost never a sentence end.
  if (/^[A-Z]$/.test(word)) return false;
  const opensSentence = () => SENTENCE_OPENERS.has(nextWord(text, next).toLowerCase());
  // Dotted acronyms and abbreviations: "U.K.", "a.m.", "e.g.", "Ltd."
  if (/^(?:[A-Za-z]\.)+[A-Za-z]$/.test(word) || SOMETIMES_FINAL.has(lower)) return opensSentence();
  return true;
}

/**
 * Splits one paragraph into sentences. A sentence ends at ".", "!", "?" or "…" (with any closing
 * quotes or brackets) followed by a space and a capital letter, digit or opening quote; a full stop
 * after a title ("Dr."), an initial ("J."), "No." or a dotted acronym ("U.K.", "a.m.") does not end
 * one unless the next word plainly starts a new sentence. Decimals ("3.5") never contain a space,
 * so they are never candidates. Returns spans into `text`, trimmed.
 */
export function splitSentences(text: string): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  let start = 0;
  const re = /[.!?…]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let end = m.index + m[0].length;
    while (end < text.length && CLOSERS.includes(text.charAt(end))) end++;
    if (end >= text.length) break;
    if (!/\s/.test(text.charAt(end))) continue;
    let next = end;
    while (next < text.length && /\s/.test(text.charAt(next))) next++;
    let first = next;
    while (first < text.length && OPENERS.includes(text.charAt(first))) first++;
    const c = text.charAt(first);
    if (!/[A-Z0-9\p{Lu}]/u.test(c)) continue;
    if (m[0] === "." && !fullStopEnds(text, m.index, next)) continue;
    push(out, text, start, end);
    start = next;
  }
  push(out, text, start, text.length);
  return out;
}

function push(out: { text: string; start: number; end: number }[], text: string, start: number, end: number) {
  const raw = text.slice(start, end);
  const lead = raw.length - raw.trimStart().length;
  const trimmed = raw.trim();
  if (trimmed) out.push({ text: trimmed, start: start + lead, end: start + lead + trimmed.length });
}

/** Every sentence of a plain-text body, in order, with the paragraph (as `splitParagraphs` cuts it) it is in. */
export function bodySentences(body: string): Sentence[] {
  return splitParagraphs(body).flatMap((p, paragraph) => splitSentences(p).map((s) => ({ ...s, paragraph })));
}
