import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { openArticle, randomUser, signIn, signUp } from "./helpers";

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("changing the password ends on sign-in with a message saying what happened", async ({ page }) => {
  const user = randomUser("changer");
  await signUp(page, user);
  await page.goto("/account");
  await page.getByLabel("Current password").fill(user.password);
  const newPassword = `${user.password} again`;
  await page.getByLabel(/^New password/).fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/signin\?.*notice=password-changed/);
  await expect(page.getByRole("status")).toContainText("Your password has been changed");
  await signIn(page, { email: user.email, password: newPassword });
  // Back where the reader was.
  await expect(page).toHaveURL(/\/account$/);
});

test("deleting the account says so, and the thread keeps what the words promise", async ({ page, browser }) => {
  // Two accounts, three comments and a deletion: argon2 alone takes seconds on a busy machine.
  test.setTimeout(90_000);
  const leaving = randomUser("leaving");
  await signUp(page, leaving);
  const path = await openArticle(page, 9);
  const comments = page.locator("section[aria-labelledby=comments]");
  for (const text of ["A comment someone answers", "A comment nobody answers"]) {
    await comments.getByLabel(`Add a comment as ${leaving.name}`).fill(text);
    await comments.getByRole("button", { name: "Post comment" }).click();
    await expect(comments.getByText(text)).toBeVisible();
  }

  const replier = randomUser("replier");
  const other = await browser.newPage();
  await signUp(other, replier);
  await other.goto(path);
  const answered = other.getByRole("article", { name: `Comment by ${leaving.name}` }).filter({
    hasText: "A comment someone answers",
  });
  await answered.getByRole("button", { name: "Reply", exact: true }).click();
  await answered.getByLabel(`Reply to ${leaving.name}`).fill("An answer that must keep its place");
  await answered.getByRole("button", { name: "Post reply" }).click();
  await expect(other.getByText("An answer that must keep its place")).toBeVisible();

  await page.goto("/account");
  // The account page says what happens to comments...
  await expect(page.getByText("A comment that others replied to stays in its thread as “[deleted]”")).toBeVisible();
  await page.getByLabel("Type DELETE to confirm").fill("DELETE");
  await page.getByLabel("Password", { exact: true }).fill(leaving.password);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/account\/deleted$/);
  await expect(page.getByRole("heading", { name: "Account deleted" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Your account has been deleted");

  // ...and the thread does exactly that: the answered one is "[deleted]" above its reply, the other is gone.
  await other.goto(path);
  const thread = other.locator("section[aria-labelledby=comments]");
  await expect(thread.getByText("A comment someone answers")).toHaveCount(0);
  await expect(thread.getByText("A comment nobody answers")).toHaveCount(0);
  await expect(thread.locator("li li p").filter({ hasText: "An answer that must keep its place" })).toBeVisible();
  await expect(thread.locator("li:has(li) > article").getByText("[deleted]").first()).toBeVisible();
  await expect(thread.getByRole("article", { name: "Comment by [deleted]" })).toHaveCount(1);
  await other.close();
});

test("without mail, the reset page says how to get a link instead of pretending to send one", async ({ page }) => {
  await page.goto("/signin");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await expect(page.getByText("This site does not send email")).toBeVisible();
  await expect(page.getByRole("button", { name: "Send reset link" })).toHaveCount(0);
  // A made-up link is refused plainly.
  await page.goto(`/reset/${"A".repeat(43)}`);
  await expect(page.getByRole("alert").filter({ hasText: "expired or has already been used" })).toBeVisible();
});

test("axe, light and dark: comment controls with the reply and delete panels open, and the account pages", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const user = randomUser("axe-acct");
  await signUp(page, user);
  await openArticle(page, 10);
  const comments = page.locator("section[aria-labelledby=comments]");
  await comments.getByLabel(`Add a comment as ${user.name}`).fill("A comment to open panels on");
  await comments.getByRole("button", { name: "Post comment" }).click();
  const mine = comments.getByRole("article", { name: `Comment by ${user.name}` }).first();
  await expect(mine).toBeVisible();
  // Each state once, alternating schemes: axe on a full article page is slow on a busy machine.
  await page.emulateMedia({ colorScheme: "light" });
  await mine.getByRole("button", { name: "Reply", exact: true }).click();
  await expectNoViolations(page);
  await page.emulateMedia({ colorScheme: "dark" });
  await mine.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(mine.getByText("Delete this comment?")).toBeVisible();
  await expectNoViolations(page);
  const pages = [
    ["/reset", "dark"],
    ["/account/deleted", "light"],
    ["/signin?notice=password-changed", "dark"],
  ] as const;
  for (const [path, scheme] of pages) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(path);
    await expectNoViolations(page);
  }
});
