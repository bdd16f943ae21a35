import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, expect, test } from "@playwright/test";
import { closeDatabase } from "@/db";
import { openDatabase } from "../db";
import { createUser } from "../db/queries/users";
import { hashPassword } from "../lib/auth/password";
import { credentialsSignIn, freshPostgresDatabase, spawnAppServer, waitForOk } from "../scripts/harness";
import { e2ePostgres } from "./database";

// Sign-in and sign-up throttles need the real limits and more than one client address, so this file
// runs its own server: default limits, TRUST_PROXY=1 so each request's X-Forwarded-For is its client.
// (The shared e2e server loosens the per-address limits: every test there browses from 127.0.0.1.)
const PORT = Number(process.env.E2E_PORT ?? 3100) + 10;
const base = `http://127.0.0.1:${PORT}`;
const PASSWORD = "the owner's own password";
const OWNER = { email: "owner@throttle.test", ip: "198.51.100.20" };
const KNOWN = Array.from({ length: 6 }, (_, i) => `known${i}@throttle.test`);

let server: ChildProcess | undefined;
let dir = "";

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidings-throttle-"));
  // A database of its own: a file here, or a fresh database on the run's PostgreSQL server.
  const dbFile = e2ePostgres
    ? await freshPostgresDatabase(e2ePostgres, "tidings_e2e_throttle")
    : path.join(dir, "throttle.db");
  const db = openDatabase(dbFile);
  const hash = await hashPassword(PASSWORD);
  for (const email of [OWNER.email, ...KNOWN])
    await createUser(db, { email, name: email.split("@")[0] ?? "x", passwordHash: hash });
  await closeDatabase(db);
  const env: Record<string, string> = { TRUST_PROXY: "1", SITE_URL: base };
  // Whatever the shell exported, this server runs with the defaults.
  for (const name of Object.keys(process.env)) if (name.startsWith("RATE_LIMIT_")) env[name] = "";
  server = spawnAppServer({ dbFile, port: PORT, logFile: path.join(dir, "server.log"), env });
  await waitForOk(`${base}/healthz`, 90_000);
});

test.afterAll(async () => {
  server?.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 300));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Signs in through Auth.js's own endpoint from `ip`; the session cookie, or null when refused. */
function signInFrom(ip: string, email: string, password: string): Promise<string | null> {
  return credentialsSignIn(base, email, password, { "x-forwarded-for": ip });
}

test("an attacker's wrong passwords do not lock the owner out, and the attacker stays refused", async () => {
  const attacker = "203.0.113.7";
  for (let i = 0; i < 15; i++) expect(await signInFrom(attacker, OWNER.email, `guess number ${i}`)).toBeNull();
  // The stress suite's check: after more wrong passwords than the limit, even the right one is refused.
  expect(await signInFrom(attacker, OWNER.email, PASSWORD)).toBeNull();
  // The owner, on their own device, signs in.
  expect(await signInFrom(OWNER.ip, OWNER.email, PASSWORD)).not.toBeNull();
  // And that does not let the attacker back in.
  expect(await signInFrom(attacker, OWNER.email, PASSWORD)).toBeNull();
});

test("behind a trusted proxy, a forged Origin with a matching X-Forwarded-Host is still cross-site", async () => {
  const cookie = await signInFrom(OWNER.ip, OWNER.email, PASSWORD);
  expect(cookie).not.toBeNull();
  const res = await fetch(`${base}/api/comments`, {
    method: "POST",
    headers: {
      cookie: cookie ?? "",
      "content-type": "application/json",
      origin: "http://evil.test",
      "x-forwarded-host": "evil.test",
      "x-forwarded-for": OWNER.ip,
    },
    body: JSON.stringify({ articleId: 1, body: "csrf" }),
  });
  expect(res.status).toBe(403);
});

type SignUpAnswer = "created" | "exists" | "limited";

/** Fills the sign-up form in a fresh browser context from `ip`, and reads the answer. */
async function signUpFrom(browser: Browser, ip: string, email: string): Promise<SignUpAnswer> {
  const context = await browser.newContext({ baseURL: base, extraHTTPHeaders: { "x-forwarded-for": ip } });
  const page = await context.newPage();
  try {
    await page.goto("/signup");
    await page.getByLabel("Display name").fill("Prober");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Create account" }).click();
    const alert = page.locator("main").getByRole("alert");
    await expect(async () => {
      const done =
        new URL(page.url()).pathname === "/" || ((await alert.count()) > 0 && (await alert.innerText()) !== "");
      expect(done).toBe(true);
    }).toPass({ timeout: 15_000 });
    if (new URL(page.url()).pathname === "/") return "created";
    const text = await alert.innerText();
    if (/already has an account/.test(text)) return "exists";
    if (/Too many attempts/.test(text)) return "limited";
    throw new Error(`unexpected sign-up answer: ${text}`);
  } finally {
    await context.close();
  }
}

test("one address cannot check a list of emails quickly", async ({ browser }) => {
  test.setTimeout(120_000);
  // Told "already registered" a few times, an address is refused, whatever email it tries next.
  const prober = "203.0.113.50";
  const answers: SignUpAnswer[] = [];
  for (const email of KNOWN) answers.push(await signUpFrom(browser, prober, email));
  answers.push(await signUpFrom(browser, prober, "fresh-after-probing@throttle.test"));
  expect(answers).toEqual(["exists", "exists", "exists", "exists", "exists", "limited", "limited"]);
  // Another address is unaffected.
  expect(await signUpFrom(browser, "198.51.100.77", "someone-else@throttle.test")).toBe("created");
});

test("one address gets a handful of sign-ups an hour", async ({ browser }) => {
  test.setTimeout(120_000);
  const bulk = "203.0.113.90";
  const answers: SignUpAnswer[] = [];
  for (let i = 0; i < 11; i++) answers.push(await signUpFrom(browser, bulk, `bulk${i}@throttle.test`));
  expect(answers.slice(0, 10).every((a) => a === "created")).toBe(true);
  expect(answers[10]).toBe("limited");
});
