import { expect, test } from "@playwright/test";

// What a reader sees around a list: how many results a search found, the query kept in the header box,
// and where they are in the front page's pages (a marker, a title of their own, and a way back up).

test("search says how many stories it found, and the header box keeps the query", async ({ page }) => {
  await page.goto("/");
  const header = page.getByRole("banner");
  const box = header.getByRole("searchbox", { name: "Search stories" });
  await box.fill("nurses");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=nurses/);
  const results = page.getByRole("list", { name: "Search results" });
  // Each result holds its own list of tags: count the results themselves.
  const shown = await results.locator(":scope > li").count();
  expect(shown).toBeGreaterThan(1);
  // Fewer than one page of matches: the count is exact and equals what is listed.
  await expect(page.getByText(/^\d+ results?$/)).toHaveText(`${shown} results`);
  await expect(box).toHaveValue("nurses");

  // A second search from the header replaces the kept query; leaving search empties the box.
  await box.fill("Hallowick");
  await box.press("Enter");
  await expect(page).toHaveURL(/q=Hallowick/);
  await expect(box).toHaveValue("Hallowick");
  await header.getByRole("link", { name: "Latest" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(box).toHaveValue("");
});

test("search pages count from where they start", async ({ page }) => {
  await page.goto("/search?q=the");
  const first = page.getByText(/^\d+ results$/);
  const total = Number((await first.innerText()).split(" ")[0]);
  test.skip(total <= 10, `the sample content has ${total} stories with "the": one page, nothing to page through`);
  await page.getByRole("link", { name: "More results →" }).click();
  await expect(page.getByText(new RegExp(`^Results 11–\\d+ of ${total}$`))).toBeVisible();
  await expect(page).toHaveTitle(/page 2/);
});

test("the header box shows the query without JavaScript too", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/search?q=strike");
  await expect(page.getByRole("banner").getByRole("searchbox", { name: "Search stories" })).toHaveValue("strike");
  await expect(page.getByText(/^\d+ results?$/)).toBeVisible();
  await context.close();
});

test("front page 2 and 3 have a marker, their own title, and a way back to newer stories", async ({ page }) => {
  await page.goto("/");
  const firstTitle = await page.title();
  const firstPage = await page.locator("main article h2").allInnerTexts();
  const pager = page.getByRole("navigation", { name: "Pagination" });
  await expect(pager.getByRole("link", { name: /Newer stories/ })).toHaveCount(0);

  await pager.getByRole("link", { name: /Older stories/ }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(page).toHaveTitle(/^Latest stories — page 2/);
  expect(await page.title()).not.toBe(firstTitle);
  await expect(pager.getByText("Page 2", { exact: true })).toBeVisible();
  const secondUrl = page.url();
  const secondPage = await page.locator("main article h2").allInnerTexts();

  await pager.getByRole("link", { name: /Older stories/ }).click();
  await expect(page).toHaveTitle(/^Latest stories — page 3/);
  await expect(pager.getByText("Page 3", { exact: true })).toBeVisible();

  // Newer from page 3 is exactly page 2; newer from page 2 is the front page itself.
  await pager.getByRole("link", { name: /Newer stories/ }).click();
  await expect(page).toHaveURL(secondUrl);
  expect(await page.locator("main article h2").allInnerTexts()).toEqual(secondPage);
  await pager.getByRole("link", { name: /Newer stories/ }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page).toHaveTitle(firstTitle);
  expect(await page.locator("main article h2").allInnerTexts()).toEqual(firstPage);
});
