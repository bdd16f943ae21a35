import { describe, expect, it } from "vitest";
import { isValidSlug, slugify } from "@/lib/articles/slug";

describe("slugify", () => {
  it("lower-cases, strips accents and punctuation", () => {
    expect(slugify("Café owners’ strike: what's next?")).toBe("cafe-owners-strike-whats-next");
    expect(slugify("  R&D   spending  ")).toBe("r-and-d-spending");
  });
  it("never returns an empty slug", () => {
    expect(slugify("!!!")).toBe("untitled");
    expect(slugify("")).toBe("untitled");
  });
  it("cuts long titles at a word boundary", () => {
    const s = slugify("word ".repeat(40), 30);
    expect(s.length).toBeLessThanOrEqual(30);
    expect(s.endsWith("-")).toBe(false);
  });
  it("makes slugs the validator accepts, and the validator refuses path tricks", () => {
    expect(isValidSlug(slugify("Élan vital, 2026 édition"))).toBe(true);
    for (const bad of ["../etc/passwd", "a/b", "A", "a--b", "-a", "a%2e", "", "a b"])
      expect(isValidSlug(bad)).toBe(false);
  });
});
