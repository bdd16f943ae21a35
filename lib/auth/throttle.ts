import type { Db } from "@/db";
import { clearRateLimit, type RateLimitResult } from "@/db/queries/rate-limits";
import { checkRateLimits, type LimitKey, storedKey } from "@/lib/security/rate-limit";
import { addressKey } from "./request";

/**
 * Sign-in and sign-up throttles. Sign-in is limited per client (per address, and per account from
 * that address) before it is limited per account: a guesser is slowed and then refused on their own
 * client, while the owner signing in from their own device (another address) is not, unless guesses
 * arrive from so many addresses that the per-account ceiling is reached.
 */
function signInKeys(ip: string, email: string) {
  const address = addressKey(ip);
  const account = email.trim().toLowerCase();
  const pair: LimitKey = { name: "signin", key: `${account}|${address}` };
  return {
    pair,
    client: [{ name: "signin_ip", key: address }, pair] satisfies LimitKey[],
    account: { name: "signin_account", key: account } satisfies LimitKey,
  };
}

/**
 * Counts a sign-in attempt; `ok` means the password may be checked. An attempt the client limits
 * refuse is not counted against the account, so a client hammering one account cannot push it to
 * its ceiling.
 */
export async function beginSignIn(db: Db, ip: string, email: string, now = Date.now()): Promise<RateLimitResult> {
  const keys = signInKeys(ip, email);
  const client = await checkRateLimits(db, keys.client, { now });
  if (!client.ok) return client;
  return checkRateLimits(db, [keys.account], { now });
}

/** Whether a sign-in attempt would be refused, without counting it (for a clear message up front). */
export function peekSignIn(db: Db, ip: string, email: string, now = Date.now()): Promise<RateLimitResult> {
  const keys = signInKeys(ip, email);
  return checkRateLimits(db, [...keys.client, keys.account], { count: false, now });
}

/** The right password from this client: its earlier failures at this account no longer count. */
export async function signInSucceeded(db: Db, ip: string, email: string) {
  const pair = storedKey(signInKeys(ip, email).pair);
  await clearRateLimit(db, { key: pair });
  await clearRateLimit(db, { key: `${pair}#strikes` });
}

/**
 * Counts a sign-up attempt per address and per email. An address that has already been told "that
 * email has an account" too often is refused before anything else: without email verification that
 * answer cannot be hidden, so its pace is what is limited.
 */
export async function beginSignUp(db: Db, ip: string, email: string, now = Date.now()): Promise<RateLimitResult> {
  const address = addressKey(ip);
  const probes = await checkRateLimits(db, [{ name: "signup_probe", key: address }], { count: false, now });
  if (!probes.ok) return probes;
  return checkRateLimits(
    db,
    [
      { name: "signup_ip", key: address },
      { name: "signup", key: email.trim().toLowerCase() },
    ],
    { now },
  );
}

/** The address was just told that an email is registered. */
export async function signUpRevealedAccount(db: Db, ip: string, now = Date.now()) {
  await checkRateLimits(db, [{ name: "signup_probe", key: addressKey(ip) }], { now });
}

/** Counts a password-reset request per address and per email: each one can send a mail. */
export function beginPasswordReset(db: Db, ip: string, email: string, now = Date.now()): Promise<RateLimitResult> {
  return checkRateLimits(
    db,
    [
      { name: "reset_ip", key: addressKey(ip) },
      { name: "reset", key: email.trim().toLowerCase() },
    ],
    { now },
  );
}
