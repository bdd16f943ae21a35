import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules at run time instead of bundling it.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2"],
  poweredByHeader: false,
  // The page cache (lib/page-cache/cache-server.ts) keeps and rewrites HTML, so Next must hand it plain bytes.
  // Put a compressing reverse proxy in front in production.
  compress: false,
  // `npm test` runs `tsc --noEmit` over the whole project (scripts and tests too) before building;
  // checking again inside `next build` would only repeat that work.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
