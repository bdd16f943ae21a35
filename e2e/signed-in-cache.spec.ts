import { expect, test } from "@playwright/test";
import { randomUser, signUp } from "./helpers";

// Signed-in readers with JavaScript are sent the shared cached HTML plus their own state, which the
// islands apply after hydration (lib/page-cache/cache-server.ts, components/reader/ReaderContext.tsx).

// The first scenario signs up, writes, reloads, navigates and signs out: over 30 s on a busy machine.
test.describe.configure({ timeout: 60_000 });

test("a signed-in reader gets the cached page, personalised by the islands", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const user = randomUser("shell");
  await signUp(page, user);
  await page.goto("/");
  const href = (await page.locator("main article h2 a").nth(5).getAttribute("href")) ?? "";

  let response = await page.goto(href);
  expect(response?.headers()["x-page-cache"]).toBe("SHELL");
  expect(response?.headers()["cache-control"]).toContain("private");
  const account = page.getByRole("navigation", { name: "Account" });
  await expect(account.getByRole("link", { name: user.name })).toBeVisible();
  // The embedded state is read once and removed, not left in the document.
  await expect(page.locator("#reader-state")).toHaveCount(0);

  const bookmark = page.locator("article header").getByRole("button", { name: /^Bookmark/ });
  await expect(bookmark).toHaveAttribute("aria-pressed", "false");
  await bookmark.click();
  await expect(bookmark).toHaveAttribute("aria-pressed", "true");

  const comments = page.locator("section[aria-labelledby=comments]");
  await comments.getByLabel(`Add a comment as ${user.name}`).fill("Written on a cached page");
  await comments.getByRole("button", { name: "Post comment" }).click();
  await expect(comments.locator("li p").filter({ hasText: "Written on a cached page" })).toBeVisible();

  // A full load again: the shared HTML once more, with this reader's bookmark and comment rights.
  response = await page.reload();
  expect(response?.headers()["x-page-cache"]).toBe("SHELL");
  await expect(page.locator("article header").getByRole("button", { name: /^Bookmark/ })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  const mine = comments.locator("li").filter({ hasText: "Written on a cached page" });
  await expect(mine.getByText("Edit", { exact: true })).toBeVisible();
  await expect(mine.getByRole("button", { name: "Delete" })).toBeVisible();
  await mine.getByText("Edit", { exact: true }).click();
  await expect(mine.getByLabel("Edit your comment")).toHaveValue("Written on a cached page");

  // The front page's card for the saved story shows it saved too.
  response = await page.goto("/");
  expect(response?.headers()["x-page-cache"]).toBe("SHELL");
  const card = page.locator(`main article:has(a[href="${href}"])`);
  await expect(card.getByRole("button", { name: /^Bookmark/ })).toHaveAttribute("aria-pressed", "true");

  // A client-side navigation keeps the header signed in (the root layout is not re-rendered), and the
  // page it reaches is rendered for this reader.
  await card.locator("h2 a").click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(account.getByRole("link", { name: user.name })).toBeVisible();
  await expect(page.locator("article header").getByRole("button", { name: /^Bookmark/ })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  // Unsaved there, then back: the front page's card, drawn from the embedded state, follows.
  await page
    .locator("article header")
    .getByRole("button", { name: /^Bookmark/ })
    .click();
  await expect(page.locator("article header").getByRole("button", { name: /^Bookmark/ })).toHaveAttribute(
    "aria-pressed",
    "false",
  );
  await page.goBack();
  await expect(account.getByRole("link", { name: user.name })).toBeVisible();
  await expect(card.getByRole("button", { name: /^Bookmark/ })).toHaveAttribute("aria-pressed", "false");

  // Signing out leaves nothing of the reader behind, even on the cached copy.
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    account.getByRole("button", { name: "Sign out" }).click(),
  ]);
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  response = await page.goto(href);
  expect(response?.headers()["x-page-cache"]).toBe("HIT");
  await expect(page.getByRole("link", { name: "Sign in to comment" })).toBeVisible();
  await expect(comments.locator("li").filter({ hasText: "Written on a cached page" }).getByText("Edit")).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("another reader's shell shows none of the first reader's state", async ({ page, browser }) => {
  const first = randomUser("owner");
  await signUp(page, first);
  await page.goto("/");
  const href = (await page.locator("main article h2 a").nth(6).getAttribute("href")) ?? "";
  await page.goto(href);
  await page
    .locator("article header")
    .getByRole("button", { name: /^Bookmark/ })
    .click();
  const comments = page.locator("section[aria-labelledby=comments]");
  await comments.getByLabel(`Add a comment as ${first.name}`).fill("Only mine to edit");
  await comments.getByRole("button", { name: "Post comment" }).click();
  await expect(comments.locator("li p").filter({ hasText: "Only mine to edit" })).toBeVisible();

  const other = await browser.newPage();
  const second = randomUser("other");
  await signUp(other, second);
  const response = await other.goto(href);
  expect(response?.headers()["x-page-cache"]).toBe("SHELL");
  await expect(
    other.getByRole("navigation", { name: "Account" }).getByRole("link", { name: second.name }),
  ).toBeVisible();
  await expect(other.locator("article header").getByRole("button", { name: /^Bookmark/ })).toHaveAttribute(
    "aria-pressed",
    "false",
  );
  const theirs = other.locator("section[aria-labelledby=comments] li").filter({ hasText: "Only mine to edit" });
  await expect(theirs.getByText("Report", { exact: true })).toBeVisible();
  await expect(theirs.getByText("Edit", { exact: true })).toHaveCount(0);
  await expect(theirs.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await other.close();
});

test.describe("a regular browser", () => {
  // Next renders differently for user agents it takes for bots (HeadlessChrome among them): test as
  // the browsers readers use.
  test.use({
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
  });
  test("pages cached minutes ago hydrate without a mismatch", async ({ page }) => {
    await page.goto("/");
    const href = (await page.locator("main article h2 a").nth(2).getAttribute("href")) ?? "";
    await page.goto(href);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    // The browser's clock runs ten minutes ahead of the server that rendered the cached copies.
    await page.clock.install({ time: Date.now() + 10 * 60_000 });
    for (const path of ["/", href]) {
      const response = await page.goto(path);
      expect(response?.headers()["x-page-cache"]).toBe("HIT");
      await expect(page.getByRole("button", { name: /Theme/ })).toBeVisible();
      await page.waitForLoadState("networkidle");
    }
    expect(errors).toEqual([]);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("a signed-in reader's pages are rendered whole, not from the shared copy", async ({ page }) => {
    const user = randomUser("plain");
    // The sign-up form is a plain post: the shared helper works without JavaScript too.
    await signUp(page, user);
    const response = await page.goto("/");
    expect(response?.headers()["x-page-cache"]).toBeUndefined();
    await expect(page.getByRole("link", { name: user.name })).toBeVisible();
  });
});

test("a browser that stops running JavaScript is sent whole pages again", async ({ page, browser }) => {
  const user = randomUser("nojs");
  await signUp(page, user);
  await page.goto("/");
  const href = (await page.locator("main article h2 a").nth(3).getAttribute("href")) ?? "";
  const cookies = await page.context().cookies();
  expect(cookies.map((c) => c.name)).toContain("tidings_js");

  // The same cookies, scripts now off: the first page is the shared copy, which the islands would have
  // personalised; its <noscript> image tells the server to stop sending it.
  const context = await browser.newContext({ javaScriptEnabled: false });
  await context.addCookies(cookies);
  const plain = await context.newPage();
  const reset = plain.waitForResponse((r) => r.url().endsWith("/api/reader/no-script"));
  let response = await plain.goto(href);
  expect(response?.headers()["x-page-cache"]).toBe("SHELL");
  expect((await reset).status()).toBe(204);
  expect((await context.cookies()).map((c) => c.name)).not.toContain("tidings_js");

  response = await plain.reload();
  expect(response?.headers()["x-page-cache"]).toBeUndefined();
  await expect(plain.getByRole("navigation", { name: "Account" }).getByRole("link", { name: user.name })).toBeVisible();
  await context.close();
});

test("a returning reader's session is renewed, at most once a day", async ({ page }) => {
  const user = randomUser("renew");
  await signUp(page, user);
  await page.goto("/");
  // The first signed-in page renews once and records it (never "networkidle": prefetches and the
  // offline worker keep the network busy).
  await page.waitForFunction(() => localStorage.getItem("tidings:session-renewed") !== null);
  const token = async () => (await page.context().cookies()).find((c) => c.name.startsWith("authjs.session-token"));
  const before = await token();
  expect(before).toBeDefined();

  // Last renewed two days ago: the next page asks Auth.js for a fresh token and cookie.
  await page.evaluate(() => localStorage.setItem("tidings:session-renewed", String(Date.now() - 2 * 86_400_000)));
  const renewed = page.waitForResponse((r) => r.url().endsWith("/api/auth/session"));
  await page.goto("/sources");
  expect((await renewed).status()).toBe(200);
  await expect.poll(async () => (await token())?.value).not.toBe(before?.value);
  expect((await token())?.expires ?? 0).toBeGreaterThanOrEqual(before?.expires ?? Infinity);

  // Renewed just now: further pages do not ask again.
  const asked: string[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith("/api/auth/session")) asked.push(r.url());
  });
  await page.goto("/");
  // The name shows once the islands read the reader's state, in the same pass that would renew.
  await expect(page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: user.name })).toBeVisible();
  expect(asked).toEqual([]);
});

test("a reader's notification count reaches no one else: not another reader, not an anonymous one", async ({
  page,
  browser,
}) => {
  const owner = randomUser("counted");
  await signUp(page, owner);
  await page.goto("/");
  const href = (await page.locator("main article h2 a").nth(7).getAttribute("href")) ?? "";
  await page.goto(href);
  const comments = page.locator("section[aria-labelledby=comments]");
  await comments.getByLabel(`Add a comment as ${owner.name}`).fill("Anyone?");
  await comments.getByRole("button", { name: "Post comment" }).click();
  const mine = comments.getByRole("article", { name: `Comment by ${owner.name}` });
  await expect(mine).toBeVisible();

  const replierContext = await browser.newContext();
  const replier = await replierContext.newPage();
  const second = randomUser("replier");
  await signUp(replier, second);
  await replier.goto(href);
  const theirs = replier.getByRole("article", { name: `Comment by ${owner.name}` });
  await theirs.getByRole("button", { name: "Reply", exact: true }).click();
  await theirs.getByLabel(`Reply to ${owner.name}`).fill("Here.");
  await theirs.getByRole("button", { name: "Post reply" }).click();
  await expect(replier.locator("section[aria-labelledby=comments] p").filter({ hasText: "Here." })).toBeVisible();

  // The owner's shell carries the count in their own embedded state.
  const own = await page.goto(href);
  expect(own?.headers()["x-page-cache"]).toBe("SHELL");
  expect(await own?.text()).toMatch(/"unread":1\b/);
  await expect(page.getByRole("link", { name: "Notifications, 1 unread" })).toBeVisible();

  // Another reader gets the same shared copy with their own state: no count of the owner's.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signUp(other, randomUser("bystander"));
  const theirsResponse = await other.goto(href);
  expect(theirsResponse?.headers()["x-page-cache"]).toBe("SHELL");
  const theirHtml = (await theirsResponse?.text()) ?? "";
  expect(theirHtml).toMatch(/"unread":0\b/);
  expect(theirHtml).not.toContain("1 unread");
  await expect(other.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();
  await expect(other.getByRole("link", { name: /unread/ })).toHaveCount(0);

  // Anonymous: the cached document and its RSC payload hold no count and no bell at all.
  const anonContext = await browser.newContext();
  const anon = await anonContext.newPage();
  const anonResponse = await anon.goto(href);
  expect(anonResponse?.headers()["x-page-cache"]).toBe("HIT");
  const anonHtml = (await anonResponse?.text()) ?? "";
  expect(anonHtml).not.toMatch(/unread/);
  await expect(anon.getByRole("link", { name: /^Notifications/ })).toHaveCount(0);
  const rsc = await anon.request.get(href, { headers: { RSC: "1" } });
  expect(await rsc.text()).not.toMatch(/unread/);
  await replierContext.close();
  await otherContext.close();
  await anonContext.close();
});
