// Shared by the command-line tools that drive a real server (bench, stress): start the production
// server on a database of their own, wait for it, and sign a reader in through Auth.js's own endpoint.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";

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

/**
 * `npm start`'s server in one process (tsx as a loader, not a wrapper, so the pid is the server whose
 * memory a caller may read), on `dbFile` and `port`, with its output appended to `logFile`.
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
  const out = fs.openSync(logFile, "a");
  // The server under test inherits this environment with its own database and port: passed on, not read
  // here (the child parses it with lib/config.ts).
  return spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: {
      ...process.env,
      DATABASE_PATH: dbFile,
      PORT: String(port),
      SEED_SAMPLE: "0",
      NODE_ENV: "production",
      ...env,
    },
    stdio: ["ignore", out, out],
  });
}

/** Signs in with email and password; returns the session cookie ("name=value"), or null when refused. */
export async function credentialsSignIn(base: string, email: string, password: string): Promise<string | null> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "/" }),
  });
  const session = res.headers.getSetCookie().find((c) => c.includes("authjs.session-token"));
  return session?.split(";")[0] ?? null;
}
