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

  await first.getByRole("button", { name: "Reply", exact: true }).click();
  const replyBox = first.getByLabel(`Reply to ${user.name}`);
  await expect(replyBox).toBeFocused();
  // The reply form opens below the controls, across the comment's full width, not squeezed beside them.
  const [box, commentBox, deleteBox] = await Promise.all([
    replyBox.boundingBox(),
    first.boundingBox(),
    first.getByRole("button", { name: "Delete", exact: true }).boundingBox(),
  ]);
  if (!box || !commentBox || !deleteBox) throw new Error("no layout");
  expect(box.width).toBeGreaterThan(commentBox.width * 0.95);
  expect(box.y).toBeGreaterThan(deleteBox.y + deleteBox.height);
  await replyBox.fill("A reply to myself");
  await first.getByRole("button", { name: "Post reply" }).click();
  await expect(comments.locator("p").filter({ hasText: "A reply to myself" })).toBeVisible();
  // Posted: the form closes.
  await expect(first.getByLabel(`Reply to ${user.name}`)).toHaveCount(0);
  await expect(first.getByRole("button", { name: "Reply", exact: true })).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("heading", { name: /Comments \(2\)/ })).toBeVisible();
  // The reply is nested inside the first comment's list item.
  await expect(comments.locator("li li p").filter({ hasText: "A reply to myself" })).toBeVisible();

  const reply = comments.locator("li li").getByRole("article");
  await reply.getByRole("button", { name: "Edit", exact: true }).click();
  await reply.getByLabel("Edit your comment").fill("An edited reply");
  await reply.getByRole("button", { name: "Save changes" }).click();
  const edited = comments.locator("li li").getByRole("article");
  await expect(edited.locator("p").filter({ hasText: "An edited reply" })).toBeVisible();
  await expect(edited.getByText("edited", { exact: true })).toBeVisible();
  await edited.getByText("Earlier versions (1)").click();
  await expect(edited.locator("details li p").filter({ hasText: "A reply to myself" })).toBeVisible();

  // Delete asks first; Cancel leaves the comment as it was.
  const deleteToggle = first.getByRole("button", { name: "Delete", exact: true }).first();
  await deleteToggle.click();
  await expect(first.getByText("Delete this comment?")).toBeVisible();
  await first.getByRole("button", { name: "Cancel" }).click();
  await expect(first.getByText("Delete this comment?")).toHaveCount(0);
  await expect(first.locator("p").filter({ hasText: "Second line" })).toBeVisible();

  // Deleting the parent keeps the thread: it becomes "[deleted]" and the reply stays.
  await deleteToggle.click();
  await first.getByRole("button", { name: "Delete comment" }).click();
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

    // Delete asks for confirmation without JavaScript too: a <details> holds the confirm button.
    const mine = page.getByRole("article", { name: `Comment by ${user.name}` });
    await mine.getByText("Delete", { exact: true }).click();
    await expect(mine.getByText("Delete this comment?")).toBeVisible();
    await expect(mine.locator("p").filter({ hasText: "Posted without JavaScript" })).toBeVisible();
    await mine.getByRole("button", { name: "Delete comment" }).click();
    // No replies: it leaves the thread.
    await expect(page.locator("section li p").filter({ hasText: "Posted without JavaScript" })).toHaveCount(0);

    const bookmark = page.locator("article header").getByRole("button", { name: /^Bookmark/ });
    await expect(bookmark).toHaveAttribute("aria-pressed", "false");
    await bookmark.click();
    await expect(page.locator("article header").getByRole("button", { name: /^Bookmark/ })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
  });
});

test("moderators hide and restore on the thread, and the log links to the comment", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const author = randomUser("loud");
  await signUp(page, author);
  const path = await openArticle(page, 8);
  await page.getByLabel(`Add a comment as ${author.name}`).fill("Something a moderator will hide");
  await page.getByRole("button", { name: "Post comment" }).click();
  const authored = page.getByRole("article", { name: `Comment by ${author.name}` });
  await expect(authored).toBeVisible();
  const commentId = (await authored.locator("xpath=..").getAttribute("id"))?.replace("comment-", "");
  // An ordinary reader has no moderation controls.
  await expect(authored.getByRole("button", { name: "Hide", exact: true })).toHaveCount(0);

  const modContext = await browser.newContext();
  const mod = await modContext.newPage();
  await signUp(mod, { name: "Marta Keel", email: "moderator@e2e.test", password: "moderator password 1" });
  await mod.goto(path);
  const target = mod.getByRole("article", { name: `Comment by ${author.name}` });
  await target.getByRole("button", { name: "Hide", exact: true }).click();
  await target.getByLabel("Note for the log (optional)").fill("off-topic rant");
  await target.getByRole("button", { name: "Hide comment" }).click();
  // The moderator still sees it in place, marked, with a way back.
  await expect(target.getByText("Hidden by a moderator")).toBeVisible();
  await expect(target.getByText("Something a moderator will hide")).toBeVisible();

  const anon = await browser.newPage();
  await anon.goto(path);
  await expect(anon.getByText("Something a moderator will hide")).toHaveCount(0);

  await mod.goto("/moderation");
  const entry = mod.getByRole("link", { name: `comment #${commentId}` }).first();
  // The comment's permalink (issue 18), which finds its page of the thread.
  await expect(entry).toHaveAttribute("href", `${path}?comment=${commentId}#comment-${commentId}`);
  await entry.click();
  await expect(mod).toHaveURL(new RegExp(`${path}\\?comment=${commentId}#comment-${commentId}$`));
  await expect(mod.locator(`#comment-${commentId}`)).toBeInViewport();
  await mod.locator(`#comment-${commentId}`).getByRole("button", { name: "Restore comment" }).click();
  await expect(mod.locator(`#comment-${commentId}`).getByText("Hidden by a moderator")).toHaveCount(0);

  await anon.goto(path);
  await expect(anon.getByText("Something a moderator will hide")).toBeVisible();
  await anon.close();
  await modContext.close();
});
