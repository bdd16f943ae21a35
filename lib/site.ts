import { config } from "./config";

export const SITE_NAME = "Tidings";
export const SITE_DESCRIPTION =
  "A fast, readable news reader: the newest stories from many outlets, each tied to the related coverage around it.";

/** The public origin used for canonical links, feeds and the sitemap. */
export function siteUrl(): string {
  return config().siteUrl;
}

/** True when SITE_URL is set, rather than the localhost default. */
export function siteUrlConfigured(): boolean {
  return config().siteUrlSet;
}

/**
 * TRUST_PROXY=1 says a reverse proxy in front sets X-Forwarded-For, -Host and -Proto. Without it,
 * those headers come from whoever sent the request and mean nothing.
 */
export function trustProxy(): boolean {
  return config().trustProxy;
}

export function absoluteUrl(pathname: string): string {
  return `${siteUrl()}${pathname.startsWith("/") ? pathname : `/${pathname}`}`;
}
