import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
// The one exception to "db/ imports nothing from lib/": lib/config.ts is a leaf (zod only) and the one
// reader of process.env, so the database file is named where every other setting is.
import { config } from "@/lib/config";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

export function databasePath(): string {
  return config().databasePath;
}

/**
 * Opens a database file with the pragmas every process uses, and applies pending migrations.
 * Exported for scripts and tests that need a database of their own; the app uses `getDb()`.
 */
export function openDatabase(file: string): Db {
  // `next build` and fresh clones import this module before anything made the data folder.
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const client = new Database(file);
  client.pragma("journal_mode = WAL");
  // WAL makes NORMAL durable against process crashes; only an OS crash can lose the last commits.
  client.pragma("synchronous = NORMAL");
  client.pragma("busy_timeout = 5000");
  client.pragma("foreign_keys = ON");
  client.pragma("cache_size = -32000");
  client.pragma("mmap_size = 268435456");
  client.pragma("temp_store = MEMORY");
  const db = drizzle({ client, schema }) as Db;
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return db;
}

// One connection per process, kept across hot reloads in development.
const globalForDb = globalThis as unknown as { __newsDb?: { file: string; db: Db } };

export function getDb(): Db {
  const file = databasePath();
  const cached = globalForDb.__newsDb;
  if (cached && cached.file === file) return cached.db;
  const db = openDatabase(file);
  globalForDb.__newsDb = { file, db };
  return db;
}
