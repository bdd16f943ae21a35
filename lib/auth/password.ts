import { hash, verify } from "@node-rs/argon2";

// OWASP's argon2id baseline (19 MiB, 2 passes): about 30 ms here, slow for guessing, fine for sign-in.
const OPTIONS = {
  algorithm: 2 /* Algorithm.Argon2id: a const enum, not importable under isolatedModules */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Made once at start-up, so even the first unknown-email sign-in costs exactly one verification.
const dummyHash = hashPassword("dummy password that never matches anything");

/**
 * Verifies a password against a stored hash. With no hash (unknown email, or an OAuth-only account)
 * it verifies against a dummy hash anyway, so the answer takes the same time and cannot reveal
 * whether the account exists.
 */
export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}
