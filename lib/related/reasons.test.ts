import { describe, expect, it } from "vitest";
import { isConfidentMatch, parseReasons, RELATED_COVERAGE_MIN_SCORE } from "./reasons";
import { phrasesOf, sharedNames, sharedPhrases } from "./shared";

const none = { tags: [], names: [], phrases: [] };
const rarity = { idf: () => 3, minIdf: 1 };

describe("why related", () => {
  it("shares phrases a reader recognises, never everyday ones or ones that repeat a name", () => {
    const a = phrasesOf(
      "Flood barrier delayed",
      "The Millbrook flood barrier was not ready. Mayor Tomas Brenner said the second set of works will start next year.",
    );
    const b = phrasesOf(
      "Hallowick floods",
      "Work on the flood barrier stopped. Mayor Tomas Brenner blamed the contractor. The second set of works will start next year.",
    );
    const phrases = sharedPhrases(a, b, { rarity, covered: ["Tomas Brenner"] });
    expect(phrases).toContain("flood barrier");
    // "second set", "next year": everyday words only; "Mayor Tomas Brenner": a name given already.
    expect(phrases.join("|")).not.toMatch(/second set|next year|Brenner/);
  });

  it("names people and bodies both stories give, but no everyday word and no name every story has", () => {
    const common = { idf: (t: string) => (t === "portmer" ? 0.1 : 3), minIdf: 1 };
    const a = {
      people: [{ name: "Mira Sallis", slug: "mira-sallis" }],
      places: [{ name: "Portmere", slug: "portmere" }],
      organisations: [{ name: "Second", slug: "second" }],
    };
    const names = sharedNames(a, a, { tags: [], rarity: common });
    expect(names.map((n) => n.name)).toEqual(["Mira Sallis"]);
  });

  it("reads old stored reasons without their single-word terms", () => {
    expect(parseReasons('{"terms":["entire","won"],"tags":["tennis"]}')).toEqual({
      tags: ["tennis"],
      names: [],
      phrases: [],
    });
    expect(parseReasons("not json")).toEqual(none);
  });
});

describe("related coverage shows only confident matches", () => {
  const strong = RELATED_COVERAGE_MIN_SCORE + 0.01;
  const weak = RELATED_COVERAGE_MIN_SCORE - 0.01;
  it("always shows the same story from another outlet", () => {
    expect(isConfidentMatch({ score: 0.1, sameStory: true, reasons: none })).toBe(true);
  });
  it("needs both the score and a shared tag or name", () => {
    expect(isConfidentMatch({ score: strong, sameStory: false, reasons: { ...none, tags: ["tennis"] } })).toBe(true);
    expect(
      isConfidentMatch({
        score: strong,
        sameStory: false,
        reasons: { ...none, names: [{ name: "Mira Sallis", slug: "mira-sallis" }] },
      }),
    ).toBe(true);
    expect(isConfidentMatch({ score: weak, sameStory: false, reasons: { ...none, tags: ["tennis"] } })).toBe(false);
    expect(isConfidentMatch({ score: strong, sameStory: false, reasons: none })).toBe(false);
    expect(
      isConfidentMatch({ score: strong, sameStory: false, reasons: { ...none, phrases: ["standing ovation"] } }),
    ).toBe(false);
  });
});
