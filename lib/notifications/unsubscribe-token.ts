import { createHmac, timingSafeEqual } from "node:crypto";

// The digest's unsubscribe link works without signing in (a mail client, another device): the link
// carries the account id and an HMAC of it under the site's secret, so it cannot be made for anyone
// else's account. It does nothing but turn the digest off, so it need not expire.
const PURPOSE = "tidings:digest-unsubscribe:v1";

function mac(userId: number, secret: string): string {
  return createHmac("sha256", secret).update(`${PURPOSE}:${userId}`).digest("base64url");
}

export function unsubscribeToken(userId: number, secret: string): string {
  return `${userId}.${mac(userId, secret)}`;
}

/** The account a token speaks for, or null when it was not made with this secret. */
export function verifyUnsubscribeToken(token: string, secret: string): number | null {
  const m = /^([1-9]\d{0,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m?.[1] || !m[2]) return null;
  const userId = Number(m[1]);
  const expected = Buffer.from(mac(userId, secret));
  const given = Buffer.from(m[2]);
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
}
