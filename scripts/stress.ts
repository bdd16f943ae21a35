// npm run stress -- [--clients 50] [--writes 10000] [--crashes 0] [--engine sqlite|postgres]
//                    [--db-restarts N] [--pg-port 55431]
// Many signed-in readers write at once against the production build on a temporary database, over
// real HTTP on 127.0.0.1: comments, replies, edits, bookmark toggles, and page reads. Then an audit:
// every write the server acknowledged is in the database exactly once, and no write it refused is.
// With --crashes K the server is killed with SIGKILL K times mid-load and restarted on the same database.
// --engine postgres runs the same on a throwaway PostgreSQL server (scripts/pg-local.sh on --pg-port,
// or the one scripts/with-postgres.sh started), and with --db-restarts N (1 by default there when
// --crashes is given) also restarts the database server N times mid-load (pg_ctl restart -m fast: every
// connection is cut, transactions in flight are rolled back) while the app keeps running: requests
// cut by the restart may fail (they are "in doubt", never acknowledged), and the app must serve again
// without being restarted itself.
// Exits non-zero when anything is lost, duplicated or phantom, on any 5xx outside a database restart,
// if the app does not recover from one, or a failed integrity check (SQLite's integrity_check;
// pg_amcheck on PostgreSQL). Needs `npm run build` first.
import { type ChildProcess, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { closeDatabase, openDatabase, rows as selectRows, transaction } from "@/db";
import { createUser } from "@/db/queries/users";
import { articles } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { seedSampleContent } from "@/lib/sample/seed";
import { credentialsSignIn, freshPostgresDatabase, localPostgres, spawnAppServer, waitForOk } from "./harness";

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "50" },
    writes: { type: "string", default: "10000" },
    crashes: { type: "string", default: "0" },
    port: { type: "string", default: "3511" },
    seed: { type: "string", default: "1" },
    engine: { type: "string", default: "sqlite" },
    "db-restarts": { type: "string" },
    "pg-port": { type: "string", default: "55431" },
  },
});
const ENGINE = values.engine;
if (ENGINE !== "sqlite" && ENGINE !== "postgres") throw new Error("--engine takes sqlite or postgres");
const CLIENTS = Number(values.clients);
const WRITES = Number(values.writes);
const CRASHES = Number(values.crashes);
const PORT = Number(values.port);
const DB_RESTARTS = Number(values["db-restarts"] ?? (ENGINE === "postgres" && CRASHES > 0 ? 1 : 0));
if (DB_RESTARTS > 0 && ENGINE !== "postgres") throw new Error("--db-restarts needs --engine postgres");
for (const [name, v] of [
  ["clients", CLIENTS],
  ["writes", WRITES],
] as const)
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
if (!fs.existsSync(path.join(".next", "BUILD_ID"))) throw new Error("No production build: run `npm run build` first.");

// A small seeded PRNG, so a failing run can be replayed with the same --seed.
let state = Number(values.seed) >>> 0 || 1;
const random = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidings-stress-"));
const logFile = path.join(dir, "server.log");
const pgServer = ENGINE === "postgres" ? localPostgres(Number(values["pg-port"])) : null;
// The app's database: a SQLite file, or a fresh, migrated PostgreSQL database.
const dbFile = pgServer ? await freshPostgresDatabase(pgServer.url, "tidings_stress") : path.join(dir, "stress.db");
let server = null as ChildProcess | null;
const current = () => server as ChildProcess | null;
process.on("exit", () => {
  if (server?.exitCode === null) server.kill("SIGKILL");
  if (!process.exitCode) fs.rmSync(dir, { recursive: true, force: true });
  else console.error(`Kept ${dir} for inspection.`);
});

// ── Set-up: sample stories and the readers ───────────────────────────────────────────────────────
const setup = openDatabase(dbFile);
await seedSampleContent(setup);
const articleIds = (await setup.select({ id: articles.id }).from(articles)).map((r) => r.id);
const password = "stress password 123";
const hash = await hashPassword(password);
const users = await transaction(setup, async (tx) => {
  const made = [];
  for (let i = 0; i < CLIENTS; i++) {
    const u = await createUser(tx, { email: `stress${i}@stress.local`, name: `Stress ${i}`, passwordHash: hash });
    if (!u) throw new Error("could not create a stress user");
    made.push(u);
  }
  return made;
});
await closeDatabase(setup);

const base = `http://127.0.0.1:${PORT}`;
async function startServer() {
  server = spawnAppServer({
    dbFile,
    port: PORT,
    logFile,
    // The load is the point here; the limits themselves are checked in the abuse phase below.
    env: { RATE_LIMIT_COMMENT: "1000000/60", RATE_LIMIT_SIGNIN_IP: "1000000/60" },
  });
  await waitForOk(`${base}/healthz`, 60_000);
}

async function signIn(email: string): Promise<string> {
  const cookie = await credentialsSignIn(base, email, password);
  if (!cookie) throw new Error(`sign-in failed for ${email}`);
  return cookie;
}

// ── Ledger of what the server said ───────────────────────────────────────────────────────────────
type Outcome = "ok" | "refused" | "doubt";
type Ack = { status: number; outcome: Outcome; json: unknown };
const stats = {
  whileDown: 0,
  attempted: 0,
  acknowledged: 0,
  refused: 0,
  doubt: 0,
  serverErrors: 0,
  cutByRestart: 0,
  reads: 0,
  byStatus: new Map<number, number>(),
};
const comments = new Map<number, { body: string; doubtBodies: Set<string>; articleId: number; userId: number }>();
const refusedTexts = new Set<string>();
const doubtTexts = new Set<string>();
const bookmarkState = new Map<string, { saved: boolean; doubt: boolean }>();

async function send(method: string, url: string, cookie: string, body?: unknown): Promise<Ack> {
  stats.attempted += 1;
  const sentAt = performance.now();
  try {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { cookie, "content-type": "application/json", origin: base },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
    const json = (await res.json().catch(() => null)) as unknown;
    if (res.status >= 500) {
      // Overlapping a database restart: the restart cut it (in doubt, as a crash would leave it).
      const answeredAt = performance.now();
      if (restartWindows.some((w) => sentAt <= w.to && answeredAt >= w.from)) stats.cutByRestart += 1;
      else stats.serverErrors += 1;
    }
    if (res.ok && restartWindows.length > 0 && sentAt > (restartWindows.at(-1)?.to ?? Number.POSITIVE_INFINITY))
      afterRestartOk += 1;
    if (res.ok) {
      stats.acknowledged += 1;
      return { status: res.status, outcome: "ok", json };
    }
    stats.refused += 1;
    return { status: res.status, outcome: res.status >= 500 ? "doubt" : "refused", json };
  } catch (error) {
    // Connection refused: the request never reached a server, so nothing can have been written.
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === "ECONNREFUSED") {
      stats.refused += 1;
      stats.whileDown += 1;
      return { status: 0, outcome: "refused", json: null };
    }
    stats.doubt += 1;
    return { status: 0, outcome: "doubt", json: null };
  }
}

let remaining = WRITES;
let written = 0;
async function client(index: number, cookie: string) {
  const userId = users[index]?.id ?? 0;
  const downBefore = () => stats.whileDown;
  const mine: number[] = [];
  let n = 0;
  while (remaining > 0) {
    const r = random();
    if (r < 0.1) {
      stats.reads += 1;
      await fetch(`${base}/articles/${pick(["nope", "x"])}`, { headers: { cookie } }).catch(() => {});
      continue;
    }
    remaining -= 1;
    written += 1;
    const down = downBefore();
    // While the server restarts, a refused connection is not a write: give it back and wait.
    const settle = async () => {
      if (stats.whileDown > down) {
        remaining += 1;
        written -= 1;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const text = `stress ${index}-${n++} ${random().toString(36).slice(2, 8)}`;
    if (r < 0.55 || mine.length === 0) {
      const articleId = pick(articleIds);
      const known = [...comments.entries()].filter(([, c]) => c.articleId === articleId);
      const parentId = known.length > 0 && random() < 0.5 ? pick(known)[0] : null;
      const a = await send("POST", "/api/comments", cookie, { articleId, parentId, body: text });
      const id = (a.json as { value?: { id?: number } } | null)?.value?.id;
      if (a.outcome === "ok" && id) {
        comments.set(id, { body: text, doubtBodies: new Set(), articleId, userId });
        mine.push(id);
      } else if (a.outcome === "refused") refusedTexts.add(text);
      else doubtTexts.add(text);
    } else if (r < 0.85) {
      const articleId = pick(articleIds);
      const saved = random() < 0.6;
      const a = await send(saved ? "PUT" : "DELETE", `/api/bookmarks/${articleId}`, cookie);
      const key = `${userId}:${articleId}`;
      if (a.outcome === "ok") bookmarkState.set(key, { saved, doubt: false });
      else if (a.outcome === "doubt") bookmarkState.set(key, { saved, doubt: true });
    } else {
      const id = pick(mine);
      const a = await send("PATCH", `/api/comments/${id}`, cookie, { body: `${text} (edited)` });
      const c = comments.get(id);
      if (c && a.outcome === "ok") {
        c.body = `${text} (edited)`;
        c.doubtBodies.clear();
      } else if (c && a.outcome === "doubt") c.doubtBodies.add(`${text} (edited)`);
      else if (a.outcome === "refused") refusedTexts.add(`${text} (edited)`);
    }
    await settle();
  }
}

// ── Run ───────────────────────────────────────────────────────────────────────────────────────────
console.log(
  `Stress: ${CLIENTS} clients, ${WRITES} writes, ${CRASHES} crashes${pgServer ? `, ${DB_RESTARTS} database restart(s); PostgreSQL ${new URL(dbFile).host}` : `; database ${dbFile}`}`,
);
await startServer();
const cookies: string[] = [];
for (const u of users) cookies.push(await signIn(u.email));
const t0 = performance.now();
let crashesDone = 0;
let restartsDone = 0;
// Database restarts: the window from the restart until the app answers a request that reads the
// database again. 5xx inside it are requests the restart cut (never acknowledged, so "in doubt").
const restartWindows: { from: number; to: number }[] = [];
let afterRestartOk = 0;
const recoverySeconds: number[] = [];
// App kills and database restarts, alternating, at points spread through the load.
const events: ("kill" | "db-restart")[] = [];
for (let i = 0; i < Math.max(CRASHES, DB_RESTARTS); i++) {
  if (i < CRASHES) events.push("kill");
  if (i < DB_RESTARTS) events.push("db-restart");
}
const crashes = (async () => {
  for (const [i, event] of events.entries()) {
    const target = Math.floor((WRITES * (i + 1)) / (events.length + 1));
    while (written < target && remaining > 0) await new Promise((r) => setTimeout(r, 20));
    if (remaining <= 0) break;
    if (event === "kill") {
      const victim = current();
      const exited = new Promise<void>((r) => victim?.once("exit", () => r()));
      victim?.kill("SIGKILL");
      await exited;
      crashesDone += 1;
      console.log(`  SIGKILL #${crashesDone} after ${written} writes; restarting`);
      await startServer();
      continue;
    }
    const window = { from: performance.now(), to: Number.POSITIVE_INFINITY };
    restartWindows.push(window);
    pgServer?.restart();
    restartsDone += 1;
    const restarted = performance.now();
    // The same app process must serve a database read again: /healthz answers 200 only when it does.
    await waitForOk(`${base}/healthz`, 60_000);
    window.to = performance.now();
    recoverySeconds.push(Number(((window.to - restarted) / 1000).toFixed(2)));
    console.log(
      `  database restart #${restartsDone} after ${written} writes; the app served again ${recoverySeconds.at(-1)} s after the server was back (pid ${current()?.pid}, not restarted)`,
    );
  }
})();
const progress = setInterval(() => {
  if (process.stdout.isTTY) process.stdout.write(`\r  ${written}/${WRITES} writes`);
}, 500);
await Promise.all(cookies.map((c, i) => client(i, c)));
clearInterval(progress);
await crashes;
const seconds = (performance.now() - t0) / 1000;

// Abuse: rate limits still hold under load. After more wrong passwords from one client than the
// sign-in limit (per account and address, RATE_LIMIT_SIGNIN), even the right password is refused.
for (let i = 0; i < 12; i++) await credentialsSignIn(base, "stress0@stress.local", "wrong password!!");
const limitHeld = (await credentialsSignIn(base, "stress0@stress.local", password)) === null;
current()?.kill("SIGTERM");
await new Promise((r) => setTimeout(r, 500));

// ── Audit ─────────────────────────────────────────────────────────────────────────────────────────
const db = openDatabase(dbFile);
const integrity = integrityCheck();
const rows = await selectRows<{ id: number; body: string; userId: number }>(
  db,
  sql`select id, body, user_id as "userId" from comments`,
);
const byBody = new Map<string, number>();
for (const r of rows) byBody.set(r.body, (byBody.get(r.body) ?? 0) + 1);
let lost = 0;
let duplicated = 0;
let phantom = 0;
for (const [id, c] of comments) {
  const row = rows.find((r) => r.id === id);
  if (!row || (row.body !== c.body && !c.doubtBodies.has(row.body))) {
    lost += 1;
    if (lost <= 5)
      console.error(`  lost: comment ${id} expected "${c.body}", found ${row ? `"${row.body}"` : "nothing"}`);
  }
}
for (const [body, count] of byBody) if (body.startsWith("stress ") && count > 1) duplicated += count - 1;
const acknowledgedBodies = new Set<string>();
for (const c of comments.values()) {
  acknowledgedBodies.add(c.body);
  for (const b of c.doubtBodies) acknowledgedBodies.add(b);
}
for (const r of rows) {
  if (refusedTexts.has(r.body)) phantom += 1;
  else if (r.body.startsWith("stress ") && !acknowledgedBodies.has(r.body) && !doubtTexts.has(r.body)) {
    // A comment that was edited after the server acknowledged it has the edit's text instead.
    const base = r.body.replace(/ \(edited\)$/, "");
    if (!doubtTexts.has(base)) phantom += 1;
  }
}
let bookmarkMismatch = 0;
const saved = new Set(
  (await selectRows<{ u: number; a: number }>(db, sql`select user_id as u, article_id as a from bookmarks`)).map(
    (r) => `${r.u}:${r.a}`,
  ),
);
for (const [key, s] of bookmarkState) if (!s.doubt && saved.has(key) !== s.saved) bookmarkMismatch += 1;
const busy = (fs.readFileSync(logFile, "utf8").match(/SQLITE_BUSY/g) ?? []).length;
await closeDatabase(db);
pgServer?.stop();

/** SQLite: PRAGMA integrity_check. PostgreSQL: pg_amcheck (tables and B-tree indexes, every row). */
function integrityCheck(): string {
  if (!pgServer) {
    const file = new Database(dbFile, { readonly: true });
    try {
      return String(file.pragma("integrity_check", { simple: true }));
    } finally {
      file.close();
    }
  }
  const amcheck = "/usr/lib/postgresql/15/bin/pg_amcheck";
  if (!fs.existsSync(amcheck)) return "ok (pg_amcheck not installed: not checked)";
  const r = spawnSync(amcheck, ["--install-missing", "--heapallindexed", dbFile], { encoding: "utf8" });
  return r.status === 0 ? "ok" : `pg_amcheck exit ${r.status}: ${(r.stdout + r.stderr).trim().slice(0, 500)}`;
}

const statusLine = [...stats.byStatus.entries()]
  .sort(([a], [b]) => a - b)
  .map(([s, n]) => `${s}: ${n}`)
  .join(", ");
console.log(
  `\nWrites attempted ${stats.attempted} in ${seconds.toFixed(1)} s (${Math.round(stats.attempted / seconds)}/s), reads ${stats.reads}`,
);
console.log(
  `  acknowledged ${stats.acknowledged}, refused ${stats.refused} (${stats.whileDown} of them while the server was down), in doubt (cut off by a crash) ${stats.doubt}`,
);
console.log(`  HTTP statuses: ${statusLine}`);
console.log(`  comments acknowledged ${comments.size}; bookmarks checked ${bookmarkState.size}`);
console.log(
  `  crashes survived ${crashesDone}${pgServer ? `; database restarts survived ${restartsDone} (app serving again after ${recoverySeconds.join(", ") || "-"} s; ${stats.cutByRestart} requests cut by them, in doubt)` : ""}; integrity check: ${integrity}`,
);
console.log(
  `  sign-in rate limit under load: ${limitHeld ? "held (right password refused after 12 wrong)" : "DID NOT HOLD"}`,
);
console.log(
  `  5xx ${stats.serverErrors} (outside database restarts)${pgServer ? `, writes acknowledged after the last database restart ${afterRestartOk}` : `, SQLITE_BUSY in server log ${busy}`}`,
);
console.log(
  `lost ${lost}, duplicated ${duplicated}, phantom ${phantom}, bookmark mismatches ${bookmarkMismatch}, 5xx ${stats.serverErrors}`,
);
const failed =
  lost + duplicated + phantom + bookmarkMismatch + stats.serverErrors > 0 ||
  !integrity.startsWith("ok") ||
  !limitHeld ||
  restartsDone < DB_RESTARTS ||
  afterRestartOk < (restartsDone > 0 ? 1 : 0);
process.exitCode = failed ? 1 : 0;
