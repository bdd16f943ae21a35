import AxeBuilder from "@axe-core/playwright";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { openArticle, randomUser, signIn, signUp, type TestUser } from "./helpers";

// Reply notifications (issue 18, part 1): the header's count, /notifications, following a notice to its
// comment, moderation notices, "mark all read" and "stop notifying me".

// Three or four browsers and several argon2 sign-ups a test, on a machine other runs share.
test.describe.configure({ timeout: 180_000 });

const bell = (page: Page) =>
  page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: /^Notifications/ });
const comments = (page: Page) => page.locator("section[aria-labelledby=comments]");

/** A second reader in a browser of their own. */
async function reader(browser: Browser, prefix: string): Promise<{ page: Page; user: TestUser }> {
  const page = await (await browser.newContext()).newPage();
  const user = randomUser(prefix);
  await signUp(page, user);
  return { page, user };
}

async function postComment(page: Page, name: string, text: string) {
  await comments(page).getByLabel(`Add a comment as ${name}`).fill(text);
  await comments(page).getByRole("button", { name: "Post comment" }).click();
  const mine = comments(page)
    .getByRole("article", { name: `Comment by ${name}` })
    .filter({ hasText: text });
  await expect(mine).toBeVisible();
  return Number((await mine.locator("xpath=..").getAttribute("id"))?.replace("comment-", ""));
}

async function replyTo(page: Page, path: string, commentId: number, authorName: string, text: string) {
  await page.goto(path);
  const target = page.locator(`#comment-${commentId} > article`);
  await target.getByRole("button", { name: "Reply", exact: true }).click();
  await target.getByLabel(`Reply to ${authorName}`).fill(text);
  await target.getByRole("button", { name: "Post reply" }).click();
  await expect(comments(page).locator("p").filter({ hasText: text })).toBeVisible();
}

async function moderator(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  const mod = { name: "Marta Keel", email: "moderator@e2e.test", password: "moderator password 1" };
  // The account may exist already (e2e/comments.spec.ts makes it too).
  await page.goto("/signin");
  await signIn(page, mod);
  const signedIn = page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: mod.name });
  await expect(signedIn.or(page.getByText("Email or password is incorrect"))).toBeVisible();
  if (!(await signedIn.isVisible())) await signUp(page, mod);
  return page;
}

test("A comments, B replies: A sees the count, the notice, and follows it to the reply", async ({ page, browser }) => {
  const a = randomUser("asker");
  await signUp(page, a);
  const path = await openArticle(page, 10);
  const title = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";
  const mine = await postComment(page, a.name, "Will the bridge reopen before winter?");
  await expect(bell(page)).toHaveAccessibleName("Notifications");

  const b = await reader(browser, "answerer");
  await replyTo(b.page, path, mine, a.name, "The council says March, at the earliest.");
  // Replying to yourself notifies no one.
  await replyTo(page, path, mine, a.name, "Thanks, noted.");

  // Any page now carries A's count: here the shared copy of the front page with A's own state.
  const response = await page.goto("/");
  expect(response?.headers()["x-page-cache"]).toBe("SHELL");
  await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread");
  await expect(bell(b.page)).toHaveAccessibleName("Notifications");

  await bell(page).click();
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  const item = page.getByRole("listitem").filter({ hasText: "The council says March" });
  const link = item.getByRole("link", { name: `${b.user.name} replied to your comment on “${title}”` });
  await expect(link).toBeVisible();
  await expect(item.getByText(/ago|just now/)).toBeVisible();
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
  }

  const href = (await link.getAttribute("href")) ?? "";
  const replyId = /comment=(\d+)#comment-(\d+)$/.exec(href);
  expect(replyId?.[1]).toBe(replyId?.[2]);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`${path}\\?comment=${replyId?.[1]}#comment-${replyId?.[1]}$`));
  const target = page.locator(`#comment-${replyId?.[1]}`);
  await expect(target).toContainText("The council says March");
  await expect(target).toBeInViewport();
  await expect(page.locator(`#comment-${replyId?.[1]}:target`)).toHaveCount(1);
  // Following it marked it read (a keepalive POST as the page changed): the header says so on the next page.
  await expect(async () => {
    await page.goto("/");
    await expect(bell(page)).toHaveAccessibleName("Notifications", { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await b.page.context().close();
});

test("a moderator's hide, stop notifying and its undo, mark all read (also without JavaScript)", async ({
  page,
  browser,
}) => {
  const a = randomUser("talker");
  await signUp(page, a);
  const path = await openArticle(page, 11);
  const mine = await postComment(page, a.name, "Ferries should run all night.");
  const b = await reader(browser, "replier");
  await replyTo(b.page, path, mine, a.name, "First reply about ferries");

  await page.goto("/notifications");
  await expect(page.getByText("1 unread.")).toBeVisible();
  const first = page.getByRole("listitem").filter({ hasText: "First reply about ferries" });
  await first.getByRole("button", { name: "Stop notifying me about this thread" }).click();
  await expect(first.getByText("no more notifications from this thread")).toBeVisible();

  // Muted: a new reply in the thread tells A nothing.
  await replyTo(b.page, path, mine, a.name, "Second reply, while muted");
  await page.goto("/notifications");
  await expect(page.getByText("1 unread.")).toBeVisible();
  await expect(page.getByText("Second reply, while muted")).toHaveCount(0);

  // Undone: the next one arrives.
  await first.getByRole("button", { name: "Notify me again about this thread" }).click();
  await expect(first.getByRole("button", { name: "Stop notifying me about this thread" })).toBeVisible();
  await replyTo(b.page, path, mine, a.name, "Third reply, heard again");
  await page.goto("/notifications");
  await expect(page.getByText("2 unread.")).toBeVisible();
  await expect(page.getByText("Third reply, heard again")).toBeVisible();

  // A moderator hides A's comment: A is told, with the text that was hidden, and led to the comments.
  const mod = await moderator(browser);
  await mod.goto(path);
  const target = mod.locator(`#comment-${mine} > article`);
  await target.getByRole("button", { name: "Hide", exact: true }).click();
  await target.getByRole("button", { name: "Hide comment" }).click();
  // (Not just "hidden by a moderator": the open hide form says that too, before anything is sent.)
  await expect(target.getByText("Hidden by a moderator: only moderators see this text.")).toBeVisible();
  await page.goto("/");
  await expect(bell(page)).toHaveAccessibleName("Notifications, 3 unread");
  await page.goto("/notifications");
  const hidden = page.getByRole("listitem").filter({ hasText: "A moderator hid your comment" });
  await expect(hidden).toContainText("Ferries should run all night.");
  await expect(hidden.getByRole("link")).toHaveAttribute("href", `${path}#comments`);

  // "Mark all read" as a plain form post, scripts off.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  await noJs.addCookies(await page.context().cookies());
  const plain = await noJs.newPage();
  await plain.goto("/notifications");
  await expect(plain.getByText("3 unread.")).toBeVisible();
  await plain.getByRole("button", { name: "Mark all read" }).click();
  await expect(plain.getByText("All read.")).toBeVisible();
  await expect(plain.getByRole("button", { name: "Mark all read" })).toHaveCount(0);
  await expect(plain.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();
  await noJs.close();

  // And with scripts, in A's own browser: the list stays, read.
  await page.goto("/notifications");
  await expect(page.getByText("All read.")).toBeVisible();
  await expect(bell(page)).toHaveAccessibleName("Notifications");
  await expect(page.getByText("Third reply, heard again")).toBeVisible();
  await b.page.context().close();
  await mod.context().close();
});

test("mark all read with JavaScript updates the header at once", async ({ page, browser }) => {
  const a = randomUser("header");
  await signUp(page, a);
  const path = await openArticle(page, 12);
  const mine = await postComment(page, a.name, "Count me in.");
  const b = await reader(browser, "counter");
  await replyTo(b.page, path, mine, a.name, "Counted.");
  await page.goto(path);
  await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread");
  // A client-side navigation: the header is not rendered again, so the page must correct it.
  await bell(page).click();
  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect(page.getByText("All read.")).toBeVisible();
  await expect(bell(page)).toHaveAccessibleName("Notifications");
  await b.page.context().close();
});

test("signed out, /notifications asks to sign in and comes back", async ({ page }) => {
  const user = randomUser("later");
  await signUp(page, user);
  // The first signed-in page asks /api/auth/session once (useKeepSessionAlive), and that answer sets
  // the session cookie again: let it land before signing out by clearing cookies, or it races them.
  await page.waitForFunction(() => localStorage.getItem("tidings:session-renewed") !== null);
  await page.context().clearCookies();
  await page.goto("/notifications");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fnotifications$/);
  await signIn(page, user);
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  // This server sends no mail: the digest is not offered.
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Email digest" })).toHaveCount(0);
});
