// Word-level differences between two versions of a story, for the "What changed" page. jsdiff
// (`diff`, Myers' algorithm) does the word matching; this file decides what to compare with what, so
// the cost stays small on long bodies: paragraphs are matched first (a few dozen items), and words
// are compared only inside paragraphs that changed, each with a bound on the work.
import { diffArrays, diffWords } from "diff";
import { splitParagraphs } from "@/lib/articles/text";

export type DiffPart = { kind: "same" | "insert" | "delete"; text: string };
/** One paragraph of the comparison: unchanged, or its words marked. */
export type DiffParagraph = DiffPart[];
export type StoryDiff = {
  title: DiffParagraph;
  body: DiffParagraph[];
  wordsInserted: number;
  wordsDeleted: number;
};

/**
 * Past this many word edits in one paragraph, the paragraph is shown as replaced whole: a word-by-word
 * account of a rewritten paragraph is unreadable, and Myers' cost grows with the edits squared.
 */
const MAX_WORD_EDITS = 200;
/** Below this share of words in common, two paragraphs are a replacement, not an edit. */
const MIN_SHARED_SHARE = 0.3;

/** Words, not punctuation: a shared full stop does not make two sentences an edit of each other. */
function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu)?.length ?? 0;
}

/** The words of two texts, marked; the whole of each when they have too little in common. */
export function diffText(before: string, after: string): DiffParagraph {
  if (before === after) return before ? [{ kind: "same", text: before }] : [];
  const changes = diffWords(before, after, { maxEditLength: MAX_WORD_EDITS });
  const whole: DiffParagraph = [
    ...(before ? [{ kind: "delete" as const, text: before }] : []),
    ...(after ? [{ kind: "insert" as const, text: after }] : []),
  ];
  if (!changes) return whole;
  const parts: DiffParagraph = changes.map((c) => ({
    kind: c.added ? "insert" : c.removed ? "delete" : "same",
    text: c.value,
  }));
  const shared = parts.filter((p) => p.kind === "same").reduce((n, p) => n + countWords(p.text), 0);
  const longer = Math.max(countWords(before), countWords(after));
  return longer > 0 && shared / longer < MIN_SHARED_SHARE ? whole : parts;
}

/** Title and body of two versions compared, paragraph by paragraph, words marked inside changed ones. */
export function diffStory(before: { title: string; body: string }, after: { title: string; body: string }): StoryDiff {
  const title = diffText(before.title.trim(), after.title.trim());
  const body: DiffParagraph[] = [];
  const blocks = diffArrays(splitParagraphs(before.body), splitParagraphs(after.body));
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (!block) continue;
    if (!block.added && !block.removed) {
      for (const p of block.value) body.push([{ kind: "same", text: p }]);
      continue;
    }
    // A run of removed paragraphs followed by added ones is an edit of those paragraphs: pair them in
    // order and compare words; what is left over was removed or added whole.
    const next = blocks[i + 1];
    const removed = block.removed ? block.value : [];
    const added = block.added ? block.value : next?.added && block.removed ? next.value : [];
    if (block.removed && next?.added) i++;
    const pairs = Math.min(removed.length, added.length);
    for (let k = 0; k < pairs; k++) body.push(diffText(removed[k] as string, added[k] as string));
    for (const p of removed.slice(pairs)) body.push([{ kind: "delete", text: p }]);
    for (const p of added.slice(pairs)) body.push([{ kind: "insert", text: p }]);
  }
  let wordsInserted = 0;
  let wordsDeleted = 0;
  for (const part of [title, ...body].flat()) {
    if (part.kind === "insert") wordsInserted += countWords(part.text);
    if (part.kind === "delete") wordsDeleted += countWords(part.text);
  }
  return { title, body, wordsInserted, wordsDeleted };
}
