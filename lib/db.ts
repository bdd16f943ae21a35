// The app's database connection, chosen from the configuration. In lib/ rather than db/ because it
// reads lib/config.ts, and db/ imports nothing from lib/.
import { type Db, openDatabase } from "@/db";
import { config } from "@/lib/config";

/** The configured SQLite file (DATABASE_PATH). */
export function databasePath(): string {
  return config().databasePath;
}

/** Where the app's data lives: the SQLite file, or the DATABASE_URL when it is set. */
export function databaseLocation(): string {
  return config().database.location;
}

// One connection (SQLite) or pool (PostgreSQL) per process, kept across hot reloads in development.
const globalForDb = globalThis as unknown as { __newsDb?: { location: string; db: Db } };

/**
 * The app's connection, opened on first use and cached per process. SQLite applies pending
 * migrations on open; PostgreSQL expects `npm run db:migrate` to have run (app instances never race
 * each other to migrate).
 */
export function getDb(): Db {
  const database = config().database;
  const cached = globalForDb.__newsDb;
  if (cached && cached.location === database.location) return cached.db;
  const db = openDatabase(
    database.location,
    database.engine === "postgres" ? { poolSize: database.poolSize } : { cacheMb: database.cacheMb },
  );
  globalForDb.__newsDb = { location: database.location, db };
  return db;
}

/** The database as a script may print it: the SQLite file, or the PostgreSQL URL without its password. */
export function databaseLabel(): string {
  const { engine, location } = config().database;
  if (engine === "sqlite") return location;
  const url = new URL(location);
  if (url.password) url.password = "***";
  return url.toString();
}
