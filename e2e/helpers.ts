import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";

export type TestUser = { name: string; email: string; password: string };

export function randomUser(prefix = "reader"): TestUser {
  const id = randomBytes(4).toString("hex");
  return { name: `${prefix} ${id}`, email: `${prefix}-${id}@e2e.test`, password: `correct horse ${id}` };
}

export async function signUp(page: Page, user: TestUser, from = "/") {
  await page.goto(`/signup?callbackUrl=${encodeURIComponent(from)}`);
  await page.getByLabel("Display name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: user.name })).toBeVisible();
}

/** Fills and submits the sign-in form, and waits for the server's answer before returning. */
export async function signIn(page: Page, user: Pick<TestUser, "email" | "password">) {
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}

/** The first story on the front page that has no comments yet is not guaranteed; open a specific one. */
export async function openArticle(page: Page, index = 0): Promise<string> {
  await page.goto("/");
  const link = page.locator("main article h2 a").nth(index);
  const href = (await link.getAttribute("href")) ?? "";
  await page.goto(href);
  return href;
}
