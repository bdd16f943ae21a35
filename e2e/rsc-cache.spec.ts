import { type Browser, expect, type Page, type Response, test } from "@playwright/test";
import { randomUser, signUp } from "./helpers";

// React Server Component payloads (Next's `?_rsc=` prefetches and client navigations) come from the
// page cache for anonymous readers, and for signed-in readers where they carry no page content
// (lib/page-cache/cache-key.ts). Nothing a page renders for one reader may reach another through them.

// Each test signs up, writes and browses in several contexts: slow on a busy machine.
test.describe.configure({ timeout: 90_000 });

const isRsc = (r: Response) => r.request().headers().rsc === "1";
const isPrefetch = (r: Response) => isRsc(r) && r.request().headers()["next-router-prefetch"] === "1";
const isNavigation = (r: Response) => isRsc(r) && !r.request().headers()["next-router-prefetch"];

/** Bookmarks the open article and comments on it as this reader. */
async function leaveTraces(page: Page, text: string) {
  await page
    .locator("article header")
    .getByRole("button", { name: /^Bookmark/ })
    .click();
  await expect(page.locator("article header").getByRole("button", { name: /^Bookmark/ })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  const comments = page.locator("section[aria-labelledby=comments]");
  await comments.getByRole("textbox").first().fill(text);
  await comments.getByRole("button", { name: "Post comment" }).click();
  await expect(comments.locator("li p").filter({ hasText: text })).toBeVisible({ timeout: 15_000 });
}

/** Opens the front page afresh and follows the link to `href` client-side; the navigation's response. */
async function navigateFromFront(page: Page, href: string): Promise<Response> {
  await page.goto("/");
  const link = page.locator(`main article h2 a[href="${href}"]`);
  await expect(link).toBeVisible();
  const [response] = await Promise.all([page.waitForResponse(isNavigation), link.click()]);
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  return response;
}

async function anonymousPage(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

/** What an anonymous reader must see on an article someone else bookmarked and commented on. */
async function expectNothingPersonal(page: Page, trace: string, name: string) {
  await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Account" })).toHaveCount(0);
  await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);
  await expect(page.locator("article header").getByRole("button", { name: /^Bookmark/ })).toHaveAttribute(
    "aria-pressed",
    "false",
  );
  const comments = page.locator("section[aria-labelledby=comments]");
  await expect(comments.getByRole("link", { name: "Sign in to comment" })).toBeVisible();
  const theirs = comments.locator("li").filter({ hasText: trace });
  await expect(theirs.getByText("Edit", { exact: true })).toHaveCount(0);
  await expect(theirs.getByRole("button", { name: "Delete" })).toHaveCount(0);
}

test("a navigation payload is shared and clean; the signed-in reader's own state comes after it", async ({
  page,
  browser,
}) => {
  const user = randomUser("nav");
  await signUp(page, user);
  await page.goto("/");
  const href = (await page.locator("main article h2 a").nth(4).getAttribute("href")) ?? "";
  await page.goto(href);
  const trace = `Navigation trace ${user.name}`;
  await leaveTraces(page, trace);

  // The signed-in reader's navigation gets the shared payload, which carries nothing of theirs; their
  // bookmark and their rights on their own comment arrive with the state request that follows it.
  const stateAnswers: Response[] = [];
  page.on("response", (r) => {
    if (new URL(r.url()).pathname === "/api/reader/state") stateAnswers.push(r);
  });
  let response = await navigateFromFront(page, href);
  expect(["MISS", "HIT"]).toContain(response.headers()["x-page-cache"]);
  // Chromium keeps no body once the page moved on: ask again, with the same headers and the reader's cookies.
  const again = await page.request.get(response.url(), { headers: response.request().headers(), maxRedirects: 0 });
  expect(again.headers()["x-page-cache"]).toBe("HIT");
  const payload = await again.text();
  // The comment is there, with its author's public name, as every reader sees it; nothing else of theirs.
  expect(payload).toContain(trace);
  expect(payload).not.toContain(user.email);
  // It is byte for byte what a reader without a session gets for the same request (bar the nonce).
  const { cookie: _cookie, ...anonymousHeaders } = response.request().headers();
  const outsider = await browser.newContext();
  const theirs = await outsider.request.get(response.url(), { headers: anonymousHeaders, maxRedirects: 0 });
  expect(theirs.headers()["x-page-cache"]).toBe("HIT");
  const nonceOf = (h: Record<string, string>) => /'nonce-([^']+)'/.exec(h["content-security-policy"] ?? "")?.[1] ?? "";
  const withoutNonce = (text: string, n: string) => (n ? text.split(n).join("NONCE") : text);
  expect(withoutNonce(await theirs.text(), nonceOf(theirs.headers()))).toBe(
    withoutNonce(payload, nonceOf(again.headers())),
  );
  await outsider.close();
  await expect(page.locator("article header").getByRole("button", { name: /^Bookmark/ })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  const mine = page.locator("section[aria-labelledby=comments] li").filter({ hasText: trace });
  await expect(mine.getByRole("button", { name: "Delete" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Account" })).toBeVisible();
  expect(stateAnswers.length).toBeGreaterThan(0);
  expect(stateAnswers[0]?.headers()["cache-control"]).toBe("private, no-store");
  // The same request without the session says nothing.
  const stranger = await browser.newContext();
  const refused = await stranger.request.get(stateAnswers[0]?.url() ?? "");
  expect(refused.status()).toBe(401);
  expect(await refused.text()).toBe("null");
  await stranger.close();

  // The same navigation (same router headers, same `_rsc`) by anonymous readers: shared, and clean.
  const first = await anonymousPage(browser);
  response = await navigateFromFront(first.page, href);
  expect(["MISS", "HIT"]).toContain(response.headers()["x-page-cache"]);
  await expectNothingPersonal(first.page, trace, user.name);
  const second = await anonymousPage(browser);
  response = await navigateFromFront(second.page, href);
  expect(response.headers()["x-page-cache"]).toBe("HIT");
  await expectNothingPersonal(second.page, trace, user.name);
  await expect(second.page.locator("section[aria-labelledby=comments] li p").filter({ hasText: trace })).toBeVisible();

  // A new comment invalidates the article's tag: the shared payload is rendered again and shows it.
  await page.goto(href);
  const comments = page.locator("section[aria-labelledby=comments]");
  await comments.getByRole("textbox").first().fill(`${trace}, again`);
  await comments.getByRole("button", { name: "Post comment" }).click();
  await expect(comments.locator("li p").filter({ hasText: `${trace}, again` })).toBeVisible();
  response = await navigateFromFront(second.page, href);
  expect(response.headers()["x-page-cache"]).toBe("MISS");
  await expect(
    second.page.locator("section[aria-labelledby=comments] li p").filter({ hasText: `${trace}, again` }),
  ).toBeVisible();
  await expectNothingPersonal(second.page, trace, user.name);
  await first.context.close();
  await second.context.close();
});

test("prefetch payloads: anonymous ones are shared, and a signed-in reader's shared ones equal their own render", async ({
  page,
  browser,
}) => {
  const user = randomUser("prefetch");
  await signUp(page, user);
  await page.goto("/");
  const href = (await page.locator("main article h2 a").nth(5).getAttribute("href")) ?? "";
  await page.goto(href);
  await leaveTraces(page, `Prefetch trace ${user.name}`);

  // The signed-in reader's prefetches from this article (bodies read at once, before any navigation).
  await page.goto("/");
  const prefetches: Response[] = [];
  page.on("response", (r) => {
    if (isPrefetch(r) && new URL(r.request().headers().referer ?? "http://x/").pathname === href) prefetches.push(r);
  });
  await page.goto(href);
  await expect.poll(() => prefetches.length, { timeout: 10_000 }).toBeGreaterThan(5);
  await page.waitForTimeout(1_000);
  const shared = prefetches.filter((r) => r.headers()["x-page-cache"]);
  expect(shared.length).toBeGreaterThan(5);
  for (const r of shared) {
    // The shared copy as this reader gets it (Chromium keeps no body for prefetches: ask again, with the
    // same headers and the reader's cookies) ...
    const again = await page.request.get(r.url(), { headers: r.request().headers(), maxRedirects: 0 });
    expect(again.headers()["x-page-cache"]).toBe("HIT");
    const body = await again.text();
    expect(body).not.toContain(user.name);
    expect(body).not.toContain(user.email);
    // ... and the same request rendered by Next for this reader (an unkeyed `next-` header bypasses the cache).
    const fresh = await page.request.get(r.url(), {
      headers: { ...r.request().headers(), "next-e2e-bypass": "1" },
      maxRedirects: 0,
    });
    expect(fresh.status()).toBe(200);
    expect(fresh.headers()["x-page-cache"]).toBeUndefined();
    const nonce = (h: Record<string, string>) => /'nonce-([^']+)'/.exec(h["content-security-policy"] ?? "")?.[1] ?? "";
    // The nonce, and the per-render id React gives the viewport and metadata boundaries, differ on
    // every render; nothing else may.
    const normalise = (text: string, n: string) =>
      (n ? text.split(n).join("NONCE") : text).replace(/("\$L[0-9a-f]+",")[A-Za-z0-9_-]{16,}([vm]")/g, "$1ID$2");
    expect(normalise(await fresh.text(), nonce(fresh.headers())), r.url()).toBe(
      normalise(body, nonce(again.headers())),
    );
  }

  // Anonymous readers share them: a second anonymous view of the article is served from the cache.
  for (let round = 0; round < 2; round++) {
    const anon = await anonymousPage(browser);
    const seen: Response[] = [];
    anon.page.on("response", (r) => {
      if (isPrefetch(r)) seen.push(r);
    });
    await anon.page.goto(href);
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBeGreaterThan(5);
    await anon.page.waitForTimeout(1_000);
    for (const r of seen) {
      if (round === 1) expect(r.headers()["x-page-cache"], r.url()).toBe("HIT");
      const again = await anon.page.request.get(r.url(), { headers: r.request().headers(), maxRedirects: 0 });
      expect(await again.text()).not.toContain(user.name);
    }
    await anon.context.close();
  }
});
