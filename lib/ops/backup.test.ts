import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/db";
import { upsertSource } from "@/db/queries/article-store";
import { upsertArticle } from "@/lib/articles/article-row";
import { backupDatabase, checkBackupFile, restoreDatabase } from "@/lib/ops/backup";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "backup-test-"));

async function liveDb(dir: string) {
  const file = path.join(dir, "live.db");
  const db = openDatabase(file);
  const sourceId = await upsertSource(db, { slug: "s", name: "S" });
  for (let i = 0; i < 5; i++)
    await upsertArticle(db, {
      sourceId,
      guid: `${i}`,
      title: `Story ${i}`,
      body: `Body ${i}`,
      publishedAt: new Date(),
      tags: ["T"],
    });
  return { file, db, sourceId };
}

describe("backup and restore", () => {
  it("backs up a database that is open and being written, and restores it", async () => {
    const dir = tmp();
    const { file, db, sourceId } = await liveDb(dir);
    const backup = path.join(dir, "backup.db");
    const r = await backupDatabase(file, backup);
    expect(r).toMatchObject({ ok: true, articles: 5 });
    await upsertArticle(db, {
      sourceId,
      guid: "late",
      title: "After the backup",
      body: "x",
      publishedAt: new Date(),
      tags: [],
    });
    expect((db.$client.prepare("select count(*) n from articles").get() as { n: number }).n).toBe(6);
    const restored = await restoreDatabase(backup, file);
    expect(restored.saved && fs.existsSync(restored.saved)).toBe(true);
    // The app's open connection sees the restored content.
    expect((db.$client.prepare("select count(*) n from articles").get() as { n: number }).n).toBe(5);
  });

  it("refuses files that are not a valid database of this app, and leaves the live one alone", async () => {
    const dir = tmp();
    const { file, db } = await liveDb(dir);
    const notDb = path.join(dir, "notes.txt");
    fs.writeFileSync(notDb, "hello");
    const otherDb = path.join(dir, "other.db");
    openDatabase(otherDb).$client.exec("drop table comments");
    const truncated = path.join(dir, "truncated.db");
    fs.writeFileSync(truncated, fs.readFileSync(file).subarray(0, 4096));
    for (const bad of [notDb, otherDb, truncated, path.join(dir, "missing.db")]) {
      expect(checkBackupFile(bad).ok).toBe(false);
      await expect(restoreDatabase(bad, file)).rejects.toThrow(/Refusing to restore/);
    }
    expect((db.$client.prepare("select count(*) n from articles").get() as { n: number }).n).toBe(5);
  });
});
