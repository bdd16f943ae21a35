// Runs against the second server (project "mail" in playwright.config.ts), whose SMTP_URL points at
// the sink this spec starts. Sign-up there goes through a mailed link; a password reset too.
import AxeBuilder from "@axe-core/playwright";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { randomUser, type TestUser } from "./helpers";
import { linkIn, SmtpSink, smtpSinkPort } from "./smtp-sink";

const sink = new SmtpSink();
test.beforeAll(async () => {
  await sink.listen(smtpSinkPort());
});
test.afterAll(async () => {
  await sink.close();
});

const account = (page: Page) => page.getByRole("navigation", { name: "Account" });

async function submitSignUp(page: Page, user: TestUser) {
  await page.goto("/signup");
  await page.getByLabel("Display name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  return page.getByRole("status");
}

async function signInWith(page: Page, user: Pick<TestUser, "email" | "password">) {
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs up through the mailed link, then signs in: the account exists and this page holds a session. */
async function createAccount(page: Page, user: TestUser) {
  await expect(await submitSignUp(page, user)).toContainText("Check your inbox");
  const mail = await sink.waitFor(user.email, /Finish creating/);
  await page.goto(linkIn(mail, /^\/signup\/confirm\//));
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page).toHaveURL(/\/signin\?notice=account-created/);
  await expect(page.getByRole("status")).toContainText("Your account is ready");
  await signInWith(page, user);
  await expect(account(page).getByRole("link", { name: user.name })).toBeVisible();
}

async function requestReset(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  const answer = (await page.getByRole("status").textContent()) ?? "";
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  return { context, page, answer };
}

test("password reset by mail: link, new password, old session ended, link used once", async ({ page, browser }) => {
  const user = randomUser("reset");
  await createAccount(page, user);

  const stranger = randomUser("nobody");
  const unknown = await requestReset(browser, stranger.email);
  const known = await requestReset(browser, user.email);
  // The same words whether or not the address has an account.
  expect(known.answer).toContain("If an account uses that address");
  expect(unknown.answer).toBe(known.answer);

  const mail = await sink.waitFor(user.email, /Reset your Tidings password/);
  const link = linkIn(mail, /^\/reset\/[A-Za-z0-9_-]{43}$/);
  expect(mail.text).toContain("within an hour");

  const resetPage = known.page;
  await resetPage.goto(link);
  await expect(resetPage.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  for (const scheme of ["light", "dark"] as const) {
    await resetPage.emulateMedia({ colorScheme: scheme });
    const axe = await new AxeBuilder({ page: resetPage }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
  }
  const newPassword = `${user.password} renewed`;
  await resetPage.getByLabel("New password").fill(newPassword);
  await resetPage.getByRole("button", { name: "Set new password" }).click();
  await expect(resetPage).toHaveURL(/\/signin\?notice=password-reset/);
  await expect(resetPage.getByRole("status")).toContainText("Your new password is set");

  // The old password no longer works, the new one does.
  await signInWith(resetPage, user);
  await expect(resetPage.getByRole("alert").filter({ hasText: "Email or password is incorrect" })).toBeVisible();
  await signInWith(resetPage, { email: user.email, password: newPassword });
  await expect(account(resetPage).getByRole("link", { name: user.name })).toBeVisible();

  // The session that was signed in before the reset is over.
  await page.goto("/account");
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("link", { name: user.name })).toHaveCount(0);

  // The link worked once.
  await resetPage.goto(link);
  await expect(resetPage.getByRole("alert").filter({ hasText: "expired or has already been used" })).toBeVisible();
  await expect(resetPage.getByLabel("New password")).toHaveCount(0);

  // Nothing was ever sent to the unknown address.
  expect(sink.to(stranger.email)).toEqual([]);
  await known.context.close();
  await unknown.context.close();
});

test("sign-up with a registered address: the same answer, and a notice to the owner", async ({ page, browser }) => {
  const owner = randomUser("owner");
  await createAccount(page, owner);

  const fresh = randomUser("fresh");
  const freshContext = await browser.newContext();
  const freshAnswer = (await (await submitSignUp(await freshContext.newPage(), fresh)).textContent()) ?? "";

  const imposter = { ...randomUser("imposter"), email: owner.email };
  const takenContext = await browser.newContext();
  const takenPage = await takenContext.newPage();
  const takenAnswer = (await (await submitSignUp(takenPage, imposter)).textContent()) ?? "";

  // Only the address differs between the two answers, and it is the one each visitor typed.
  expect(takenAnswer.replace(owner.email, "EMAIL")).toBe(freshAnswer.replace(fresh.email, "EMAIL"));
  await expect(takenPage.getByText("already has an account")).toHaveCount(0);

  const notice = await sink.waitFor(owner.email, /Someone tried to sign up/);
  expect(notice.text).toContain("No new account was made");
  expect(linkIn(notice, /^\/reset$/)).toMatch(/\/reset$/);
  expect(sink.to(owner.email).filter((m) => /Finish creating/.test(m.subject))).toHaveLength(1);

  // The owner's account is untouched: their password still signs them in.
  await takenPage.goto("/signin");
  await signInWith(takenPage, owner);
  await expect(account(takenPage).getByRole("link", { name: owner.name })).toBeVisible();
  await freshContext.close();
  await takenContext.close();
});
