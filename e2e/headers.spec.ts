import { type APIResponse, expect, test } from "@playwright/test";

// Every page type, and the non-HTML endpoints: each answer carries the security headers.
const paths = [
  "/",
  "/?cursor=bogus",
  "/articles/nurses-begin-48-hour-strike-as-pay-talks-with-health-ministry-collapse",
  "/articles/no-such-story",
  "/tags/nurses",
  "/sources/caldera-wire",
  "/sources",
  "/signin",
  "/signup",
  "/saved",
  "/account",
  "/moderation",
  "/feed.xml",
  "/tags/nurses/feed.xml",
  "/sitemap.xml",
  "/robots.txt",
  "/healthz",
];

test("security headers on every page type", async ({ request }) => {
  const nonces = new Set<string>();
  for (const path of paths) {
    const res = await request.get(path, { maxRedirects: 0 });
    const h = res.headers();
    const csp = h["content-security-policy"] ?? "";
    expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
    expect(csp, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toContain("object-src 'none'");
    // Pictures come from our own /images endpoint only: no third-party host, not even over https.
    expect(csp, path).toMatch(/(?:^|; )img-src 'self'(?:;|$)/);
    expect(csp, path).toMatch(/(?:^|; )media-src 'self'(?:;|$)/);
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(h["permissions-policy"], path).toContain("camera=()");
    // One policy only: the nonce policy replaces the baseline one from next.config.ts, never joins it.
    expect(res.headersArray().filter((x) => x.name.toLowerCase() === "content-security-policy").length, path).toBe(1);
    // Plain HTTP here: HSTS is only sent over HTTPS.
    expect(h["strict-transport-security"], path).toBeUndefined();
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    if (nonce) nonces.add(nonce);
  }
  // A fresh nonce every time.
  expect(nonces.size).toBe(paths.length);
});

test("HSTS is sent when the request came over HTTPS", async ({ request }) => {
  const res = await request.get("/", { headers: { "x-forwarded-proto": "https" } });
  expect(res.headers()["strict-transport-security"]).toContain("max-age=");
});

test("inline scripts all carry the nonce, and the page works under the policy", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const res = await page.goto("/");
  const nonce = /'nonce-([^']+)'/.exec(res?.headers()["content-security-policy"] ?? "")?.[1];
  const scripts = await page
    .locator("script:not([type='application/ld+json'])")
    .evaluateAll((els) => els.map((e) => ({ src: e.getAttribute("src"), nonce: (e as HTMLScriptElement).nonce })));
  for (const s of scripts.filter((s) => !s.src)) expect(s.nonce).toBe(nonce);
  // The theme toggle is client JavaScript: it only works if the scripts ran.
  await page.getByRole("button", { name: /Theme/ }).click();
  await expect(page.getByRole("button", { name: "Theme: dark" })).toBeVisible();
  expect(violations).toEqual([]);
});

test("session cookies are HttpOnly and SameSite=Lax", async ({ page, context }) => {
  const { randomUser, signUp } = await import("./helpers");
  await signUp(page, randomUser("cookie"));
  const session = (await context.cookies()).find((c) => c.name.includes("authjs.session-token"));
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");
});

// Issue 16: responses that are not pages (redirects, build assets, the cache server's own errors, JSON)
// must carry the baseline too. One test per kind of response, each naming where that response is made.

/** The baseline every response carries, with exactly one CSP that forbids framing. */
function expectBaseline(res: APIResponse, label: string) {
  const h = res.headers();
  expect(h["x-content-type-options"], label).toBe("nosniff");
  expect(h["referrer-policy"], label).toBe("strict-origin-when-cross-origin");
  expect(h["x-frame-options"], label).toBe("DENY");
  expect(h["permissions-policy"], label).toContain("camera=()");
  const csps = res.headersArray().filter((x) => x.name.toLowerCase() === "content-security-policy");
  expect(csps.length, `${label}: one Content-Security-Policy header`).toBe(1);
  expect(csps[0]?.value, label).toContain("frame-ancestors 'none'");
  return csps[0]?.value ?? "";
}

test("Next's 308 trailing-slash redirect carries the baseline", async ({ request }) => {
  for (const path of ["/sources/", "/tags/nurses/", "/signin/"]) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(308);
    expect(res.headers().location, path).toBe(path.slice(0, -1));
    const csp = expectBaseline(res, path);
    expect(csp, path).toContain("default-src 'none'");
  }
});

test("the cache server's own 400 carries the baseline and a no-content policy", async ({ request }) => {
  for (const path of ["/articles/%E0%A4%A", "/%FF", "/tags/%C3%28"]) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(400);
    const csp = expectBaseline(res, path);
    expect(csp, path).toContain("default-src 'none'");
  }
});

test("/_next/static assets, found or not, carry the baseline", async ({ request }) => {
  const html = await (await request.get("/")).text();
  const assets = [...html.matchAll(/\/_next\/static\/[^"'\s]+\.(?:js|css)/g)].map((m) => m[0]);
  const js = assets.find((a) => a.endsWith(".js"));
  const css = assets.find((a) => a.endsWith(".css"));
  expect(js, "a script on the front page").toBeTruthy();
  expect(css, "a stylesheet on the front page").toBeTruthy();
  for (const path of [js, css, "/_next/static/chunks/no-such-chunk.js"]) {
    const res = await request.get(path ?? "");
    expect(res.status(), path).toBe(path?.includes("no-such") ? 404 : 200);
    expectBaseline(res, path ?? "");
  }
});

test("404s carry the baseline", async ({ request }) => {
  for (const path of ["/no/such/route", "/articles/no-such-story", "/favicon.ico", "/tags/no-such-tag/feed.xml"]) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(404);
    expectBaseline(res, path);
  }
});

test("API JSON answers carry the baseline", async ({ request }) => {
  const answers: [string, APIResponse][] = [
    ["POST /api/comments (anonymous)", await request.post("/api/comments", { data: { articleId: 1, body: "x" } })],
    ["PUT /api/bookmarks/1 (anonymous)", await request.put("/api/bookmarks/1")],
    [
      "POST /api/comments (cross-site)",
      await request.post("/api/comments", { data: { articleId: 1, body: "x" }, headers: { origin: "null" } }),
    ],
    [
      "POST /api/comments (bad JSON)",
      await request.post("/api/comments", { data: "{", headers: { "content-type": "application/json" } }),
    ],
    ["GET /api/auth/csrf", await request.get("/api/auth/csrf")],
    ["GET /api/auth/session", await request.get("/api/auth/session")],
    ["GET /api/reader/no-script", await request.get("/api/reader/no-script")],
  ];
  for (const [label, res] of answers) {
    expect(res.status(), label).toBeLessThan(500);
    expectBaseline(res, label);
  }
});

test("feeds, the sitemap and the health check carry the baseline", async ({ request }) => {
  for (const path of ["/feed.xml", "/tags/nurses/feed.xml", "/sitemap.xml", "/robots.txt", "/healthz"]) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
    expectBaseline(res, path);
  }
});
