import { describe, expect, it } from "vitest";
import { foldText, mutedWordIn, muteReason, normaliseMutedWord, withoutMuted } from "./mutes";

const words = (...raw: string[]) =>
  raw.map((r) => {
    const n = normaliseMutedWord(r);
    if ("error" in n) throw new Error(n.error);
    return n.word;
  });

describe("normaliseMutedWord", () => {
  it("folds case, accents, apostrophes and spaces", () => {
    expect(normaliseMutedWord("  Café   Society ")).toEqual({ word: "cafe society" });
    expect(normaliseMutedWord("DON’T")).toEqual({ word: "don't" });
    expect(normaliseMutedWord("COVID-19")).toEqual({ word: "covid-19" });
    expect(normaliseMutedWord("U.S.")).toEqual({ word: "u.s." });
  });

  it("refuses what cannot be a word, with a message", () => {
    expect(normaliseMutedWord("")).toEqual({ error: "Type a word or phrase to mute." });
    expect(normaliseMutedWord("   ")).toEqual({ error: "Type a word or phrase to mute." });
    expect(normaliseMutedWord("a")).toEqual({ error: "A muted word must be at least 2 characters." });
    expect(normaliseMutedWord("x".repeat(41))).toEqual({ error: "A muted word must be at most 40 characters." });
    for (const bad of ["<script>", "a*b", "--", "(foo)", "#tag"])
      expect(normaliseMutedWord(bad)).toHaveProperty("error");
  });
});

describe("mutedWordIn: whole words, any case and accent, regular plurals", () => {
  const cases: [string, string[], string | null][] = [
    ["Election results are in", ["election"], "election"],
    ["ELECTIONS called early", ["election"], "election"],
    ["Buses stop at midnight", ["bus"], "bus"],
    ["Two cities flood", ["city"], "city"],
    ["The category of the year", ["cat"], null],
    ["Catalonia votes", ["cat"], null],
    ["The cat's whiskers", ["cat"], "cat"],
    ["Trump’s rally", ["trump"], "trump"],
    ["Covid-19 cases rise", ["covid"], "covid"],
    ["New covid-19 rules", ["covid-19"], "covid-19"],
    ["Café opens", ["cafe"], "cafe"],
    ["A cafe opens", ["café"], "cafe"],
    ["Strike! Workers walk out.", ["strike"], "strike"],
    ["“Strike”, they said", ["strike"], "strike"],
    ["Strikers gather", ["strike"], null],
    ["Crises deepen", ["crisis"], null],
    ["Climate change talks", ["climate change"], "climate change"],
    ["Climate-change talks", ["climate change"], "climate change"],
    ["Climate talks on change", ["climate change"], null],
    ["G7 summit", ["g7"], "g7"],
    ["G70 summit", ["g7"], null],
  ];
  for (const [text, muted, expected] of cases)
    it(`${JSON.stringify(text)} with ${JSON.stringify(muted)} → ${expected}`, () => {
      expect(mutedWordIn(text, words(...muted))).toBe(expected);
    });

  it("treats regular-expression characters in a word literally", () => {
    expect(mutedWordIn("U.S. budget", words("u.s."))).toBe("u.s.");
    expect(mutedWordIn("UxS budget", words("u.s."))).toBeNull();
    expect(mutedWordIn("AT&T deal", words("at&t"))).toBe("at&t");
  });

  it("folds text the same way as words", () => {
    expect(foldText("ÉLECTION’s")).toBe("election's");
  });
});

describe("muteReason and withoutMuted", () => {
  const card = (title: string, source = "wire", tagSlugs: string[] = []) => ({
    title,
    excerpt: "An excerpt.",
    source: { slug: source },
    tags: tagSlugs.map((slug) => ({ slug })),
  });
  const mutes = { words: words("strike"), tagSlugs: new Set(["football"]), sourceSlugs: new Set(["gazette"]) };

  it("names the outlet, then a tag, then a word", () => {
    expect(muteReason(card("Strike", "gazette", ["football"]), mutes)).toEqual({ kind: "source", value: "gazette" });
    expect(muteReason(card("Strike", "wire", ["football"]), mutes)).toEqual({ kind: "tag", value: "football" });
    expect(muteReason(card("Strike", "wire"), mutes)).toEqual({ kind: "word", value: "strike" });
    expect(muteReason(card("Calm day", "wire"), mutes)).toBeNull();
  });

  it("reads the excerpt too, never the body (a card has none)", () => {
    expect(muteReason({ ...card("Calm day"), excerpt: "Then the strike began." }, mutes)?.kind).toBe("word");
  });

  it("keeps order and counts what it hid", () => {
    const list = [card("One"), card("Strike two"), card("Three", "gazette"), card("Four")];
    const r = withoutMuted(list, mutes);
    expect(r.items.map((c) => c.title)).toEqual(["One", "Four"]);
    expect(r.hidden).toBe(2);
  });
});
