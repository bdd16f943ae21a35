import { expect, type Page, test } from "@playwright/test";
import { randomUser, signUp } from "./helpers";

// Issue 16, finding 2: the page cache's key must read a request exactly as the render does. Next's
// cookies() takes the LAST cookie of a name and percent-decodes it; a key that took the first one raw
// filed a newest-first render under the default key, served to every reader for minutes.

async function comment(page: Page, text: string) {
  const comments = page.locator("section[aria-labelledby=comments]");
  await comments.getByRole("textbox").first().fill(text);
  await comments.getByRole("button", { name: "Post comment" }).click();
  await expect(comments.locator("li p").filter({ hasText: text })).toBeVisible();
}

/** Which of the two comments an article page's HTML lists first. */
function firstOf(html: string, a: string, b: string): string {
  const i = html.indexOf(a);
  const j = html.indexOf(b);
  expect(i).toBeGreaterThan(-1);
  expect(j).toBeGreaterThan(-1);
  return i < j ? a : b;
}

for (const [index, poison] of [
  [7, "comment_order=oldest; comment_order=newest"],
  [8, "comment_order=%6eewest"],
] as const) {
  test(`"${poison}" does not poison the default comment order`, async ({ page, request }) => {
    const user = randomUser("order");
    await signUp(page, user);
    await page.goto("/");
    const href = (await page.locator("main article h2 a").nth(index).getAttribute("href")) ?? "";
    await page.goto(href);
    const older = `Older ${user.name}`;
    const newer = `Newer ${user.name}`;
    await comment(page, older);
    await comment(page, newer);

    // The crafted cookie first (the copy it renders is what a bad key would store), then no cookie.
    const crafted = await request.get(href, { headers: { cookie: poison } });
    expect(firstOf(await crafted.text(), older, newer)).toBe(newer);
    for (let i = 0; i < 2; i++) {
      const plain = await request.get(href, { headers: { cookie: "" } });
      expect(firstOf(await plain.text(), older, newer), `plain request ${i}`).toBe(older);
    }
    // And a reader who asked for newest first gets the crafted request's copy, which is right for them.
    const newest = await request.get(href, { headers: { cookie: "comment_order=newest" } });
    expect(newest.headers()["x-page-cache"]).toBe("HIT");
    expect(firstOf(await newest.text(), older, newer)).toBe(newer);
  });
}
