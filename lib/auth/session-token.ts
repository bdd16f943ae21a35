import { createHmac } from "node:crypto";
import { decode } from "next-auth/jwt";
import type { Db } from "@/db";
import { getUserById } from "@/db/queries/users";
import { config } from "@/lib/config";
import type { Actor } from "@/lib/mutations/guard";

// Auth.js's session cookie: "__Secure-" over HTTPS, split into ".0", ".1"… when the token is large.
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(?:\.(\d+))?$/;

export function isModeratorEmail(email: string): boolean {
  return config().adminEmails.includes(email.toLowerCase());
}

/**
 * The reader a verified token names. The token alone is not trusted: the account must still exist and
 * the token must not predate a password change or account deletion (which bump the session version).
 */
export async function actorForSession(
  db: Db,
  { userId, sessionVersion }: { userId: unknown; sessionVersion: unknown },
) {
  const id = Number(userId);
  if (!Number.isInteger(id) || id <= 0) return null;
  const user = await getUserById(db, { id });
  if (!user || user.sessionVersion !== Number(sessionVersion)) return null;
  return { id: user.id, email: user.email, name: user.name, isModerator: isModeratorEmail(user.email) } satisfies Actor;
}

/**
 * Whether a cookie name is one Auth.js could read as the session. Its parser trims names and its
 * session store takes every cookie whose name starts with the session cookie's, so "is this request
 * anonymous" must be asked the same broad way, or a crafted name would pass for anonymous here while
 * Auth.js renders the page for the account behind it.
 */
function isSessionCookieName(name: string): boolean {
  const n = name.trim();
  return n.startsWith("authjs.session-token") || n.startsWith("__Secure-authjs.session-token");
}

const cookieName = (part: string) => part.slice(0, Math.max(0, part.indexOf("=")));

/** True when any cookie in the header could carry a session (see isSessionCookieName). */
export function hasSessionCookie(cookieHeader: string): boolean {
  return cookieHeader.split(";").some((part) => isSessionCookieName(cookieName(part)));
}

/** The Cookie header without anything Auth.js could read as a session. */
export function withoutSessionCookies(cookieHeader: string): string {
  return cookieHeader
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part && !isSessionCookieName(cookieName(part)))
    .join("; ");
}

/** The session cookie's name and whole value (chunks joined in order), or null when there is none. */
export function readSessionCookie(cookieHeader: string): { name: string; value: string } | null {
  const chunks = new Map<string, { index: number; value: string }[]>();
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const m = SESSION_COOKIE.exec(part.slice(0, eq).trim());
    if (!m) continue;
    const name = `${m[1] ?? ""}authjs.session-token`;
    const list = chunks.get(name) ?? [];
    list.push({ index: m[2] === undefined ? -1 : Number(m[2]), value: part.slice(eq + 1).trim() });
    chunks.set(name, list);
  }
  // Auth.js picks the name by protocol; behind a proxy this server may not know it, so the secure name
  // is tried first. Either way the token must still decrypt with the secret and that name as salt.
  const name = chunks.has("__Secure-authjs.session-token") ? "__Secure-authjs.session-token" : "authjs.session-token";
  const list = chunks.get(name);
  if (!list) return null;
  const whole = list.find((c) => c.index === -1);
  const value = whole
    ? whole.value
    : list
        .sort((a, b) => a.index - b.index)
        .map((c) => c.value)
        .join("");
  return value ? { name, value } : null;
}

// Decrypting a session token costs about 1.5 ms here (key derivation, AES and HMAC), and the page cache
// checks one on every signed-in request. A token's claims never change, so they are kept until the
// token expires; the account and session-version checks above still run on every request.
type VerifiedClaims = { secret: string; uid: unknown; sv: unknown; partition: string | null; expiresAt: number };
const verified = new Map<string, VerifiedClaims>();
const MAX_VERIFIED = 10_000;

async function verifiedClaims(cookie: { name: string; value: string }, secret: string, now = Date.now()) {
  const key = `${cookie.name}=${cookie.value}`;
  const known = verified.get(key);
  if (known && known.secret === secret && known.expiresAt > now) return known;
  const claims = await decode({ token: cookie.value, secret, salt: cookie.name });
  if (!claims) return null;
  const entry: VerifiedClaims = {
    secret,
    uid: claims.uid,
    sv: claims.sv,
    partition: offlinePartition(secret, { uid: claims.uid, sv: claims.sv, sid: claims.sid }),
    expiresAt: typeof claims.exp === "number" ? claims.exp * 1000 : now + 5 * 60_000,
  };
  if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value as string);
  verified.set(key, entry);
  return entry;
}

/**
 * The signed-in reader for a raw Cookie header, outside Next's request scope (the page cache's server
 * uses it to personalise a cached page). Same checks as `getActor`: a valid, unexpired token whose
 * account and session version still match. Anything else is "not signed in", never an error.
 */
export async function actorFromCookieHeader(db: Db, cookieHeader: string, secret: string): Promise<Actor | null> {
  return (await sessionFromCookieHeader(db, cookieHeader, secret))?.actor ?? null;
}

/**
 * The signed-in reader and their session's offline partition (see `offlinePartition`), with the same
 * checks as `actorFromCookieHeader`; null when the request is not signed in.
 */
export async function sessionFromCookieHeader(
  db: Db,
  cookieHeader: string,
  secret: string,
): Promise<{ actor: Actor; partition: string | null } | null> {
  const cookie = readSessionCookie(cookieHeader);
  if (!cookie || !secret) return null;
  try {
    const claims = await verifiedClaims(cookie, secret);
    if (!claims) return null;
    // A missing version reads as 0, as it does in the session callback (auth.ts). Awaited: the data
    // layer is turning async (issue 14), and awaiting a plain value is harmless.
    const actor = await actorForSession(db, { userId: claims.uid, sessionVersion: claims.sv ?? 0 });
    return actor ? { actor, partition: claims.partition } : null;
  } catch {
    return null;
  }
}

/**
 * The name under which the service worker (public/sw.js) may keep this session's pages for offline
 * reading: an HMAC of the account, its session version and the session's own random id (`sid`, drawn
 * at sign-in in auth.ts), so it names one sign-in, never the account in clear, cannot be guessed or
 * derived from another session's, and changes on the next sign-in or password change. A token issued
 * before sessions had an id gets none: nothing is kept for it until the reader signs in again.
 */
export function offlinePartition(
  secret: string,
  claims: { uid?: unknown; sv?: unknown; sid?: unknown },
): string | null {
  if (typeof claims.sid !== "string" || !claims.sid || claims.uid == null) return null;
  return createHmac("sha256", secret)
    .update(`tidings-offline-partition\0${String(claims.uid)}\0${String(claims.sv ?? 0)}\0${claims.sid}`)
    .digest("base64url")
    .slice(0, 22);
}
