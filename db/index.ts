import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/**
 * Opens a database file with the pragmas every process uses, and applies pending migrations.
 * The app's own connection, chosen from the configuration, is lib/db.ts `getDb()`; scripts and
 * tests that need a database of their own open one here.
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

/** Folds the write-ahead log back into the database file, so a copy or a timing starts from one file. */
export async function checkpointDatabase(db: Db): Promise<void> {
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
}

/** Closes a connection opened with openDatabase (scripts do, before they exit). */
export function closeDatabase(db: Db): void {
  db.$client.close();
}

// The handle a transaction callback receives. On SQLite it is the connection itself; the name keeps
// call sites honest about which writes belong together, and leaves room for an engine whose
// transactions run on a client of their own.
export type Tx = Db;

const openTransaction = new AsyncLocalStorage<Database.Database>();
const transactionQueue = new WeakMap<Database.Database, Promise<void>>();

/**
 * Runs `fn` in one write transaction and resolves with its result; a throw rolls everything back.
 * The callback may await. Transactions on one connection run one after another (a queue, not a
 * lock that fails), and a transaction started inside another joins it. Every write must go
 * through here or through the mutation guard, which calls it.
 *
 * The one caveat of a single SQLite connection per process: while a transaction is open and its
 * callback awaits, other requests of this process keep running on the same connection, so a READ
 * from another request can see the open transaction's uncommitted rows (and, if it later rolls back,
 * will have seen rows that never existed). No WRITE can slip in, because every write goes through
 * here and waits in the queue; a bare write outside transaction() would instead join whatever
 * transaction is open and share its fate, which is why there must be none. Other processes (ingest,
 * a second server) see only committed data, as WAL gives them. An engine with a connection pool
 * (PostgreSQL) gives each transaction a client of its own and has no such caveat.
 */
export async function transaction<T>(db: Db, fn: (tx: Tx) => T | Promise<T>): Promise<T> {
  const client = db.$client;
  if (openTransaction.getStore() === client) return fn(db);
  const previous = transactionQueue.get(client) ?? Promise.resolve();
  let release: () => void = () => {};
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  transactionQueue.set(
    client,
    previous.then(() => mine),
  );
  await previous;
  try {
    return await openTransaction.run(client, async () => {
      // IMMEDIATE takes the write lock up front, so a second process waits (busy_timeout) at BEGIN
      // instead of failing halfway through with SQLITE_BUSY on its first write.
      client.exec("BEGIN IMMEDIATE");
      try {
        const result = await fn(db);
        client.exec("COMMIT");
        return result;
      } catch (error) {
        if (client.inTransaction) client.exec("ROLLBACK");
        throw error;
      }
    });
  } finally {
    release();
  }
}
