import { describe, expect, it } from "vitest";
import { cleanHashtags, keyPhrases } from "./hashtags";

const names = (xs: string[], max?: number) => cleanHashtags(xs, max).map((t) => t.name);

describe("cleanHashtags", () => {
  it("drops stop words, numbers and dates", () => {
    expect(names(["the", "Their", "2019", "1,000", "Monday", "May 5", "last week", "Flooding"])).toEqual(["Flooding"]);
  });

  it("merges case and plural variants into the first spelling seen", () => {
    expect(names(["Elections", "election", "ELECTION", "Nurse", "nurses", "Strikes", "strike"])).toEqual([
      "Elections",
      "Nurse",
      "Strikes",
    ]);
  });

  it("drops a single word already inside a longer tag", () => {
    expect(names(["Health Ministry", "ministry", "Strike"])).toEqual(["Health Ministry", "Strike"]);
  });

  it("keeps at most 8 by default, best first", () => {
    const many = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliet"];
    expect(names(many)).toEqual(many.slice(0, 8));
    expect(names(many, 3)).toEqual(["Alpha", "Bravo", "Charlie"]);
  });

  it("makes slugs with the project's slug function", () => {
    expect(cleanHashtags(["Joachim Brudziński"])).toEqual([{ slug: "joachim-brudzinski", name: "Joachim Brudziński" }]);
  });
});

describe("keyPhrases", () => {
  it("returns repeated subject words, singular and plural together, without numbers or stop words", () => {
    const body =
      "Nurses walked out on Monday. The strike by nurses closed wards. A nurse said the strike would last 48 hours. The hospital said 48 wards were shut.";
    const phrases = keyPhrases("Nurses strike over pay", body);
    expect(phrases).toContain("nurses");
    expect(phrases).toContain("strike");
    expect(phrases).not.toContain("nurse");
    expect(phrases.some((p) => /\d/.test(p))).toBe(false);
    expect(phrases).not.toContain("said");
  });
});
