import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { closeDatabase, type Db } from "@/db";
import { reloadConfig } from "@/lib/config";
import { getDb } from "@/lib/db";

/**
 * The engine the suite runs on: PostgreSQL when TEST_POSTGRES_URL names a server (the suite's second
 * run, scripts/with-postgres.sh), SQLite otherwise.
 */
export const testEngine: "sqlite" | "postgres" = process.env.TEST_POSTGRES_URL ? "postgres" : "sqlite";

/** The migrated, empty database every PostgreSQL test database is copied from (lib/testing/pg-setup.ts). */
export const PG_TEMPLATE = "tidings_test_template";

let made = 0;

/** A URL for database `name` on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Points the app's connection at a fresh, empty database (migrations applied) and returns it.
 * Call in beforeEach/beforeAll; each call gives an empty database. On SQLite a temporary file; on
 * PostgreSQL a new database copied from the migrated template (fast: no migration per test).
 */
export async function useTempDatabase(): Promise<Db> {
  const server = process.env.TEST_POSTGRES_URL;
  if (!server) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "news-test-"));
    process.env.DATABASE_PATH = path.join(dir, "test.db");
    reloadConfig();
    return getDb();
  }
  // The previous test's pool would otherwise keep its connections until the process ends.
  const previous = (globalThis as unknown as { __newsDb?: { db: Db } }).__newsDb;
  if (previous) await closeDatabase(previous.db);
  (globalThis as unknown as { __newsDb?: unknown }).__newsDb = undefined;
  const name = `t_${process.pid}_${++made}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name} template ${PG_TEMPLATE}`);
  } finally {
    await admin.end();
  }
  process.env.DATABASE_URL = databaseUrl(server, name);
  process.env.AUTH_SECRET ||= "test-secret-for-the-postgresql-suite-only-0123456789";
  reloadConfig();
  return getDb();
}
