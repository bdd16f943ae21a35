import {
  type APIRequestContext,
  type Browser,
  expect,
  type Locator,
  type Page,
  type Response,
  request,
  test,
} from "@playwright/test";
import { randomUser, signUp } from "./helpers";

/** Clicks a Follow/Mute button and waits for the server action's answer: saved, not only shown. */
async function saved(page: Page, button: Locator) {
  await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), button.click()]);
}

// A reader who mutes anything gets their front page, tag and outlet pages and search rendered for
// them, never stored; My feed is never cached at all (lib/page-cache/README.md, "Follow and mute").
// Here a muted reader browses first, so that if any of their pages or payloads were stored, the
// anonymous reader and the other signed-in reader asking next would be handed it.

test.describe.configure({ timeout: 120_000 });

// Both mention "budget" (db/sample/content.ts): on the front page, and on #Flooding.
const VARGA_BUDGET = "/articles/varga-budget-raises-tax-free-allowance-targets-2-8-per-cent-deficit";
const FLOOD_BUDGET = "/articles/hallowicks-flood-was-forecast-its-barrier-was-not-ready";

const isNavigation = (r: Response) =>
  r.request().headers().rsc === "1" && !r.request().headers()["next-router-prefetch"];

async function mutedReader(page: Page) {
  const user = randomUser("muted");
  await signUp(page, user);
  await page.goto("/account");
  await page.getByLabel(/Word or phrase to mute/).fill("budget");
  await page.getByRole("button", { name: "Mute word" }).click();
  await expect(page.getByText("Muted “budget”.")).toBeVisible();
  await page.goto("/tags/nurses");
  // The signed-in control (with aria-pressed) once the page is hydrated, not the sign-in link.
  await expect(page.getByRole("button", { name: /^Follow #Nurses/ })).toHaveAttribute("aria-pressed", "false");
  await saved(page, page.getByRole("button", { name: /^Follow #Nurses/ }));
  await expect(page.getByRole("button", { name: /Following #Nurses/ })).toBeVisible();
  return user;
}

/** Another signed-in reader whose browser runs the islands (so they are sent shared copies). */
async function otherReader(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const user = randomUser("bystander");
  await signUp(page, user);
  await page.goto("/");
  return { context, page, user };
}

async function get(client: APIRequestContext, url: string, headers: Record<string, string> = {}) {
  const r = await client.get(url, { headers, maxRedirects: 0 });
  return { status: r.status(), cache: r.headers()["x-page-cache"], body: await r.text() };
}

test("a muted reader's documents are theirs alone; everyone else keeps the shared copy", async ({
  page,
  browser,
  baseURL,
}) => {
  const muted = await mutedReader(page);
  // The muted reader's own views first, each rendered for them (no cache header) and without the stories.
  for (const [path, hiddenHref] of [
    ["/", VARGA_BUDGET],
    ["/tags/flooding", FLOOD_BUDGET],
    ["/search?q=flood", FLOOD_BUDGET],
  ] as [string, string][]) {
    for (let i = 0; i < 2; i++) {
      const response = await page.goto(path);
      expect(response?.headers()["x-page-cache"], path).toBeUndefined();
      expect(response?.headers()["cache-control"], path).toMatch(/private|no-store/);
      await expect(page.locator(`main a[href="${hiddenHref}"]`)).toHaveCount(0);
    }
  }
  const my = await page.goto("/my");
  expect(my?.headers()["x-page-cache"]).toBeUndefined();
  await expect(page.getByRole("list", { name: "You follow" }).getByText("#Nurses")).toBeVisible();

  // Anonymous: the shared copies, with every story.
  const anonymous = await request.newContext({ baseURL });
  for (const [path, href] of [
    ["/", VARGA_BUDGET],
    ["/tags/flooding", FLOOD_BUDGET],
    ["/search?q=flood", FLOOD_BUDGET],
  ] as [string, string][]) {
    const first = await get(anonymous, path);
    expect(first.status, path).toBe(200);
    expect(["MISS", "HIT"], path).toContain(first.cache);
    expect(first.body, path).toContain(href);
    expect(first.body, path).not.toContain("hidden by your mutes");
    expect(first.body, path).not.toContain(muted.name);
    const again = await get(anonymous, path);
    expect(again.cache, path).toBe("HIT");
    expect(again.body, path).toContain(href);
  }
  // My feed is nobody else's: signed out it is a way to sign in.
  const anonMy = await get(anonymous, "/my");
  expect(anonMy.status).not.toBe(200);
  expect(anonMy.body).not.toContain("#Nurses");

  // Another signed-in reader: the shared copy plus their own state, with every story.
  const other = await otherReader(browser);
  for (const [path, href] of [
    ["/", VARGA_BUDGET],
    ["/tags/flooding", FLOOD_BUDGET],
  ] as [string, string][]) {
    const response = await other.page.goto(path);
    expect(response?.headers()["x-page-cache"], path).toBe("SHELL");
    await expect(other.page.locator(`main a[href="${href}"]`)).toBeVisible();
    await expect(other.page.getByText("hidden by your mutes")).toHaveCount(0);
    // Their Follow control is theirs: not following #Flooding.
    if (path === "/tags/flooding")
      await expect(other.page.getByRole("button", { name: /^Follow #Flooding/ })).toHaveAttribute(
        "aria-pressed",
        "false",
      );
  }
  await other.page.goto("/tags/nurses");
  await expect(other.page.getByRole("button", { name: /^Follow #Nurses/ })).toHaveAttribute("aria-pressed", "false");
  await other.page.goto("/my");
  await expect(other.page.getByText("You do not follow anything yet.")).toBeVisible();
  await other.context.close();
  await anonymous.dispose();
});

test("a muted reader's navigation payloads are never stored or replayed to others", async ({
  page,
  browser,
  baseURL,
}) => {
  await mutedReader(page);
  // Client navigations: front page → #Flooding (a card's tag link) → front page (the header link).
  await page.goto("/");
  const captured: Response[] = [];
  page.on("response", (r) => {
    if (isNavigation(r)) captured.push(r);
  });
  await page.locator("main article").getByRole("link", { name: "#Flooding" }).first().click();
  await expect(page).toHaveURL(/\/tags\/flooding$/);
  await expect(page.locator("main article").first()).toBeVisible();
  await expect(page.locator(`main a[href="${FLOOD_BUDGET}"]`)).toHaveCount(0);
  await page.locator("header").getByRole("link", { name: "Tidings" }).first().click();
  await expect(page).toHaveURL(new RegExp(`${baseURL}/?$`));
  await expect(page.locator(`main a[href="${VARGA_BUDGET}"]`)).toHaveCount(0);
  await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "My feed" }).click();
  await expect(page.getByRole("heading", { name: "My feed" })).toBeVisible();
  await expect.poll(() => captured.length).toBeGreaterThanOrEqual(3);

  const anonymous = await request.newContext({ baseURL });
  const other = await otherReader(browser);
  for (const r of captured) {
    const url = r.url();
    const path = new URL(url).pathname;
    const headers = r.request().headers();
    // The muted reader's own payload, asked again with their cookies: theirs, never from the cache.
    const own = await get(page.request, url, headers);
    expect(own.status, url).toBe(200);
    expect(own.cache, url).toBeUndefined();
    const { cookie: _cookie, ...withoutCookies } = headers;
    if (path === "/my") {
      // Anonymous: no feed. The other reader: their own (empty) one.
      const anon = await get(anonymous, url, withoutCookies);
      expect(anon.body, url).not.toContain("#Nurses");
      const theirs = await get(other.context.request, url, withoutCookies);
      expect(theirs.cache, url).toBeUndefined();
      expect(theirs.body, url).toContain("You do not follow anything yet.");
      continue;
    }
    const href = path === "/" ? VARGA_BUDGET : FLOOD_BUDGET;
    expect(own.body, url).not.toContain(href);
    // The same request (same router headers, same `_rsc`) anonymously, twice: shared, with every story.
    for (let i = 0; i < 2; i++) {
      const anon = await get(anonymous, url, withoutCookies);
      expect(anon.status, url).toBe(200);
      expect(["MISS", "HIT"], url).toContain(anon.cache);
      expect(anon.body, url).toContain(href);
    }
    // And by another signed-in reader: rendered for them, with every story.
    const theirs = await get(other.context.request, url, withoutCookies);
    expect(theirs.status, url).toBe(200);
    expect(theirs.body, url).toContain(href);
  }
  await other.context.close();
  await anonymous.dispose();
});
