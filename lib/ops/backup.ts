import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { isPostgresUrl } from "@/db";

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

/** A database location fit for a log line: the SQLite path, or a PostgreSQL URL without its password. */
export function describeLocation(location: string): string {
  if (!isPostgresUrl(location)) return location;
  const url = new URL(location);
  return `PostgreSQL ${url.host}${url.pathname}`;
}

/**
 * Checks that a backup is intact and of this app, without changing it: a SQLite file (integrity check,
 * tables, counts) or a pg_dump custom-format archive (see checkPostgresDump).
 */
export async function checkBackup(file: string): Promise<BackupCheck> {
  if (!fs.existsSync(file)) return { ok: false, reason: `${file} does not exist` };
  return isPostgresDump(file) ? checkPostgresDump(file) : checkBackupFile(file);
}

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
 * Backs up the live database at `location` to the file `target`, consistent even while the app writes,
 * without stopping it: SQLite's online backup API for a file, pg_dump (custom format, one snapshot)
 * for a `postgres://` URL. Writes to a temporary name first and checks it, so a failed backup never
 * leaves a half file or replaces a good one.
 */
export async function backupDatabase(location: string, target: string, onProgress?: (pct: number) => void) {
  if (isPostgresUrl(location)) return backupPostgres(location, target);
  const source = location;
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
 * Replaces the live database with a checked backup; the current content is kept so a restore can be
 * undone (`saved`), and the restored copy is checked before anyone is pointed at it.
 *
 * SQLite: through the backup API, so the app's open connections see the new content instead of a
 * file swapped under them; the current database is first saved beside itself.
 * PostgreSQL: see restorePostgres (restore into a new database, verify, then swap names).
 */
export async function restoreDatabase(backup: string, location: string) {
  if (isPostgresUrl(location)) return restorePostgres(backup, location);
  const target = location;
  const check = await checkBackup(backup);
  if (!check.ok) throw new Error(`Refusing to restore: ${check.reason}`);
  if (isPostgresDump(backup))
    throw new Error(
      `Refusing to restore: ${backup} is a PostgreSQL dump and the database is the SQLite file ${target} (set DATABASE_URL)`,
    );
  let saved: string | null = null;
  if (fs.existsSync(target)) {
    saved = `${target}.before-restore-${stamp()}`;
    await backupDatabase(target, saved);
  }
  const src = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    await src.backup(target);
  } finally {
    src.close();
  }
  const after = checkBackupFile(target);
  if (!after.ok || after.articles !== check.articles || after.users !== check.users)
    throw new Error(
      `The restored database does not match the backup (${after.ok ? `${after.articles} articles, ${after.users} users` : after.reason})${saved ? `; the previous one is saved as ${saved}` : ""}`,
    );
  return { ...check, saved };
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, "-");

// ── PostgreSQL ───────────────────────────────────────────────────────────────────────────────────

/** pg_dump's custom format starts with these five bytes. */
function isPostgresDump(file: string): boolean {
  if (!fs.existsSync(file) || fs.statSync(file).size < 5) return false;
  const head = Buffer.alloc(5);
  const fd = fs.openSync(file, "r");
  fs.readSync(fd, head, 0, 5, 0);
  fs.closeSync(fd);
  return head.toString("latin1") === "PGDMP";
}

/**
 * The PostgreSQL client tool `name` (pg_dump, pg_restore): the newest /usr/lib/postgresql/N/bin copy
 * (Debian's layout; a newer pg_dump reads older servers, never the reverse), else the first on PATH.
 */
export function postgresTool(name: "pg_dump" | "pg_restore"): string {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) {
    const candidate = path.join(root, v, "bin", name);
    if (fs.existsSync(candidate)) return candidate;
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  throw new Error(
    `${name} was not found (looked in ${root}/*/bin and on PATH): install PostgreSQL's client tools (Debian: apt-get install postgresql-client)`,
  );
}

/**
 * Connection arguments for a client tool: the URL without its password, which goes in PGPASSWORD
 * instead, so it never shows in the process list.
 */
function toolConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = "";
  }
  return { dbname: u.toString(), env };
}

/** Runs a tool; resolves with its stdout, or rejects with its stderr. `onLine` streams stdout by line instead. */
function runTool(
  command: string,
  args: string[],
  { env = process.env, onLine }: { env?: NodeJS.ProcessEnv; onLine?: (line: string) => void } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let rest = "";
    let err = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      if (!onLine) {
        out += chunk;
        return;
      }
      const lines = (rest + chunk).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) onLine(line);
    });
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (onLine && rest) onLine(rest);
      if (code === 0) resolve(out);
      else reject(new Error(`${path.basename(command)} failed (exit code ${code}): ${err.trim().slice(0, 2000)}`));
    });
  });
}

/**
 * Checks a pg_dump custom-format archive without a server: pg_restore must read its table of contents
 * (a cut or damaged file fails here), it must hold this app's tables, and the data of `articles` and
 * `users` must decompress whole (their rows are counted from it).
 */
export async function checkPostgresDump(file: string): Promise<BackupCheck> {
  if (!fs.existsSync(file)) return { ok: false, reason: `${file} does not exist` };
  if (!isPostgresDump(file)) return { ok: false, reason: `${file} is not a pg_dump archive (custom format)` };
  const restore = postgresTool("pg_restore");
  let toc: string;
  try {
    toc = await runTool(restore, ["--list", file]);
  } catch (error) {
    return { ok: false, reason: `${file} cannot be read as a pg_dump archive: ${(error as Error).message}` };
  }
  // TOC lines read "215; 1259 16390 TABLE public articles postgres".
  const tables = new Set(
    toc
      .split("\n")
      .map((l) => / TABLE (\S+) (\S+) /.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => m[2] as string),
  );
  const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
  if (missing.length > 0)
    return { ok: false, reason: `${file} is not a Tidings database (missing ${missing.join(", ")})` };
  try {
    return {
      ok: true,
      articles: await dumpRowCount(restore, file, "articles"),
      users: await dumpRowCount(restore, file, "users"),
    };
  } catch (error) {
    return { ok: false, reason: `${file} has damaged data: ${(error as Error).message}` };
  }
}

/** Rows of public.`table` in a dump: the lines of its COPY block, read through pg_restore. */
async function dumpRowCount(restore: string, file: string, table: string): Promise<number> {
  let inCopy = false;
  let sawCopy = false;
  let n = 0;
  await runTool(restore, ["--data-only", "--schema=public", `--table=${table}`, "--file=-", file], {
    onLine: (line) => {
      if (!inCopy && line.startsWith(`COPY public.${table} `)) {
        inCopy = true;
        sawCopy = true;
      } else if (inCopy && line === "\\.") inCopy = false;
      else if (inCopy) n += 1;
    },
  });
  if (!sawCopy || inCopy) throw new Error(`the data of ${table} is missing or cut short`);
  return n;
}

async function backupPostgres(url: string, target: string): Promise<BackupCheck & { ok: true }> {
  const dump = postgresTool("pg_dump");
  const { dbname, env } = toolConnection(url);
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    // One snapshot of the whole database (pg_dump's default), taken while the app keeps writing.
    await runTool(
      dump,
      ["--format=custom", "--no-owner", "--no-privileges", `--file=${partial}`, `--dbname=${dbname}`],
      {
        env,
      },
    );
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  const check = await checkPostgresDump(partial);
  if (!check.ok) {
    fs.rmSync(partial, { force: true });
    throw new Error(`The backup failed its check: ${check.reason}`);
  }
  fs.renameSync(partial, target);
  return check;
}

/** A client on the same server, connected to its maintenance database (a database cannot rename itself). */
async function maintenanceClient(url: string): Promise<pg.Client> {
  const u = new URL(url);
  u.pathname = "/postgres";
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  return client;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Articles and users in a live database, and whether it has this app's tables at all. */
async function liveCounts(url: string): Promise<{ articles: number; users: number } | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      "select count(*) as n from information_schema.tables where table_schema = 'public' and table_name = any($1)",
      [REQUIRED_TABLES.filter((t) => t !== "__drizzle_migrations")],
    );
    if (Number(rows[0]?.n) < REQUIRED_TABLES.length - 1) return null;
    const a = await client.query<{ n: string }>("select count(*) as n from articles");
    const u = await client.query<{ n: string }>("select count(*) as n from users");
    return { articles: Number(a.rows[0]?.n), users: Number(u.rows[0]?.n) };
  } finally {
    await client.end();
  }
}

/**
 * PostgreSQL restore. Nothing stored is lost and the live database is never half-restored:
 *  1. the dump is checked (checkPostgresDump);
 *  2. it is restored, in one transaction, into a NEW database beside the live one;
 *  3. the new database is verified: this app's tables, and the same article and user counts as the dump;
 *  4. only then the names are swapped: the live database is renamed NAME_before_restore_<time> (kept,
 *     `saved`, so the restore can be undone) and the new one takes NAME. Connections to the live
 *     database are closed for the swap (PostgreSQL renames only a database nobody is connected to);
 *     app instances reconnect by name to the restored one on their next query.
 * A failure before step 4 drops the new database and leaves the live one as it was.
 */
async function restorePostgres(backup: string, url: string) {
  if (fs.existsSync(backup) && !isPostgresDump(backup) && checkBackupFile(backup).ok)
    throw new Error(
      `Refusing to restore: ${backup} is a SQLite database and DATABASE_URL names PostgreSQL (restore it with DATABASE_URL unset, or load it with the ingest tools)`,
    );
  const check = await checkPostgresDump(backup);
  if (!check.ok) throw new Error(`Refusing to restore: ${check.reason}`);
  const live = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!live || live === "postgres") throw new Error("Refusing to restore into the maintenance database postgres");
  const suffix = stamp()
    .toLowerCase()
    .replace(/[^0-9a-z]/g, "_");
  const incoming = `${live}_restore_${suffix}`.slice(0, 63);
  const saved = `${live}_before_restore_${suffix}`.slice(0, 63);
  const admin = await maintenanceClient(url);
  try {
    const exists = async (name: string) =>
      (await admin.query("select 1 from pg_database where datname = $1", [name])).rowCount === 1;
    await admin.query(`create database ${ident(incoming)}`);
    const incomingUrl = new URL(url);
    incomingUrl.pathname = `/${incoming}`;
    try {
      const { dbname, env } = toolConnection(incomingUrl.toString());
      await runTool(
        postgresTool("pg_restore"),
        ["--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges", `--dbname=${dbname}`, backup],
        { env },
      );
      const after = await liveCounts(incomingUrl.toString());
      if (!after || after.articles !== check.articles || after.users !== check.users)
        throw new Error(
          `the restored copy does not match the backup (${after ? `${after.articles} articles, ${after.users} users` : "tables missing"}; the backup holds ${check.articles} articles, ${check.users} users)`,
        );
    } catch (error) {
      await admin.query(`drop database if exists ${ident(incoming)} with (force)`);
      throw new Error(`Restore failed, the live database is unchanged: ${(error as Error).message}`);
    }
    const hadLive = await exists(live);
    if (hadLive) {
      // No new connection may land between closing the open ones and the rename.
      await admin.query(`alter database ${ident(live)} allow_connections false`);
      try {
        await admin.query(
          "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
          [live],
        );
        await renameWhenFree(admin, live, saved);
      } catch (error) {
        await admin.query(`alter database ${ident(live)} allow_connections true`).catch(() => {});
        await admin.query(`drop database if exists ${ident(incoming)} with (force)`);
        throw new Error(`Restore failed, the live database is unchanged: ${(error as Error).message}`);
      }
      await admin.query(`alter database ${ident(saved)} allow_connections true`);
    }
    await admin.query(`alter database ${ident(incoming)} rename to ${ident(live)}`);
    return { ...check, saved: hadLive ? saved : null };
  } finally {
    await admin.end();
  }
}

/** Renames `from` once its terminated sessions have gone (they take a moment to exit). */
async function renameWhenFree(admin: pg.Client, from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`alter database ${ident(from)} rename to ${ident(to)}`);
      return;
    } catch (error) {
      // 55006: object_in_use, a session has not exited yet.
      if ((error as { code?: string }).code !== "55006" || attempt >= 50) throw error;
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1", [from]);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
