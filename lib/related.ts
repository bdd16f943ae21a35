import { contentTerms } from "./text";

export type RelatedDoc = {
  id: number;
  sourceId: number;
  title: string;
  body: string;
  tags: string[]; // tag slugs
  publishedAt: Date;
};

export type RelatedReason = { tags: string[]; terms: string[] };
export type RelatedMatch = { id: number; score: number; reasons: RelatedReason };

const DAY = 86_400_000;

function termVector(doc: RelatedDoc): Map<string, number> {
  const v = new Map<string, number>();
  // A title word says more about what a story is about than a body word.
  for (const t of contentTerms(doc.title)) v.set(t, (v.get(t) ?? 0) + 3);
  for (const t of contentTerms(doc.body)) v.set(t, (v.get(t) ?? 0) + 1);
  return v;
}

/**
 * First relatedness engine: cosine of title-weighted term counts, re-weighted by how rare each term is
 * among the candidates, plus shared tags and a small recency bonus. Stories from other outlets are
 * preferred, and a candidate needs real evidence (a shared tag or meaningful term overlap) to appear.
 */
export function rankRelated(target: RelatedDoc, candidates: RelatedDoc[], limit = 6): RelatedMatch[] {
  const pool = candidates.filter((c) => c.id !== target.id);
  if (pool.length === 0) return [];
  const vectors = new Map(pool.map((c) => [c.id, termVector(c)]));
  const targetVec = termVector(target);
  const df = new Map<string, number>();
  for (const v of [targetVec, ...vectors.values()]) for (const t of v.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = pool.length + 1;
  const idf = (t: string) => Math.log(1 + n / (df.get(t) ?? 1));
  const weigh = (v: Map<string, number>) => {
    const w = new Map<string, number>();
    let norm = 0;
    for (const [t, c] of v) {
      const x = (1 + Math.log(c)) * idf(t);
      w.set(t, x);
      norm += x * x;
    }
    return { w, norm: Math.sqrt(norm) || 1 };
  };
  const tw = weigh(targetVec);
  const targetTags = new Set(target.tags);

  const scored = pool.map((c) => {
    const cw = weigh(vectors.get(c.id) ?? new Map());
    let dot = 0;
    const shared: { term: string; weight: number }[] = [];
    for (const [t, x] of tw.w) {
      const y = cw.w.get(t);
      if (y) {
        dot += x * y;
        shared.push({ term: t, weight: x * y });
      }
    }
    const cosine = dot / (tw.norm * cw.norm);
    const sharedTags = c.tags.filter((t) => targetTags.has(t));
    const tagScore = sharedTags.length / Math.max(1, Math.min(targetTags.size, c.tags.length));
    const ageDays = Math.abs(target.publishedAt.getTime() - c.publishedAt.getTime()) / DAY;
    const recency = Math.exp(-ageDays / 14);
    const relevance = cosine + 0.35 * tagScore;
    const score = relevance * (0.85 + 0.15 * recency);
    const terms = shared
      .sort((a, b) => b.weight - a.weight)
      .slice(0, 5)
      .map((s) => s.term);
    return { id: c.id, sourceId: c.sourceId, score, cosine, reasons: { tags: sharedTags, terms } };
  });

  const relevant = scored
    .filter((s) => s.reasons.tags.length > 0 || s.cosine >= 0.12)
    .filter((s) => s.score >= 0.1)
    .sort((a, b) => b.score - a.score);

  // Prefer other outlets: take them first, then fill with same-outlet stories if the list is short.
  const others = relevant.filter((s) => s.sourceId !== target.sourceId);
  const same = relevant.filter((s) => s.sourceId === target.sourceId);
  const picked = [...others.slice(0, limit), ...same].slice(0, limit);
  return picked.sort((a, b) => b.score - a.score).map(({ id, score, reasons }) => ({ id, score, reasons }));
}
