import { expect, test } from "@playwright/test";

// An unexpected failure shows a calm page with a way back, and none of the error's internals.
// /error-probe (on only when ERROR_PROBE=1, as playwright.config.ts sets) throws an error whose message
// names a table, a file path and an SQLite code.

const INTERNALS = /SQLITE|news\.db|select \*|\/srv\/|at .*\.js|digest:/i;

test("a failing page shows a calm notice with a way back, never the error", async ({ page }) => {
  const res = await page.goto("/error-probe");
  expect(res?.status()).toBe(500);
  await expect(page.getByRole("heading", { level: 1, name: "Something went wrong" })).toBeVisible();
  await expect(page).toHaveTitle(/Something went wrong/);
  const text = await page.locator("body").innerText();
  expect(text).not.toMatch(INTERNALS);
  expect(await page.content()).not.toContain("SQLITE_CORRUPT");
  // The site around it still works: header, search, and a link home.
  await expect(page.getByRole("banner").getByRole("searchbox", { name: "Search stories" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
  await page.getByRole("link", { name: "Back to the latest stories" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1, name: "Latest stories" })).toBeVisible();
});
