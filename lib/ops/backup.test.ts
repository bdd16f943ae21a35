import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { type Db, openDatabase, transaction } from "@/db";
import { articles, sources } from "@/db/schema";
import { databaseLocation } from "@/lib/db";
import { backupDatabase, checkBackup, postgresTool, restoreDatabase } from "@/lib/ops/backup";
import { PG_TEMPLATE, testEngine, useTempDatabase } from "@/lib/testing/db";
import { sqlRun, sqlValue } from "@/lib/testing/sql";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "backup-test-"));
const articleCount = async (db: Db) => Number(await sqlValue(db, "select count(*) as n from articles"));

/** A story row written with the query builder (the backup copies rows; how ingest makes them is not its concern). */
function addStory(db: Db, sourceId: number, key: string) {
  const now = new Date();
  return transaction(db, (tx) =>
    tx.insert(articles).values({
      slug: `story-${key}`,
      sourceId,
      guid: key,
      title: `Story ${key}`,
      body: `Body ${key}`,
      publishedAt: now,
      ingestedAt: now,
      updatedAt: now,
      wordCount: 2,
      contentHash: `hash-${key}`,
    }),
  );
}

/** The app's database (a SQLite file or a PostgreSQL database, as the suite runs), with five stories. */
async function useLiveDatabase() {
  const db = await useTempDatabase();
  const [source] = await transaction(db, (tx) =>
    tx.insert(sources).values({ slug: "s", name: "S" }).returning({ id: sources.id }),
  );
  const sourceId = source?.id ?? 0;
  for (let i = 0; i < 5; i++) await addStory(db, sourceId, `${i}`);
  return { location: databaseLocation(), db, sourceId };
}

/** A pg_dump archive of a database that lacks the comments table: readable, but not one of ours. */
async function foreignPostgresDump(location: string, file: string) {
  const server = new URL(location);
  const name = `t_foreign_${process.pid}`;
  server.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name} template ${PG_TEMPLATE}`);
  } finally {
    await admin.end();
  }
  const foreign = new URL(location);
  foreign.pathname = `/${name}`;
  const db = openDatabase(foreign.toString(), { poolSize: 1 });
  await sqlRun(db, "drop table comments cascade");
  // The app's own backup refuses it; pg_dump itself makes the file the restore must refuse.
  await expect(backupDatabase(foreign.toString(), path.join(path.dirname(file), "refused.dump"))).rejects.toThrow(
    /missing comments/,
  );
  const r = spawnSync(postgresTool("pg_dump"), ["--format=custom", `--file=${file}`, foreign.toString()]);
  expect(r.status).toBe(0);
}

describe("backup and restore", () => {
  it("backs up a database that is open and being written, and restores it, keeping what it replaced", async () => {
    const dir = tmp();
    const { location, db, sourceId } = await useLiveDatabase();
    const backup = path.join(dir, testEngine === "sqlite" ? "backup.db" : "backup.dump");
    const r = await backupDatabase(location, backup);
    expect(r).toMatchObject({ ok: true, articles: 5 });
    expect(fs.existsSync(`${backup}.partial`)).toBe(false);
    expect(await checkBackup(backup)).toMatchObject({ ok: true, articles: 5, users: 0 });
    await addStory(db, sourceId, "late");
    expect(await articleCount(db)).toBe(6);
    const restored = await restoreDatabase(backup, location);
    expect(restored).toMatchObject({ articles: 5, users: 0 });
    // The app's open connection sees the restored content.
    expect(await articleCount(db)).toBe(5);
    // What the restore replaced is kept, whole: the story written after the backup is in it.
    expect(restored.saved).toBeTruthy();
    const savedLocation =
      testEngine === "sqlite"
        ? (restored.saved as string)
        : Object.assign(new URL(location), { pathname: `/${restored.saved}` }).toString();
    const saved = openDatabase(savedLocation, { poolSize: 1 });
    expect(await articleCount(saved)).toBe(6);
  });

  it("refuses files that are not a valid backup of this app, and leaves the live database alone", async () => {
    const dir = tmp();
    const { location, db } = await useLiveDatabase();
    const notDb = path.join(dir, "notes.txt");
    fs.writeFileSync(notDb, "hello");
    const good = path.join(dir, "good.backup");
    await backupDatabase(location, good);
    const foreign = path.join(dir, "foreign.backup");
    if (testEngine === "sqlite") await sqlRun(openDatabase(foreign), "drop table comments");
    else await foreignPostgresDump(location, foreign);
    // Cut short: on PostgreSQL the table of contents may survive, the data must not pass.
    const truncated = path.join(dir, "truncated.backup");
    const whole = fs.readFileSync(good);
    fs.writeFileSync(truncated, whole.subarray(0, Math.min(4096, Math.floor(whole.length * 0.8))));
    for (const bad of [notDb, foreign, truncated, path.join(dir, "missing.backup")]) {
      expect((await checkBackup(bad)).ok, bad).toBe(false);
      await expect(restoreDatabase(bad, location)).rejects.toThrow(/Refusing to restore/);
    }
    expect(await articleCount(db)).toBe(5);
  });

  it.skipIf(testEngine !== "postgres")(
    "PostgreSQL: refuses a SQLite backup, and a backup whose target database does not exist yet is restored under its name",
    async () => {
      const dir = tmp();
      const sqliteFile = path.join(dir, "file.db");
      openDatabase(sqliteFile);
      const { location } = await useLiveDatabase();
      await expect(restoreDatabase(sqliteFile, location)).rejects.toThrow(/SQLite database/);
      const dump = path.join(dir, "live.dump");
      await backupDatabase(location, dump);
      const fresh = Object.assign(new URL(location), { pathname: `/t_fresh_${process.pid}` }).toString();
      const r = await restoreDatabase(dump, fresh);
      expect(r.saved).toBeNull();
      expect(await articleCount(openDatabase(fresh, { poolSize: 1 }))).toBe(5);
    },
  );

  it.skipIf(testEngine !== "sqlite")("SQLite: refuses a PostgreSQL dump", async () => {
    const dir = tmp();
    const { location } = await useLiveDatabase();
    const dump = path.join(dir, "x.dump");
    fs.writeFileSync(dump, "PGDMP and then nothing");
    await expect(restoreDatabase(dump, location)).rejects.toThrow(/Refusing to restore/);
  });
});
