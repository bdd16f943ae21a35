import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";

// A sample article (db/sample/content.ts); its analysis is computed when the e2e server seeds it.
const ARTICLE = "/articles/nurses-begin-48-hour-strike-as-pay-talks-with-health-ministry-collapse";

const aiBlock = (page: Page) => page.getByRole("region", { name: "AI features" });

async function ask(page: Page, question: string) {
  const block = aiBlock(page);
  await block.getByRole("searchbox", { name: "Your question about this story" }).fill(question);
  await block.getByRole("button", { name: "Ask" }).click();
  await expect(page).toHaveURL(/[?&]ask=/);
}

test("ask this article: a cited answer whose link highlights the sentence in the story", async ({ page }) => {
  await page.goto(ARTICLE);
  await ask(page, "How many operations were postponed?");
  const answer = page.getByTestId("ask-answer");
  await expect(answer).toContainText("3,200 planned operations");
  const cite = answer.getByRole("link", { name: /^Go to sentence \d+ in the story$/ }).first();
  const href = (await cite.getAttribute("href")) ?? "";
  expect(href).toMatch(/^#s-\d+$/);
  await cite.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  const sentence = page.locator(`#article-body ${href}`);
  await expect(sentence).toContainText("3,200 planned operations");
  await expect(sentence).toBeInViewport();
  expect(await sentence.evaluate((el) => el.matches(":target"))).toBe(true);
  // The :target rule paints it; an unhighlighted span has a transparent background.
  expect(await sentence.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe("rgba(0, 0, 0, 0)");
});

test("ask this article: says so when nothing in the story answers", async ({ page }) => {
  await page.goto(ARTICLE);
  await ask(page, "Who won the football match on Saturday?");
  await expect(page.getByTestId("ask-answer")).toHaveText(/Nothing in this story answers that well/);
  await expect(page.getByTestId("ask-answer").getByRole("link")).toHaveCount(0);
});

test("summary, longer summary, key points and entity hashtags", async ({ page }) => {
  await page.goto(ARTICLE);
  const block = aiBlock(page);
  const summary = block.getByRole("region", { name: "Summary" });
  await expect(summary.locator("a[href^='#s-']").first()).toBeVisible();
  await summary.getByText("Show longer summary").click();
  await expect(summary.locator("details[open] a[href^='#s-']").first()).toBeVisible();
  const points = block.getByRole("region", { name: "Key points" }).getByRole("listitem");
  expect(await points.count()).toBeGreaterThanOrEqual(3);
  expect(await points.count()).toBeLessThanOrEqual(5);
  await block.getByRole("list", { name: "People" }).getByRole("link", { name: "#Marta Kowal" }).click();
  await expect(page).toHaveURL(/\/tags\/marta-kowal$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Marta Kowal");
});

for (const scheme of ["light", "dark"] as const) {
  test(`axe: the AI features block with an answer and the longer summary open (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(ARTICLE);
    await ask(page, "What pay rise does the union want?");
    await aiBlock(page).getByText("Show longer summary").click();
    const results = await new AxeBuilder({ page }).include("section[aria-labelledby=ai-features-heading]").analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });
}

const TENNIS = "/articles/mira-sallis-19-storms-into-westhaven-open-final-without-dropping-a-set";

test("ask this article: 'what did X say' quotes X first, with the story's quote marks only once", async ({ page }) => {
  await page.goto(TENNIS);
  await ask(page, "What did Sallis say?");
  const first = page.getByTestId("ask-answer").getByRole("listitem").first();
  await expect(first).toContainText("“I'm trying not to think about what it means,” Sallis said.");
  const text = await first.innerText();
  expect(text.startsWith("“I'm trying")).toBe(true);
  // No mark added around the quote by the page (a <q> element draws its own with ::before/::after).
  const generated = await first.evaluate((li) =>
    [li, ...li.querySelectorAll("*")].flatMap((el) =>
      ["::before", "::after"]
        .map((p) => getComputedStyle(el, p).content)
        .filter((c) => c !== "none" && c !== "normal" && c !== '""'),
    ),
  );
  expect(generated).toEqual([]);
});

test.describe("listen", () => {
  test("says so when the browser has no voice (headless Chromium has none)", async ({ page }) => {
    await page.goto(TENNIS);
    const listen = aiBlock(page).getByRole("region", { name: "Listen" });
    // What this browser really has: speech synthesis, and no voice.
    const voices = await page.evaluate(() => ("speechSynthesis" in window ? speechSynthesis.getVoices().length : -1));
    test.skip(voices !== 0, `this browser has ${voices} voices; the no-voice case needs none`);
    await expect(listen.getByRole("status")).toHaveText("This browser has no voice installed to read aloud with.");
    await expect(listen.getByRole("button", { name: "Play" })).toHaveCount(0);
  });

  test("says so when the browser has no speech synthesis at all", async ({ page }) => {
    await page.addInitScript(() => {
      // As in a browser without the Web Speech API: neither the object nor the utterance constructor.
      Reflect.deleteProperty(Window.prototype, "speechSynthesis");
      Reflect.deleteProperty(window, "speechSynthesis");
      Reflect.deleteProperty(window, "SpeechSynthesisUtterance");
    });
    await page.goto(TENNIS);
    const listen = aiBlock(page).getByRole("region", { name: "Listen" });
    await expect(listen.getByRole("status")).toHaveText("This browser cannot read aloud (it has no speech synthesis).");
    await expect(listen.getByRole("button", { name: "Play" })).toHaveCount(0);
  });

  test("offers Play, Pause and Stop when the browser has a voice", async ({ page }) => {
    await page.addInitScript(() => {
      const synth = window.speechSynthesis;
      const voice = { name: "Test voice", lang: "en-GB", default: true, localService: true, voiceURI: "test" };
      synth.getVoices = () => [voice as SpeechSynthesisVoice];
      synth.speak = () => {};
    });
    await page.goto(TENNIS);
    const listen = aiBlock(page).getByRole("region", { name: "Listen" });
    const play = listen.getByRole("button", { name: "Play" });
    await expect(play).toBeEnabled();
    await play.click();
    await expect(listen.getByRole("status")).toHaveText("Reading aloud…");
    await listen.getByRole("button", { name: "Stop" }).click();
    await expect(listen.getByRole("status")).toHaveText("");
  });
});
