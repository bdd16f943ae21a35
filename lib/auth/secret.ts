import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { config } from "@/lib/config";

// One per process: read (or made) once, then kept, since the page cache checks a token on every signed-in request.
const holder = globalThis as unknown as { __tidingsAuthSecret?: string };

/**
 * Auth.js answers 500 without a secret. For a local run with none configured (AUTH_SECRET), make one once
 * and keep it beside the database, so sessions survive restarts and the demo needs no set-up (SQLite only:
 * with DATABASE_URL it must be configured, identical on every instance).
 */
export function ensureAuthSecret(dataDir = path.dirname(path.resolve(config().databasePath))): string {
  const configured = config().authSecret;
  if (configured) return configured;
  // Never a per-machine secret for PostgreSQL: instances would each sign with their own, and a reader
  // signed in on one would be signed out on the next. lib/config.ts already refuses this; kept as a
  // guard for any caller that parsed the environment another way.
  if (config().database.engine === "postgres")
    throw new Error("AUTH_SECRET must be set when DATABASE_URL is set: every app instance must share it");
  if (holder.__tidingsAuthSecret) return holder.__tidingsAuthSecret;
  const file = path.join(dataDir, "auth-secret");
  fs.mkdirSync(dataDir, { recursive: true });
  let secret = fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : "";
  if (!secret) {
    secret = randomBytes(32).toString("base64url");
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  }
  holder.__tidingsAuthSecret = secret;
  return secret;
}
