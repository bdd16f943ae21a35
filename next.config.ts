import type { NextConfig } from "next";
import { nonPageHeaders } from "@/lib/security/headers";

const nextConfig: NextConfig = {
  // better-sqlite3 and sharp are native addons: load them from node_modules at run time instead of bundling them.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "sharp"],
  poweredByHeader: false,
  // The page cache (lib/page-cache/cache-server.ts) keeps and rewrites HTML, so Next must hand it plain bytes;
  // it gzips what it serves itself (cached pages, static files). What Next renders for one reader or on a
  // miss goes out plain: a compressing reverse proxy in front still helps those.
  compress: false,
  // `npm test` runs `tsc --noEmit` over the whole project (scripts and tests too) before building;
  // checking again inside `next build` would only repeat that work.
  typescript: { ignoreBuildErrors: true },
  // The baseline for responses proxy.ts never sees: Next's own redirects (the 308 that drops a
  // trailing slash), /_next/static and /_next/image, favicon and other files. Headers set here come
  // first; proxy.ts overwrites the CSP with the nonce policy on every response it handles.
  async headers() {
    return [{ source: "/:path*", headers: Object.entries(nonPageHeaders()).map(([key, value]) => ({ key, value })) }];
  },
};

export default nextConfig;
