import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

async function expectNoViolations(page: import("@playwright/test").Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

for (const scheme of ["light", "dark"] as const) {
  test(`axe: front, article and tag pages (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/");
    await expectNoViolations(page);
    await page.locator("main article h2 a").first().click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoViolations(page);
    await page.getByRole("list", { name: "Hashtags" }).getByRole("link").first().click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Latest news with");
    await expectNoViolations(page);
  });
}

test("axe: sign-in, sign-up, saved, account, and an article with a comment thread", async ({ page }) => {
  const { randomUser, signUp, openArticle } = await import("./helpers");
  await page.goto("/signin");
  await expectNoViolations(page);
  await page.goto("/signup");
  await expectNoViolations(page);
  const user = randomUser("axe");
  await signUp(page, user);
  await openArticle(page, 9);
  await page.locator("section[aria-labelledby=comments]").getByRole("textbox").fill("A comment for axe");
  await page.getByRole("button", { name: "Post comment" }).click();
  const first = page.locator("section[aria-labelledby=comments] li").first();
  await expect(first.locator("p").filter({ hasText: "A comment for axe" })).toBeVisible();
  await first.getByText("Reply", { exact: true }).click();
  await first.getByRole("textbox").fill("And a reply");
  await first.getByRole("button", { name: "Post reply" }).click();
  await expect(page.locator("li li p").filter({ hasText: "And a reply" })).toBeVisible();
  await page
    .locator("article header")
    .getByRole("button", { name: /^Bookmark/ })
    .click();
  await expectNoViolations(page);
  await page.goto("/saved");
  await expectNoViolations(page);
  await page.goto("/account");
  await expectNoViolations(page);
});
