import { expect, test } from "@playwright/test";
import { openArticle, randomUser, signIn, signUp } from "./helpers";

test("sign up → comment → reply → edit → delete", async ({ page }) => {
  const user = randomUser();
  const path = await openArticle(page, 5);
  await page.getByRole("link", { name: "Sign in to comment" }).click();
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Display name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  // Back on the article we came from.
  await expect(page).toHaveURL(new RegExp(`${path}(#comments)?$`));

  const comments = page.locator("section[aria-labelledby=comments]");
  await expect(comments.getByText("No comments yet")).toBeVisible();
  await comments.getByLabel(`Add a comment as ${user.name}`).fill("First!\nSecond line https://example.org/x.");
  await comments.getByRole("button", { name: "Post comment" }).click();
  const first = comments.getByRole("article", { name: `Comment by ${user.name}` }).first();
  await expect(first.locator("p").filter({ hasText: "Second line" })).toBeVisible();
  await expect(first.getByRole("link", { name: "https://example.org/x" })).toHaveAttribute(
    "rel",
    "nofollow ugc noopener",
  );
  await expect(page.getByRole("heading", { name: /Comments \(1\)/ })).toBeVisible();

  await first.getByText("Reply", { exact: true }).click();
  await first.getByLabel(`Reply to ${user.name}`).fill("A reply to myself");
  await first.getByRole("button", { name: "Post reply" }).click();
  await expect(comments.locator("p").filter({ hasText: "A reply to myself" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Comments \(2\)/ })).toBeVisible();
  // The reply is nested inside the first comment's list item.
  await expect(comments.locator("li li p").filter({ hasText: "A reply to myself" })).toBeVisible();

  const reply = comments.locator("li li").getByRole("article");
  await reply.getByText("Edit", { exact: true }).click();
  await reply.getByLabel("Edit your comment").fill("An edited reply");
  await reply.getByRole("button", { name: "Save changes" }).click();
  const edited = comments.locator("li li").getByRole("article");
  await expect(edited.locator("p").filter({ hasText: "An edited reply" })).toBeVisible();
  await expect(edited.getByText("edited", { exact: true })).toBeVisible();
  await edited.getByText("Earlier versions (1)").click();
  await expect(edited.locator("details li p").filter({ hasText: "A reply to myself" })).toBeVisible();

  // Deleting the parent keeps the thread: it becomes "[deleted]" and the reply stays.
  await first.getByRole("button", { name: "Delete" }).first().click();
  await expect(comments.getByText("[deleted]").first()).toBeVisible();
  await expect(comments.locator("li li p").filter({ hasText: "An edited reply" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Comments \(1\)/ })).toBeVisible();
});

test("anonymous readers see comments and a sign-in link that brings them back", async ({ page, browser }) => {
  const author = randomUser("author");
  await signUp(page, author);
  const path = await openArticle(page, 6);
  await page.locator("section[aria-labelledby=comments]").getByRole("textbox").fill("Visible to everyone");
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page.locator("section li p").filter({ hasText: "Visible to everyone" })).toBeVisible();

  const anon = await browser.newPage();
  await anon.goto(path);
  await expect(anon.getByText("Visible to everyone")).toBeVisible(); // no edit form for anonymous readers: one match
  await expect(anon.getByRole("button", { name: "Post comment" })).toHaveCount(0);
  await anon.getByRole("link", { name: "Sign in to comment" }).click();
  await signIn(anon, author);
  await expect(anon).toHaveURL(new RegExp(`${path}(#comments)?$`));
  await expect(anon.getByRole("button", { name: "Post comment" })).toBeVisible();
  await anon.close();
});

test("a wrong password gets one message, and too many attempts get the rate-limit message", async ({ page }) => {
  const user = randomUser("victim");
  await signUp(page, user);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/signin");
  await signIn(page, { email: user.email, password: "wrong password!!" });
  const alert = page.locator("main").getByRole("alert");
  await expect(alert).toHaveText("Email or password is incorrect.");
  // Unknown email: the very same message.
  await signIn(page, { email: `nobody-${Date.now()}@e2e.test`, password: "wrong password!!" });
  await expect(alert).toHaveText("Email or password is incorrect.");
  // The e2e server allows 5 attempts per account from one address (a right password clears the count,
  // so the sign-up's own sign-in does not count): the sixth is refused.
  for (let i = 0; i < 4; i++) await signIn(page, { email: user.email, password: "wrong password!!" });
  await expect(alert).toHaveText("Email or password is incorrect.");
  await signIn(page, { email: user.email, password: "wrong password!!" });
  await expect(alert).toContainText("Too many attempts");
  // Even the right password is refused while limited.
  await signIn(page, { email: user.email, password: user.password });
  await expect(alert).toContainText("Too many attempts");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("comment and bookmark forms work as plain posts", async ({ page }) => {
    const user = randomUser("nojs");
    // The sign-up form is a plain post: the shared helper works without JavaScript too.
    await signUp(page, user);
    await openArticle(page, 7);
    await page.getByLabel(`Add a comment as ${user.name}`).fill("Posted without JavaScript");
    await page.getByRole("button", { name: "Post comment" }).click();
    await expect(page.locator("section li p").filter({ hasText: "Posted without JavaScript" })).toBeVisible();

    const bookmark = page.locator("article header").getByRole("button", { name: /^Bookmark/ });
    await expect(bookmark).toHaveAttribute("aria-pressed", "false");
    await bookmark.click();
    await expect(page.locator("article header").getByRole("button", { name: /^Bookmark/ })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
  });
});
