import fs from "node:fs";
import Database from "better-sqlite3";

// Tables a database of this app always has; a file without them is not one of our databases.
const REQUIRED_TABLES = [
  "articles",
  "sources",
  "tags",
  "article_tags",
  "users",
  "comments",
  "bookmarks",
  "__drizzle_migrations",
];

export type BackupCheck = { ok: true; articles: number; users: number } | { ok: false; reason: string };

/** Checks that a file is an intact SQLite database of this app, without changing it. */
export function checkBackupFile(file: string): BackupCheck {
  if (!fs.existsSync(file)) return { ok: false, reason: `${file} does not exist` };
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, "r");
  fs.readSync(fd, head, 0, 16, 0);
  fs.closeSync(fd);
  if (head.toString("latin1") !== "SQLite format 3\u0000")
    return { ok: false, reason: `${file} is not an SQLite database` };
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") return { ok: false, reason: `${file} fails the integrity check: ${String(integrity)}` };
    const tables = new Set(
      (db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map(
        (t) => t.name,
      ),
    );
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length > 0)
      return { ok: false, reason: `${file} is not a Tidings database (missing ${missing.join(", ")})` };
    const open = db;
    const count = (t: string) => (open.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n;
    return { ok: true, articles: count("articles"), users: count("users") };
  } catch (error) {
    return { ok: false, reason: `${file} cannot be read as a database: ${(error as Error).message}` };
  } finally {
    db?.close();
  }
}

/**
 * Copies the live database with SQLite's online backup API: consistent even while the app writes,
 * without stopping it. Writes to a temporary name first, so a failed backup never leaves a half file.
 */
export async function backupDatabase(source: string, target: string, onProgress?: (pct: number) => void) {
  if (!fs.existsSync(source)) throw new Error(`No database at ${source}`);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  const partial = `${target}.partial`;
  try {
    await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages ? Math.round(((totalPages - remainingPages) / totalPages) * 100) : 100);
        return 1000;
      },
    });
  } finally {
    db.close();
  }
  const check = checkBackupFile(partial);
  if (!check.ok) {
    fs.rmSync(partial, { force: true });
    throw new Error(`The backup failed its check: ${check.reason}`);
  }
  fs.renameSync(partial, target);
  return check;
}

/**
 * Replaces the live database with a checked backup, through the backup API so the app's open
 * connections see the new content instead of a file swapped under them. The current database is
 * first saved beside itself, so a restore can be undone.
 */
export async function restoreDatabase(backup: string, target: string) {
  const check = checkBackupFile(backup);
  if (!check.ok) throw new Error(`Refusing to restore: ${check.reason}`);
  let saved: string | null = null;
  if (fs.existsSync(target)) {
    saved = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    await backupDatabase(target, saved);
  }
  const src = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    await src.backup(target);
  } finally {
    src.close();
  }
  return { ...check, saved };
}
