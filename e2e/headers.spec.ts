import { expect, test } from "@playwright/test";

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
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(h["permissions-policy"], path).toContain("camera=()");
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
