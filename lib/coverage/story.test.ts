import { describe, expect, it } from "vitest";
import {
  canonicalStoryId,
  containment,
  coverageTimeline,
  SYNDICATION_CONTAINMENT,
  shingles,
  syndicatedCopies,
  updatePairs,
} from "./story";

const wire = [
  "Floodwater from the River Ost forced 1,400 people from their homes in Hallowick overnight, the district council said on Tuesday.",
  "Emergency crews worked through the night to move residents from the low-lying Millbank estate to three rest centres in the town.",
  "The council leader, Mara Quill, said the temporary barrier on the east bank had been overtopped shortly after midnight.",
  "Forecasters expect the river to peak again on Wednesday afternoon, and further evacuations have not been ruled out.",
].join("\n\n");
// The same wire copy trimmed to three paragraphs, with a local line added: a syndicated copy.
const trimmed = `${wire.split("\n\n").slice(0, 3).join("\n\n")}\n\nThe Courier will update this story.`;
// The same facts, written independently: names and numbers shared, sentences not.
const ownReport = [
  "Hallowick woke to water in its streets on Tuesday after the Ost burst over the east bank barrier around midnight.",
  "About 1,400 residents, most from the Millbank estate, spent the night in rest centres, according to the district council.",
  "Mara Quill, who leads the council, blamed the temporary barrier and said another peak was due on Wednesday.",
].join("\n\n");

const t = (h: number) => new Date(Date.UTC(2026, 10, 30, h));

describe("syndicated copies", () => {
  it("a trimmed copy with a line of its own clears the threshold; an independent report does not", () => {
    const copy = containment(shingles(trimmed), shingles(wire));
    const own = containment(shingles(ownReport), shingles(wire));
    expect(copy).toBeGreaterThanOrEqual(SYNDICATION_CONTAINMENT);
    expect(own).toBeLessThan(0.2);
  });

  it("sits at the threshold: four sequences in five copied is a copy, three in five is not", () => {
    // 20 distinct words give 17 sequences of four; rewriting words at the end breaks sequences.
    const words = Array.from({ length: 20 }, (_, i) => `w${i}x`);
    const base = shingles(words.join(" "));
    const edited = (n: number) =>
      shingles([...words.slice(0, 20 - n), ...Array.from({ length: n }, (_, i) => `z${i}y`)].join(" "));
    // Rewriting the last word breaks one sequence of 17 (0.94); the last five break five (0.71).
    expect(containment(edited(1), base)).toBeCloseTo(16 / 17);
    expect(containment(edited(1), base)).toBeGreaterThanOrEqual(SYNDICATION_CONTAINMENT);
    expect(containment(edited(5), base)).toBeCloseTo(12 / 17);
    expect(containment(edited(5), base)).toBeLessThan(SYNDICATION_CONTAINMENT);
  });

  it("is judged against an earlier version from another outlet, and names the original", () => {
    const copies = syndicatedCopies([
      { id: 7, sourceId: 3, publishedAt: t(12), body: trimmed },
      { id: 5, sourceId: 1, publishedAt: t(10), body: wire },
      { id: 6, sourceId: 2, publishedAt: t(11), body: ownReport },
      // The wire's own repeat is not a syndicated copy: same outlet.
      { id: 8, sourceId: 1, publishedAt: t(13), body: wire },
    ]);
    expect([...copies]).toEqual([[7, 5]]);
  });

  it("texts too short to judge are never called copies", () => {
    expect(containment(shingles("Ferry runs aground"), shingles("Ferry runs aground"))).toBe(0);
  });
});

describe("a story's page and timeline", () => {
  it("lives under the cluster's lowest article id, whichever member is asked for", () => {
    expect(canonicalStoryId([42, 17, 99])).toBe(17);
    expect(canonicalStoryId([17])).toBe(17);
    expect(() => canonicalStoryId([])).toThrow();
  });

  it("orders publications and updates by time and marks the first reporter", () => {
    const events = coverageTimeline(
      [
        { id: 9, sourceId: 2, publishedAt: t(11), body: ownReport },
        { id: 4, sourceId: 1, publishedAt: t(10), body: wire },
      ],
      [{ articleId: 4, at: t(12) }],
    );
    expect(events.map((e) => [e.kind, e.articleId])).toEqual([
      ["published", 4],
      ["published", 9],
      ["updated", 4],
    ]);
    expect(events[0]).toMatchObject({ first: true, copyOf: null });
    expect(events[1]).toMatchObject({ first: false });
  });

  it("links each update to the pair of versions it is about", () => {
    // Article 4 updated twice (revisions 10 then 12), article 9 once (revision 11).
    const pairs = updatePairs([
      { id: 12, articleId: 4 },
      { id: 10, articleId: 4 },
      { id: 11, articleId: 9 },
    ]);
    expect(pairs.get(10)).toEqual({ from: "10", to: "12" });
    expect(pairs.get(12)).toEqual({ from: "12", to: "current" });
    expect(pairs.get(11)).toEqual({ from: "11", to: "current" });
  });
});
