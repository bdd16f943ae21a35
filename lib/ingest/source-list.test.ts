import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_SOURCES_FILE, loadSourceList } from "./source-list";

describe("the sources list", () => {
  it("ships at least ten real public news feeds, Wikinews with its licence", () => {
    const list = loadSourceList(DEFAULT_SOURCES_FILE);
    expect(list.filter((s) => s.enabled).length).toBeGreaterThanOrEqual(10);
    for (const name of ["BBC News", "NPR", "The Guardian", "Al Jazeera", "DW", "France 24", "Euronews", "Wikinews"]) {
      expect(
        list.some((s) => s.name.startsWith(name)),
        name,
      ).toBe(true);
    }
    expect(list.find((s) => s.slug === "wikinews")).toMatchObject({
      attribution: "Wikinews contributors, CC BY 2.5",
      licenseUrl: "https://creativecommons.org/licenses/by/2.5/",
      fullText: true,
    });
    for (const s of list) expect(new URL(s.feedUrl).protocol).toBe("https:");
  });

  it("names the entry and field at fault in a broken list", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ingest-list-")), "sources.json");
    fs.writeFileSync(
      file,
      JSON.stringify({
        sources: [
          { slug: "ok", name: "OK", feedUrl: "https://ok.example/rss" },
          { slug: "Bad Slug", name: "Bad", feedUrl: "file:///etc/passwd" },
        ],
      }),
    );
    expect(() => loadSourceList(file)).toThrow(
      /has mistakes: sources\.1\.slug: must be lowercase.*; sources\.1\.feedUrl: must be an http\(s\) URL/,
    );
    fs.writeFileSync(file, "{ not json");
    expect(() => loadSourceList(file)).toThrow(/is not valid JSON/);
  });
});
