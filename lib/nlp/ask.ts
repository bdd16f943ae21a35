import { isStopWord, tokenize } from "@/lib/articles/text";
import { backgroundIdf } from "./idf";
import { stem } from "./stem";

export const MAX_QUESTION_LENGTH = 200;
/** The share of a question's weighted words a sentence must contain to count as an answer. */
export const MIN_COVERAGE = 0.45;

// Question words and fillers that say what kind of answer is wanted, not what it is about.
const QUESTION_WORDS = new Set(
  "what which who whom whose when where why how does did do is are was were will would can could should tell explain happen happened article story about".split(
    " ",
  ),
);

export type AskHints = { people?: readonly string[]; places?: readonly string[] };
export type Answer = { sentence: number; text: string; score: number };
export type AskResult =
  | { status: "answered"; answers: Answer[] }
  | { status: "no-match" }
  | { status: "invalid"; message: string };

function questionTerms(question: string): string[] {
  return [
    ...new Set(
      tokenize(question)
        .filter((t) => !isStopWord(t) && !QUESTION_WORDS.has(t))
        .map(stem),
    ),
  ];
}

const DATE_OR_TIME =
  /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow|january|february|march|april|may|june|july|august|september|october|november|december|(?:1[89]|20)\d\d|\d{1,2}(?::\d\d)?\s?(?:a\.?m|p\.?m)|ago|last (?:week|month|year)|morning|evening|night)\b/i;

/** A sentence holding someone's own words: a quoted passage of a few words or more. */
const DIRECT_QUOTE = /["“][^"“”]{12,}["”]/;

/**
 * The article's sentences that best answer a question. Each question word is weighted by how rare it
 * is among the article's sentences (a word in every sentence tells none apart) and in the background
 * corpus; a sentence scores the share of that weight it contains. A "who"/"where"/"when"/"how many"
 * question adds a little for sentences naming a person, a place, a time or a number, and a "what did X
 * say" question for a direct quote. Only sentences
 * covering at least MIN_COVERAGE of the question are answers, up to three, best first; when none
 * does, the result says so rather than offering the least bad sentence.
 */
export function answerQuestion(
  question: string,
  sentences: readonly string[],
  hints: AskHints = {},
  max = 3,
): AskResult {
  const q = question.replace(/\s+/g, " ").trim();
  if (!q) return { status: "invalid", message: "Type a question about this story." };
  if (q.length > MAX_QUESTION_LENGTH)
    return { status: "invalid", message: `Keep the question under ${MAX_QUESTION_LENGTH} characters.` };
  const terms = questionTerms(q);
  if (terms.length === 0) return { status: "no-match" };
  const sentenceTerms = sentences.map((s) => new Set(tokenize(s).map(stem)));
  const n = sentences.length;
  const weight = new Map<string, number>();
  for (const t of terms) {
    const df = sentenceTerms.reduce((k, s) => k + (s.has(t) ? 1 : 0), 0);
    weight.set(t, Math.log(1 + n / Math.max(1, df)) * (0.5 + backgroundIdf(t)));
  }
  const total = [...weight.values()].reduce((a, b) => a + b, 0);
  const lower = q.toLowerCase();
  const wants = {
    person: /\bwho(?:m|se)?\b/.test(lower),
    place: /\bwhere\b/.test(lower),
    time: /\bwhen\b|\bwhat time\b|\bwhat day\b/.test(lower),
    number: /\bhow (?:many|much|long|old|far)\b/.test(lower),
    // "What did Sallis say?": the answer is their own words, a direct quote, before any sentence that
    // merely names them.
    quote:
      /\b(?:say|says|said|saying|tell|told|think|thinks|thought|react|reacted|respond|responded|comment|commented)\b/.test(
        lower,
      ),
  };
  const scored = sentences.map((text, sentence) => {
    const have = sentenceTerms[sentence] ?? new Set<string>();
    let covered = 0;
    for (const t of terms) if (have.has(t)) covered += weight.get(t) ?? 0;
    let score = total > 0 ? covered / total : 0;
    if (score > 0) {
      if (wants.person && hints.people?.some((p) => text.includes(p))) score += 0.1;
      if (wants.place && hints.places?.some((p) => text.includes(p))) score += 0.1;
      if (wants.time && DATE_OR_TIME.test(text)) score += 0.1;
      if (wants.number && /\d/.test(text)) score += 0.1;
      if (wants.quote && DIRECT_QUOTE.test(text)) score += 0.2;
    }
    return { sentence, text, score };
  });
  const ranked = scored
    .filter((a) => a.score >= MIN_COVERAGE)
    .sort((a, b) => b.score - a.score || a.sentence - b.sentence);
  const best = ranked[0];
  if (!best) return { status: "no-match" };
  // Keep runners-up only when they are nearly as good as the best.
  return { status: "answered", answers: ranked.filter((a) => a.score >= best.score * 0.75).slice(0, max) };
}
