/**
 * The CSRF check for cookie-authenticated JSON writes: did the browser say the request came from
 * this site? Pure, so every branch is unit-tested (lib/security/cross-site.test.ts).
 *
 * - `Sec-Fetch-Site`, when sent, must be "same-origin" (or "none": typed by the user).
 * - `Origin`, when sent, must be this site's origin. "null" (sandboxed frames, data: URLs, some
 *   redirects) and anything that does not parse as an origin are refused like any other site.
 * - This site's origin is SITE_URL's. Only while SITE_URL is left at its localhost default is the
 *   request's own host accepted too (so `npm start` on 127.0.0.1 works), and that host is read from
 *   X-Forwarded-Host only behind a trusted proxy (TRUST_PROXY=1): anyone can send that header.
 * A request with neither header is not from a browser page and carries no ambient credentials to abuse.
 */
export type SiteOrigin = { siteUrl: string; siteUrlConfigured: boolean; trustProxy: boolean };

export function isCrossSiteRequest(headers: Headers, site: SiteOrigin): boolean {
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite !== null && fetchSite !== "same-origin" && fetchSite !== "none") return true;
  const origin = headers.get("origin");
  if (origin === null) return false;
  const sent = parseOrigin(origin);
  if (!sent) return true;
  if (sent === parseOrigin(site.siteUrl)) return false;
  if (site.siteUrlConfigured) return true;
  const host = site.trustProxy
    ? (headers.get("x-forwarded-host")?.split(",")[0]?.trim() ?? headers.get("host"))
    : headers.get("host");
  if (!host) return true;
  // The scheme is not compared here: without a trusted proxy the server cannot tell what the
  // browser used, and a page on http://this-host is this host's own page either way.
  return new URL(sent).host !== host.toLowerCase();
}

/** "scheme://host[:port]" for an http(s) origin, or null ("null", garbage, other schemes, paths). */
function parseOrigin(value: string): string | null {
  try {
    const u = new URL(value.trim());
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    return u.origin;
  } catch {
    return null;
  }
}
