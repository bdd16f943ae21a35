import { describe, expect, it } from "vitest";
import { type RelatedDoc, rankRelated } from "./related";

const now = new Date("2026-11-27T12:00:00Z");
let nextId = 1;
function doc(sourceId: number, title: string, body: string, tags: string[], daysAgo = 0): RelatedDoc {
  return { id: nextId++, sourceId, title, body, tags, publishedAt: new Date(now.getTime() - daysAgo * 86_400_000) };
}

const target = doc(
  1,
  "Portmere flood barrier fails as river Ost bursts its banks",
  "The flood barrier at Portmere failed overnight as the river Ost rose two metres. Engineers blamed a jammed gate.",
  ["flooding", "portmere"],
);
const sameStoryOtherOutlet = doc(
  2,
  "River Ost floods Portmere after barrier gate jams",
  "A jammed gate in the Portmere flood barrier let the river Ost into the old town. Engineers are inspecting it.",
  ["flooding", "portmere", "river-ost"],
);
const sameStorySameOutlet = doc(
  1,
  "Portmere flood: what went wrong with the barrier",
  "Questions mount over the Portmere flood barrier gate that jammed as the river Ost rose.",
  ["flooding", "portmere"],
);
const offTopic = doc(
  3,
  "Valdren United win the cup final",
  "A late goal gave Valdren United the cup in front of a record crowd.",
  ["football"],
);
const looselyRelated = doc(
  4,
  "Drought warnings lifted in the north",
  "Reservoirs are full again after the wet autumn.",
  ["weather"],
);

describe("rankRelated", () => {
  const ranked = rankRelated(target, [offTopic, sameStorySameOutlet, looselyRelated, sameStoryOtherOutlet, target]);

  it("ranks the same story from another outlet first", () => {
    expect(ranked[0]?.id).toBe(sameStoryOtherOutlet.id);
  });
  it("never lists off-topic stories or the article itself", () => {
    const ids = ranked.map((r) => r.id);
    expect(ids).not.toContain(offTopic.id);
    expect(ids).not.toContain(looselyRelated.id);
    expect(ids).not.toContain(target.id);
  });
  it("says why: shared tags and shared terms", () => {
    expect(ranked[0]?.reasons.tags).toEqual(expect.arrayContaining(["flooding", "portmere"]));
    expect(ranked[0]?.reasons.terms).toEqual(expect.arrayContaining(["barrier"]));
  });
  it("prefers other outlets when the list is full", () => {
    const others = [2, 3, 4, 5, 6, 7].map((s) =>
      doc(s, `Portmere flood barrier report ${s}`, "The Portmere flood barrier gate jammed as the river Ost rose.", [
        "flooding",
      ]),
    );
    const list = rankRelated(target, [sameStorySameOutlet, ...others], 6);
    expect(list).toHaveLength(6);
    expect(list.map((r) => r.id)).not.toContain(sameStorySameOutlet.id);
  });
  it("returns nothing when there are no candidates", () => {
    expect(rankRelated(target, [])).toEqual([]);
  });
});
