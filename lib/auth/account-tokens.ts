import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { absoluteUrl } from "../site";

/** How long a password-reset or sign-up link works. */
export const ACCOUNT_TOKEN_TTL_MS = 60 * 60_000;

/**
 * A one-time token: 32 random bytes, base64url (43 characters) for the link, and its SHA-256 for the
 * database. The token is long and random, so an unsalted fast hash is enough: there is nothing to
 * guess, and a stolen table gives no usable link.
 */
export function newAccountToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashAccountToken(token) };
}

export function hashAccountToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export const accountTokenField = z
  .string({ error: "This link is not valid." })
  .regex(/^[A-Za-z0-9_-]{43}$/, "This link is not valid.");

export const resetLink = (token: string) => absoluteUrl(`/reset/${token}`);
export const signupLink = (token: string) => absoluteUrl(`/signup/confirm/${token}`);
