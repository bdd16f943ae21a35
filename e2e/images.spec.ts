import { type BrowserContext, expect, type Page, test } from "@playwright/test";

// Lead images (issue 18 part 4). The sample content gives a few stories a generated picture
// (db/sample/images.ts); they go through /images like any feed picture.
const WITH_IMAGE = "/articles/mira-sallis-19-storms-into-westhaven-open-final-without-dropping-a-set";
const WITHOUT_IMAGE = "/articles/nurses-begin-48-hour-strike-as-pay-talks-with-health-ministry-collapse";

/** Every request the context makes (documents, scripts, prefetches, pictures), from its first to now. */
function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on("request", (r) => urls.push(r.url()));
  return urls;
}

function offOrigin(urls: string[], origin: string): string[] {
  // data: URLs never leave the browser; everything else must be our own origin.
  return urls.filter((u) => !u.startsWith("data:") && new URL(u).origin !== origin);
}

/** Waits until every <img> matched has loaded a real picture, and returns their attributes. */
async function loadedImages(page: Page, selector: string) {
  const images = page.locator(selector);
  await expect(images.first()).toBeVisible();
  await images.evaluateAll((els) =>
    Promise.all(
      (els as HTMLImageElement[]).map((img) => {
        // Lazy pictures below the fold load once scrolled to; ask for them now.
        img.loading = "eager";
        return img.decode().catch(() => undefined);
      }),
    ),
  );
  return images.evaluateAll((els) =>
    (els as HTMLImageElement[]).map((img) => ({
      src: img.currentSrc,
      width: img.getAttribute("width"),
      height: img.getAttribute("height"),
      alt: img.getAttribute("alt"),
      natural: img.naturalWidth,
    })),
  );
}

test("front page: story cards show our re-encoded pictures with width and height, and nothing leaves the origin", async ({
  page,
  context,
  baseURL,
}) => {
  const origin = new URL(baseURL ?? "").origin;
  const urls = recordRequests(context);
  await page.goto("/");
  const images = await loadedImages(page, "main article picture img");
  expect(images.length).toBeGreaterThanOrEqual(3);
  for (const img of images) {
    expect(img.width, img.src).toMatch(/^\d+$/);
    expect(img.height, img.src).toMatch(/^\d+$/);
    expect(img.natural, img.src).toBeGreaterThan(0);
    // Chromium takes AVIF: the <source> wins over the WebP fallback.
    expect(img.src).toMatch(new RegExp(`^${origin}/images/\\d+/[0-9a-f]{16}/\\d+\\.avif$`));
    // Decorative on a card: the headline beside it says what it is.
    expect(img.alt).toBe("");
  }
  // Cards without a picture stay cards: no empty box.
  const cards = await page.locator("main article").count();
  expect(cards).toBeGreaterThan(images.length);
  expect(urls.some((u) => u.includes("/images/"))).toBe(true);
  expect(offOrigin(urls, origin)).toEqual([]);
});

test("article: the lead picture sits at the top with alt text and credit, without layout shift", async ({
  page,
  context,
  baseURL,
}) => {
  const origin = new URL(baseURL ?? "").origin;
  const urls = recordRequests(context);
  // Layout shifts from the very start of the page, not just after we look.
  await page.addInitScript(() => {
    (window as unknown as { __cls: number }).__cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
        if (!entry.hadRecentInput) (window as unknown as { __cls: number }).__cls += entry.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.goto(WITH_IMAGE);
  const figure = page.locator("main article figure").first();
  const [img] = await loadedImages(page, "main article figure img");
  expect(img?.alt).toMatch(/hard court/);
  expect([img?.width, img?.height]).toEqual(["1600", "900"]);
  expect(img?.natural).toBeGreaterThan(0);
  expect(img?.src).toMatch(new RegExp(`^${origin}/images/\\d+/[0-9a-f]{16}/\\d+\\.avif$`));
  await expect(figure.locator("figcaption")).toHaveText("Generated sample image");
  // The picture comes before the story's text.
  const [figureTop, bodyTop] = await Promise.all([
    figure.evaluate((el) => el.getBoundingClientRect().top),
    page.locator("#article-body").evaluate((el) => el.getBoundingClientRect().top),
  ]);
  expect(figureTop).toBeLessThan(bodyTop);
  expect(await page.evaluate(() => (window as unknown as { __cls: number }).__cls)).toBeLessThan(0.01);
  // Link previews get our copy too.
  const og = await page.locator('meta[property="og:image"]').getAttribute("content");
  expect(og).toMatch(new RegExp(`^${origin}/images/\\d+/[0-9a-f]{16}/1280\\.webp$`));
  expect(offOrigin(urls, origin)).toEqual([]);
});

test("article without a picture: no figure, no broken box", async ({ page }) => {
  await page.goto(WITHOUT_IMAGE);
  await expect(page.locator("main h1")).toBeVisible();
  await expect(page.locator("main article figure")).toHaveCount(0);
});

test("the image endpoint: immutable caching, correct types, and no answer for what an article does not name", async ({
  page,
  request,
}) => {
  await page.goto(WITH_IMAGE);
  const src = await page.locator("main article figure img").getAttribute("src");
  expect(src).toMatch(/^\/images\/\d+\/[0-9a-f]{16}\/640\.webp$/);
  const webp = await request.get(src ?? "");
  expect(webp.status()).toBe(200);
  expect(webp.headers()["content-type"]).toBe("image/webp");
  expect(webp.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  expect(webp.headers()["x-content-type-options"]).toBe("nosniff");
  const body = await webp.body();
  expect(body.subarray(0, 4).toString("latin1")).toBe("RIFF");
  expect(body.subarray(8, 12).toString("latin1")).toBe("WEBP");
  const avif = await request.get((src ?? "").replace(/640\.webp$/, "320.avif"));
  expect(avif.headers()["content-type"]).toBe("image/avif");
  expect((await avif.body()).subarray(4, 12).toString("latin1")).toBe("ftypavif");

  const [, , id, key] = (src ?? "").split("/");
  for (const bad of [
    `/images/${id}/0123456789abcdef/640.webp`, // a key this article does not have
    `/images/${id}/${key}/641.webp`, // a width we do not make
    `/images/${id}/${key}/640.png`,
    `/images/999999999/${key}/640.webp`,
    `/images/${id}/https%3A%2F%2Fexample.org%2Fx.jpg/640.webp`, // a URL is never accepted
  ]) {
    const res = await request.get(bad);
    expect(res.status(), bad).toBe(404);
    expect(res.headers()["cache-control"], bad).not.toContain("immutable");
  }
});
