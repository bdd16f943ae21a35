import { mkdirSync } from "node:fs";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { randomUser, signUp } from "./helpers";

// The offline store (public/sw.js). Service workers run in Debian's Chromium with Playwright's default
// `serviceWorkers: "allow"`, and since Playwright 1.5x `context.setOffline` cuts the worker off too.

const NOTICE = /You are offline — showing the copy saved (at|on .+ at) \d\d:\d\d\./;

/** Waits until the worker controls the page (it registers after load, when the browser is idle). */
async function controlled(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 15_000 });
}

/** Every page cache the worker holds, with the paths in each. */
function storedPages(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const out: Record<string, string[]> = {};
    for (const name of await caches.keys()) {
      if (!name.startsWith("tidings-pages-")) continue;
      const cache = await caches.open(name);
      out[name] = (await cache.keys()).map((r) => new URL(r.url).pathname);
    }
    return out;
  });
}

/** The text of every response the worker keeps, in any cache. */
function everythingStored(page: Page): Promise<string> {
  return page.evaluate(async () => {
    let all = "";
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        const type = response?.headers.get("content-type") ?? "";
        if (response && (type.includes("html") || type.includes("json")))
          all += `\n${name} ${request.url}\n${await response.text()}`;
      }
    }
    return all;
  });
}

/** The stored copy of one path, from whichever page cache holds it. */
function storedCopy(page: Page, path: string): Promise<string | null> {
  return page.evaluate(async (p) => {
    for (const name of await caches.keys()) {
      if (!name.startsWith("tidings-pages-")) continue;
      const hit = await (await caches.open(name)).match(p);
      if (hit) return hit.text();
    }
    return null;
  }, path);
}

const readerPartitions = (stored: Record<string, string[]>) =>
  Object.keys(stored).filter((n) => n.startsWith("tidings-pages-r-"));

async function articleLinks(page: Page): Promise<{ href: string; title: string }[]> {
  await page.goto("/");
  const links = page.locator("main article h2 a");
  const out: { href: string; title: string }[] = [];
  for (let i = 0; i < 7; i++) {
    const link = links.nth(i);
    out.push({ href: (await link.getAttribute("href")) ?? "", title: (await link.innerText()).trim() });
  }
  return out;
}

async function anonymousText(browser: Browser, path: string): Promise<string> {
  const context = await browser.newContext({ serviceWorkers: "block" });
  try {
    const response = await context.request.get(path);
    return await response.text();
  } finally {
    await context.close();
  }
}

test("saved stories and recent pages open offline with a notice; sign-out empties the store", async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(120_000);
  const user = randomUser("offline");
  await signUp(page, user);
  const [a0, a1, a2, , , unopened] = await articleLinks(page);
  if (!a0 || !a1 || !a2 || !unopened) throw new Error("the sample content has fewer stories than this test needs");
  await controlled(page);

  // Save one story, from its page.
  await page.goto(a0.href);
  const bookmark = page.locator("article header").getByRole("button", { name: /^Bookmark/ });
  await bookmark.click();
  await expect(bookmark).toHaveAttribute("aria-pressed", "true");
  // The button flips before the server answers; the worker hears of the save once it has.
  await expect
    .poll(async () => (await storedCopy(page, "/saved")) ?? "", { timeout: 20_000 })
    .toContain(`href="${a0.href}"`);
  // Open two more: one by a client navigation (which never reaches the worker as a document), one whole.
  await page.goto("/");
  await page.locator("main article h2 a", { hasText: a1.title }).first().click();
  await expect(page).toHaveURL(new RegExp(`${a1.href}$`));
  // The page tells the worker once the browser is idle after the navigation (and after the reader's
  // state request it now makes): a reader who reads it stays that long; leaving at once would cancel it.
  await expect.poll(async () => Object.values(await storedPages(page)).flat(), { timeout: 20_000 }).toContain(a1.href);
  await page.goto(a2.href);

  await expect
    .poll(async () => Object.values(await storedPages(page)).flat(), { timeout: 20_000 })
    .toEqual(expect.arrayContaining([a0.href, a1.href, a2.href, "/saved"]));
  // The copy of the saved story was fetched again once it was saved: its embedded state says so.
  await expect
    .poll(async () => /"saved":\[\d/.test((await storedCopy(page, a0.href)) ?? ""), { timeout: 20_000 })
    .toBe(true);
  const stored = await storedPages(page);
  const [partition] = readerPartitions(stored);
  // One session's pages, under an opaque name (no account id in it).
  expect(readerPartitions(stored)).toHaveLength(1);
  expect(partition).toMatch(/^tidings-pages-r-[A-Za-z0-9_-]{22}$/);
  // What the worker fetched for this reader never reached the shared page cache.
  expect(await anonymousText(browser, a1.href)).not.toContain(user.name);

  await context.setOffline(true);
  for (const story of [a0, a1, a2]) {
    await page.goto(story.href);
    await expect(page.getByRole("status").filter({ hasText: NOTICE })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(story.title);
  }
  // The copy is the reader's own: the islands start from the state stored with it.
  await page.goto(a0.href);
  await expect(page.locator("article header").getByRole("button", { name: /^Bookmark/ })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: user.name })).toBeVisible();

  await page.goto("/saved");
  await expect(page.getByRole("status").filter({ hasText: NOTICE })).toBeVisible();
  await expect(page.locator("main li h2")).toHaveText([a0.title]);
  // A client navigation offline: its RSC request fails, Next loads the page as a document, and the
  // worker answers that from the store.
  await page.locator("main li h2 a", { hasText: a0.title }).click();
  await expect(page).toHaveURL(new RegExp(`${a0.href}$`));
  await expect(page.getByRole("status").filter({ hasText: NOTICE })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(a0.title);

  // A page that was never opened: the offline page, with links to what is kept.
  await page.goto(unopened.href);
  await expect(page.getByRole("heading", { level: 1, name: "You are offline" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Your saved stories" })).toHaveAttribute("href", "/saved");
  await expect(page.getByRole("link", { name: a0.title })).toBeVisible();
  await expect(page.getByRole("link", { name: a2.title })).toBeVisible();
  await expect(page.getByRole("link", { name: unopened.title })).toHaveCount(0);

  const shots = process.env.OFFLINE_SHOTS_DIR;
  if (shots) {
    mkdirSync(shots, { recursive: true });
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [device, size] of [
        ["desktop", { width: 1280, height: 800 }],
        ["phone", { width: 390, height: 844 }],
      ] as const) {
        await page.setViewportSize(size);
        await page.goto(unopened.href);
        await page.screenshot({ path: `${shots}/offline-page-${device}-${scheme}.png` });
        await page.goto(a0.href);
        await expect(page.getByRole("status").filter({ hasText: NOTICE })).toBeVisible();
        await page.screenshot({ path: `${shots}/offline-notice-${device}-${scheme}.png` });
      }
    }
    await page.setViewportSize({ width: 1280, height: 720 });
  }

  // Back online, pages come from the network again: no notice.
  await context.setOffline(false);
  await page.goto(a0.href);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(a0.title);
  await expect(page.locator("[data-offline-notice]")).toHaveCount(0);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
  await expect.poll(async () => readerPartitions(await storedPages(page)), { timeout: 10_000 }).toEqual([]);
  const left = await everythingStored(page);
  expect(left).not.toContain(user.name);
  expect(left).not.toContain('id="reader-state"');

  // Signed out and offline, the reader's pages are gone: /saved is the offline page.
  await context.setOffline(true);
  await page.goto("/saved");
  await expect(page.getByRole("heading", { level: 1, name: "You are offline" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Your saved stories" })).toHaveCount(0);
  await context.setOffline(false);
});

test("a second reader in the same browser never gets the first reader's saved list", async ({ page, context }) => {
  test.setTimeout(120_000);
  const first = randomUser("first");
  await signUp(page, first);
  const [story] = await articleLinks(page);
  if (!story) throw new Error("no stories in the sample content");
  await controlled(page);
  await page.goto(story.href);
  const bookmark = page.locator("article header").getByRole("button", { name: /^Bookmark/ });
  await bookmark.click();
  await expect(bookmark).toHaveAttribute("aria-pressed", "true");
  await page.goto("/saved");
  await expect(page.locator("main li h2")).toHaveText([story.title]);
  await expect.poll(async () => Object.values(await storedPages(page)).flat(), { timeout: 20_000 }).toContain("/saved");
  const [firstPartition] = readerPartitions(await storedPages(page));
  expect(firstPartition).toBeDefined();

  // The first session ends without its sign-out page (cookies cleared), and someone else signs in.
  await context.clearCookies();
  const second = randomUser("second");
  await signUp(page, second);
  await page.goto("/saved");
  await expect(page.getByText("Nothing saved yet.")).toBeVisible();
  await expect(page.getByText(story.title)).toHaveCount(0);
  await expect
    .poll(async () => readerPartitions(await storedPages(page)), { timeout: 20_000 })
    .toEqual([expect.not.stringMatching(firstPartition as string)]);
  expect(await everythingStored(page)).not.toContain(first.name);

  await context.setOffline(true);
  await page.goto("/saved");
  await expect(page.getByRole("status").filter({ hasText: NOTICE })).toBeVisible();
  await expect(page.getByText("Nothing saved yet.")).toBeVisible();
  await expect(page.getByText(story.title)).toHaveCount(0);
  // Even the story the first reader saved and opened is not kept for the second.
  await page.goto(story.href);
  await expect(page.getByRole("heading", { level: 1, name: "You are offline" })).toBeVisible();
  await context.setOffline(false);
});

test("the worker's script, the manifest and the headers the worker relies on", async ({ page, browser }) => {
  const sw = await page.request.get("/sw.js");
  expect(sw.status()).toBe(200);
  expect(sw.headers()["content-type"]).toMatch(/^text\/javascript/);
  expect(sw.headers()["cache-control"]).toBe("no-cache");
  const etag = sw.headers().etag ?? "";
  expect((await page.request.get("/sw.js", { headers: { "if-none-match": etag } })).status()).toBe(304);

  // The worker is registered after the load event, never competing with the first view.
  await page.addInitScript(() => {
    const w = window as unknown as { registeredAtLoad?: boolean };
    window.addEventListener("load", () => {
      void navigator.serviceWorker.getRegistration().then((r) => {
        w.registeredAtLoad = r !== undefined;
      });
    });
  });
  await page.goto("/");
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { registeredAtLoad?: boolean }).registeredAtLoad))
    .toBe(false);
  await expect
    .poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration()) !== undefined))
    .toBe(true);
  const csp = (await page.request.get("/")).headers()["content-security-policy"] ?? "";
  expect(csp).toContain("worker-src 'self'");
  expect(csp).toContain("manifest-src 'self'");
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(manifestHref).toBe("/manifest.webmanifest");
  const manifest = await page.request.get("/manifest.webmanifest");
  expect(manifest.headers()["content-type"]).toMatch(/^application\/manifest\+json/);
  const body = await manifest.json();
  expect(body).toMatchObject({ start_url: "/", display: "standalone", theme_color: "#fbfaf7" });
  for (const icon of body.icons as { src: string; type: string }[]) {
    const r = await page.request.get(icon.src);
    expect(r.status(), icon.src).toBe(200);
    expect(r.headers()["content-type"]).toBe(icon.type);
  }

  // Anonymous: the shared copy is marked public, and no session is named.
  const context = await browser.newContext({ serviceWorkers: "block" });
  try {
    const anonymous = await context.request.get("/", { headers: { "sec-fetch-mode": "navigate" } });
    expect(anonymous.headers()["tidings-offline"]).toBe("public");
    expect(anonymous.headers()["tidings-session"]).toBeUndefined();
    const check = await context.request.get("/sw-session");
    expect(check.status()).toBe(204);
    expect(check.headers()["tidings-session"]).toBeUndefined();
  } finally {
    await context.close();
  }

  // Signed in: every navigation names the session (the same opaque name each time), never "public".
  const user = randomUser("headers");
  await signUp(page, user);
  const nav = { headers: { "sec-fetch-mode": "navigate" } };
  const front = await page.request.get("/", nav);
  const saved = await page.request.get("/saved", nav);
  const partition = front.headers()["tidings-session"];
  expect(partition).toMatch(/^[A-Za-z0-9_-]{22}$/);
  expect(saved.headers()["tidings-session"]).toBe(partition);
  expect(front.headers()["tidings-offline"]).toBeUndefined();
  expect((await page.request.get("/sw-session")).headers()["tidings-session"]).toBe(partition);
  // Not the account id, nor anything a reader could read it from.
  expect(partition).not.toContain(user.email);
});
