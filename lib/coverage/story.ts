// Full coverage of one story: every outlet's version, in the order they appeared, which of them are
// syndicated copies, and when each was updated. Pure functions over what db/queries/stories.ts reads.
import { tokenize } from "@/lib/articles/text";

/**
 * The id a story's page lives under: its cluster's lowest article id, the version stored first.
 * Articles get ever larger ids, so coverage arriving later never moves the page; only a merge with
 * an older cluster does, and the old address then redirects.
 */
export function canonicalStoryId(memberIds: readonly number[]): number {
  if (memberIds.length === 0) throw new Error("a story has at least one article");
  return Math.min(...memberIds);
}

/** Word sequences compared for syndication: long enough that two reporters rarely write the same one. */
const SHINGLE_WORDS = 4;
/**
 * A version is a syndicated copy when at least this share of the shorter text's four-word sequences
 * also appear in an earlier version from another outlet. Containment rather than resemblance, so a
 * copy trimmed to its first paragraphs, or given a new headline and a line of its own, still counts;
 * two outlets writing up the same facts share names and quotes, not four words in four out of five.
 */
export const SYNDICATION_CONTAINMENT = 0.8;
/** Texts shorter than this many sequences (about a sentence) are too short to tell copying from chance. */
const MIN_SHINGLES = 4;

export function shingles(text: string): Set<string> {
  const words = tokenize(text);
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) out.add(words.slice(i, i + SHINGLE_WORDS).join(" "));
  return out;
}

/** The share of the smaller set's sequences found in the other; 0 when either is too short to judge. */
export function containment(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size < MIN_SHINGLES) return 0;
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  return shared / small.size;
}

export type StoryVersion = {
  id: number;
  sourceId: number;
  publishedAt: Date;
  body: string;
};

/** Versions oldest first: by publication time, then by id (the one stored first). */
export function inTimeOrder<T extends { id: number; publishedAt: Date }>(versions: readonly T[]): T[] {
  return [...versions].sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime() || a.id - b.id);
}

/**
 * For each version that is a syndicated copy, the id of the version it copies: the earliest version
 * from another outlet whose text it nearly repeats (an original, never another copy).
 */
export function syndicatedCopies(versions: readonly StoryVersion[]): Map<number, number> {
  const ordered = inTimeOrder(versions);
  const sets = new Map(ordered.map((v) => [v.id, shingles(v.body)]));
  const copies = new Map<number, number>();
  ordered.forEach((v, i) => {
    for (const earlier of ordered.slice(0, i)) {
      if (earlier.sourceId === v.sourceId || copies.has(earlier.id)) continue;
      const score = containment(sets.get(v.id) ?? new Set(), sets.get(earlier.id) ?? new Set());
      if (score >= SYNDICATION_CONTAINMENT) {
        copies.set(v.id, earlier.id);
        return;
      }
    }
  });
  return copies;
}

export type CoverageEvent =
  | { kind: "published"; at: Date; articleId: number; first: boolean; copyOf: number | null }
  | { kind: "updated"; at: Date; articleId: number; compare: { from: string; to: string } | null };

/**
 * The pair of versions each update is about, as the changes page names them: the revision it replaced
 * and the one that replaced it ("current" for the article itself). Revisions are ids, oldest first.
 */
export function updatePairs(
  updates: readonly { id: number; articleId: number }[],
): Map<number, { from: string; to: string }> {
  const byArticle = new Map<number, number[]>();
  for (const u of updates) byArticle.set(u.articleId, [...(byArticle.get(u.articleId) ?? []), u.id]);
  const pairs = new Map<number, { from: string; to: string }>();
  for (const ids of byArticle.values()) {
    ids.sort((a, b) => a - b);
    ids.forEach((id, i) => {
      const next = ids[i + 1];
      pairs.set(id, { from: String(id), to: next === undefined ? "current" : String(next) });
    });
  }
  return pairs;
}

/** What happened to the story, oldest first: each version's publication, then every update. */
export function coverageTimeline(
  versions: readonly StoryVersion[],
  updates: readonly { id?: number; articleId: number; at: Date }[],
): CoverageEvent[] {
  const ordered = inTimeOrder(versions);
  const copies = syndicatedCopies(versions);
  const events: CoverageEvent[] = ordered.map((v, i) => ({
    kind: "published",
    at: v.publishedAt,
    articleId: v.id,
    first: i === 0,
    copyOf: copies.get(v.id) ?? null,
  }));
  const pairs = updatePairs(updates.flatMap((u) => (u.id === undefined ? [] : [{ id: u.id, articleId: u.articleId }])));
  for (const u of updates)
    events.push({
      kind: "updated",
      at: u.at,
      articleId: u.articleId,
      compare: u.id === undefined ? null : (pairs.get(u.id) ?? null),
    });
  // Stable: at equal times, publications before updates and in their own order.
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i)
    .map(({ e }) => e);
}
