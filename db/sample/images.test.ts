import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { sampleArticles } from "./content";
import { SAMPLE_IMAGES } from "./images";

describe("sample pictures", () => {
  it("belong to sample articles, exist in public/sample-images at their declared size, and carry no metadata", async () => {
    const slugs = new Set(sampleArticles.map((a) => a.slug));
    for (const [slug, image] of Object.entries(SAMPLE_IMAGES)) {
      expect(slugs.has(slug), slug).toBe(true);
      const file = path.join(process.cwd(), "public", "sample-images", image.file);
      const meta = await sharp(fs.readFileSync(file)).metadata();
      expect([meta.width, meta.height], image.file).toEqual([image.width, image.height]);
      expect(meta.exif, image.file).toBeUndefined();
      expect(image.alt.length).toBeGreaterThan(20);
    }
  });
});
