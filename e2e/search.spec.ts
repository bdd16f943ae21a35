import { expect, test } from "@playwright/test";

// Search from the header, its operators, hostile queries, and "why related" on a story that two
// outlets covered (the sample content's nurses' strike).

test("the header search box finds stories and marks the matching words", async ({ page }) => {
  await page.goto("/");
  const box = page.getByRole("searchbox", { name: "Search stories" });
  await box.fill("nurses strike");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=nurses\+strike/);
  const results = page.getByRole("list", { name: "Search results" });
  await expect(results.getByRole("link", { name: /Nurses begin 48-hour strike/ })).toBeVisible();
  await expect(results.locator("mark").first()).toBeVisible();
  expect((await results.locator("mark").allTextContents()).map((t) => t.toLowerCase())).toContain("nurses");
  // Like cards: the outlet and the tags are there.
  await expect(results.getByRole("link", { name: "Caldera Wire" }).first()).toBeVisible();
  await expect(results.getByRole("link", { name: "#Strike" }).first()).toBeVisible();
});

test("the header search works without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("searchbox", { name: "Search stories" }).fill("Hallowick");
  await page.getByRole("button", { name: "Search", exact: true }).first().click();
  await expect(page.getByRole("list", { name: "Search results" }).getByRole("listitem").first()).toBeVisible();
  await context.close();
});

test("operators narrow the results", async ({ page }) => {
  await page.goto(`/search?q=${encodeURIComponent("strike source:portmere-ledger")}`);
  const results = page.getByRole("list", { name: "Search results" });
  await expect(results.getByRole("listitem").first()).toBeVisible();
  const outlets = await results.locator('a[href^="/sources/"]').allTextContents();
  expect(outlets.length).toBeGreaterThan(0);
  expect(new Set(outlets)).toEqual(new Set(["The Portmere Ledger"]));
  await expect(results.getByRole("link", { name: /Nurses begin 48-hour strike/ })).toHaveCount(0);

  await page.goto(`/search?q=${encodeURIComponent('"pay talks"')}`);
  await expect(results.getByRole("link", { name: /pay talks/i })).toBeVisible();
  await page.goto(`/search?q=${encodeURIComponent('"talks pay"')}`);
  await expect(page.getByText("No stories match.")).toBeVisible();

  await page.goto(`/search?q=${encodeURIComponent("nurses")}`);
  await expect(results.getByRole("link", { name: /nurses' walkout/ })).toBeVisible();
  await page.goto(`/search?q=${encodeURIComponent("nurses -walkout")}`);
  await expect(results.getByRole("link", { name: /Nurses begin 48-hour strike/ })).toBeVisible();
  await expect(results.getByRole("link", { name: /nurses' walkout/ })).toHaveCount(0);

  await page.goto(`/search?q=${encodeURIComponent("tag:strike")}`);
  await expect(results.getByRole("listitem")).not.toHaveCount(0);
});

test("hostile queries are answered with a page, never an error", async ({ request, page }) => {
  for (const q of [`"`, "*", "NEAR(", "AND OR NOT", "'; DROP TABLE articles; --", "title:nurses", "x".repeat(10_000)]) {
    const res = await request.get(`/search?q=${encodeURIComponent(q)}`);
    expect(res.status(), q).toBe(200);
  }
  await page.goto(`/search?q=${encodeURIComponent("<script>alert(1)</script> nurses")}`);
  await expect(page.getByRole("heading", { name: "Search", level: 1 })).toBeVisible();
  await expect(page.locator("main script")).toHaveCount(0);
});

test("an article covered by two outlets says so, and says why each story is related", async ({ page }) => {
  await page.goto("/search?q=%22Nurses+begin+48-hour+strike%22");
  await page
    .getByRole("list", { name: "Search results" })
    .getByRole("link", { name: /Nurses begin 48-hour strike/ })
    .click();
  await expect(page.getByRole("heading", { name: /Nurses begin 48-hour strike/, level: 1 })).toBeVisible();
  const coverage = page.getByRole("region", { name: /Also covered by 1 outlet/ });
  await expect(coverage).toBeVisible();
  await expect(coverage.getByRole("link", { name: /nurses' walkout/ })).toBeVisible();
  const related = page.getByRole("complementary", { name: "Related coverage" });
  const first = related.getByRole("list", { name: "Related stories" }).getByRole("listitem").first();
  await expect(first.getByRole("link", { name: /nurses' walkout/ })).toBeVisible();
  await expect(first.getByText(/Why related:.*the same story.*#Nurses.*both name .*Health Ministry/)).toBeVisible();
  // Nothing off-topic: no sport or culture in a nurses' strike list.
  await expect(related.getByRole("link", { name: /Cup|Halden Prize|Opera House/ })).toHaveCount(0);
});

test("what a reader types before the page's scripts have run is what they search for", async ({ page }) => {
  // Hold the scripts back until the query is typed, as a slow phone does.
  let release = () => {};
  const scriptsHeld = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(/\/_next\/static\/chunks\/.+\.js$/, async (route) => {
    await scriptsHeld;
    await route.continue();
  });
  await page.goto("/", { waitUntil: "domcontentloaded" });
  await page.getByRole("searchbox", { name: "Search stories" }).fill("nurses strike");
  release();
  // The islands set this cookie once they have run: the page is hydrated.
  await expect
    .poll(async () => (await page.context().cookies()).some((c) => c.name === "tidings_js"), { timeout: 10_000 })
    .toBe(true);
  await expect(page.getByRole("searchbox", { name: "Search stories" })).toHaveValue("nurses strike");
  await page.getByRole("searchbox", { name: "Search stories" }).press("Enter");
  await expect(page).toHaveURL(/\/search\?q=nurses\+strike/);
});
