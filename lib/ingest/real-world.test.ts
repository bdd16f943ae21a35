import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { useTempDatabase } from "@/lib/testing/db";
import { sqlPluck } from "@/lib/testing/sql";
import { fixturePath, startFeedServer } from "./fixtures/feed-server";
import { checkStories, INGEST_NOW, REAL_WORLD_FIXTURES } from "./fixtures/real-world";
import { ingestFeedFile } from "./pipeline";
import { formatReport } from "./report";

const options = { now: () => INGEST_NOW, analyze: false, related: false };

function sourceNames(db: Db): Promise<string[]> {
  return sqlPluck<string>(db, "select name from sources order by id");
}

describe("real-world feeds: every story comes out with the right text, characters and date", () => {
  it.each(REAL_WORLD_FIXTURES.map((spec) => [spec.what, spec] as const))("%s", async (_what, spec) => {
    const db = await useTempDatabase();
    const report = await ingestFeedFile(db, fixturePath(spec.file), options);
    expect(report.error).toBeUndefined();
    expect(report.ok).toBe(true);
    expect((await checkStories(db, spec)).wrong).toEqual([]);
    expect(report.counts.new).toBe(spec.stories.length);
    expect(report.skipped).toHaveLength(spec.skipped ?? 0);
    expect(Boolean(report.repaired)).toBe(spec.repaired ?? false);
    if (spec.source) expect(await sourceNames(db)).toEqual([spec.source]);
  });
});

describe("real-world feeds: what the report says", () => {
  it("a salvaged feed says it was repaired, where the XML broke, and which item was skipped and why", async () => {
    const db = await useTempDatabase();
    const file = fixturePath("ill-formed.xml");
    const report = await ingestFeedFile(db, file, options);
    expect(formatReport(report)).toEqual([
      `◐ ${file} [RSS 2.0, repaired]: 3 new, 0 updated, 0 unchanged, 1 skipped`,
      "  repaired: malformed XML at line 8, column 19: char '&' is not expected.; every item that could be read whole was kept",
      "  skipped item 3 (line 19): its <title> at line 20 is not closed",
    ]);
  });

  it("an empty feed is reported as having no items, not as malformed", async () => {
    const db = await useTempDatabase();
    const report = await ingestFeedFile(db, fixturePath("empty-feed.xml"), options);
    expect(report.ok).toBe(true);
    expect(report.notes).toEqual(["the feed has no items"]);
  });

  it("unreadable dates are counted, and their text is logged once per feed", async () => {
    const db = await useTempDatabase();
    const report = await ingestFeedFile(db, fixturePath("odd-dates.xml"), options);
    expect(report.unreadableDates).toBe(2);
    expect(report.notes).toEqual([
      '2 items with a date that could not be read ("sometime last week"); stored with the time of ingest',
    ]);
  });

  it("a DOCTYPE declaring entities of its own is still refused next to the accepted XHTML sets", async () => {
    const db = await useTempDatabase();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entities-"));
    const file = path.join(dir, "mixed.xml");
    fs.writeFileSync(
      file,
      fs
        .readFileSync(fixturePath("doctype-entities.xml"), "utf8")
        .replace("%HTMLlat1;", '%HTMLlat1;\n  <!ENTITY secret SYSTEM "file:///etc/passwd">'),
    );
    const report = await ingestFeedFile(db, file, options);
    expect(report.ok).toBe(false);
    expect(report.error).toContain("declares an external entity (&secret; SYSTEM");
  });
});

// Served over HTTP on this worktree's port range and ingested by the command, as a reader would.
const PORT = 3251;
const SERVED: { file: string; contentType: string }[] = [
  { file: "undeclared-cp1252.xml", contentType: "application/rss+xml; charset='windows-1252'" },
  { file: "ill-formed.xml", contentType: "application/rss+xml" },
  { file: "odd-dates.xml", contentType: 'text/xml; charset="utf-8"' },
  { file: "utf16le-no-bom.xml", contentType: "application/xml" },
  { file: "atom-details.xml", contentType: "application/atom+xml" },
  { file: "doctype-entities.xml", contentType: "application/rss+xml; charset=UTF-8" },
];

function runIngest(args: string[], env: Record<string, string>) {
  const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
  return new Promise<{ code: number; out: string }>((resolve) => {
    execFile(
      process.execPath,
      [tsx, "scripts/ingest.ts", ...args],
      { cwd: process.cwd(), env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

describe("npm run ingest over HTTP", () => {
  it("ingests served real-world fixtures with the right text, characters and dates, and exits 3 (partial)", async () => {
    const server = await startFeedServer(PORT);
    // The command writes to the test's own database (DATABASE_PATH or DATABASE_URL, in the environment
    // it inherits), on whichever engine the suite runs.
    const db = await useTempDatabase();
    try {
      for (const { file, contentType } of SERVED) {
        server.route(`/${file}`, (_req, res) => {
          res.writeHead(200, { "content-type": contentType });
          res.end(fs.readFileSync(fixturePath(file)));
        });
      }
      const { code, out } = await runIngest(["--allow-private", ...SERVED.map((s) => server.url(`/${s.file}`))], {});
      expect(out).toContain(`◐ ${server.url("/ill-formed.xml")} [RSS 2.0, repaired]: 3 new`);
      expect(out).not.toContain("✗");
      expect(code).toBe(3);
      for (const { file } of SERVED) {
        const spec = REAL_WORLD_FIXTURES.find((s) => s.file === file);
        if (!spec) throw new Error(`no expectations for ${file}`);
        expect((await checkStories(db, spec, null)).wrong).toEqual([]);
      }
    } finally {
      await server.close();
    }
  }, 90_000);
});
