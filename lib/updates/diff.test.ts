import { describe, expect, it } from "vitest";
import { diffStory, diffText } from "./diff";

const joined = (parts: { kind: string; text: string }[], kind: string) =>
  parts
    .filter((p) => p.kind === kind)
    .map((p) => p.text.trim())
    .join("|");

describe("word-level diff of two versions", () => {
  it("marks the words that changed and keeps the rest", () => {
    const parts = diffText("The barrier opened at 6am on Monday.", "The barrier failed at 7am on Monday.");
    expect(joined(parts, "delete")).toBe("opened|6am");
    expect(joined(parts, "insert")).toBe("failed|7am");
    expect(parts.map((p) => (p.kind === "insert" ? "" : p.text)).join("")).toBe("The barrier opened at 6am on Monday.");
    expect(parts.map((p) => (p.kind === "delete" ? "" : p.text)).join("")).toBe("The barrier failed at 7am on Monday.");
  });

  it("shows a rewritten paragraph as replaced whole, not as confetti", () => {
    const parts = diffText("Officials said the barrier would hold.", "Residents queued for sandbags all night long.");
    expect(parts.map((p) => p.kind)).toEqual(["delete", "insert"]);
  });

  it("compares paragraphs first: unchanged ones stay whole, added and removed ones are whole", () => {
    const before = { title: "Barrier opens", body: "One stays.\n\nTwo is edited here.\n\nThree goes." };
    const after = { title: "Barrier opens late", body: "One stays.\n\nTwo is changed here.\n\nFour arrives." };
    const d = diffStory(before, after);
    expect(joined(d.title, "insert")).toBe("late");
    expect(d.body[0]).toEqual([{ kind: "same", text: "One stays." }]);
    expect(joined(d.body[1] ?? [], "delete")).toBe("edited");
    expect(joined(d.body[1] ?? [], "insert")).toBe("changed");
    // "Three goes." against "Four arrives.": nothing in common, so replaced whole.
    expect(d.body[2]).toEqual([
      { kind: "delete", text: "Three goes." },
      { kind: "insert", text: "Four arrives." },
    ]);
    expect(d.wordsInserted).toBe(1 + 1 + 2);
    expect(d.wordsDeleted).toBe(1 + 2);
  });

  it("stays cheap on a long body with a small edit", () => {
    const para = (i: number) => `Paragraph ${i} says something about the flood barrier and the river.`;
    const body = Array.from({ length: 2000 }, (_, i) => para(i)).join("\n\n");
    const edited = body.replace(para(1000), "Paragraph 1000 says something new about the barrier.");
    const d = diffStory({ title: "t", body }, { title: "t", body: edited });
    expect(d.body).toHaveLength(2000);
    expect(d.body.filter((p) => p.some((x) => x.kind !== "same"))).toHaveLength(1);
  });
});
