import { describe, expect, it } from "vitest";
import { bodySentences, splitSentences } from "./sentences";

const texts = (s: string) => splitSentences(s).map((x) => x.text);

describe("splitSentences", () => {
  it("splits plain sentences on full stops, question and exclamation marks", () => {
    expect(texts("The vote passed. Was it close? Not at all! Turnout rose.")).toEqual([
      "The vote passed.",
      "Was it close?",
      "Not at all!",
      "Turnout rose.",
    ]);
  });

  it("keeps titles and other abbreviations inside the sentence", () => {
    expect(texts("Dr. Amal Reyes met Mr. Ortiz at St. Mary's hospital. They talked.")).toEqual([
      "Dr. Amal Reyes met Mr. Ortiz at St. Mary's hospital.",
      "They talked.",
    ]);
    expect(texts("He lives at No. 4 Harbour Road. It floods.")).toEqual([
      "He lives at No. 4 Harbour Road.",
      "It floods.",
    ]);
  });

  it("keeps initials with the name", () => {
    expect(texts("The novel by J. R. Smith sold well. Critics agreed.")).toEqual([
      "The novel by J. R. Smith sold well.",
      "Critics agreed.",
    ]);
  });

  it("keeps dotted acronyms inside a sentence but ends one before a typical opener", () => {
    expect(texts("Sales in the U.K. fell sharply. Exports held up.")).toEqual([
      "Sales in the U.K. fell sharply.",
      "Exports held up.",
    ]);
    expect(texts("The blast came at 6 a.m. The building was empty.")).toEqual([
      "The blast came at 6 a.m.",
      "The building was empty.",
    ]);
    expect(texts("Officials in the U.S. Department of State declined.")).toEqual([
      "Officials in the U.S. Department of State declined.",
    ]);
  });

  it("never splits decimals or amounts", () => {
    expect(texts("Output grew 3.5 per cent to $74.6bn in 2004. Profit fell 1.4%.")).toEqual([
      "Output grew 3.5 per cent to $74.6bn in 2004.",
      "Profit fell 1.4%.",
    ]);
  });

  it("handles quotations: ends after a closing quote, not inside one that continues", () => {
    expect(texts('"It was bad," he said. "We will rebuild." The mayor agreed.')).toEqual([
      '"It was bad," he said.',
      '"We will rebuild."',
      "The mayor agreed.",
    ]);
    expect(texts('"Are you sure?" she asked. Nobody was.')).toEqual(['"Are you sure?" she asked.', "Nobody was."]);
    expect(texts("He called it “a disaster.” Others disagreed.")).toEqual([
      "He called it “a disaster.”",
      "Others disagreed.",
    ]);
  });

  it("does not split before a lower-case word", () => {
    expect(texts("Prices rose by approx. ten per cent. e.g. bread.")).toEqual([
      "Prices rose by approx. ten per cent. e.g. bread.",
    ]);
  });

  it("gives offsets that point back into the text", () => {
    const text = "First one.  Second one. ";
    for (const s of splitSentences(text)) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});

describe("bodySentences", () => {
  it("never lets a sentence cross a paragraph break, and numbers paragraphs like splitParagraphs", () => {
    const s = bodySentences("One. Two\n\nThree.\n\n\n  Four?  ");
    expect(s.map((x) => [x.text, x.paragraph])).toEqual([
      ["One.", 0],
      ["Two", 0],
      ["Three.", 1],
      ["Four?", 2],
    ]);
  });
});
