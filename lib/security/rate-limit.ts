import { type Db, transaction } from "@/db";
import { extendRateLimit, hitRateLimit, peekRateLimit, type RateLimitResult } from "@/db/queries/rate-limits";
import { config, type RateLimitName } from "@/lib/config";

export type LimitName = RateLimitName;

type Limit = { limit: number; windowMs: number };

// Defaults: attempts per window. Each can be changed with an environment variable of the form
// "COUNT/SECONDS", e.g. RATE_LIMIT_SIGNIN=10/900 (parsed in lib/config.ts; see the README's Security section). Per-address
// limits are looser than per-account ones because many readers can share one address.
const DEFAULTS: Record<LimitName, Limit> = {
  // Sign-in attempts at one account from one address. Strict, and it grows (BACKOFF): this is the
  // limit that stops a guesser, and it cannot lock the owner out from their own device.
  signin: { limit: 10, windowMs: 15 * 60_000 },
  signin_ip: { limit: 50, windowMs: 15 * 60_000 },
  // Sign-in attempts at one account from every address together: a ceiling for guessing spread over
  // many addresses, far above what one address may try, so one attacker's client cannot reach it.
  signin_account: { limit: 100, windowMs: 15 * 60_000 },
  signup: { limit: 3, windowMs: 60 * 60_000 },
  // Sign-up attempts from one address, and answers from it that said an email is registered. A
  // reader signs up once or twice; a list of addresses cannot be checked at this pace.
  signup_ip: { limit: 10, windowMs: 60 * 60_000 },
  signup_probe: { limit: 5, windowMs: 24 * 60 * 60_000 },
  comment: { limit: 10, windowMs: 60_000 },
  // Password-reset requests: each one can send a mail, so few per address.
  reset: { limit: 3, windowMs: 60 * 60_000 },
  reset_ip: { limit: 20, windowMs: 60 * 60_000 },
};

/**
 * Limits whose refusal grows for a client that keeps tripping them: the n-th time within a day, the
 * refusal lasts window × 2^(n-1), at most a day. Ten wrong guesses cost 15 minutes, the next ten 30,
 * then 60, … so a guesser gets about 70 tries a day per account and address instead of 960.
 */
const BACKOFF = new Set<LimitName>(["signin", "signup_ip"]);
const STRIKE_MEMORY_MS = 24 * 60 * 60_000;
const MAX_REFUSAL_MS = 24 * 60 * 60_000;

export function limitFor(name: LimitName): Limit {
  return config().rateLimits[name] ?? DEFAULTS[name];
}

/** Counts one attempt; on the attempt that trips a backoff limit, the refusal is lengthened. */
function hit(db: Db, name: LimitName, key: string, { limit, windowMs }: Limit, now: number): Promise<RateLimitResult> {
  // One transaction: the count, the strike and the longer refusal are one decision.
  return transaction(db, async (tx) => {
    const r = await hitRateLimit(tx, { key, limit, windowMs, now });
    if (r.ok || !BACKOFF.has(name) || r.count !== limit + 1) return r;
    const strikes = (
      await hitRateLimit(tx, {
        key: `${key}#strikes`,
        limit: Number.MAX_SAFE_INTEGER,
        windowMs: STRIKE_MEMORY_MS,
        now,
      })
    ).count;
    const refusalMs = Math.min(windowMs * 2 ** ((strikes ?? 1) - 1), MAX_REFUSAL_MS);
    await extendRateLimit(tx, { key, until: now + refusalMs });
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(refusalMs / 1000)), count: r.count };
  });
}

export type LimitKey = { name: LimitName; key: string };

/** The stored key of a limit (also the prefix of its strike counter). */
export const storedKey = ({ name, key }: LimitKey) => `${name}:${key}`;

/**
 * Counts an attempt under every key given (e.g. per IP and per email) and refuses if any is over.
 * All keys are counted, so rotating one of them does not reset the others. With `count: false` it
 * only looks, for a caller that counts the attempt elsewhere.
 */
export async function checkRateLimits(
  db: Db,
  keys: LimitKey[],
  { count = true, now = Date.now() }: { count?: boolean; now?: number } = {},
): Promise<RateLimitResult> {
  let worst: RateLimitResult = { ok: true };
  for (const k of keys) {
    const limit = limitFor(k.name);
    const key = storedKey(k);
    const r = count
      ? await hit(db, k.name, key, limit, now)
      : await peekRateLimit(db, { key, limit: limit.limit, now });
    if (!r.ok && (worst.ok || r.retryAfterSeconds > worst.retryAfterSeconds)) worst = r;
  }
  return worst;
}

export function retryMessage(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return `Too many attempts. Please wait ${seconds < 90 ? `${seconds} seconds` : `${minutes} minutes`} and try again.`;
}
