// Query parameters that say how a reader arrived, not what they read. Two links differing only in
// these are the same story, so they are removed before URLs are compared or stored.
const TRACKING_PARAMS = new Set([
  "fbclid",
  "gclid",
  "gclsrc",
  "dclid",
  "gbraid",
  "wbraid",
  "msclkid",
  "yclid",
  "twclid",
  "ttclid",
  "igshid",
  "mc_cid",
  "mc_eid",
  "mkt_tok",
  "_hsenc",
  "_hsmi",
  "_ga",
  "_gl",
  "oly_anon_id",
  "oly_enc_id",
  "vero_id",
  "wt_mc",
  "at_medium",
  "at_campaign",
  "cmpid",
  "ocid",
  "ns_mchannel",
  "ns_source",
  "ns_campaign",
  "ns_linkname",
  "ns_fee",
  "sr_share",
  "ref_src",
  "ref_url",
]);

function isTrackingParam(name: string): boolean {
  const key = name.toLowerCase();
  return key.startsWith("utm_") || TRACKING_PARAMS.has(key);
}

/**
 * The canonical form of an article link: absolute http(s), no fragment, no tracking parameters.
 * Returns null for anything that is not an http(s) URL.
 */
export function canonicalUrl(raw: string | undefined | null, base?: string): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  url.hash = "";
  url.username = "";
  url.password = "";
  const tracking = [...url.searchParams.keys()].filter(isTrackingParam);
  // Deleting re-serialises the whole query (%20 becomes +), so a query without tracking is left as it came.
  if (tracking.length > 0) {
    for (const name of tracking) url.searchParams.delete(name);
    if (url.searchParams.size === 0) url.search = "";
  }
  return url.href;
}
