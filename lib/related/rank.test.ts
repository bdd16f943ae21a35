import { describe, expect, it } from "vitest";
import { MIN_SIMILARITY, type RelatedCandidate, rankRelated, weighTerms } from "./rank";
import { documentTerms } from "./terms";

// A small corpus written for these tests: one flood story told by three outlets (one copy syndicated
// word for word with a new headline), related flood coverage, and stories about other things.
const day = 86_400_000;
const now = Date.parse("2026-11-27T12:00:00Z");
type Doc = { id: number; source: number; title: string; body: string; tags?: string[]; daysAgo?: number };

const docs: Doc[] = [
  {
    id: 1,
    source: 1,
    title: "River Ost bursts its banks and floods Hallowick",
    body: "The River Ost burst its banks in Hallowick overnight after three days of rain. The flood barrier on Mill Street failed when a gate jammed, and water reached the market square. Around 1,400 residents were moved to the school hall. Engineers said the barrier gate had not been tested since spring.",
    tags: ["flooding", "hallowick"],
  },
  {
    id: 2,
    source: 2,
    title: "Hallowick flooded as barrier gate jams",
    body: "A jammed gate in the Hallowick flood barrier let the River Ost into the town centre overnight. Residents of Mill Street and the market square were moved to the school hall as water rose. Engineers are inspecting the barrier, which council records say was last tested in spring.",
    tags: ["flooding", "hallowick", "river-ost"],
  },
  {
    // Syndicated: the wire copy of story 2, carried by a third outlet under its own headline.
    id: 3,
    source: 3,
    title: "Barrier gate jams, Hallowick floods",
    body: "A jammed gate in the Hallowick flood barrier let the River Ost into the town centre overnight. Residents of Mill Street and the market square were moved to the school hall as water rose. Engineers are inspecting the barrier, which council records say was last tested in spring.",
    tags: ["flooding", "hallowick"],
  },
  {
    id: 4,
    source: 2,
    title: "Valdren councils ask for flood defence money after wettest autumn",
    body: "Seven councils in Valdren asked the Treasury for 40 million crowns to repair flood defences after the wettest autumn on record. Their letter lists ageing barriers along the River Ost and says maintenance budgets have been cut for a decade. The Treasury said it would reply before the budget.",
    tags: ["flooding", "valdren"],
  },
  {
    id: 5,
    source: 4,
    title: "Portmere Rovers win the Caldera Cup with a late goal",
    body: "A goal in the last minute gave Portmere Rovers the Caldera Cup against Valdren Athletic. The striker came off the bench and scored with his first touch, and the supporters sang until the stadium lights went out.",
    tags: ["football"],
  },
  {
    id: 6,
    source: 4,
    title: "Chip maker opens design centre in Portmere",
    body: "Korvane will employ 300 engineers at a new chip design centre in Portmere. The company said software and hardware teams would share the building, and that hiring starts in January.",
    tags: ["technology"],
  },
  {
    id: 7,
    source: 1,
    title: "Bakers warn of bread price rise as wheat costs climb",
    body: "Bakeries across Caldera expect to raise bread prices in the new year. Wheat has become dearer after a poor harvest, flour mills said, and energy bills for ovens remain high.",
    tags: ["food"],
  },
];

function corpus(list: Doc[]): Map<number, RelatedCandidate> {
  // Term ids and document frequencies over this corpus, as the store keeps them.
  const ids = new Map<string, number>();
  const df = new Map<number, number>();
  const counted = list.map((d) => {
    const { counts, length } = documentTerms(d.title, d.body);
    const pairs = [...counts].map(([t, c]) => {
      let id = ids.get(t);
      if (id === undefined) {
        id = ids.size + 1;
        ids.set(t, id);
      }
      df.set(id, (df.get(id) ?? 0) + 1);
      return [id, c] as const;
    });
    pairs.sort((a, b) => a[0] - b[0]);
    return {
      d,
      terms: { ids: Int32Array.from(pairs, (p) => p[0]), counts: Float32Array.from(pairs, (p) => p[1]), length },
    };
  });
  const avgLength = counted.reduce((s, c) => s + c.terms.length, 0) / counted.length;
  return new Map(
    counted.map(({ d, terms }) => [
      d.id,
      {
        id: d.id,
        sourceId: d.source,
        publishedAt: now - (d.daysAgo ?? 0) * day,
        tags: d.tags ?? [],
        vector: weighTerms(terms, { docs: list.length, avgLength }, (t) => df.get(t) ?? 0),
        distinctTerms: terms.ids.length,
      },
    ]),
  );
}

function rank(list: Doc[], targetId: number, limit = 6) {
  const all = corpus(list);
  const target = all.get(targetId);
  if (!target) throw new Error(`no doc ${targetId}`);
  return rankRelated(target, [...all.values()], limit);
}

describe("rankRelated", () => {
  const ranked = rank(docs, 1);
  const ids = ranked.map((r) => r.id);

  it("ranks the same story from another outlet first and marks it as the same story", () => {
    // 2 and 3 are the same wire text from two outlets: either may stand for it.
    expect([2, 3]).toContain(ids[0]);
    expect(ranked[0]?.sameStory).toBe(true);
  });

  it("lists related coverage that is not the same story, without calling it the same story", () => {
    const council = ranked.find((r) => r.id === 4);
    expect(council).toBeDefined();
    expect(council?.sameStory).toBe(false);
  });

  it("never lists off-topic stories or the article itself", () => {
    for (const offTopic of [5, 6, 7, 1]) expect(ids).not.toContain(offTopic);
  });

  it("lists a story syndicated word for word only once", () => {
    expect(ids.filter((id) => id === 2 || id === 3)).toHaveLength(1);
  });

  it("says why: shared tags", () => {
    expect(ranked[0]?.reasons.tags).toEqual(expect.arrayContaining(["flooding", "hallowick"]));
  });

  it("prefers other outlets: at most half the list from the article's own outlet while others remain", () => {
    // Eight follow-ups from the article's own outlet, each about a different side of the flood.
    const own = [
      "Insurers sent assessors to Hallowick after the River Ost flood; most policies cover the water damage on Mill Street.",
      "The school hall in Hallowick housed flood evacuees for a second night, with camp beds and soup from the barrier volunteers.",
      "Market traders in Hallowick lost stock when the flood reached the square; the council promised rent relief.",
      "The company that built the Hallowick barrier gate said it had warned the council that the gate needed testing.",
      "More rain is forecast for the River Ost catchment, and the Hallowick flood barrier will stay closed all week.",
      "Hallowick's mayor defended the council's record on the flood barrier at a tense public meeting.",
      "Volunteers filled sandbags through the night as the River Ost flood spread along Mill Street in Hallowick.",
      "The clean-up after the Hallowick flood will cost the council about two million crowns, officials estimated.",
    ].map((body, i) => ({
      id: 100 + i,
      source: 1,
      title: `Hallowick flood follow-up ${i + 1}`,
      body,
      tags: ["flooding", "hallowick"],
    }));
    const others = [
      "Hallowick rowing club loses its boathouse to the River Ost flood; members salvaged two boats from the water.",
      "Buses avoid Mill Street in Hallowick until the flood water drains, the transport company said, adding ten minutes to routes.",
      "The railway line through Hallowick stays shut: the River Ost flood washed ballast from under the track near the barrier.",
      "Hallowick post office will reopen next week after the flood, with parcels moved to the school hall in the meantime.",
    ].map((body, i) => ({
      id: 200 + i,
      source: 5 + i,
      title: `Hallowick flood: update ${i + 1}`,
      body,
      tags: ["flooding"],
    }));
    const list = rank([...docs, ...own, ...others], 1, 6);
    expect(list).toHaveLength(6);
    expect(list.filter((r) => r.id >= 100 && r.id < 200).length).toBeLessThanOrEqual(3);
    // With few other outlets covering it, the own outlet's stories fill the rest of the list.
    const fewOthers = rank([...docs, ...own], 1, 6).map((r) => r.id);
    expect(fewOthers).toHaveLength(6);
    expect(fewOthers.some((id) => id === 2 || id === 3)).toBe(true);
    expect(fewOthers.filter((id) => id >= 100).length).toBeGreaterThan(3);
  });

  it("fills the list from the article's own outlet when no other outlet has related stories", () => {
    const single = docs.map((d) => ({ ...d, source: 1 }));
    const list = rank(single, 1, 6);
    expect(list.map((r) => r.id)).toContain(4);
    expect(list.every((r) => !r.sameStory)).toBe(true);
  });

  it("leaves out a near-identical copy of the article from its own outlet", () => {
    const republished = {
      ...docs[0],
      id: 50,
      title: "River Ost bursts its banks and floods Hallowick (updated)",
    } as Doc;
    expect(rank([...docs, republished], 1).map((r) => r.id)).not.toContain(50);
  });

  it("lists a story on the article's subject told in other words, through the article's neighbours", () => {
    // 303 shares only "clean sheet" with the match report 300, but most of its words with 301 and 302,
    // which are close to 300: it belongs in 300's list although its own cosine with 300 is tiny.
    const football: Doc[] = [
      {
        id: 300,
        source: 4,
        title: "Ado Kest hat-trick sinks Hollin",
        body: "Ado Kest scored a hat-trick as Portmere Rovers beat Hollin United. Kest struck twice before the interval and completed his hat-trick from the penalty spot, and goalkeeper Ren Mallo kept a clean sheet. Kest and Mallo were Rovers heroes; Kest scored, Mallo saved, and Portmere Rovers beat Hollin United.",
      },
      {
        id: 301,
        source: 5,
        title: "Kest and Mallo star again for Portmere Rovers",
        body: "Portmere Rovers climbed the league table after Ado Kest scored again and goalkeeper Ren Mallo saved a penalty. The manager praised the defence, the midfield and the clean sheet before the derby fixture.",
      },
      {
        id: 302,
        source: 6,
        title: "Rovers manager plans for derby",
        body: "The Portmere Rovers manager said the league table matters less than the derby fixture. Kest is fit, the defence is settled and the midfield will be unchanged for the match on Saturday.",
      },
      {
        id: 303,
        source: 7,
        title: "Caldera Town held by Valdren Athletic",
        body: "Caldera Town drew with Valdren Athletic and slipped down the league table. Their manager blamed the defence and the midfield, and said the derby fixture would decide the season. The derby is the fixture of the season: the league table, the defence and the midfield will be tested, and a clean sheet will be needed.",
      },
    ];
    const list = rank([...docs.filter((d) => [1, 5, 6, 7].includes(d.id)), ...football], 300);
    const town = list.find((r) => r.id === 303);
    expect(town).toBeDefined();
    expect(town?.similarity).toBeLessThan(MIN_SIMILARITY);
    // The neighbourhood does not open the door to stories with nothing in common: no flood, no bread.
    for (const offTopic of [1, 6, 7]) expect(list.map((r) => r.id)).not.toContain(offTopic);
  });

  it("breaks a close call for the candidate that shares the article's neighbourhood", () => {
    // Hand-made vectors: 20 and 21 are mirror images, equally like the article (1) on content; 30-32
    // are the article's close matches. 21's own list is made of 30-32, 20's of stories elsewhere.
    const vector = (ids: number[]): RelatedCandidate["vector"] => ({
      ids: Int32Array.from(ids),
      weights: Float64Array.from(ids, () => 1 / Math.sqrt(ids.length)),
    });
    const candidate = (id: number, ids: number[]): RelatedCandidate => ({
      id,
      sourceId: id,
      publishedAt: now,
      tags: [],
      vector: vector(ids),
      distinctTerms: ids.length,
    });
    const target = candidate(1, [1, 2, 3, 4]);
    const pool = [
      candidate(20, [1, 2, 9]),
      candidate(21, [3, 4, 8]),
      candidate(30, [1, 2, 3, 4, 40, 41, 42, 43]),
      candidate(31, [1, 2, 3, 4, 50, 51, 52, 53]),
      candidate(32, [1, 2, 3, 4, 60, 61, 62, 63]),
    ];
    const order = (ids: number[]) => ids.filter((id) => id === 20 || id === 21);
    // Content alone cannot tell them apart: the lower id wins the tie.
    expect(order(rankRelated(target, pool).map((m) => m.id))).toEqual([20, 21]);
    const lists: Record<number, number[]> = { 20: [70, 71, 72], 21: [30, 31, 32] };
    const withNeighbours = rankRelated(target, pool, 12, (id) => lists[id] ?? []);
    expect(order(withNeighbours.map((m) => m.id))).toEqual([21, 20]);
    // Neighbourhood only reorders: it lists nothing content did not already qualify.
    const ids = (list: { id: number }[]) => list.map((m) => m.id).sort((x, y) => x - y);
    expect(ids(withNeighbours)).toEqual(ids(rankRelated(target, pool)));
  });

  it("keeps the same story from another outlet first, however well connected a looser match is", () => {
    // Hand-made vectors over term ids. 2 is the article (1) told by another outlet, just arrived, so it
    // has no list of its own yet. 3 is a looser match whose own list is the article's whole
    // neighbourhood (30-39): shared neighbours lift it past 2 on score, but a reader looks first for
    // the same story elsewhere.
    const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
    const candidate = (id: number, terms: number[]): RelatedCandidate => {
      const ids = Int32Array.from(terms).sort();
      return {
        id,
        sourceId: id,
        publishedAt: now,
        tags: [],
        vector: { ids, weights: Float64Array.from(ids, () => 1 / Math.sqrt(ids.length)) },
        distinctTerms: ids.length,
      };
    };
    const close = range(30, 10);
    const pool = [
      candidate(2, [...range(1, 8), ...range(100, 12)]),
      candidate(3, [...range(1, 4), ...range(120, 16)]),
      ...close.map((id) => candidate(id, [...range(1 + (id % 4) * 4, 5), ...range(1000 + id * 20, 15)])),
    ];
    const lists: Record<number, number[]> = { 3: close };
    const ranked = rankRelated(candidate(1, range(1, 20)), pool, 12, (id) => lists[id] ?? []);
    const byId = new Map(ranked.map((m) => [m.id, m]));
    expect(byId.get(3)).toMatchObject({ sameStory: false });
    expect(byId.get(3)?.score).toBeGreaterThan(byId.get(2)?.score ?? Infinity);
    expect(ranked.map((m) => m.id).slice(0, 2)).toEqual([2, 3]);
    expect(ranked[0]).toMatchObject({ sameStory: true });
  });

  it("returns nothing for an article with no usable terms", () => {
    expect(rank([...docs, { id: 60, source: 1, title: "The", body: "And the of it." }], 60)).toEqual([]);
  });
});
