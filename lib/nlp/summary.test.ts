import { describe, expect, it } from "vitest";
import { countWords } from "@/lib/articles/text";
import { leadSummary, rankSentences, SHORT_SUMMARY, selectSentences, summarize } from "./summary";

const sentences = [
  "The council approved the new flood barrier for the river town on Tuesday.",
  "It was a long meeting.",
  "The flood barrier will cost 40 million crowns and protect 3,000 homes from the river.",
  "Residents had campaigned for a flood barrier since the river burst its banks in 2019.",
  "Lunch was served at noon.",
  "Work on the barrier starts in spring and should end before the winter floods.",
  "The mayor thanked the engineers.",
  "Critics said the flood barrier cost too much for a town of this size.",
];
const words = sentences.map(countWords);
const total = words.reduce((a, b) => a + b, 0);

describe("selectSentences with a ratio", () => {
  it("adds sentences until their words reach the budget, the last one crossing it, in article order", () => {
    for (const ratio of [0.2, 0.4, 0.6]) {
      const picked = summarize("Council approves flood barrier", sentences, { ratio });
      const used = picked.reduce((a, i) => a + (words[i] ?? 0), 0);
      expect(used).toBeGreaterThanOrEqual(ratio * total);
      // Without its last-added sentence the summary would have been under budget.
      expect(Math.min(...picked.map((i) => used - (words[i] ?? 0)))).toBeLessThan(ratio * total);
      expect([...picked].sort((a, b) => a - b)).toEqual(picked);
    }
  });

  it("prefers sentences about the story's subject over asides", () => {
    const ranking = rankSentences("Council approves flood barrier", sentences);
    expect(ranking.slice(0, 3)).not.toContain(4);
    expect(ranking.slice(0, 3)).not.toContain(1);
    expect(ranking.indexOf(2)).toBeLessThan(ranking.indexOf(6));
  });

  it("takes the first sentences for the lead baseline", () => {
    expect(leadSummary(sentences, { ratio: 0.3 })).toEqual([0, 1, 2]);
  });
});

describe("the short summary", () => {
  it("has 2 to 4 sentences in article order", () => {
    const picked = summarize("Council approves flood barrier", sentences, SHORT_SUMMARY);
    expect(picked.length).toBeGreaterThanOrEqual(2);
    expect(picked.length).toBeLessThanOrEqual(4);
    expect([...picked].sort((a, b) => a - b)).toEqual(picked);
  });

  it("skips a near-repeat of a sentence already chosen while others remain", () => {
    const repeated = [...sentences, "The council approved the new flood barrier for the river town."];
    const picked = selectSentences([0, repeated.length - 1, 2, 3], repeated, {
      minSentences: 2,
      maxSentences: 2,
      minWords: 1,
    });
    expect(picked).toEqual([0, 2]);
  });

  it("copes with an article of one sentence or none", () => {
    expect(summarize("T", ["Only one."], SHORT_SUMMARY)).toEqual([0]);
    expect(summarize("T", [], SHORT_SUMMARY)).toEqual([]);
  });
});
