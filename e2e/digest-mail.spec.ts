// The daily notification digest, against the mail-enabled server (project "mail" in playwright.config.ts:
// its name ends in mail.spec.ts). `npm run notify:digest` is run here as an operator (or the ingest
// watcher) would, on that server's database, and its mail lands in this spec's SMTP sink.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { e2eDatabaseEnv } from "./database";
import { randomUser, type TestUser } from "./helpers";
import { linkIn, SmtpSink, smtpSinkPort } from "./smtp-sink";

test.describe.configure({ timeout: 120_000 });

const sink = new SmtpSink();
test.beforeAll(async () => {
  await sink.listen(smtpSinkPort());
});
test.afterAll(async () => {
  await sink.close();
});

const MAIL_PORT = Number(process.env.E2E_PORT ?? 3100) + 1;

/** `npm run notify:digest` with the mail server's settings (playwright.config.ts). */
async function runDigest(): Promise<string> {
  const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "notify:digest"], {
    env: {
      ...process.env,
      ...e2eDatabaseEnv("e2e-mail"),
      SITE_URL: `http://127.0.0.1:${MAIL_PORT}`,
      AUTH_SECRET: "e2e-mail-server-secret-0123456789abcdef",
      SMTP_URL: `smtp://127.0.0.1:${smtpSinkPort()}`,
      MAIL_FROM: "Tidings <no-reply@e2e.test>",
    },
  });
  return stdout;
}

const account = (page: Page) => page.getByRole("navigation", { name: "Account" });

/** Sign-up on this server goes through a mailed link. */
async function createAccount(browser: Browser, user: TestUser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/signup");
  await page.getByLabel("Display name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("status")).toContainText("Check your inbox");
  const mail = await sink.waitFor(user.email, /Finish creating/);
  await page.goto(linkIn(mail, /^\/signup\/confirm\//));
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page).toHaveURL(/\/signin\?notice=account-created/);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(account(page).getByRole("link", { name: user.name })).toBeVisible();
  return page;
}

test("the daily digest: opted in on /account, sent once, unsubscribed by its link without signing in", async ({
  browser,
}) => {
  const a = randomUser("digest");
  const b = randomUser("chatty");
  const pageA = await createAccount(browser, a);
  const pageB = await createAccount(browser, b);

  await pageA.goto("/account");
  const section = pageA.locator("section[aria-labelledby=digest-heading]");
  await expect(section.getByRole("heading", { name: "Email digest" })).toBeVisible();
  await section.getByRole("button", { name: "Email me a daily digest" }).click();
  await expect(section.getByText("You will get a daily digest.")).toBeVisible();
  await pageA.reload();
  await expect(section.getByRole("button", { name: "Stop the daily digest" })).toBeVisible();

  // Nothing to tell yet: nothing sent.
  expect(await runDigest()).toMatch(/0 sent/);

  await pageA.goto("/");
  const path = (await pageA.locator("main article h2 a").nth(4).getAttribute("href")) ?? "";
  await pageA.goto(path);
  const title = (await pageA.getByRole("heading", { level: 1 }).textContent()) ?? "";
  await pageA.getByLabel(`Add a comment as ${a.name}`).fill("Is the museum open on Mondays?");
  await pageA.getByRole("button", { name: "Post comment" }).click();
  await expect(pageA.getByText("Is the museum open on Mondays?")).toBeVisible();
  await pageB.goto(path);
  const comment = pageB.getByRole("article", { name: `Comment by ${a.name}` });
  await comment.getByRole("button", { name: "Reply", exact: true }).click();
  await comment.getByLabel(`Reply to ${a.name}`).fill("Only in summer, I believe.");
  await comment.getByRole("button", { name: "Post reply" }).click();
  await expect(pageB.getByText("Only in summer, I believe.")).toBeVisible();

  expect(await runDigest()).toMatch(/1 sent/);
  const mail = await sink.waitFor(a.email, /1 new notification/);
  expect(mail.text).toContain(`${b.name} replied to your comment on “${title}”`);
  expect(mail.text).toContain("“Only in summer, I believe.”");
  const toComment = linkIn(mail, /^\/articles\//);
  expect(new URL(toComment).search).toMatch(/^\?comment=\d+$/);
  expect(mail.raw).toMatch(/^List-Unsubscribe:\s*<http:\/\/127\.0\.0\.1:\d+\/notifications\/unsubscribe\//m);
  // B chose no digest, and nobody is mailed twice: a rerun the same day sends nothing.
  expect(await runDigest()).toMatch(/0 sent/);
  expect(sink.to(a.email).filter((m) => /new notification/.test(m.subject))).toHaveLength(1);
  expect(sink.to(b.email).filter((m) => /new notification/.test(m.subject))).toHaveLength(0);

  // The unsubscribe link, in a browser that is not signed in. Opening it changes nothing; the button does.
  const unsubscribe = linkIn(mail, /^\/notifications\/unsubscribe\//);
  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto(unsubscribe);
  await expect(stranger.getByRole("heading", { name: "Stop the email digest" })).toBeVisible();
  await expect(account(stranger).getByRole("link", { name: a.name })).toHaveCount(0);
  await pageA.goto("/account");
  await expect(section.getByRole("button", { name: "Stop the daily digest" })).toBeVisible();
  await stranger.getByRole("button", { name: "Stop the digest" }).click();
  await expect(stranger.getByText("you will get no more digest emails")).toBeVisible();
  await pageA.reload();
  await expect(section.getByRole("button", { name: "Email me a daily digest" })).toBeVisible();

  // A forged link is refused.
  // (The same account id with another account's signature byte changed.)
  const forged = unsubscribe.replace(
    /(\/unsubscribe\/\d+\.)(.)/,
    (_, head: string, c: string) => `${head}${c === "A" ? "B" : "A"}`,
  );
  expect(forged).not.toBe(unsubscribe);
  await stranger.goto(forged);
  await stranger.getByRole("button", { name: "Stop the digest" }).click();
  await expect(stranger.getByText("This unsubscribe link is not valid")).toBeVisible();
  for (const p of [pageA, pageB, stranger]) await p.context().close();
});
