import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { closeDatabase, openDatabase } from "../db";
import { createUser } from "../db/queries/users";
import { hashPassword } from "../lib/auth/password";
import { type FeedServer, startFeedServer } from "../lib/ingest/fixtures/feed-server";
import { credentialsSignIn, SERVER_ENTRY, spawnAppServer, waitForOk } from "../scripts/harness";
import { signIn } from "./helpers";

// Two app instances and two workers on ONE PostgreSQL database (issue 14, "Across instances" and
// "Roles"): run by playwright.instances.config.ts, under scripts/with-postgres.sh (TEST_POSTGRES_URL).
// The instances are the production build (`npm run build`), started as `npm start` starts it.
const server = process.env.TEST_POSTGRES_URL;
const PORT = Number(process.env.E2E_PORT ?? 3100) + 20;
const baseA = `http://127.0.0.1:${PORT}`;
const baseB = `http://127.0.0.1:${PORT + 1}`;
const FEED_PORT = PORT + 2;
const PASSWORD = "two instances, one database";
const READER = { email: "reader@instances.test", name: "Instance Reader" };
const TSX = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");

test.describe.configure({ mode: "serial" });
test.skip(!server, "TEST_POSTGRES_URL is unset: run under `bash scripts/with-postgres.sh` (a throwaway PostgreSQL)");

let dir = "";
let databaseUrl = "";
let env: Record<string, string> = {};
let feeds: FeedServer | undefined;
const children: ChildProcess[] = [];

function adminQuery<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  return client
    .connect()
    .then(() => client.query<T>(text, values))
    .finally(() => client.end());
}

/** Runs a script of ours through tsx as `npm run X` does; resolves with its exit code and output. */
function runScript(
  script: string,
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TSX, script, ...args], { env: { ...process.env, ...env, ...extraEnv } });
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
    });
    child.stderr.on("data", (c) => {
      out += c;
    });
    child.on("exit", (code) => resolve({ code, out }));
  });
}

/** Starts `npm start`'s compiled server and resolves with its exit code and output (for refusals). */
function startAndExit(extraEnv: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SERVER_ENTRY], {
      env: { ...process.env, ...env, PORT: String(PORT), NODE_ENV: "production", ...extraEnv },
    });
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
    });
    child.stderr.on("data", (c) => {
      out += c;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  detail: () => string = () => "",
) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs} ms\n${detail()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test.beforeAll(async () => {
  if (!server) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidings-instances-"));
  const name = `tidings_e2e_instances_${process.pid}`;
  await adminQuery(server, `drop database if exists ${name} with (force)`);
  await adminQuery(server, `create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  const sources = path.join(dir, "sources.json");
  fs.writeFileSync(
    sources,
    JSON.stringify({
      sources: [
        {
          slug: "instances-local",
          name: "Instances Local",
          homepage: `http://127.0.0.1:${FEED_PORT}/`,
          feedUrl: `http://127.0.0.1:${FEED_PORT}/rss2.xml`,
        },
      ],
    }),
  );
  env = {
    DATABASE_URL: databaseUrl,
    // One secret for every instance: a session signed by A is checked by B.
    AUTH_SECRET: "e2e-instances-secret-0123456789abcdefghij",
    SEED_SAMPLE: "0",
    INGEST_SOURCES_FILE: sources,
    INGEST_ALLOW_PRIVATE: "1",
    RATE_LIMIT_SIGNIN_IP: "100000/60",
    RATE_LIMIT_COMMENT: "100000/60",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  feeds = await startFeedServer(FEED_PORT);
});

test.afterAll(async () => {
  for (const child of children) child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  await feeds?.close();
  if (server && databaseUrl)
    await adminQuery(server, `drop database if exists ${new URL(databaseUrl).pathname.slice(1)} with (force)`).catch(
      () => {},
    );
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("npm start on PostgreSQL refuses to migrate, and refuses INGEST_ON_START", async () => {
  test.setTimeout(120_000);
  const empty = await startAndExit({});
  expect(empty.code).toBe(1);
  expect(empty.out).toContain("npm run db:migrate");
  const ingesting = await startAndExit({ INGEST_ON_START: "1" });
  expect(ingesting.code).toBe(1);
  expect(ingesting.out).toContain("npm run worker");
  // The one command that migrates, under its advisory lock.
  const migrated = await runScript("scripts/migrate.ts", []);
  expect(migrated.code, migrated.out).toBe(0);
});

test("two workers started at once ingest once: the second waits for the lock, then takes over", async () => {
  test.setTimeout(120_000);
  const logs = [path.join(dir, "worker-1.log"), path.join(dir, "worker-2.log")];
  const workers = logs.map((log) => {
    const out = fs.openSync(log, "a");
    const child = spawn(process.execPath, [TSX, "scripts/worker.ts", "--allow-private"], {
      env: { ...process.env, ...env },
      stdio: ["ignore", out, out],
    });
    children.push(child);
    return child;
  });
  const read = (i: number) => fs.readFileSync(logs[i] as string, "utf8");
  await eventually(
    async () =>
      (
        await adminQuery<{ n: number }>(
          databaseUrl,
          "select count(*)::int as n from articles a join sources s on s.id = a.source_id where s.slug = 'instances-local'",
        )
      ).rows[0]?.n === 3,
    60_000,
    "the feed's three stories stored",
    () => logs.map((log, i) => `worker ${i + 1}:\n${fs.readFileSync(log, "utf8")}`).join("\n"),
  );
  await eventually(
    () => [0, 1].some((i) => read(i).includes("another worker holds the lock; waiting")),
    10_000,
    "a worker waiting",
  );
  const holder = [0, 1].find((i) => read(i).includes("holding the worker lock")) as number;
  const waiter = 1 - holder;
  expect(read(waiter)).toContain("another worker holds the lock; waiting");
  expect(read(waiter)).not.toContain("holding the worker lock");
  expect(read(waiter)).not.toContain("ingest watcher");
  // Only the holder fetched the feed (once).
  expect(feeds?.requests.filter((r) => r.path === "/rss2.xml")).toHaveLength(1);
  // The holder stops: the waiter takes the lock and runs.
  workers[holder]?.kill("SIGTERM");
  await eventually(() => read(waiter).includes("holding the worker lock"), 30_000, "the waiter taking over");
});

test("a comment posted through instance A shows on instance B's cached article page within 2 s", async () => {
  test.setTimeout(180_000);
  for (const [i, base] of [baseA, baseB].entries()) {
    const child = spawnAppServer({
      dbFile: path.join(dir, "unused.db"),
      port: PORT + i,
      logFile: path.join(dir, `app-${i ? "b" : "a"}.log`),
      env: { ...env, SITE_URL: base },
    });
    children.push(child);
  }
  await Promise.all([waitForOk(`${baseA}/healthz`, 120_000), waitForOk(`${baseB}/healthz`, 120_000)]);
  const db = openDatabase(databaseUrl, { poolSize: 1 });
  await createUser(db, { email: READER.email, name: READER.name, passwordHash: await hashPassword(PASSWORD) });
  await closeDatabase(db);
  const { rows } = await adminQuery<{ id: number; slug: string }>(
    databaseUrl,
    "select id, slug from articles order by id limit 1",
  );
  const article = rows[0];
  if (!article) throw new Error("no article");
  const pageOnB = async () => {
    const res = await fetch(`${baseB}/articles/${article.slug}`);
    return { status: res.status, cache: res.headers.get("x-page-cache"), body: await res.text() };
  };
  // B renders it once and then answers from its page cache.
  expect((await pageOnB()).status).toBe(200);
  const cached = await pageOnB();
  expect(cached.cache).toBe("HIT");

  const cookie = await credentialsSignIn(baseA, READER.email, PASSWORD);
  expect(cookie).not.toBeNull();
  const text = `Posted through A at ${Date.now()}`;
  const posted = await fetch(`${baseA}/api/comments`, {
    method: "POST",
    headers: { cookie: cookie as string, "content-type": "application/json", origin: baseA },
    body: JSON.stringify({ articleId: article.id, body: text }),
  });
  expect(posted.status, await posted.clone().text()).toBe(201);
  const acknowledged = Date.now();
  let seen = await pageOnB();
  while (!seen.body.includes(text) && Date.now() - acknowledged < 2_000) seen = await pageOnB();
  const delay = Date.now() - acknowledged;
  expect(seen.body, `B still served the page without the comment ${delay} ms after A acknowledged it`).toContain(text);
  expect(delay).toBeLessThan(2_000);
  // And B caches the new copy again.
  expect((await pageOnB()).cache).toBe("HIT");
});

test("a reader signed in on instance A is signed in on instance B", async ({ page }) => {
  // Over HTTP: A's session cookie, checked by B (its page cache's shell and Auth.js's own session).
  const cookie = await credentialsSignIn(baseA, READER.email, PASSWORD);
  const session = await fetch(`${baseB}/api/auth/session`, { headers: { cookie: cookie as string } });
  expect(((await session.json()) as { user?: { name?: string } }).user?.name).toBe(READER.name);
  // In a browser: cookies are per host, not per port, so the browser sends A's cookie to B.
  await page.goto(`${baseA}/signin`);
  await signIn(page, { email: READER.email, password: PASSWORD });
  await page.goto(`${baseA}/`);
  const account = page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: READER.name });
  await expect(account).toBeVisible();
  await page.goto(`${baseB}/`);
  await expect(account).toBeVisible();
});
