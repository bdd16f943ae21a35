import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, transaction } from "../index";
import { bumpCacheTags, CacheTagReader } from "./cache-tags";

const readers: CacheTagReader[] = [];
afterEach(() => {
  for (const r of readers.splice(0)) r.close();
});

function setup() {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cache-tags-")), "test.db");
  const db = openDatabase(file);
  const reader = new CacheTagReader(file);
  readers.push(reader);
  return { file, db, reader };
}

describe("CacheTagReader", () => {
  it("sees a bump committed by this process's app connection at the next refresh", async () => {
    const { db, reader } = await setup();
    reader.refresh();
    expect(reader.versionOf("article:a")).toBe(0);
    await transaction(db, (tx) => bumpCacheTags(tx, ["article:a", "all"]));
    // Remembered until refresh(): a hit is served on what the last check saw.
    expect(reader.versionOf("article:a")).toBe(0);
    reader.refresh();
    expect(reader.versionOf("article:a")).toBe(1);
    expect(reader.versionOf("all")).toBe(1);
    expect(reader.versionOf("list:latest")).toBe(0);
  });

  it("sees a bump committed by another process (an ingest) at the next refresh", async () => {
    const { file, reader } = await setup();
    reader.refresh();
    expect(reader.versionOf("list:latest")).toBe(0);
    const bump = `
      const Database = require("better-sqlite3");
      const db = new Database(process.argv[1]);
      db.prepare("insert into cache_tags (tag, version) values ('list:latest', 1) on conflict(tag) do update set version = version + 1").run();
      db.close();`;
    execFileSync(process.execPath, ["-e", bump, file], { cwd: process.cwd() });
    reader.refresh();
    expect(reader.versionOf("list:latest")).toBe(1);
    execFileSync(process.execPath, ["-e", bump, file], { cwd: process.cwd() });
    reader.refresh();
    expect(reader.versionOf("list:latest")).toBe(2);
  });

  it("keeps what it read while nothing is committed", async () => {
    const { db, reader } = await setup();
    await transaction(db, (tx) => bumpCacheTags(tx, ["tag:x"]));
    reader.refresh();
    expect(reader.versionOf("tag:x")).toBe(1);
    // A write to another table is a commit too: the reader reads again and finds the same version.
    db.$client.exec("create table if not exists scratch (x)");
    reader.refresh();
    expect(reader.versionOf("tag:x")).toBe(1);
  });
});
