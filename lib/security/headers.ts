/**
 * The security headers every response carries. Scripts are allowed by nonce only ('strict-dynamic'
 * lets Next's own nonce-bearing scripts load their chunks); no 'unsafe-inline' for scripts. Styles keep
 * 'unsafe-inline' because React style attributes (e.g. the reading-progress bar) need it, and styles
 * cannot run code.
 */
export function securityHeaders({ nonce, https, dev = false }: { nonce: string; https: boolean; dev?: boolean }) {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    // Every picture comes from our own /images endpoint (lib/images/): a reader's browser never asks a
    // third-party host for anything. No data: either: neither our stylesheet nor Next's scripts use one.
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    // The offline service worker (public/sw.js). Without it worker-src falls back to script-src, where
    // 'strict-dynamic' drops 'self' and the registration would be refused.
    "worker-src 'self'",
    "manifest-src 'self'",
    "media-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
  const headers: Record<string, string> = { "Content-Security-Policy": csp, ...BASELINE_HEADERS };
  if (https) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

/** The headers every response carries, whatever produced it (pages add their nonce CSP on top). */
export const BASELINE_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
};

/**
 * The policy for responses that are not our pages: redirects, build assets, plain-text errors. Nothing
 * in them may run or load, and nothing may frame them. proxy.ts replaces it with the nonce policy on
 * every response it handles.
 */
export const NO_CONTENT_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The baseline plus the no-content policy: for answers that are no page of ours. */
export function nonPageHeaders(): Record<string, string> {
  return { "Content-Security-Policy": NO_CONTENT_CSP, ...BASELINE_HEADERS };
}

// Random bytes drawn 4 KB at a time: one getRandomValues call per 256 nonces instead of one per
// response (the page cache makes one per hit). Each byte is used once.
const pool = new Uint8Array(4096);
let poolAt = pool.length;

/** A fresh, unguessable nonce per response: 16 random bytes, base64 (always 24 characters). */
export function makeNonce(): string {
  if (poolAt + 16 > pool.length) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  let s = "";
  for (let i = poolAt; i < poolAt + 16; i++) s += String.fromCharCode(pool[i] as number);
  poolAt += 16;
  return btoa(s);
}
