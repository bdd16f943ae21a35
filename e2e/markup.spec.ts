import { expect, test } from "@playwright/test";
import { randomUser, signUp } from "./helpers";

// Markup a validator accepts: HTML forbids an empty form action (the W3C Nu validator flagged /signin and
// /signup), which React renders for a server-action form unless it is told the page's own URL.

test("no page renders a form with an empty action", async ({ request }) => {
  const front = await (await request.get("/")).text();
  const article = /href="(\/articles\/[^"]+)"/.exec(front)?.[1] ?? "/";
  for (const path of [
    "/",
    article,
    "/sources",
    "/search?q=strike",
    "/articles/no-such-story",
    "/signin",
    "/signin?callbackUrl=%2Fsources&intent=bookmark%3A1",
    "/signup",
  ]) {
    const html = await (await request.get(path)).text();
    const forms = html.match(/<form\b[^>]*>/g) ?? [];
    for (const form of forms) {
      const action = /\saction="([^"]*)"/.exec(form)?.[1];
      expect(action, `${path}: ${form}`).toBeTruthy();
    }
  }
});

test("without JavaScript, a failed sign-in keeps where the reader was going, and the next try gets there", async ({
  browser,
}) => {
  const setup = await browser.newContext();
  const user = randomUser("nojs");
  await signUp(await setup.newPage(), user);
  await setup.close();

  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/signin?callbackUrl=%2Fsources");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page.locator('input[name="callbackUrl"]')).toHaveValue("/sources");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/sources$/);
  await context.close();
});
