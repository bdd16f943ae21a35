import { expect, type Locator, type Page, request, test } from "@playwright/test";
import { randomUser, signUp } from "./helpers";

/** Clicks a Follow/Mute button and waits for the server action's answer: saved, not only shown. */
async function saved(page: Page, button: Locator) {
  await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), button.click()]);
}

// Follow and mute (issue 18, part 2): My feed, its private RSS link, muted words on the lists and in
// search. The page-cache side (nobody else ever gets a muted reader's lists) is e2e/follow-mute-cache.spec.ts.

test.describe.configure({ timeout: 90_000 });

// Sample content (db/sample/content.ts): the Hallowick flood story's excerpt mentions the budget, and
// three Varga budget stories say "budget" in their titles; #Nurses has two stories.
const FLOOD_BUDGET = "/articles/hallowicks-flood-was-forecast-its-barrier-was-not-ready";
const VARGA_BUDGET = "/articles/varga-budget-raises-tax-free-allowance-targets-2-8-per-cent-deficit";

test("following a tag and an outlet: My feed shows only their stories", async ({ page }) => {
  const user = randomUser("follow");
  await signUp(page, user);
  await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "My feed" }).click();
  await expect(page.getByRole("heading", { name: "My feed" })).toBeVisible();
  await expect(page.getByText("You do not follow anything yet.")).toBeVisible();

  await page.goto("/tags/nurses");
  const followTag = page.getByRole("button", { name: /^Follow #Nurses/ });
  await expect(followTag).toHaveAttribute("aria-pressed", "false");
  await saved(page, followTag);
  await expect(page.getByRole("button", { name: /Following #Nurses/ })).toHaveAttribute("aria-pressed", "true");
  // The choice is stored: a full reload (the shared copy plus this reader's state) still says so.
  await page.reload();
  await expect(page.getByRole("button", { name: /Following #Nurses/ })).toHaveAttribute("aria-pressed", "true");

  await page.goto("/sources/fieldhouse");
  // The signed-in control (with aria-pressed) once the page is hydrated, not the sign-in link.
  await expect(page.getByRole("button", { name: /^Follow Fieldhouse/ })).toHaveAttribute("aria-pressed", "false");
  await saved(page, page.getByRole("button", { name: /^Follow Fieldhouse/ }));
  await expect(page.getByRole("button", { name: /Following Fieldhouse/ })).toHaveAttribute("aria-pressed", "true");

  await page.goto("/my");
  const cards = page.locator("main article");
  await expect(cards.first()).toBeVisible();
  const count = await cards.count();
  expect(count).toBeGreaterThan(3);
  let fromTag = 0;
  for (let i = 0; i < count; i++) {
    const card = cards.nth(i);
    const outlet = (await card.locator("p a").first().textContent())?.trim();
    const tags = await card.getByRole("link", { name: /^#/ }).allTextContents();
    if (outlet !== "Fieldhouse") {
      expect(
        tags.map((t) => t.trim()),
        `card ${i} from ${outlet}`,
      ).toContain("#Nurses");
      fromTag++;
    }
  }
  expect(fromTag).toBeGreaterThan(0);
  // Newest first.
  const times = await cards.locator("time").evaluateAll((els) => els.map((e) => e.getAttribute("datetime") ?? ""));
  expect([...times].sort().reverse()).toEqual(times);

  // Unfollow from the account page: the tag leaves My feed.
  await page.goto("/account");
  const following = page.getByRole("list", { name: "Following" });
  await following.getByRole("button", { name: "Unfollow #Nurses" }).click();
  await expect(page.getByRole("list", { name: "Following" }).getByRole("link", { name: "#Nurses" })).toHaveCount(0);
  await page.goto("/my");
  for (const outlet of await page.locator("main article p a:first-child").allTextContents())
    expect(outlet.trim()).toBe("Fieldhouse");
});

test("a muted word leaves the front page and tag pages; search says how many it hid and shows them", async ({
  page,
}) => {
  const user = randomUser("mute");
  await signUp(page, user);
  await page.goto("/tags/flooding");
  await expect(page.locator(`main article a[href="${FLOOD_BUDGET}"]`)).toBeVisible();

  await page.goto("/account");
  const word = page.getByLabel(/Word or phrase to mute/);
  // Limits and clear errors.
  await word.fill("x");
  await page.getByRole("button", { name: "Mute word" }).click();
  await expect(page.getByText("A muted word must be at least 2 characters.")).toBeVisible();
  await word.fill("BUDGET");
  await page.getByRole("button", { name: "Mute word" }).click();
  await expect(page.getByText("Muted “budget”.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Muted words" }).getByText("budget")).toBeVisible();
  await word.fill("Budget");
  await page.getByRole("button", { name: "Mute word" }).click();
  await expect(page.getByText("You already mute “budget”.")).toBeVisible();

  let response = await page.goto("/");
  // Rendered for this reader, never the shared copy.
  expect(response?.headers()["x-page-cache"]).toBeUndefined();
  await expect(page.locator("main article").first()).toBeVisible();
  await expect(page.locator(`main article a[href="${VARGA_BUDGET}"]`)).toHaveCount(0);
  await expect(page.locator(`main article a[href="${FLOOD_BUDGET}"]`)).toHaveCount(0);
  await expect(page.getByText(/stories hidden by your mutes/)).toBeVisible();
  for (const text of await page.locator("main article").allTextContents()) expect(text).not.toMatch(/\bbudgets?\b/i);
  // Still a full page of 20.
  await expect(page.locator("main article")).toHaveCount(20);

  response = await page.goto("/tags/flooding");
  expect(response?.headers()["x-page-cache"]).toBeUndefined();
  await expect(page.locator("main article").first()).toBeVisible();
  await expect(page.locator(`main article a[href="${FLOOD_BUDGET}"]`)).toHaveCount(0);
  await expect(page.getByText("1 story hidden by your mutes")).toBeVisible();

  await page.goto("/search?q=flood");
  await expect(page.getByText("1 result on this page hidden by your mutes.")).toBeVisible();
  await expect(page.locator(`main a[href="${FLOOD_BUDGET}"]`)).toHaveCount(0);
  await page.getByRole("link", { name: "Show it" }).click();
  await expect(page).toHaveURL(/mutes=off/);
  await expect(page.locator(`main a[href="${FLOOD_BUDGET}"]`)).toBeVisible();
  await expect(page.getByText("Showing 1 result your mutes would hide.")).toBeVisible();

  // Unmuting brings it back.
  await page.goto("/account");
  await page.getByRole("button", { name: "Unmute “budget”" }).click();
  await expect(page.getByRole("list", { name: "Muted words" })).toHaveCount(0);
  await page.goto("/tags/flooding");
  await expect(page.locator(`main article a[href="${FLOOD_BUDGET}"]`)).toBeVisible();
});

test("muting a tag from its page hides it there and on the front page", async ({ page }) => {
  await signUp(page, randomUser("mutetag"));
  await page.goto("/tags/budget");
  // The signed-in control (with aria-pressed) once the page is hydrated, not the sign-in link.
  await expect(page.getByRole("button", { name: /^Mute #Budget/ })).toHaveAttribute("aria-pressed", "false");
  await saved(page, page.getByRole("button", { name: /^Mute #Budget/ }));
  await expect(page.getByRole("button", { name: /Muted #Budget/ })).toHaveAttribute("aria-pressed", "true");
  // Saved: the page, rendered again for this reader, hides the tag's stories.
  await expect(page.getByText("You muted #Budget, so its stories are hidden.")).toBeVisible();
  await page.goto("/");
  await expect(page.locator(`main article a[href="${VARGA_BUDGET}"]`)).toHaveCount(0);
  // Hallowick's flood story is not tagged #Budget: a muted tag is not a muted word.
  await expect(page.locator(`main article a[href="${FLOOD_BUDGET}"]`)).toBeVisible();
});

test("the private RSS link works without cookies, and stops working after “Create new link”", async ({
  page,
  baseURL,
}) => {
  await signUp(page, randomUser("rss"));
  await page.goto("/tags/nurses");
  // The signed-in control (with aria-pressed) once the page is hydrated, not the sign-in link.
  await expect(page.getByRole("button", { name: /^Follow #Nurses/ })).toHaveAttribute("aria-pressed", "false");
  await saved(page, page.getByRole("button", { name: /^Follow #Nurses/ }));
  await expect(page.getByRole("button", { name: /Following #Nurses/ })).toBeVisible();

  await page.goto("/account");
  await page.getByRole("button", { name: "Create a private RSS link" }).click();
  const address = page.getByLabel("Your private feed address");
  await expect(address).toHaveValue(/\/my\/feed\/[A-Za-z0-9_-]{43}\.xml$/);
  const first = await address.inputValue();

  // A feed reader: a plain HTTP client with no cookies at all.
  const reader = await request.newContext({ baseURL });
  let response = await reader.get(first);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/rss+xml");
  expect(response.headers()["cache-control"]).toContain("no-store");
  expect(response.headers()["cache-control"]).toContain("private");
  expect(response.headers()["x-page-cache"]).toBeUndefined();
  const xml = await response.text();
  expect(xml).toContain("<rss");
  expect(xml).toContain("Nurses begin 48-hour strike");
  expect(xml).not.toContain("Westhaven Open");
  // Asked again: still not from any cache.
  expect((await reader.get(first)).headers()["x-page-cache"]).toBeUndefined();

  await page.getByRole("button", { name: "Create new link" }).click();
  await expect(address).not.toHaveValue(first);
  const second = await address.inputValue();
  expect((await reader.get(first)).status()).toBe(404);
  response = await reader.get(second);
  expect(response.status()).toBe(200);
  expect(await response.text()).toContain("Nurses begin 48-hour strike");
  // Unknown and malformed tokens are 404 too.
  expect((await reader.get(`/my/feed/${"A".repeat(43)}.xml`)).status()).toBe(404);
  expect((await reader.get("/my/feed/nothing.xml")).status()).toBe(404);
  await reader.dispose();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("Follow and Mute are plain form posts", async ({ page }) => {
    await signUp(page, randomUser("plainfollow"));
    await page.goto("/sources/fieldhouse");
    await page.getByRole("button", { name: /Follow Fieldhouse/ }).click();
    await expect(page).toHaveURL(/\/sources\/fieldhouse$/);
    await expect(page.getByRole("button", { name: /Following Fieldhouse/ })).toHaveAttribute("aria-pressed", "true");
    await page.goto("/my");
    await expect(page.locator("main article").first()).toBeVisible();
    await page.goto("/account");
    await page.getByLabel(/Word or phrase to mute/).fill("Tennis");
    await page.getByRole("button", { name: "Mute word" }).click();
    await page.goto("/account");
    await expect(page.getByRole("list", { name: "Muted words" }).getByText("tennis")).toBeVisible();
  });
});
