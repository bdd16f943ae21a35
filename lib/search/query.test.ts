import { describe, expect, it } from "vitest";
import { hasSearchCriteria, MAX_QUERY_PARTS, parseSearchQuery, searchWords } from "@/lib/search/query";

describe("parseSearchQuery", () => {
  it("reads words, phrases, exclusions and filters", () => {
    expect(parseSearchQuery('nurses "pay talks" -hospital source:caldera-wire tag:strike')).toEqual({
      phrases: [["nurses"], ["pay", "talks"]],
      excluded: [["hospital"]],
      sources: ["caldera-wire"],
      tags: ["strike"],
      truncated: false,
    });
  });

  it('excludes a quoted phrase with -"..." and keeps an unclosed quote as a phrase', () => {
    const q = parseSearchQuery('flood -"river ost" "barrier gate');
    expect(q.excluded).toEqual([["river", "ost"]]);
    expect(q.phrases).toEqual([["flood"], ["barrier", "gate"]]);
  });

  it("keeps a hyphenated or dotted word together as a phrase", () => {
    expect(parseSearchQuery("covid-19 e.on").phrases).toEqual([
      ["covid", "19"],
      ["e", "on"],
    ]);
  });

  it.each([
    ['"', []],
    ["*", []],
    ["NEAR(", [["near"]]],
    ["AND OR NOT", [["and"], ["or"], ["not"]]],
    ["'; DROP TABLE articles; --", [["drop"], ["table"], ["articles"]]],
    ["title:secret", [["title", "secret"]]],
    ["body:x^2 col:*", [["body", "x", "2"], ["col"]]],
    ["{title body}: flood", [["title"], ["body"], ["flood"]]],
    ["nurse*", [["nurse"]]],
  ])("turns FTS and SQL syntax in %j into plain words", (input, phrases) => {
    const q = parseSearchQuery(input);
    expect(q.phrases).toEqual(phrases);
    expect(q.sources).toEqual([]);
    expect(q.tags).toEqual([]);
  });

  it("treats a filter whose value is not a slug as words", () => {
    const q = parseSearchQuery("source:'; DROP tag:Ünïcode tag:");
    expect(q.sources).toEqual([]);
    expect(q.tags).toEqual([]);
    expect(q.phrases).toEqual([["source"], ["drop"], ["tag", "ünïcode"], ["tag"]]);
  });

  it("keeps letters of every script and drops the rest", () => {
    // NFKC turns "½" into 1, a fraction slash and 2.
    expect(searchWords("Zürich 東京 Ελλάδα naïve 🙂 ½")).toEqual(["zürich", "東京", "ελλάδα", "naïve", "1", "2"]);
  });

  it("caps very long input and says so", () => {
    const q = parseSearchQuery("flood ".repeat(2000) + "x".repeat(10_000));
    expect(q.truncated).toBe(true);
    expect(q.phrases).toEqual([["flood"]]);
    const many = parseSearchQuery(Array.from({ length: 50 }, (_, i) => `word${i}`).join(" "));
    expect(many.phrases).toHaveLength(MAX_QUERY_PARTS);
    expect(many.truncated).toBe(true);
  });

  it("knows when there is nothing to search for", () => {
    expect(hasSearchCriteria(parseSearchQuery('  " * ( ) -  '))).toBe(false);
    expect(hasSearchCriteria(parseSearchQuery("-flood"))).toBe(false);
    expect(hasSearchCriteria(parseSearchQuery("tag:strike"))).toBe(true);
  });
});
