import { describe, expect, it } from "vitest";
import { isCrossSiteRequest, type SiteOrigin } from "@/lib/security/cross-site";

const configured: SiteOrigin = { siteUrl: "https://news.example", siteUrlConfigured: true, trustProxy: false };
const localDefault: SiteOrigin = { siteUrl: "http://localhost:3000", siteUrlConfigured: false, trustProxy: false };
const behindProxy: SiteOrigin = { ...localDefault, trustProxy: true };

const check = (site: SiteOrigin, headers: Record<string, string>) => isCrossSiteRequest(new Headers(headers), site);

describe("isCrossSiteRequest", () => {
  it("accepts the configured origin, and requests that are not from a page", () => {
    expect(check(configured, { origin: "https://news.example", host: "news.example" })).toBe(false);
    expect(check(configured, { origin: "https://NEWS.example:443", host: "anything" })).toBe(false);
    expect(check(configured, { "sec-fetch-site": "same-origin", origin: "https://news.example" })).toBe(false);
    expect(check(configured, { "sec-fetch-site": "none" })).toBe(false);
    expect(check(configured, {})).toBe(false);
  });

  it("refuses another site, whatever the forwarded headers claim", () => {
    const evil = { origin: "http://evil.test" };
    expect(check(configured, evil)).toBe(true);
    expect(check(configured, { ...evil, host: "evil.test" })).toBe(true);
    expect(check(configured, { ...evil, "x-forwarded-host": "evil.test" })).toBe(true);
    expect(check({ ...configured, trustProxy: true }, { ...evil, "x-forwarded-host": "evil.test" })).toBe(true);
    expect(check(configured, { origin: "http://news.example", host: "news.example" })).toBe(true); // wrong scheme
    expect(check(configured, { origin: "https://news.example.evil.test" })).toBe(true);
    expect(check(localDefault, { ...evil, host: "localhost:3000", "x-forwarded-host": "evil.test" })).toBe(true);
    expect(check(configured, { "sec-fetch-site": "cross-site", origin: "https://news.example" })).toBe(true);
    expect(check(configured, { "sec-fetch-site": "same-site" })).toBe(true);
  });

  it.each([
    "null",
    "",
    " ",
    "not a url",
    "https://",
    "file:///etc/passwd",
    "data:,x",
    "javascript:1",
    "http://[::1",
    "%",
  ])("refuses the unparsable or opaque Origin %j without throwing", (origin) => {
    expect(check(configured, { origin, host: "news.example" })).toBe(true);
    expect(check(localDefault, { origin, host: "localhost:3000" })).toBe(true);
  });

  it("with SITE_URL left at its default, the request's own host is this site; X-Forwarded-Host only behind a trusted proxy", () => {
    expect(check(localDefault, { origin: "http://localhost:3000" })).toBe(false);
    expect(check(localDefault, { origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" })).toBe(false);
    expect(check(localDefault, { origin: "http://evil.test", host: "127.0.0.1:3000" })).toBe(true);
    // The report's bypass: a forged X-Forwarded-Host matching the forged Origin.
    expect(
      check(localDefault, { origin: "http://evil.test", host: "127.0.0.1:3000", "x-forwarded-host": "evil.test" }),
    ).toBe(true);
    expect(
      check(behindProxy, { origin: "https://news.example", host: "10.0.0.5:3000", "x-forwarded-host": "news.example" }),
    ).toBe(false);
    expect(
      check(behindProxy, { origin: "https://evil.test", host: "10.0.0.5:3000", "x-forwarded-host": "news.example" }),
    ).toBe(true);
    expect(check(localDefault, { origin: "http://127.0.0.1:3000" })).toBe(true); // no host to compare with
  });
});
