import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { closeDatabase, transaction } from "../db";
import { bumpCacheTags, cacheTag } from "../db/queries/cache-tags";
import { sqlGet, sqlValue } from "../lib/testing/sql";
import { openE2eDatabase } from "./database";
import { randomUser, signUp } from "./helpers";

// Comment threads (issue 18): collapse and expand, permalinks, pages of top-level comments.
// A long conversation is written straight into the e2e server's database (posting 30 comments through
// the form would take most of the test's time), and the article's cache tag is bumped, as a write does.

test.describe.configure({ mode: "serial" });

type Seeded = {
  slug: string;
  roots: number[];
  /** Root 1 has four replies (three direct, one nested): "Ana · 4 replies". */
  busy: number;
  busyReply: number;
  /** Root 22 (page 2 in oldest-first order), its reply, and the reply to that: the permalink target. */
  far: number;
  farReply: number;
  deep: number;
  deleted: number;
  shown: number;
};
let seeded: Seeded;

async function seed(): Promise<Seeded> {
  const db = openE2eDatabase("e2e");
  try {
    return await transaction(db, async (tx) => {
      const target = await sqlGet<{ id: number; slug: string }>(
        tx,
        `select id, slug from articles a where not exists (select 1 from comments c where c.article_id = a.id)
           order by published_at asc limit 1`,
      );
      if (!target) throw new Error("every sample article has comments already");
      const { id: articleId, slug } = target;
      const tag = randomBytes(4).toString("hex");
      const user = async (name: string) =>
        Number(
          await sqlValue(
            tx,
            "insert into users (email, name, password_hash, created_at) values (?, ?, null, ?) returning id",
            `${name.toLowerCase()}-${tag}@e2e.test`,
            name,
            Date.now(),
          ),
        );
      const people = [await user("Ana"), await user("Ben"), await user("Chloé")];
      let clock = Date.now() - 3 * 86_400_000;
      const add = async (parent: number | null, root: number | null, body: string, who = 0, deleted = false) => {
        clock += 60_000;
        return Number(
          await sqlValue(
            tx,
            "insert into comments (article_id, user_id, parent_id, root_id, body, created_at, deleted_at) values (?, ?, ?, ?, ?, ?, ?) returning id",
            articleId,
            people[who % 3],
            parent,
            root,
            body,
            clock,
            deleted ? clock : null,
          ),
        );
      };
      const roots: number[] = [];
      const deleted = await add(null, null, "", 2, true);
      for (let i = 0; i < 25; i++)
        roots.push(
          await add(null, null, `Thread root ${i}: ${"a thought worth a line or two. ".repeat(1 + (i % 3))}`, i),
        );
      const busy = roots[1] as number;
      const first = await add(busy, busy, "Reply 1 to root 1", 1);
      await add(first, busy, "A reply to reply 1", 2);
      await add(busy, busy, "Reply 2 to root 1", 2);
      await add(busy, busy, "Reply 3 to root 1", 0);
      const far = roots[22] as number;
      const farReply = await add(far, far, "Reply under root 22", 1);
      const deep = await add(farReply, far, "Deep reply under root 22", 2);
      // The app's own bump, so every instance hears of it as it would of a comment posted through a page.
      await bumpCacheTags(tx, [cacheTag.article(slug)]);
      const shown = Number(
        await sqlValue(
          tx,
          "select count(*) as n from comments where article_id = ? and deleted_at is null and hidden_at is null",
          articleId,
        ),
      );
      return { slug, roots, busy, busyReply: first, far, farReply, deep, deleted, shown };
    });
  } finally {
    await closeDatabase(db);
  }
}

test.beforeAll(async () => {
  seeded = await seed();
});

const comments = (page: Page) => page.locator("section[aria-labelledby=comments]");
const permalink = (id: number) => `/articles/${seeded.slug}?comment=${id}#comment-${id}`;
const summaryOf = (page: Page, id: number) => page.locator(`#comment-${id} > article > details > summary`);

test("a long thread pages its top-level comments, with links that keep the total", async ({ page }) => {
  await page.goto(`/articles/${seeded.slug}`);
  const section = comments(page);
  await expect(section.getByRole("heading", { name: `Comments (${seeded.shown})` })).toBeVisible();
  await expect(section.locator(":scope > ol > li")).toHaveCount(20);
  await expect(section.getByText(/^Thread root 19:/)).toBeVisible();
  await expect(section.getByText(/^Thread root 20:/)).toHaveCount(0);
  await expect(section.getByText("Page 1 of 2").first()).toBeVisible();

  await section.getByRole("link", { name: "Newer comments" }).first().click();
  await expect(page).toHaveURL(new RegExp(`/articles/${seeded.slug}\\?cpage=2#comments$`));
  await expect(section.locator(":scope > ol > li")).toHaveCount(5);
  await expect(section.getByText(/^Thread root 20:/)).toBeVisible();
  await expect(section.getByText(/^Thread root 0:/)).toHaveCount(0);
  // The count is the whole conversation's, on every page.
  await expect(section.getByRole("heading", { name: `Comments (${seeded.shown})` })).toBeVisible();
  await expect(section.getByRole("link", { name: "Newer comments" })).toHaveCount(0);

  await section.getByRole("link", { name: "Older comments" }).first().click();
  await expect(page).toHaveURL(new RegExp(`/articles/${seeded.slug}#comments$`));
  await expect(section.getByText(/^Thread root 0:/)).toBeVisible();
});

test("a reply's permalink opens page 2 with its thread open, scrolled to it and highlighted", async ({ page }) => {
  await page.goto(permalink(seeded.deep));
  const section = comments(page);
  await expect(section.getByText("Page 2 of 2").first()).toBeVisible();
  const target = page.locator(`#comment-${seeded.deep}`);
  const body = target.locator(":scope > article");
  await expect(body).toHaveAttribute("aria-current", "location");
  await expect(body.getByText("Deep reply under root 22")).toBeVisible();
  for (const id of [seeded.far, seeded.farReply, seeded.deep])
    await expect(page.locator(`#comment-${id} > article > details`)).toHaveAttribute("open", "");
  await expect(body).toBeInViewport();
  expect(await target.evaluate((e) => e.matches(":target"))).toBe(true);
  const colours = await body.evaluate((e) => [
    getComputedStyle(e).backgroundColor,
    getComputedStyle(document.body).backgroundColor,
  ]);
  expect(colours[0]).not.toBe("rgba(0, 0, 0, 0)");
  expect(colours[0]).not.toBe(colours[1]);
  // Only that one comment is marked.
  await expect(section.locator("[aria-current]")).toHaveCount(1);
  // Every comment offers its own link.
  const link = page.locator(`#comment-${seeded.farReply} > article`).getByRole("link", { name: /^Link/ });
  await expect(link).toHaveAttribute("href", permalink(seeded.farReply));
});

test("an unknown, deleted or malformed permalink shows the page with a calm note", async ({ page, request }) => {
  for (const q of ["comment=987654321", `comment=${seeded.deleted}`, "comment=abc"]) {
    const res = await page.goto(`/articles/${seeded.slug}?${q}`);
    expect(res?.status(), q).toBe(200);
    await expect(page).toHaveURL(/\?comment=gone#comments$/);
    await expect(comments(page).getByRole("status")).toContainText("no longer here");
    await expect(comments(page).getByText(/^Thread root 0:/)).toBeVisible();
  }
  // Non-canonical spellings are redirected, and a redirect is never stored by the page cache.
  for (const [q, to] of [
    ["comment=abc", "?comment=gone"],
    [`comment=0${seeded.deep}`, `?comment=${seeded.deep}`],
    ["cpage=1", "#comments"],
    ["cpage=02", "?cpage=2"],
    ["cpage=40", "?cpage=2"],
  ]) {
    const res = await request.get(`/articles/${seeded.slug}?${q}`, { maxRedirects: 0 });
    expect(res.status(), q).toBe(307);
    expect(res.headers().location, q).toContain(`/articles/${seeded.slug}${to}`);
    expect(res.headers()["x-page-cache"], q).not.toBe("HIT");
  }
  // A permalink that resolves is a page like any other: cached under its own URL.
  await request.get(permalink(seeded.deep));
  const again = await request.get(permalink(seeded.deep));
  expect(again.headers()["x-page-cache"]).toBe("HIT");
  expect(await again.text()).toContain('aria-current="location"');
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("a thread collapses to its byline and reply count, and expands again, by mouse and keyboard", async ({
      page,
    }) => {
      await page.goto(`/articles/${seeded.slug}`);
      const thread = page.locator(`#comment-${seeded.busy}`);
      const summary = summaryOf(page, seeded.busy);
      await expect(thread.getByText("A reply to reply 1")).toBeVisible();
      await expect(summary).not.toContainText("4 replies", { useInnerText: true });

      await summary.click();
      await expect(summary).toContainText("Ben", { useInnerText: true });
      await expect(summary).toContainText("4 replies", { useInnerText: true });
      await expect(thread.getByText(/^Thread root 1:/)).toBeHidden();
      await expect(thread.getByText("Reply 1 to root 1")).toBeHidden();
      await expect(thread.getByText("A reply to reply 1")).toBeHidden();
      // The neighbours are untouched.
      await expect(comments(page).getByText(/^Thread root 2:/)).toBeVisible();

      await summary.focus();
      await page.keyboard.press("Enter");
      await expect(thread.getByText("A reply to reply 1")).toBeVisible();
      await expect(thread.getByText(/^Thread root 1:/)).toBeVisible();
      // A reply collapses on its own, leaving its parent open.
      const reply = summaryOf(page, seeded.busyReply);
      await reply.focus();
      await page.keyboard.press("Space");
      await expect(thread.getByText("A reply to reply 1")).toBeHidden();
      await expect(thread.getByText("Reply 1 to root 1")).toBeHidden();
      await expect(thread.getByText("Reply 2 to root 1")).toBeVisible();
      await expect(reply).toContainText("1 reply", { useInnerText: true });
    });
  });
}

test("the reply form works inside a thread on page 2, and the reader stays there", async ({ page }) => {
  const user = randomUser("threads");
  await signUp(page, user);
  await page.goto(permalink(seeded.deep));
  const target = page.locator(`#comment-${seeded.deep} > article`);
  await target.getByRole("button", { name: "Reply", exact: true }).click();
  await target.getByLabel("Reply to Chloé").fill(`A reply from ${user.name}`);
  await target.getByRole("button", { name: "Post reply" }).click();
  await expect(page.locator(`#comment-${seeded.deep} li`).getByText(`A reply from ${user.name}`)).toBeVisible();
  await expect(comments(page).getByText("Page 2 of 2").first()).toBeVisible();
  await expect(comments(page).getByRole("heading", { name: `Comments (${seeded.shown + 1})` })).toBeVisible();

  // A new comment written on page 1 belongs on the last page (oldest first): its author is taken there.
  await page.goto(`/articles/${seeded.slug}`);
  await comments(page).getByLabel(`Add a comment as ${user.name}`).fill(`The newest word, from ${user.name}`);
  await comments(page).getByRole("button", { name: "Post comment" }).click();
  await expect(page).toHaveURL(/\?comment=\d+#comment-\d+$/);
  await expect(comments(page).getByText("Page 2 of 2").first()).toBeVisible();
  const mine = comments(page).locator("article[aria-current]");
  await expect(mine).toContainText(`The newest word, from ${user.name}`);
  await expect(mine).toBeInViewport();
});

// Screenshots for review, written only when asked: THREAD_SHOTS=<folder>.
const shots = process.env.THREAD_SHOTS;
test("screenshots of a long thread, collapsed, and a permalink", async ({ browser }) => {
  test.skip(!shots, "set THREAD_SHOTS=<folder> to write them");
  if (!shots) return;
  fs.mkdirSync(shots, { recursive: true });
  for (const [device, viewport] of [
    ["desktop", { width: 1280, height: 800 }],
    ["phone", { width: 390, height: 844 }],
  ] as const)
    for (const colorScheme of ["light", "dark"] as const) {
      const context = await browser.newContext({ viewport, colorScheme, isMobile: device === "phone" });
      const page = await context.newPage();
      const name = (what: string) => `${shots}/${what}-${device}-${colorScheme}.png`;
      await page.goto(`/articles/${seeded.slug}`);
      await page.locator(`#comment-${seeded.busy}`).scrollIntoViewIfNeeded();
      await page.screenshot({ path: name("thread-expanded") });
      for (const id of seeded.roots.slice(0, 6)) await summaryOf(page, id).click();
      await page.locator(`#comment-${seeded.roots[0]}`).scrollIntoViewIfNeeded();
      await page.screenshot({ path: name("thread-collapsed") });
      await page.goto(permalink(seeded.deep));
      await expect(page.locator(`#comment-${seeded.deep}`)).toBeInViewport();
      await page.screenshot({ path: name("permalink") });
      await context.close();
    }
});
