import { expect, test } from "@playwright/test";
import { randomUser, signIn, signUp } from "./helpers";

test("bookmark from a card and from the article → /saved → remove → export", async ({ page }) => {
  const user = randomUser("saver");
  await signUp(page, user);
  await page.goto("/");
  const card = page.locator("main article").nth(2);
  const cardTitle = (await card.locator("h2").innerText()).trim();
  const cardButton = card.getByRole("button", { name: /^Bookmark/ });
  await expect(cardButton).toHaveAttribute("aria-pressed", "false");
  await cardButton.click();
  await expect(cardButton).toHaveAttribute("aria-pressed", "true");

  await page.locator("main article").nth(3).locator("h2 a").click();
  await expect(page).toHaveURL(/\/articles\//);
  const articleTitle = (await page.getByRole("heading", { level: 1 }).innerText()).trim();
  const articleButton = page.locator("article header").getByRole("button", { name: /^Bookmark/ });
  // The button flips at once; the reload below must wait for the server's answer, not the flip.
  await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), articleButton.click()]);
  await expect(articleButton).toHaveAttribute("aria-pressed", "true");
  // The state is the server's, not just the button's: it survives a reload.
  await page.reload();
  await expect(page.locator("article header").getByRole("button", { name: /^Bookmark/ })).toHaveAttribute(
    "aria-pressed",
    "true",
  );

  await page.getByRole("link", { name: "Saved" }).click();
  const saved = page.locator("main li h2");
  // Newest saved first.
  await expect(saved).toHaveText([articleTitle, cardTitle]);

  const json = await page.request.get("/saved/export.json");
  expect((await json.json()).bookmarks.map((b: { title: string }) => b.title)).toEqual([articleTitle, cardTitle]);
  const html = await page.request.get("/saved/export.html");
  const text = await html.text();
  expect(text).toContain("<!DOCTYPE NETSCAPE-Bookmark-file-1>");
  expect(text).toContain("/articles/");

  await page.locator("main li").filter({ hasText: articleTitle }).getByRole("button", { name: "Remove" }).click();
  await expect(page.locator("main li h2")).toHaveText([cardTitle]);
  await page.reload();
  await expect(page.locator("main li h2")).toHaveText([cardTitle]);
});

test("an anonymous bookmark click goes through sign-in and completes the bookmark", async ({ page }) => {
  const user = randomUser("later");
  await signUp(page, user);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  await page.goto("/");
  const card = page.locator("main article").nth(4);
  const title = (await card.locator("h2").innerText()).trim();
  await card.getByRole("button", { name: /^Bookmark/ }).click();
  await expect(page).toHaveURL(/\/signin\?/);
  await expect(page.getByText("we will save that story")).toBeVisible();
  await signIn(page, user);
  await expect(page).toHaveURL(/\/$/);
  await expect(
    page
      .locator("main article")
      .filter({ hasText: title })
      .getByRole("button", { name: /^Bookmark/ }),
  ).toHaveAttribute("aria-pressed", "true");
  await page.goto("/saved");
  await expect(page.locator("main li h2")).toHaveText([title]);
});

test("the optimistic toggle rolls back when the server refuses", async ({ page }) => {
  const user = randomUser("offline");
  await signUp(page, user);
  await page.goto("/");
  const button = page
    .locator("main article")
    .first()
    .getByRole("button", { name: /^Bookmark/ });
  // Fail the server action request.
  await page.route("**/*", (route) => (route.request().method() === "POST" ? route.abort() : route.continue()));
  await button.click();
  await expect(page.locator("main article").first().getByRole("status")).toContainText("Could not");
  await expect(button).toHaveAttribute("aria-pressed", "false");
});

test("reading position: progress is remembered, shown on cards, and offered on return", async ({ page }) => {
  const user = randomUser("reader");
  await signUp(page, user);
  await page.goto("/");
  const href = (await page.locator("main article").nth(1).locator("h2 a").getAttribute("href")) ?? "";
  await page.goto(href);
  await expect(page.getByRole("progressbar", { name: "Reading progress" })).toBeVisible();
  // Scroll so that 40% of the article body has passed the middle of the screen.
  await page.evaluate(() => {
    const body = document.getElementById("article-body");
    if (body) window.scrollTo(0, body.offsetTop + body.offsetHeight * 0.4 - window.innerHeight * 0.5);
  });
  // The position is saved once scrolling pauses.
  await page.waitForTimeout(2000);
  // Leaving the page flushes the position.
  await page.goto("/");
  await expect(
    page
      .locator("main article")
      .nth(1)
      .getByText(/% read|^Read$/),
  ).toBeVisible();
  await page.goto(href);
  await expect(page.getByRole("link", { name: /Continue reading \(\d+% read\)/ })).toBeVisible();
});

test("the reading-position endpoint refuses what it must, and saves only for the signed-in reader", async ({
  page,
  request,
}) => {
  const post = (data: unknown, headers: Record<string, string> = {}) =>
    request.post("/api/reader/position", {
      data: JSON.stringify(data),
      headers: { "content-type": "application/json", ...headers },
    });
  // Anonymous: no session, no write.
  expect((await post({ articleId: 1, progress: 0.5 })).status()).toBe(401);
  // Another site's page cannot make a signed-in browser send it.
  expect((await post({ articleId: 1, progress: 0.5 }, { origin: "https://evil.example" })).status()).toBe(403);
  expect((await post({ articleId: 1, progress: 0.5 }, { "sec-fetch-site": "cross-site" })).status()).toBe(403);

  const user = randomUser("placer");
  await signUp(page, user);
  await page.goto("/");
  const href = (await page.locator("main article").nth(2).locator("h2 a").getAttribute("href")) ?? "";
  await page.goto(href);
  const articleId = Number(
    await page.locator("article header [data-reader-id]").first().getAttribute("data-reader-id"),
  );
  expect(articleId).toBeGreaterThan(0);
  const signedIn = (data: unknown, body?: string) =>
    page.evaluate(
      async ({ data, body }) => {
        const r = await fetch("/api/reader/position", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: body ?? JSON.stringify(data),
        });
        return { status: r.status, json: await r.json() };
      },
      { data, body },
    );
  expect((await signedIn(null, "not json")).status).toBe(400);
  expect((await signedIn(null, JSON.stringify({ articleId, progress: 0.5, pad: "x".repeat(2000) }))).status).toBe(400);
  expect((await signedIn({ articleId, progress: 7 })).status).toBe(400);
  expect((await signedIn({ articleId: 987654321, progress: 0.5 })).status).toBe(404);
  expect(await signedIn({ articleId, progress: 0.6 })).toEqual({ status: 200, json: { ok: true } });
  // Saved for this reader: the page offers to continue where they were.
  await page.reload();
  await expect(page.getByRole("link", { name: /Continue reading \(60% read\)/ })).toBeVisible();
});
