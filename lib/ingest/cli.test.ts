import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reloadConfig } from "@/lib/config";
import { useTempDatabase } from "@/lib/testing/db";
import { fixturePath } from "./fixtures/feed-server";
import { watchSources } from "./watch";

let dir: string;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-cli-"));
  // A fresh database on the suite's engine: the command inherits DATABASE_PATH or DATABASE_URL.
  await useTempDatabase();
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeSourceList(hosts: string[]): string {
  const file = path.join(dir, "sources.json");
  const sources = hosts.map((h, i) => ({
    slug: `feed-${i + 1}`,
    name: `Feed ${i + 1}`,
    feedUrl: `https://${h}/rss.xml`,
  }));
  fs.writeFileSync(file, JSON.stringify({ sources }));
  return file;
}

function runIngest(args: string[], env: Record<string, string> = {}) {
  const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
  const result = spawnSync(process.execPath, [tsx, "scripts/ingest.ts", ...args], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe("npm run ingest", () => {
  it("--sources with the network unreachable prints one clear line, no stack traces, and exits non-zero", () => {
    const list = writeSourceList(["feeds.alpha.invalid", "feeds.beta.invalid", "feeds.gamma.invalid"]);
    const { code, out, err } = runIngest(["--sources"], { INGEST_SOURCES_FILE: list });
    expect(code).toBe(1);
    const lines = `${out}${err}`.split("\n").filter(Boolean);
    expect(lines).toEqual([
      "network unreachable: none of the 3 sources could be reached (could not resolve feeds.alpha.invalid (ENOTFOUND))",
    ]);
  }, 60_000);

  it("exits 0 when every feed went in, 1 when one failed while the others still went in", () => {
    const ok = runIngest([fixturePath("rss2.xml"), fixturePath("atom.xml")]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("[RSS 2.0]: 3 new, 0 updated, 0 unchanged, 0 skipped");
    const mixed = runIngest([fixturePath("malformed.xml"), fixturePath("feed.json")]);
    expect(mixed.code).toBe(1);
    expect(mixed.out).toContain(`✗ ${fixturePath("malformed.xml")}: malformed XML at line 6, column 29`);
    expect(mixed.out).toContain("[JSON Feed]: 2 new");
    expect(mixed.out).not.toMatch(/^\s+at /m);
  }, 60_000);

  it("explains its usage on a mistake", () => {
    const { code, err } = runIngest(["--watch", "0"]);
    expect(code).toBe(2);
    expect(err).toContain("Usage:");
  }, 60_000);
});

describe("watchSources", () => {
  it("logs a network outage once, however many rounds it lasts", async () => {
    const db = await useTempDatabase();
    process.env.INGEST_SOURCES_FILE = writeSourceList(["feeds.one.invalid", "feeds.two.invalid"]);
    reloadConfig();
    const lines: string[] = [];
    const controller = new AbortController();
    // Each round asks for the time once, plus once per source: wait for at least three rounds.
    let clockReads = 0;
    try {
      const watching = watchSources(db, {
        intervalMs: 20,
        signal: controller.signal,
        log: (line) => lines.push(line),
        onProgress: () => {},
        now: () => {
          clockReads++;
          return new Date();
        },
      });
      while (clockReads < 9) await new Promise((r) => setTimeout(r, 20));
      controller.abort();
      await watching;
    } finally {
      delete process.env.INGEST_SOURCES_FILE;
      reloadConfig();
    }
    expect(lines[0]).toMatch(/^ingest watcher: polling the enabled sources of .*sources\.json every/);
    expect(lines.filter((l) => l.startsWith("network unreachable:"))).toEqual([
      "network unreachable: none of 2 sources could be reached (could not resolve feeds.one.invalid (ENOTFOUND)); retrying quietly",
    ]);
    expect(lines).toHaveLength(2);
  });
});
