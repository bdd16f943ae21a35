import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { countArticles } from "@/db/queries/article-store";
import { getArticleBySlug } from "@/db/queries/articles";
import { getSourceBySlug } from "@/db/queries/ingest";
import { getDb } from "@/lib/db";
import { useTempDatabase } from "@/lib/testing/db";
import { sqlAll, sqlPluck } from "@/lib/testing/sql";
import { ingestJsonlFile } from "./pipeline";

let db: Db;
const now = new Date("2026-03-04T12:00:00Z");

beforeEach(async () => {
  db = await useTempDatabase();
});

function writeJsonl(lines: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-jsonl-"));
  const file = path.join(dir, "articles.jsonl");
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

const row = (over: Record<string, unknown>) =>
  JSON.stringify({
    id: "r-1",
    title: "Town hall gets solar roof",
    body: "Panels went up on Monday.\n\nThey will cover half the building's power.",
    url: "https://town.example/solar?utm_source=newsletter",
    published_at: "2026-02-10",
    source: "Town Crier",
    author: "Ivo Berg",
    categories: ["Energy", "Local"],
    ...over,
  });

describe("JSONL import", () => {
  it("imports good rows, skips bad ones with line numbers, and keeps each id as the external id", async () => {
    const file = writeJsonl([
      row({}),
      "{not json",
      row({ id: "r-3", title: "" }),
      row({ id: "r-4", body: "   " }),
      JSON.stringify({ id: "r-5", body: "No title at all" }),
      row({ id: 6, title: "Numeric ids are kept as text", url: null, published_at: 1767225600, categories: "Single" }),
      "",
      row({ id: "r-8", title: "Future story", url: "https://town.example/future", published_at: "2100-01-01" }),
    ]);
    const report = await ingestJsonlFile(db, file, { now: () => now });
    expect(report.ok).toBe(true);
    expect(report.counts.new).toBe(3);
    expect(report.skipped.map((s) => `${s.item}: ${s.reason}`)).toEqual([
      expect.stringMatching(/^line 2: is not valid JSON \(/),
      "line 3 (id r-3): has an empty title",
      'line 4 "Town hall gets solar roof" (id r-4): has an empty body',
      expect.stringMatching(/^line 5: is not an article: "title": /),
    ]);
    expect(report.notes).toEqual([
      'line 8 "Future story" (id r-8): date 2100-01-01T00:00:00.000Z is in the future; used the time of ingest',
    ]);
    const rows = await sqlAll(
      db,
      "select external_id, guid, url, author, body, published_at from articles order by id",
    );
    expect(rows).toEqual([
      {
        external_id: "r-1",
        guid: "r-1",
        url: "https://town.example/solar",
        author: "Ivo Berg",
        body: "Panels went up on Monday.\n\nThey will cover half the building's power.",
        published_at: Date.parse("2026-02-10T00:00:00Z"),
      },
      expect.objectContaining({ external_id: "6", url: null, published_at: 1767225600_000 }),
      expect.objectContaining({ external_id: "r-8", published_at: now.getTime() }),
    ]);
    expect((await getSourceBySlug(db, { slug: "town-crier" }))?.name).toBe("Town Crier");
  });

  it("re-importing the same file adds nothing", async () => {
    const file = writeJsonl([row({}), row({ id: "r-2", title: "Second story", url: "https://town.example/2" })]);
    await ingestJsonlFile(db, file, { now: () => now });
    const again = await ingestJsonlFile(db, file, { now: () => now });
    expect(again.counts).toEqual({ new: 0, updated: 0, unchanged: 2, syndicated: 0 });
    expect(await countArticles(db)).toBe(2);
  });

  it("--source puts every row under the named source", async () => {
    const file = writeJsonl([
      row({}),
      row({ id: "r-2", title: "Other", url: "https://x.example/2", source: "Elsewhere" }),
    ]);
    await ingestJsonlFile(db, file, { now: () => now, sourceName: "Archive Desk" });
    const sources = await sqlPluck(db, "select distinct s.slug from articles a join sources s on s.id = a.source_id");
    expect(sources).toEqual(["archive-desk"]);
  });

  it("reports a missing file clearly", async () => {
    const report = await ingestJsonlFile(db, "/nonexistent/articles.jsonl");
    expect(report.error).toBe("no such file: /nonexistent/articles.jsonl");
  });
});

// The shared data folder sits beside the repository on developer machines only; a fresh clone has none.
const WIKINEWS = path.resolve(process.cwd(), "..", "shared", "data", "wikinews", "articles.jsonl");
const haveWikinews = fs.existsSync(WIKINEWS);
if (!haveWikinews) console.warn(`Skipping the Wikinews import test: ${WIKINEWS} not found (../shared/data is absent).`);

describe.skipIf(!haveWikinews)("Wikinews JSONL (../shared/data/wikinews/articles.jsonl)", () => {
  // A longer timeout: every article is analysed on the way in (lib/nlp), the slowest part of this import.
  it("imports every row, credited and linked on every article page", async () => {
    const lines = fs
      .readFileSync(WIKINEWS, "utf8")
      .split("\n")
      .filter((l) => l.trim());
    const report = await ingestJsonlFile(db, WIKINEWS);
    expect(report.ok).toBe(true);
    expect(report.skipped).toEqual([]);
    expect(report.counts.new).toBe(lines.length);

    const source = await getSourceBySlug(db, { slug: "wikinews" });
    expect(source?.attribution).toBe("Wikinews contributors, CC BY 2.5");
    expect(source?.licenseUrl).toBe("https://creativecommons.org/licenses/by/2.5/");

    // What the article page renders: the attribution and the link to the original, for every row.
    const stored = await sqlAll<{
      slug: string;
      external_id: string;
      url: string;
    }>(db, "select slug, external_id, url from articles");
    const byId = new Map(stored.map((r) => [r.external_id, r]));
    for (const line of lines) {
      const original = JSON.parse(line) as { id: string; url: string; title: string };
      const row = byId.get(original.id);
      expect(row, original.id).toBeDefined();
      // Canonical form: a fragment (one row links to a section) is not part of the article's address.
      expect(row?.url).toBe(original.url.replace(/#.*$/, ""));
    }
    const first = stored[0];
    const page = first ? await getArticleBySlug(getDb(), { slug: first.slug }) : null;
    expect(page?.source.attribution).toBe("Wikinews contributors, CC BY 2.5");
    expect(page?.url).toMatch(/^https:\/\/en\.wikinews\.org\/wiki\//);

    const again = await ingestJsonlFile(db, WIKINEWS);
    expect(again.counts.new).toBe(0);
  }, 60_000);
});
