import type { MetadataRoute } from "next";
import { SITE_DESCRIPTION, SITE_NAME } from "@/lib/site";

// The colours of app/globals.css (and of the viewport's theme-color in app/layout.tsx).
const LIGHT = "#fbfaf7";
const DARK = "#121316";

/**
 * The web app manifest (/manifest.webmanifest; Next links it from every page). Installed, Tidings opens
 * standalone at the front page, and the service worker (public/sw.js) keeps saved stories readable
 * offline. The PNG icons are drawn by scripts/make-icons.ts from the mark in app/icon.svg.
 */
export default function manifest(): MetadataRoute.Manifest {
  const value: MetadataRoute.Manifest & {
    user_preferences: { color_scheme_dark: { theme_color: string; background_color: string } };
  } = {
    id: "/",
    name: `${SITE_NAME}: the news, and everything around it`,
    short_name: SITE_NAME,
    description: SITE_DESCRIPTION,
    lang: "en",
    start_url: "/",
    scope: "/",
    display: "standalone",
    theme_color: LIGHT,
    background_color: LIGHT,
    // One colour pair per scheme: Chromium reads this (the manifest's colour-scheme proposal); others
    // take the light pair above, and the pages' own theme-color meta tags follow the scheme anyway.
    user_preferences: { color_scheme_dark: { theme_color: DARK, background_color: DARK } },
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
  return value;
}
