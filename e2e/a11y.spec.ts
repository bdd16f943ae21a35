import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";

// axe with the WCAG 2.2 AA rules (and best practices), on every page a reader reaches, in each way a page
// can be dark: the system preference (emulated), and the header toggle's remembered choice (data-theme
// on <html>) over a light system. (A light toggle over a dark system uses the light palette, checked first.)
const THEMES = [
  { name: "light (system)", system: "light", toggle: null },
  { name: "dark (system)", system: "dark", toggle: null },
  { name: "dark (toggle over a light system)", system: "light", toggle: "dark" },
] as const;

// Three axe runs a page, on a machine other test runs share.
test.describe.configure({ timeout: 240_000 });

async function setTheme(page: Page, theme: (typeof THEMES)[number]) {
  await page.emulateMedia({ colorScheme: theme.system });
  // Exactly what ThemeToggle does on a click (and the layout's script on load).
  await page.evaluate((t) => {
    if (t) document.documentElement.dataset.theme = t;
    else delete document.documentElement.dataset.theme;
  }, theme.toggle);
}

async function expectNoViolations(page: Page) {
  const found: string[] = [];
  for (const theme of THEMES) {
    await setTheme(page, theme);
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"])
      .analyze();
    for (const v of results.violations) {
      found.push(`${theme.name}: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    }
  }
  await setTheme(page, THEMES[0]);
  expect(found).toEqual([]);
}

test("the header toggle's dark theme is what the dark checks apply", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/");
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await bg();
  await page.getByRole("button", { name: "Theme: system" }).click();
  await expect(page.getByRole("button", { name: "Theme: dark" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
  const dark = await bg();
  expect(dark).not.toBe(light);
  await page.emulateMedia({ colorScheme: "dark" });
  await page.evaluate(() => {
    delete document.documentElement.dataset.theme;
  });
  expect(await bg()).toBe(dark);
});

test("axe: front pages 1 and 2, article, tag, sources, an outlet, search, 404 and the error page", async ({ page }) => {
  await page.goto("/");
  await expectNoViolations(page);
  await page.getByRole("link", { name: /Older stories/ }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expectNoViolations(page);
  await page.goto("/");
  await page.locator("main article h2 a").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoViolations(page);
  await page.getByRole("list", { name: "Hashtags" }).getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Latest news with");
  await expectNoViolations(page);
  await page.goto("/sources");
  await expectNoViolations(page);
  await page.locator("main li a").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Stories from");
  await expectNoViolations(page);
  // Highlights in titles and in the muted snippets: the dark-mode contrast failure was here.
  await page.goto("/search?q=strike");
  await expect(page.locator("main mark").first()).toBeVisible();
  await expectNoViolations(page);
  await page.goto("/search?q=zzzznothing");
  await expectNoViolations(page);
  await page.goto("/articles/no-such-story");
  await expectNoViolations(page);
  await page.goto("/error-probe");
  await expect(page.getByRole("heading", { name: "Something went wrong" })).toBeVisible();
  await expectNoViolations(page);
});

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
