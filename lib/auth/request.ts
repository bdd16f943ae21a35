import { siteUrl } from "@/lib/site";

/**
 * The client's address for rate limiting. Without TRUST_PROXY the page-cache server replaces
 * X-Forwarded-For with the socket's address. With it, the last entry is the one our own proxy appended
 * (the address it saw): entries before it were sent by the client and could be anything, so a client
 * cannot pick a fresh address per attempt.
 */
export function clientIp(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || "unknown";
}

/**
 * The rate-limit key for an address. One IPv6 client usually holds a whole /64 and can pick a new
 * address in it for every request, so IPv6 addresses count per /64; IPv4-mapped IPv6 counts as IPv4.
 */
export function addressKey(ip: string): string {
  const bare =
    ip
      .trim()
      .toLowerCase()
      .replace(/^\[|\]$/g, "")
      .split("%")[0] ?? "";
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(bare);
  if (mapped?.[1]) return mapped[1];
  if (!bare.includes(":")) return bare || "unknown";
  // Expand "::" so the first four groups are the /64 prefix.
  const [head = "", tail] = bare.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups =
    tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => (g || "0").replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

const MAX_CALLBACK_LENGTH = 2000;
// Characters a browser's URL parser drops or reads as a slash. Refused outright, anywhere in the input.
const CONTROL_OR_BACKSLASH = /[\u0000-\u001F\u007F\\]/;

/** True when a decoded path could be read by a browser (or a proxy that decodes) as another host. */
function looksLikeAnotherHost(path: string): boolean {
  // Compatibility forms first: a fullwidth solidus "／" or reverse solidus "＼" becomes "/" or "\".
  const folded = path.normalize("NFKC");
  return folded.startsWith("//") || CONTROL_OR_BACKSLASH.test(folded);
}

/**
 * The same-origin path a redirect may go to, or `fallback`.
 *
 * The decision is taken on the URL as a browser will read it, after normalisation, never on the raw
 * string: "/..//evil.test" normalises to "//evil.test" (another host), so a check on the raw leading
 * characters lets it through. Accepted: a path ("/articles/x?y=1#c"), or an absolute URL to this
 * site's origin, reduced to its path. Refused: anything that resolves to another origin or scheme
 * (protocol-relative, "javascript:", "data:"), and any input with control characters or backslashes,
 * which browsers strip or read as slashes. The path is checked once more after percent-decoding and
 * Unicode compatibility folding, so "/%2F%2Fevil" or a fullwidth "／／evil" cannot become "//evil"
 * behind a layer that decodes.
 */
export function safeCallbackUrl(raw: unknown, fallback = "/"): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_CALLBACK_LENGTH) return fallback;
  if (CONTROL_OR_BACKSLASH.test(raw)) return fallback;
  const site = new URL(siteUrl());
  // Only a path or an absolute http(s) URL; a bare "evil.test" or "x/y" would resolve relative to
  // wherever the reader happens to be.
  if (!raw.startsWith("/") && !/^https?:\/\//i.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, site);
  } catch {
    return fallback;
  }
  if (url.origin !== site.origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!path.startsWith("/") || looksLikeAnotherHost(url.pathname)) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return fallback;
  }
  if (looksLikeAnotherHost(decoded)) return fallback;
  // "/%2e%2e%2f%2fevil" decodes to "/..//evil": a layer that decodes and then normalises gets "//evil".
  try {
    const reread = new URL(decoded.normalize("NFKC"), site);
    if (reread.origin !== site.origin || looksLikeAnotherHost(reread.pathname)) return fallback;
  } catch {
    return fallback;
  }
  // The result must be a fixed point: read again, it is the same same-origin path.
  const again = new URL(path, site);
  if (again.origin !== site.origin || `${again.pathname}${again.search}${again.hash}` !== path) return fallback;
  return path;
}
