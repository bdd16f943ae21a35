import { expect, test } from "@playwright/test";
import { xssPayloads, xssPayloadsExtended } from "../lib/testing/xss-payloads";
import { openArticle, randomUser, signUp } from "./helpers";

// A payload "runs" if it sets window.__xss, opens a dialog, or leaves an element behind in the page.
test("XSS payloads posted as comments and display names show literally and never run", async ({ page }) => {
  test.setTimeout(180_000);
  const dialogs: string[] = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  const user = randomUser("xss");
  await signUp(page, user);

  // Display names: set one payload as the name, check it renders as text in the header.
  for (const payload of xssPayloads.slice(0, 10)) {
    await page.goto("/account");
    const name = payload.slice(0, 60);
    await page.getByLabel("Shown next to your comments").fill(name);
    await page.getByRole("button", { name: "Save name" }).click();
    await expect(
      page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: name.trim() }),
    ).toBeVisible();
  }

  const path = await openArticle(page, 8);
  const comments = page.locator("section[aria-labelledby=comments]");
  const box = comments.getByRole("textbox").first();
  for (const payload of xssPayloads) {
    await box.fill(payload);
    await comments.getByRole("button", { name: "Post comment" }).click();
    await expect(comments.locator("li p").filter({ hasText: payload.trim() }).first()).toBeVisible();
    // The form clears itself once the post has fully finished; only then type the next one.
    await expect(box).toHaveValue("");
  }
  // The rest of the full list (over 100) through the JSON endpoint, which shares the form's guard.
  const articleId = await page.locator('article header input[name="articleId"]').first().getAttribute("value");
  for (const payload of xssPayloadsExtended.filter((p) => !xssPayloads.includes(p))) {
    const res = await page.request.post("/api/comments", { data: { articleId: Number(articleId), body: payload } });
    expect(res.status(), payload).toBe(201);
  }
  // Top-level comments come 20 to a page (issue 18): walk every page, oldest first.
  await page.goto(path);
  let injected = 0;
  const hrefs: string[] = [];
  for (let pages = 1; ; pages++) {
    await expect(comments.getByRole("heading", { name: /Comments/ })).toBeVisible();
    // Hover every comment, to trigger any handler that got through.
    for (const p of await comments.locator("li > article p").all()) await p.hover();
    injected += await comments.evaluate(
      (root) =>
        root.querySelectorAll(
          "script, img, svg, iframe, object, embed, style, meta, x, details[ontoggle], input[type=image]",
        ).length,
    );
    hrefs.push(...(await comments.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""))));
    const newer = comments.getByRole("link", { name: "Newer comments" }).first();
    if ((await newer.count()) === 0) break;
    await newer.click();
    await expect(page).toHaveURL(new RegExp(`cpage=${pages + 1}`));
  }
  // The last page holds the last ones posted.
  for (const payload of xssPayloadsExtended.slice(-5)) {
    await expect(comments.locator("li p").filter({ hasText: payload.trim() }).first()).toBeAttached();
  }

  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(injected).toBe(0);
  // Links only ever point at http(s).
  for (const h of hrefs) expect(h).toMatch(/^(https?:|\/|#)/);
});
