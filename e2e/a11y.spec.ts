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
