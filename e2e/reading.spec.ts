import { expect, test } from "@playwright/test";

test("front page → article → hashtag page → source page", async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });

  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Latest stories" })).toBeVisible();
  const cards = page.locator("main article");
  await expect(cards).toHaveCount(20);
  // Each card: source, relative time, title, excerpt and tags.
  // A story the sample content covers from two outlets, so it has related coverage.
  const first = cards.filter({ hasText: "Nurses begin 48-hour strike" });
  await expect(first.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
  await expect(first.locator("time")).toHaveText(/ago|just now/);
  await expect(
    first
      .getByRole("list", { name: /^Tags for/ })
      .getByRole("link")
      .first(),
  ).toBeVisible();

  const title = (await first.getByRole("heading", { level: 2 }).innerText()).trim();
  await first.getByRole("heading", { level: 2 }).getByRole("link").click();
  await expect(page).toHaveURL(/\/articles\//);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  const article = page.locator("article").first();
  await expect(article.locator("time")).toHaveAttribute("title", /UTC$/);
  expect(await article.locator(".prose-article p").count()).toBeGreaterThan(2);

  const related = page
    .getByRole("complementary")
    .filter({ has: page.getByRole("heading", { name: "Related coverage" }) });
  await expect(related.getByRole("listitem").first()).toBeVisible();
  await expect(related.getByText("Why related:").first()).toBeVisible();

  const hashtags = page.getByRole("list", { name: "Hashtags" });
  const tagLink = hashtags.getByRole("link").first();
  const tagText = (await tagLink.innerText()).replace(/^#/, "");
  await tagLink.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Latest news with #${tagText}`);
  await expect(page.getByRole("link", { name: title })).toBeVisible();

  const sourceLink = page.locator("main article").first().locator('a[href^="/sources/"]');
  const sourceName = await sourceLink.innerText();
  await sourceLink.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Stories from ${sourceName}`);
  expect(consoleErrors.filter((e) => /hydrat/i.test(e))).toEqual([]);
});

test("older stories paginate without repeating a story", async ({ page }) => {
  await page.goto("/");
  const firstPage = await page.locator("main article h2").allInnerTexts();
  await page.getByRole("link", { name: /Older stories/ }).click();
  await expect(page).toHaveURL(/cursor=/);
  const secondPage = await page.locator("main article h2").allInnerTexts();
  expect(secondPage.length).toBeGreaterThan(0);
  expect(secondPage.filter((t) => firstPage.includes(t))).toEqual([]);
});

test("unknown slugs answer a real 404", async ({ page, request }) => {
  for (const path of ["/articles/no-such-story", "/tags/no-such-tag", "/sources/nobody", "/articles/..%2F..%2Fetc"]) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(404);
  }
  const res = await page.goto("/articles/no-such-story");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test.describe("with JavaScript disabled", () => {
  test.use({ javaScriptEnabled: false });
  test("the article page is complete and readable", async ({ page }) => {
    await page.goto("/");
    await page.locator("main article h2 a").first().click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.locator("article time").first()).toHaveText(/ago|just now/);
    expect(await page.locator(".prose-article p").count()).toBeGreaterThan(2);
    await expect(page.getByRole("heading", { name: "Hashtags" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Related coverage" })).toBeVisible();
    await page
      .getByRole("link", { name: /Older stories|Latest/ })
      .first()
      .click();
    await expect(page).toHaveURL(/\/$/);
  });
});

test("article pages carry metadata for the open web", async ({ page }) => {
  await page.goto("/");
  // A full load, as a crawler or a shared link makes it: during a client-side navigation the old page's
  // description can briefly sit beside the new one in <head>.
  await page.goto((await page.locator("main article h2 a").first().getAttribute("href")) ?? "/");
  await expect(page).toHaveURL(/\/articles\//);
  const head = page.locator("head");
  const title = await page.getByRole("heading", { level: 1 }).innerText();
  await expect(page).toHaveTitle(new RegExp(title.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await expect(head.locator('meta[name="description"]')).toHaveAttribute("content", /.{20,}/);
  await expect(head.locator('link[rel="canonical"]')).toHaveAttribute("href", /\/articles\//);
  await expect(head.locator('meta[property="og:type"]')).toHaveAttribute("content", "article");
  await expect(head.locator('meta[property="og:title"]')).toHaveAttribute("content", title);
  await expect(head.locator('meta[name="twitter:card"]')).toHaveAttribute("content", /summary/);
  const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? "{}");
  expect(ld["@type"]).toBe("NewsArticle");
  expect(ld.headline).toBe(title);
  expect(new Date(ld.datePublished).getTime()).toBeGreaterThan(0);
});

test("feeds, sitemap, robots and health answer", async ({ request }) => {
  const feed = await request.get("/feed.xml");
  expect(feed.headers()["content-type"]).toContain("application/rss+xml");
  const xml = await feed.text();
  expect(xml).toContain('<rss version="2.0"');
  expect(xml.match(/<item>/g)?.length).toBeGreaterThanOrEqual(36);
  const sitemap = await (await request.get("/sitemap.xml")).text();
  expect(sitemap).toContain("/articles/");
  expect(await (await request.get("/robots.txt")).text()).toContain("Sitemap:");
  const health = await request.get("/healthz");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ status: "ok" });
  const tagFeed = await request.get("/tags/climate/feed.xml");
  expect(tagFeed.status()).toBe(200);
  expect(await tagFeed.text()).toContain("<item>");
});

test("dark mode follows the system and the toggle is remembered", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/");
  const bg = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(await bg()).toBe("rgb(18, 19, 22)");
  const toggle = page.getByRole("button", { name: /Theme/ });
  await toggle.click(); // system → dark
  await toggle.click(); // dark → light
  await expect(toggle).toHaveText("Theme: light");
  expect(await bg()).toBe("rgb(251, 250, 247)");
  await page.reload();
  expect(await bg()).toBe("rgb(251, 250, 247)");
  await expect(page.getByRole("button", { name: "Theme: light" })).toBeVisible();
});

test("the layout holds at 360 px", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/");
  await page.locator("main article h2 a").first().click();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});

test("a skip link leads to the main content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
});
