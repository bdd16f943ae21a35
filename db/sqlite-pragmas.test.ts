import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, type Db, openDatabase } from "./index";

// The settings every SQLite connection gets, and the one the app's connection chooses (SQLITE_CACHE_MB).
const dirs: string[] = [];
const opened: Db[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await closeDatabase(db);
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function open(options?: { cacheMb?: number }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidings-pragmas-"));
  dirs.push(dir);
  const db = openDatabase(path.join(dir, "t.db"), options);
  opened.push(db);
  return (db as unknown as { $client: { pragma(s: string, o: { simple: true }): unknown } }).$client;
}

describe("SQLite connection settings", () => {
  it("gives the app's connection the page cache it asks for, and scripts 32 MB", () => {
    expect(open({ cacheMb: 4 }).pragma("cache_size", { simple: true })).toBe(-4096);
    expect(open().pragma("cache_size", { simple: true })).toBe(-32768);
  });

  it("maps nothing into memory, and writes ahead", () => {
    const client = open({ cacheMb: 8 });
    expect(client.pragma("mmap_size", { simple: true })).toBe(0);
    expect(client.pragma("journal_mode", { simple: true })).toBe("wal");
  });
});
