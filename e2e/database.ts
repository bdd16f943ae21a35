// The databases the e2e servers run on, on either engine. With TEST_POSTGRES_URL set (the suite run
// through scripts/with-postgres.sh) every server gets a fresh PostgreSQL database on that server;
// otherwise a SQLite file under data/, as before. Specs that read or write the database directly
// open it through here, with the engine-neutral helpers of lib/testing/sql.ts.
import { type Db, openDatabase } from "../db";

/** The PostgreSQL server of this run, or undefined on SQLite. */
export const e2ePostgres = process.env.TEST_POSTGRES_URL || undefined;

/** The engine the e2e servers run on. */
export const e2eEngine: "sqlite" | "postgres" = e2ePostgres ? "postgres" : "sqlite";

/** Secret of the PostgreSQL-mode servers (required there; the mail server keeps its own). */
export const E2E_AUTH_SECRET = "e2e-server-secret-0123456789abcdef-0123456789";

/** The database of the e2e server `name` ("e2e", "e2e-mail", or a spec's own): a file path or a URL. */
export function e2eDatabase(name: string): string {
  if (!e2ePostgres) return `data/${name}.db`;
  const url = new URL(e2ePostgres);
  url.pathname = `/tidings_${name.replace(/\W/g, "_")}`;
  return url.toString();
}

/**
 * The environment that points an app process (a server, `npm run ingest`, `npm run notify:digest`) at
 * the database of server `name`. DATABASE_PATH stays a file under data/ on PostgreSQL too: it locates
 * the data folder (image cache).
 */
export function e2eDatabaseEnv(name: string): Record<string, string> {
  if (!e2ePostgres) return { DATABASE_PATH: e2eDatabase(name), DATABASE_URL: "" };
  return { DATABASE_PATH: `data/${name}.db`, DATABASE_URL: e2eDatabase(name), AUTH_SECRET: E2E_AUTH_SECRET };
}

/** A connection of this process to the database of server `name`; close it with closeDatabase. */
export function openE2eDatabase(name: string): Db {
  return openDatabase(e2eDatabase(name), { poolSize: 2 });
}
