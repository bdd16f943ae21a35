// Shared by the command-line tools that drive a real server (bench, stress): start the production
// server on a database of their own, wait for it, and sign a reader in through Auth.js's own endpoint.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { closeDatabase, isPostgresUrl, migrateDatabase, openDatabase } from "@/db";

/** `npm start`'s entry point, compiled by `npm run build` (scripts/build-server.mjs). */
export const SERVER_ENTRY = ".next/tidings/start.mjs";

/** Waits until `url` answers 2xx, or throws after `timeoutMs`. */
export async function waitForOk(url: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** The AUTH_SECRET the tools give the servers they start on PostgreSQL (required there; see lib/config.ts). */
export const HARNESS_AUTH_SECRET = "harness-secret-for-throwaway-servers-0123456789";

/**
 * The environment that points an app process at `database`: a SQLite file (DATABASE_PATH), or a
 * `postgres://` URL (DATABASE_URL, with the AUTH_SECRET PostgreSQL mode requires, and DATABASE_PATH
 * left to locate the data folder). DATABASE_URL is emptied for a SQLite file, so a shell that exported
 * one does not redirect the run.
 */
export function databaseEnv(database: string, dataDir?: string): Record<string, string> {
  if (!isPostgresUrl(database)) return { DATABASE_PATH: database, DATABASE_URL: "" };
  return {
    DATABASE_URL: database,
    AUTH_SECRET: HARNESS_AUTH_SECRET,
    ...(dataDir ? { DATABASE_PATH: path.join(dataDir, "unused.db") } : {}),
  };
}

/**
 * What `npm start` runs (the compiled server `npm run build` leaves in .next/tidings/), without npm
 * in front, so the pid is the server whose memory a caller may read; on `dbFile` (a SQLite file or a
 * PostgreSQL URL) and `port`, with its output appended to `logFile`.
 */
export function spawnAppServer({
  dbFile,
  port,
  logFile,
  env = {},
}: {
  dbFile: string;
  port: number;
  logFile: string;
  env?: Record<string, string>;
}): ChildProcess {
  if (!fs.existsSync(SERVER_ENTRY)) throw new Error(`No ${SERVER_ENTRY}: run \`npm run build\` first.`);
  const out = fs.openSync(logFile, "a");
  // The server under test inherits this environment with its own database and port: passed on, not read
  // here (the child parses it with lib/config.ts).
  return spawn(process.execPath, [SERVER_ENTRY], {
    env: {
      ...process.env,
      ...databaseEnv(dbFile, path.dirname(logFile)),
      PORT: String(port),
      SEED_SAMPLE: "0",
      NODE_ENV: "production",
      ...env,
    },
    stdio: ["ignore", out, out],
  });
}

/** A throwaway PostgreSQL server (scripts/pg-local.sh) in a folder of its own, on 127.0.0.1:`port`. */
export type LocalPostgres = { url: string; dir: string; restart(): void; stop(): void; postmasterPid(): number | null };

/**
 * Starts a throwaway PostgreSQL server on `port`, or, inside scripts/with-postgres.sh (TEST_POSTGRES_URL
 * and PG_DATA_DIR set), uses the one it started; stop() then leaves that one to the wrapper.
 */
export function localPostgres(port: number): LocalPostgres {
  const given = process.env.TEST_POSTGRES_URL && process.env.PG_DATA_DIR;
  const dir = given ? (process.env.PG_DATA_DIR as string) : fs.mkdtempSync(path.join(os.tmpdir(), "tidings-pg-"));
  if (!given) fs.chmodSync(dir, 0o755);
  const script = path.join("scripts", "pg-local.sh");
  const url = given
    ? (process.env.TEST_POSTGRES_URL as string)
    : execFileSync("bash", [script, "start", dir, String(port)], { encoding: "utf8" }).trim();
  let stopped = false;
  const stop = () => {
    if (given || stopped) return;
    stopped = true;
    try {
      execFileSync("bash", [script, "stop", dir], { stdio: "inherit" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  if (!given) process.on("exit", stop);
  return {
    url,
    dir,
    restart: () => execFileSync("bash", [script, "restart", dir], { stdio: "inherit" }),
    stop,
    postmasterPid: () => {
      try {
        return Number(fs.readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n")[0]) || null;
      } catch {
        return null;
      }
    },
  };
}

/** A new, migrated database `name` on the server of `serverUrl` (dropped first if it exists); its URL. */
export async function freshPostgresDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = openDatabase(url.toString(), { poolSize: 1 });
  try {
    await migrateDatabase(db);
  } finally {
    await closeDatabase(db);
  }
  return url.toString();
}

/**
 * Signs in with email and password; returns the session cookie ("name=value"), or null when refused.
 * `headers` go on both requests (the throttle spec names the client's address with X-Forwarded-For).
 */
export async function credentialsSignIn(
  base: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<string | null> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "/" }),
  });
  const session = res.headers.getSetCookie().find((c) => c.includes("authjs.session-token"));
  return session?.split(";")[0] ?? null;
}

/** The processes of the tree rooted at `pid` (itself included), from /proc: pid, command name, RSS in MB. */
export function processTree(pid: number): { pid: number; name: string; rssMb: number }[] {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/PID/stat is the parent; the name (field 2) may hold spaces, so split after it.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parentOf.set(Number(entry), Number(fields[1]));
    } catch {}
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++)
    for (const [child, parent] of parentOf) if (parent === tree[i]) tree.push(child);
  const out: { pid: number; name: string; rssMb: number }[] = [];
  for (const p of tree) {
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, "utf8");
      const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
      out.push({ pid: p, name: /Name:\s+(\S+)/.exec(status)?.[1] ?? "?", rssMb: Math.round(rss / 1024) });
    } catch {}
  }
  return out;
}

/**
 * Samples the resident memory of the whole process tree under `pid` (a server and any process it
 * started) until stopped; the peak is of the sum at one moment, not a sum of each process's own peak.
 */
export function sampleTreeRss(pid: number, everyMs = 250) {
  let peakMb = 0;
  let peakTree: { pid: number; name: string; rssMb: number }[] = [];
  const sample = () => {
    const tree = processTree(pid);
    const total = tree.reduce((n, p) => n + p.rssMb, 0);
    if (total > peakMb) {
      peakMb = total;
      peakTree = tree;
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peakMb, processes: peakTree };
    },
  };
}
