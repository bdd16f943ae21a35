import { createHash, createHmac, randomBytes } from "node:crypto";
import { absoluteUrl } from "../site";

/**
 * The secret address of a reader's My feed RSS, `/my/feed/<token>.xml`. Feed readers fetch it without
 * cookies, so the token is the whole credential.
 *
 * The token is HMAC-SHA256(server secret, "my-feed|<user id>|<nonce>"), 43 base64url characters; the
 * database keeps the nonce and the token's SHA-256. A request is looked up by the hash alone. /account
 * can show the link again (it recomputes it from the nonce), while a copy of the database without the
 * server secret yields no working link. "Create new link" stores a new nonce and hash: the old link is
 * gone in the same write. Changing AUTH_SECRET changes every link (the old hashes no longer match a
 * link anyone can compute; the reader makes a new one).
 */
export function feedTokenFor(secret: string, userId: number, nonce: string): string {
  return createHmac("sha256", secret).update(`my-feed|${userId}|${nonce}`, "utf8").digest("base64url");
}

export function hashFeedToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function newFeedNonce(): string {
  return randomBytes(16).toString("base64url");
}

/** A well-formed token: exactly what feedTokenFor makes. Anything else is a 404 without a lookup. */
export const FEED_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const myFeedPath = (token: string) => `/my/feed/${token}.xml`;
export const myFeedUrl = (token: string) => absoluteUrl(myFeedPath(token));
