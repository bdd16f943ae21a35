import { describe, expect, it } from "vitest";
import { comparableText, isMaterialChange } from "./change";

const story = { title: "Flood barrier opens in Hallowick", body: "The barrier opened at 6am.\n\nResidents watched." };

describe("what counts as a story update", () => {
  it("ignores spacing, case, typographic quotes and dashes", () => {
    expect(
      isMaterialChange(story, {
        title: "Flood Barrier  opens in Hallowick ",
        body: "The barrier   opened at 6am.\n\n\nResidents watched.",
      }),
    ).toBe(false);
    expect(isMaterialChange({ title: "It's ‘open’ — now", body: "x" }, { title: "It’s 'open' - now", body: "x" })).toBe(
      false,
    );
  });

  it("ignores a tracking parameter on a link printed in the text, not the link itself", () => {
    const a = { title: "t", body: "More at https://news.example/a?id=4&utm_source=rss." };
    expect(isMaterialChange(a, { title: "t", body: "More at https://news.example/a?id=4." })).toBe(false);
    expect(isMaterialChange(a, { title: "t", body: "More at https://news.example/a?id=5." })).toBe(true);
  });

  it("sees a changed word in the title or the body", () => {
    expect(isMaterialChange(story, { ...story, title: "Flood barrier fails in Hallowick" })).toBe(true);
    expect(isMaterialChange(story, { ...story, body: "The barrier opened at 7am.\n\nResidents watched." })).toBe(true);
    expect(isMaterialChange(story, { ...story, body: `${story.body}\n\nA third paragraph.` })).toBe(true);
  });

  it("keeps the words themselves", () => {
    expect(comparableText("  Él  dijo “sí”…  ")).toBe('él dijo "sí"...');
  });
});
