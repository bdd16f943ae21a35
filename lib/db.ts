// The app's database connection, chosen from the configuration. In lib/ rather than db/ because it
// reads lib/config.ts, and db/ imports nothing from lib/.
import { type Db, openDatabase } from "@/db";
import { config } from "@/lib/config";

/** The configured SQLite file (DATABASE_PATH). */
export function databasePath(): string {
  return config().databasePath;
}

// One connection per process, kept across hot reloads in development.
const globalForDb = globalThis as unknown as { __newsDb?: { file: string; db: Db } };

/** The app's connection, opened (with migrations applied) on first use and cached per process. */
export function getDb(): Db {
  const file = databasePath();
  const cached = globalForDb.__newsDb;
  if (cached && cached.file === file) return cached.db;
  const db = openDatabase(file);
  globalForDb.__newsDb = { file, db };
  return db;
}
