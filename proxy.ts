import { type NextRequest, NextResponse } from "next/server";
import { makeNonce, securityHeaders } from "@/lib/security/headers";

/**
 * Adds the security headers to every response, with a fresh CSP nonce that Next applies to its own
 * scripts (it reads the request's Content-Security-Policy header) and the layout to its inline one.
 */
export function proxy(request: NextRequest) {
  const nonce = makeNonce();
  const https =
    request.nextUrl.protocol === "https:" ||
    request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
  // NODE_ENV is not configuration (lib/config.ts): Next sets it and compiles it into this file as a constant.
  const headers = securityHeaders({ nonce, https, dev: process.env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  // Layouts are never given the query string; the header's search box shows the query on /search.
  requestHeaders.delete("x-search-query");
  if (request.nextUrl.pathname === "/search") {
    requestHeaders.set("x-search-query", encodeURIComponent(request.nextUrl.searchParams.get("q") ?? ""));
  }
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"] ?? "");
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Static build assets carry no HTML; everything else, including feeds and JSON, gets the headers.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
