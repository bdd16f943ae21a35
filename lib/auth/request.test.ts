import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clientIp, safeCallbackUrl } from "./request";

// The site's configured origin; absolute URLs to it are accepted and reduced to their path.
const SITE = "http://news.example:8080";

describe("safeCallbackUrl", () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.SITE_URL;
    process.env.SITE_URL = SITE;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.SITE_URL;
    else process.env.SITE_URL = saved;
  });

  it.each([
    ["/", "/"],
    ["/articles/x?y=1#comments", "/articles/x?y=1#comments"],
    ["/search?q=%2F%2Fevil.test", "/search?q=%2F%2Fevil.test"],
    ["/saved?cursor=abc#top", "/saved?cursor=abc#top"],
    ["/articles/x#//evil.test", "/articles/x#//evil.test"],
    ["/a/../b", "/b"],
    ["/./articles/x", "/articles/x"],
    // Absolute URLs to this origin are reduced to their path.
    [`${SITE}/articles/x?y=1`, "/articles/x?y=1"],
    [`${SITE}`, "/"],
    ["HTTP://NEWS.EXAMPLE:8080/saved", "/saved"],
  ])("accepts %s as %s", (raw, expected) => {
    expect(safeCallbackUrl(raw)).toBe(expected);
  });

  // Every one of these must fall back; several reached another host through the old raw-string check.
  it.each([
    // Another origin, directly or protocol-relative.
    "https://evil.test/",
    "http://evil.test",
    "//evil.test",
    "///evil.test",
    "https://news.example:8080/",
    "http://news.example/",
    "http://news.example:8080.evil.test/",
    "http://news.example:8080@evil.test/",
    "http:/evil.test",
    "http:evil.test",
    `${SITE}//evil.test`,
    `${SITE}/..//evil.test`,
    // Dot segments that normalise to a protocol-relative path.
    "/..//evil.test",
    "/../..//evil.test",
    "/.//evil.test",
    "/./..//evil.test",
    "/a/..//evil.test",
    "/%2e%2e//evil.test",
    "/%2E%2E//evil.test",
    "/.%2e//evil.test",
    // Backslashes, which browsers read as slashes.
    "/\\evil.test",
    "\\\\evil.test",
    "\\/evil.test",
    "/./\\/evil.test",
    "/.\\/evil.test",
    "/..\\/evil.test",
    // Encoded slashes and backslashes, for any layer that decodes before it normalises.
    "/%2F%2Fevil.test",
    "/%2f/evil.test",
    "/%2F/evil.test",
    "/%5C%5Cevil.test",
    "/%5Cevil.test",
    "/%5c/evil.test",
    "/%2e%2e%2f%2fevil.test",
    "/..%2F%2Fevil.test",
    "/..%2f..%2f%2fevil.test",
    "/%252F%252Fevil.test/..%2F%2Fx",
    // Tabs, newlines and carriage returns, which browsers strip ("/\t/evil" is "//evil").
    "/\t/evil.test",
    "/\n/evil.test",
    "/\r/evil.test",
    "\t//evil.test",
    "/%09/evil.test",
    "/%0d%0aSet-Cookie:x",
    "/\u0000/evil.test",
    "/\u007F/evil.test",
    // Scripts and other schemes.
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "java\tscript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "blob:http://news.example:8080/x",
    "file:///etc/passwd",
    "mailto:x@evil.test",
    // Unicode lookalikes: fullwidth solidus and reverse solidus, and their encoded forms.
    "/\uFF0F/evil.test",
    "/\uFF0Fevil.test",
    "\uFF0F\uFF0Fevil.test",
    "/\uFF3Cevil.test",
    "/%EF%BC%8F%EF%BC%8Fevil.test",
    "/%EF%BC%8Fevil.test",
    "/%EF%BC%BCevil.test",
    // Not a path at all, or malformed.
    "evil.test",
    "evil.test/x",
    " /x",
    "",
    "/%E0%A4%A",
    `/${"a".repeat(2001)}`,
  ])("refuses %j", (raw) => {
    expect(safeCallbackUrl(raw)).toBe("/");
    expect(safeCallbackUrl(raw, "/account")).toBe("/account");
  });

  it("refuses what is not a string", () => {
    for (const raw of [undefined, null, 42, ["/x"], { toString: () => "/x" }]) expect(safeCallbackUrl(raw)).toBe("/");
  });

  it("whatever the input, the answer stays on this origin, read as a browser reads it", () => {
    const tricky = [
      "/",
      "\\",
      "/\\",
      "//",
      ".",
      "..",
      "%2F",
      "%5C",
      "%2e",
      "\t",
      "\uFF0F",
      "evil.test",
      "@",
      ":",
      "?",
      "#",
    ];
    for (const a of tricky)
      for (const b of tricky)
        for (const c of tricky) {
          const raw = `${a}${b}${c}`;
          const out = safeCallbackUrl(raw);
          const read = new URL(out, SITE);
          expect(read.origin, JSON.stringify(raw)).toBe(SITE);
          expect(out.startsWith("/") && !out.startsWith("//"), JSON.stringify(raw)).toBe(true);
          expect(decodeURIComponent(read.pathname).normalize("NFKC").startsWith("//"), JSON.stringify(raw)).toBe(false);
        }
  });
});

describe("clientIp", () => {
  it("takes the entry our proxy appended, not one the client wrote in front of it", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientIp(new Headers({ "x-forwarded-for": "1.2.3.4, 198.51.100.7" }))).toBe("198.51.100.7");
    expect(clientIp(new Headers({ "x-forwarded-for": "forged-per-attempt,2001:db8::1 " }))).toBe("2001:db8::1");
    expect(clientIp(new Headers())).toBe("unknown");
  });
});
