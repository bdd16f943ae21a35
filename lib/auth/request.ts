/**
 * The client's address for rate limiting. Next fills X-Forwarded-For from the socket when the request
 * has none; a client talking to Next directly can still send its own, which is why every limit also
 * has a per-account key that no header can change.
 */
export function clientIp(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "unknown";
}

/** Only same-site paths may be redirect targets: "/x" yes; "//evil", "/\\evil", "https://evil" no. */
export function safeCallbackUrl(raw: unknown, fallback = "/"): string {
  if (typeof raw !== "string" || raw.length > 2000) return fallback;
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001F\\]/.test(raw)) return fallback;
  try {
    const u = new URL(raw, "http://placeholder.invalid");
    if (u.origin !== "http://placeholder.invalid") return fallback;
    return `${u.pathname}${u.search}${u.hash}`;
  } catch {
    return fallback;
  }
}
