import type { Db } from "@/db";
import { hitRateLimit, peekRateLimit, type RateLimitResult } from "@/db/queries/rate-limits";
import { config } from "./config";

export type LimitName = "signin" | "signin_ip" | "signup" | "signup_ip" | "comment";

// Defaults: attempts per window. Each can be changed with an environment variable of the form
// "COUNT/SECONDS", e.g. RATE_LIMIT_SIGNIN=10/900 (parsed in lib/config.ts; see the README's Security section). Per-address
// limits are looser than per-account ones because many readers can share one address.
const DEFAULTS: Record<LimitName, { limit: number; windowMs: number }> = {
  signin: { limit: 10, windowMs: 15 * 60_000 },
  signin_ip: { limit: 50, windowMs: 15 * 60_000 },
  signup: { limit: 3, windowMs: 60 * 60_000 },
  signup_ip: { limit: 20, windowMs: 60 * 60_000 },
  comment: { limit: 10, windowMs: 60_000 },
};

export function limitFor(name: LimitName): { limit: number; windowMs: number } {
  return config().rateLimits[name] ?? DEFAULTS[name];
}

/** The keys for a sign-in or sign-up attempt: the address and the account. */
export function authLimitKeys(kind: "signin" | "signup", ip: string, email: string) {
  return [
    { name: `${kind}_ip` as LimitName, key: ip },
    { name: kind as LimitName, key: email.trim().toLowerCase() },
  ];
}

/**
 * Counts an attempt under every key given (e.g. per IP and per email) and refuses if any is over.
 * All keys are counted, so rotating one of them does not reset the others. With `count: false` it
 * only looks, for a caller that counts the attempt elsewhere.
 */
export function checkRateLimits(
  db: Db,
  keys: { name: LimitName; key: string }[],
  { count = true }: { count?: boolean } = {},
): RateLimitResult {
  let worst: RateLimitResult = { ok: true };
  for (const { name, key } of keys) {
    const { limit, windowMs } = limitFor(name);
    const k = `${name}:${key}`;
    const r = count ? hitRateLimit(db, { key: k, limit, windowMs }) : peekRateLimit(db, { key: k, limit });
    if (!r.ok && (worst.ok || r.retryAfterSeconds > worst.retryAfterSeconds)) worst = r;
  }
  return worst;
}

export function retryMessage(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return `Too many attempts. Please wait ${seconds < 90 ? `${seconds} seconds` : `${minutes} minutes`} and try again.`;
}
