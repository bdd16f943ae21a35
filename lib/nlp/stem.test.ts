import { describe, expect, it } from "vitest";
import { stem } from "./stem";

describe("stem", () => {
  it("folds plurals and common verb endings to one form", () => {
    for (const group of [
      ["nurse", "nurses", "Nurse"],
      ["strike", "strikes", "striking"],
      ["election", "elections"],
      ["collapse", "collapsed", "collapses"],
      ["city", "cities"],
      ["rescue", "rescued", "rescues"],
      ["stop", "stopped", "stopping"],
    ])
      expect(new Set(group.map(stem)).size, group.join("/")).toBe(1);
  });

  it("leaves words that merely end in s alone", () => {
    expect(stem("press")).toBe("press");
    expect(stem("virus")).toBe("virus");
    expect(stem("crisis")).toBe("crisis");
  });
});
