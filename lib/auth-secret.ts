import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Auth.js answers 500 without a secret. For a local run with none configured, make one once and keep it
 * beside the database, so sessions survive restarts and the demo needs no set-up.
 */
export function ensureAuthSecret(dataDir: string): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(dataDir, "auth-secret");
  fs.mkdirSync(dataDir, { recursive: true });
  let secret = fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : "";
  if (!secret) {
    secret = randomBytes(32).toString("base64url");
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  }
  process.env.AUTH_SECRET = secret;
  return secret;
}
