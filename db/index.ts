import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import * as schema from "./schema";

// Every query is written once, against the tables of db/schema.ts, and typed with SQLite's driver.
// On PostgreSQL the same builders run through drizzle's node-postgres driver: the schema's column
// mappings read and write the same JavaScript values there (db/schema-pg.ts keeps the storage
// representation), and the few constructs that differ (full-text search, set parameters, raw
// statements) ask engineOf(db). Builders are always awaited, never .run()/.all()/.get(), which
// exist on SQLite only.
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
export type Engine = "sqlite" | "postgres";

const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");
const PG_MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations-pg");

/** True for a `postgres://` or `postgresql://` connection string. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

interface PgState {
  pool: pg.Pool;
  // The client of the transaction open in this async context, if any (see transaction()).
  current: AsyncLocalStorage<pg.PoolClient>;
}
// On globalThis, not per module: `npm start` runs two bundles of this file in one process (the compiled
// start script with the page cache, and Next's server chunks), and both reach the one connection that
// lib/db.ts keeps on globalThis. A registry per bundle would make the other bundle's engineOf() call a
// PostgreSQL connection "sqlite".
const registry = globalThis as unknown as { __tidingsPgStates?: WeakMap<object, PgState> };
registry.__tidingsPgStates ??= new WeakMap<object, PgState>();
const pgStates: WeakMap<object, PgState> = registry.__tidingsPgStates;

/** Which engine a connection opened here talks to. */
export function engineOf(db: Db): Engine {
  return pgStates.has(db) ? "postgres" : "sqlite";
}

function pgState(db: Db): PgState {
  const state = pgStates.get(db);
  if (!state) throw new Error("not a PostgreSQL connection");
  return state;
}

// bigint (int8) and numeric arrive as strings by default, to be safe beyond 2^53. Our bigints are
// ids, counts and millisecond times, all far below that, and SQLite hands them over as numbers. Set on
// pg's global parsers because drizzle passes its own per-query parsers that fall back to those.
function parseBigNumbersAsNumbers(): void {
  pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
  pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v: string) => Number(v));
}

function openPostgres(url: string, poolSize: number): Db {
  parseBigNumbersAsNumbers();
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
  // An idle client whose server went away (a restart) emits here; the pool drops it and the next
  // query opens a new one. Without a listener the process would exit on it.
  pool.on("error", (error) => console.error(`[db] idle PostgreSQL client: ${error.message}`));
  const current = new AsyncLocalStorage<pg.PoolClient>();
  // drizzle calls client.query(); inside transaction() that is the transaction's own client, so a
  // query function called from the callback joins the transaction whichever handle it was given.
  const router = {
    query: (...args: unknown[]) => {
      const target = current.getStore() ?? pool;
      return (target.query as (...a: unknown[]) => unknown)(...args);
    },
  };
  const db = drizzlePg({ client: router as unknown as pg.Pool, schema }) as unknown as Db;
  pgStates.set(db, { pool, current });
  return db;
}

/**
 * Opens the database at `location`: a SQLite file path (or ":memory:"), or a `postgres://` URL.
 * The app's own connection, chosen from the configuration, is lib/db.ts `getDb()`; scripts and
 * tests that need a database of their own open one here.
 *
 * SQLite: applies the pragmas every process uses and any pending migrations, as it always did.
 * PostgreSQL: opens a pool and touches nothing; migrations are `migrateDatabase()`, run once by
 * `npm run db:migrate` under an advisory lock, never by every app instance at start.
 */
export function openDatabase(location: string, options: { poolSize?: number; cacheMb?: number } = {}): Db {
  if (isPostgresUrl(location)) return openPostgres(location, options.poolSize ?? 10);
  const file = location;
  // `next build` and fresh clones import this module before anything made the data folder.
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const client = new Database(file);
  client.pragma("journal_mode = WAL");
  // WAL makes NORMAL durable against process crashes; only an OS crash can lose the last commits.
  client.pragma("synchronous = NORMAL");
  client.pragma("busy_timeout = 5000");
  client.pragma("foreign_keys = ON");
  // SQLite's own page cache. Scripts (ingest, analysis) keep 32 MB; the app's connection takes
  // SQLITE_CACHE_MB (lib/config.ts, 8 by default): at 100,000 articles, 8,000 different article renders
  // took 122 s either way, and the server held 32 MB less with 8 (the operating system caches the file
  // regardless, and reading a page from it is a copy, not a disk read).
  client.pragma(`cache_size = -${(options.cacheMb ?? 32) * 1024}`);
  // No memory map (mmap_size stays 0): mapped pages count in the server's resident memory, up to the whole
  // map, and at 100,000 articles a 256 MB map added 85 MB RSS to the server with no measurable gain in
  // render time (2,000 cache-miss article renders: 20.4 s mapped, 21.2 s not, within run-to-run noise).
  client.pragma("temp_store = MEMORY");
  const db = drizzle({ client, schema }) as Db;
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return db;
}

// One key for every process and instance sharing the database: pg_advisory_lock is per database.
const MIGRATE_LOCK = 7_264_001;
/** Held by `npm run worker` for its whole life: one feed watcher per database (scripts/worker.ts). */
export const WORKER_LOCK = 7_264_002;

/**
 * Applies pending migrations. On SQLite openDatabase already did. On PostgreSQL it holds an advisory
 * lock while it runs, so a second `db:migrate` (or a deploy that starts two) waits and then finds
 * nothing to do instead of racing the first.
 */
export async function migrateDatabase(db: Db): Promise<void> {
  if (engineOf(db) === "sqlite") {
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  await withAdvisoryLock(db, MIGRATE_LOCK, async (client) => {
    await migratePg(drizzlePg({ client }), { migrationsFolder: PG_MIGRATIONS_FOLDER });
  });
}

/**
 * How many of this build's migrations the database lacks: 0 when it is up to date, "missing" when it
 * has none of our schema at all. PostgreSQL only (app instances check, never migrate); SQLite applies
 * its migrations on open and answers 0.
 */
export async function pendingMigrations(db: Db): Promise<number | "missing"> {
  if (engineOf(db) === "sqlite") return 0;
  const journal = JSON.parse(fs.readFileSync(path.join(PG_MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as {
    entries: { when: number }[];
  };
  const { pool } = pgState(db);
  // drizzle's migrator records each applied migration's journal time in drizzle.__drizzle_migrations.
  const exists = await pool.query<{ ok: boolean }>(
    "select to_regclass('drizzle.__drizzle_migrations') is not null and to_regclass('public.articles') is not null as ok",
  );
  if (!exists.rows[0]?.ok) return "missing";
  const applied = await pool.query<{ last: string | number | null }>(
    "select max(created_at) as last from drizzle.__drizzle_migrations",
  );
  const last = Number(applied.rows[0]?.last ?? 0);
  return journal.entries.filter((entry) => entry.when > last).length;
}

/**
 * Runs `fn` while holding PostgreSQL session advisory lock `key` on a client of its own, waiting for
 * whoever holds it. The lock goes with the session, so a holder that dies releases it.
 */
export async function withAdvisoryLock<T>(db: Db, key: number, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pgState(db).pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [key]);
    try {
      return await fn(client);
    } finally {
      await client.query("select pg_advisory_unlock($1)", [key]);
    }
  } finally {
    client.release();
  }
}

/** Takes advisory lock `key` if nobody holds it; returns a release function, or null when taken. */
export async function tryAdvisoryLock(db: Db, key: number): Promise<(() => Promise<void>) | null> {
  const client = await pgState(db).pool.connect();
  const { rows } = await client.query<{ ok: boolean }>("select pg_try_advisory_lock($1) as ok", [key]);
  if (!rows[0]?.ok) {
    client.release();
    return null;
  }
  return async () => {
    try {
      await client.query("select pg_advisory_unlock($1)", [key]);
    } finally {
      client.release();
    }
  };
}

/**
 * Takes advisory lock `key` for as long as the process wants it, on a connection of its own: at once
 * if free, else after `onWait()` has been told and the holder has let go (or died). `onLost` hears of
 * the lock's connection failing: the lock is gone with it, and another process may take it.
 * Resolves with a release function.
 */
export async function holdAdvisoryLock(
  db: Db,
  key: number,
  { onWait, onLost }: { onWait: () => void; onLost: (error: Error) => void },
): Promise<() => Promise<void>> {
  const client = await pgState(db).pool.connect();
  let released = false;
  const lost = (error: Error) => {
    if (!released) onLost(error);
  };
  client.on("error", lost);
  try {
    const { rows } = await client.query<{ ok: boolean }>("select pg_try_advisory_lock($1) as ok", [key]);
    if (!rows[0]?.ok) {
      onWait();
      await client.query("select pg_advisory_lock($1)", [key]);
    }
  } catch (error) {
    released = true;
    client.release(error as Error);
    throw error;
  }
  return async () => {
    if (released) return;
    released = true;
    try {
      await client.query("select pg_advisory_unlock($1)", [key]);
    } finally {
      client.removeListener("error", lost);
      client.release();
    }
  };
}

/** The pool behind a PostgreSQL connection (LISTEN/NOTIFY and advisory locks need clients of their own). */
export function postgresPool(db: Db): pg.Pool {
  return pgState(db).pool;
}

/** Folds the write-ahead log back into the database file, so a copy or a timing starts from one file. */
export async function checkpointDatabase(db: Db): Promise<void> {
  if (engineOf(db) === "sqlite") db.$client.pragma("wal_checkpoint(TRUNCATE)");
}

/** Closes a connection opened with openDatabase (scripts do, before they exit). */
export async function closeDatabase(db: Db): Promise<void> {
  if (engineOf(db) === "postgres") await pgState(db).pool.end();
  else db.$client.close();
}

/** Rows of a hand-written statement, with the column names it selects, on either engine. */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  if (engineOf(db) === "sqlite") return db.all<T>(query);
  const result = (await (db as unknown as { execute(q: SQL): Promise<pg.QueryResult> }).execute(
    query,
  )) as pg.QueryResult;
  return result.rows as T[];
}

/** Runs a hand-written statement; resolves with the number of rows it changed. */
export async function run(db: Db, query: SQL): Promise<number> {
  if (engineOf(db) === "sqlite") return db.run(query).changes;
  return affectedRows(await (db as unknown as { execute(q: SQL): Promise<pg.QueryResult> }).execute(query));
}

/**
 * Text compared byte by byte, as SQLite's default BINARY collation does. PostgreSQL compares text with
 * the database's collation, which on most servers is a language's (en_US: "apple" < "Zebra"); ordering
 * by this instead gives the same order on both engines whatever the server's locale ("Zebra" < "apple").
 */
export function byteOrder(db: Db, text: SQLWrapper): SQL {
  return engineOf(db) === "postgres" ? sql`${text} collate "C"` : sql`${text}`;
}

/** The changed-row count of an awaited insert/update/delete builder (SQLite: changes; PostgreSQL: rowCount). */
export function affectedRows(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null };
  return r.changes ?? r.rowCount ?? 0;
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
  if (engineOf(db) === "postgres") return pgTransaction(db, fn);
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

// One key for every write transaction: see pgTransaction.
const WRITE_LOCK = 7_264_000;

/**
 * PostgreSQL: the transaction runs on a pooled client of its own, and every query made in the
 * callback's async context goes to that client (the router in openPostgres), so nested calls join it.
 * It first takes a transaction-scoped advisory lock shared by every instance: write transactions run
 * one at a time, as SQLite's BEGIN IMMEDIATE makes them. The read-modify-write code written for
 * SQLite (term statistics, counters, claims) therefore stays correct at READ COMMITTED, and no
 * transaction can fail with a serialization error halfway through work that talked to the outside
 * world. Reads never take the lock and are never blocked by it.
 */
async function pgTransaction<T>(db: Db, fn: (tx: Tx) => T | Promise<T>): Promise<T> {
  const { pool, current } = pgState(db);
  if (current.getStore()) return fn(db);
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query("begin");
    await client.query("select pg_advisory_xact_lock($1)", [WRITE_LOCK]);
    // Awaited inside the context: a callback that returns a query builder unawaited (a thenable) would
    // otherwise run it when awaited out here, on another pooled client outside the transaction, and
    // N such transactions at once would wait forever for an N+1th client.
    const result = await current.run(client, async () => await fn(db));
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    // A client whose rollback failed (the server went away) is discarded, not returned to the pool.
    client.release(broken);
  }
}
