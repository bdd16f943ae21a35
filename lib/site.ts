import { config } from "./config";

export const SITE_NAME = "Tidings";
export const SITE_DESCRIPTION =
  "A fast, readable news reader: the newest stories from many outlets, each tied to the related coverage around it.";

/** The public origin used for canonical links, feeds and the sitemap. */
export function siteUrl(): string {
  return config().siteUrl;
}

export function absoluteUrl(pathname: string): string {
  return `${siteUrl()}${pathname.startsWith("/") ? pathname : `/${pathname}`}`;
}
