import { ISLANDS_COOKIE } from "@/lib/page-cache/reader-shell";

/**
 * Asked for only by the `<noscript>` image in a signed-in reader's shared copy of a page (see
 * lib/page-cache/reader-shell.ts): this browser no longer runs the islands, so it stops claiming to, and the page
 * cache renders its pages whole again. No data changes; anyone may ask.
 */
export function GET() {
  return new Response(null, {
    status: 204,
    headers: {
      "cache-control": "no-store",
      "set-cookie": `${ISLANDS_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`,
    },
  });
}
