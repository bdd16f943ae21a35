import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { escapeXml } from "@/lib/publishing/rss";
import { closeDatabase } from "../db";
import { sqlAll } from "../lib/testing/sql";
import { e2eDatabaseEnv, openE2eDatabase } from "./database";

// Story updates and full coverage, end to end: feeds go in through `npm run ingest` (the command a
// site runs) into the database the e2e server serves, and what the pages say is checked against it.

const SHOTS = process.env.E2E_SHOTS_DIR;
let dir = "";

test.beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tidings-updates-"));
});

/** Rows of `sql` (`?` placeholders) from the e2e server's database, on either engine. */
async function query<T>(sql: string, ...params: unknown[]): Promise<T[]> {
  const conn = openE2eDatabase("e2e");
  try {
    return await sqlAll<T>(conn, sql, ...params);
  } finally {
    await closeDatabase(conn);
  }
}

/** Writes an RSS file for one outlet and runs the ingest command on it. */
function ingest(
  name: string,
  outlet: string,
  items: { guid: string; title: string; body: string; publishedAt: Date }[],
) {
  const file = path.join(dir, `${name}.xml`);
  const entries = items
    .map(
      (i) =>
        `<item><title>${escapeXml(i.title)}</title><link>https://${outlet.toLowerCase().replace(/\W+/g, "-")}.example/${i.guid}</link><guid>${i.guid}</guid><pubDate>${i.publishedAt.toUTCString()}</pubDate><description>${escapeXml(
          i.body
            .split("\n\n")
            .map((p) => `<p>${escapeXml(p)}</p>`)
            .join(""),
        )}</description></item>`,
    )
    .join("");
  fs.writeFileSync(
    file,
    `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${outlet}</title><link>https://example.org/</link><description>e2e</description>${entries}</channel></rss>`,
  );
  return execFileSync("npx", ["tsx", "scripts/ingest.ts", file, "--source", outlet], {
    env: { ...process.env, ...e2eDatabaseEnv("e2e") },
    encoding: "utf8",
    timeout: 120_000,
  });
}

const developing = {
  guid: "courier-bridge-1",
  publishedAt: new Date(Date.now() - 3 * 3_600_000),
  title: "Tarnholm bridge closed after barge strikes pier",
  body: [
    "The Tarnholm road bridge was closed on Monday morning after a barge struck one of its piers, the harbour authority said.",
    "Engineers are inspecting the damage. The authority said the bridge would stay shut for at least two days while divers examine the foundations.",
    "Traffic is being diverted through the Ostgate tunnel, adding about twenty minutes to journeys into the town centre.",
  ].join("\n\n"),
};
const developed = {
  ...developing,
  title: "Tarnholm bridge to stay closed for a week after barge strikes pier",
  body: [
    "The Tarnholm road bridge was closed on Monday morning after a barge struck one of its piers, the harbour authority said.",
    "Engineers found a crack in the pier. The authority said the bridge would stay shut for at least a week while divers examine the foundations.",
    "Traffic is being diverted through the Ostgate tunnel, adding about twenty minutes to journeys into the town centre.",
    "The barge's owner said its skipper had reported a steering failure minutes before the collision.",
  ].join("\n\n"),
};

test("an updated story says so, and its changes page shows the words that changed", async ({ page }) => {
  test.setTimeout(180_000);
  ingest("bridge-1", "Valdren Courier", [developing]);
  const [row] = await query<{ id: number; slug: string }>(
    "select id, slug from articles where guid = ?",
    developing.guid,
  );
  if (!row) throw new Error("the story was not stored");
  const articlePath = `/articles/${row.slug}`;
  await page.goto(articlePath);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(developing.title);
  await expect(page.getByText(/^Updated /)).toHaveCount(0);

  // The same feed again changes nothing; a changed version is an update.
  ingest("bridge-1-again", "Valdren Courier", [developing]);
  expect(await query("select id from article_revisions where article_id = ?", row.id)).toHaveLength(0);
  ingest("bridge-2", "Valdren Courier", [developed]);
  const revisions = await query<{ title: string }>("select title from article_revisions where article_id = ?", row.id);
  expect(revisions).toEqual([{ title: developing.title }]);

  // The page served before the update was cached; the update made it stale.
  await page.goto(articlePath);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(developed.title);
  await expect(page.getByText(/^Updated (a few seconds|a minute|\d+ minutes?) ago$/)).toBeVisible();
  await page.getByRole("link", { name: "What changed" }).click();
  await expect(page).toHaveURL(`${articlePath}/changes`);
  await expect(page.getByRole("heading", { level: 1, name: "What changed" })).toBeVisible();
  const diff = page.getByRole("region", { name: /First version → current version/ });
  // Words, not whole paragraphs: "two days" became "a week", a crack was found, a paragraph was added.
  await expect(diff.locator("del", { hasText: "two days" })).toHaveCount(1);
  await expect(diff.locator("ins", { hasText: "a week" }).first()).toBeVisible();
  await expect(diff.locator("ins", { hasText: "steering failure" })).toHaveCount(1);
  await expect(diff.locator("ins").first()).toContainText("[added:");
  await expect(diff.locator("del").first()).toContainText("[removed:");
  // The unchanged first paragraph is not marked.
  await expect(diff.locator("p", { hasText: "struck one of its piers" }).locator("ins, del")).toHaveCount(0);
  await expectAccessible(page);

  // Any pair can be compared: the current version with itself says so.
  await page.getByLabel("Compare").selectOption("current");
  await page.getByRole("button", { name: "Compare" }).click();
  await expect(page.getByText("These two versions say the same.")).toBeVisible();

  // The feed out says when its content last changed: the update, not the request.
  const feed = await (await page.request.get("/feed.xml")).text();
  const lastBuild = new Date(/<lastBuildDate>([^<]+)<\/lastBuildDate>/.exec(feed)?.[1] ?? "");
  const [latest] = await query<{ t: number }>(
    // Both engines: no two-argument max() (SQLite's) or greatest() (PostgreSQL's); an aliased subquery.
    "select max(case when updated_at > ingested_at and updated_at > published_at then updated_at else published_at end) as t from (select * from articles order by published_at desc, id desc limit 50) as recent",
  );
  expect(lastBuild.getTime()).toBe(Math.floor((latest?.t ?? 0) / 1000) * 1000);

  if (SHOTS) {
    await shoot(page, articlePath, "article-updated");
    await shoot(page, `${articlePath}/changes`, "changes");
  }
});

/** The same-story cluster as the related engine stores it: same-story rows followed both ways. */
async function clusterOf(articleId: number): Promise<number[]> {
  const members = new Set([articleId]);
  let frontier = [articleId];
  while (frontier.length > 0) {
    const marks = frontier.map(() => "?").join(",");
    const rows = await query<{ a: number; b: number }>(
      `select article_id as a, related_id as b from article_related where same_story = 1 and (article_id in (${marks}) or related_id in (${marks}))`,
      ...frontier,
      ...frontier,
    );
    frontier = [];
    for (const r of rows)
      for (const id of [r.a, r.b])
        if (!members.has(id)) {
          members.add(id);
          frontier.push(id);
        }
  }
  return [...members].sort((x, y) => x - y);
}

test("full coverage gathers every outlet's version, names the first reporter and the syndicated copy", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const [wire] = await query<{ id: number; slug: string; title: string; body: string; published_at: number }>(
    "select id, slug, title, body, published_at from articles where title like 'River Ost floods force%'",
  );
  if (!wire) throw new Error("the sample content has no flood story");
  // Seen before the copy arrives, so the pages are in the cache when the copy changes what they count.
  const before = await clusterOf(wire.id);
  await page.goto(`/articles/${wire.slug}`);
  await expect(page.getByRole("link", { name: /^Full coverage: \d+ outlets$/ })).toBeVisible();
  const storyPath = `/stories/${before[0]}`;
  await page.request.get(storyPath);
  const cached = await page.request.get(storyPath);
  expect(cached.headers()["x-page-cache"]).toBe("HIT");
  // React separates adjacent text with empty comments.
  expect((await cached.text()).replaceAll("<!-- -->", "").includes(`${before.length} versions`)).toBe(true);

  // A regional paper runs the wire's story under its own headline, cut by two paragraphs.
  ingest("copy", "Harbour Courier", [
    {
      guid: "harbour-courier-flood",
      title: "Hallowick evacuated as the Ost bursts its banks",
      body: wire.body.split("\n\n").slice(0, -2).join("\n\n"),
      publishedAt: new Date(wire.published_at + 40 * 60_000),
    },
  ]);
  const [copy] = await query<{ id: number }>("select id from articles where guid = 'harbour-courier-flood'");
  if (!copy) throw new Error("the copy was not stored");
  const cluster = await clusterOf(wire.id);
  expect(cluster).toContain(copy.id);
  const outlets = (
    await query<{ n: number }>(`select count(distinct source_id) as n from articles where id in (${cluster.join(",")})`)
  )[0]?.n;
  expect(outlets).toBeGreaterThanOrEqual(4);
  const [first] = await query<{ name: string; title: string }>(
    `select s.name, a.title from articles a join sources s on s.id = a.source_id where a.id in (${cluster.join(",")}) order by a.published_at, a.id limit 1`,
  );

  // The copy joins under the same address, and the cached copy of the page went stale.
  expect(cluster[0]).toBe(before[0]);
  expect((await page.request.get(storyPath)).headers()["x-page-cache"]).toBe("MISS");
  await page.goto(`/articles/${wire.slug}`);
  const link = page.getByRole("link", { name: `Full coverage: ${outlets} outlets` });
  await expect(link).toHaveAttribute("href", `/stories/${cluster[0]}`);
  await link.click();
  await expect(page).toHaveURL(`/stories/${cluster[0]}`);
  await expect(page.getByText(`${outlets} outlets · ${cluster.length} versions`)).toBeVisible();
  await expect(page.getByText(`First reported by ${first?.name},`)).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(first?.title ?? "");
  const versions = page.getByRole("region", { name: "Every version, in the order it appeared" });
  await expect(versions.getByRole("listitem")).toHaveCount(cluster.length);
  const copyItem = versions.locator(`li[data-article-id="${copy.id}"]`);
  await expect(copyItem).toContainText("Syndicated copy of Caldera Wire’s story");
  await expect(versions.getByText(/^Syndicated copy/)).toHaveCount(1);
  await expect(versions.getByRole("listitem").first()).toContainText("Reported first");
  await expect(page.getByRole("region", { name: "Timeline" })).toContainText(
    "Harbour Courier ran Caldera Wire’s story",
  );

  // The copy's outlet updates its version: the timeline lists the update, linked to that change.
  ingest("copy-2", "Harbour Courier", [
    {
      guid: "harbour-courier-flood",
      title: "Hallowick evacuated as the Ost bursts its banks",
      body: `${wire.body.split("\n\n").slice(0, -2).join("\n\n")}\n\nThe Courier will follow the story as the river falls.`,
      publishedAt: new Date(wire.published_at + 40 * 60_000),
    },
  ]);
  const [revision] = await query<{ id: number }>("select id from article_revisions where article_id = ?", copy.id);
  await page.goto(storyPath);
  await expect(page.getByText(`${outlets} outlets · ${cluster.length} versions · 1 update`)).toBeVisible();
  const timeline = page.getByRole("region", { name: "Timeline" });
  await expect(timeline).toContainText("Harbour Courier updated its story");
  await timeline.getByRole("link", { name: "what changed" }).click();
  await expect(page).toHaveURL(new RegExp(`/changes\\?from=${revision?.id}&to=current$`));
  await expect(page.locator("ins", { hasText: "as the river falls" })).toHaveCount(1);

  // Any member's id leads to the story's one address.
  await page.goto(`/stories/${copy.id}`);
  await expect(page).toHaveURL(`/stories/${cluster[0]}`);
  expect((await page.request.get("/stories/999999999")).status()).toBe(404);

  if (SHOTS) {
    await shoot(page, `/stories/${cluster[0]}`, "full-coverage");
    await shoot(page, `/articles/${wire.slug}`, "article-full-coverage-link");
  }
});

/** axe's WCAG 2.2 AA rules, light and dark: the diff's colours must keep their contrast in both. */
async function expectAccessible(page: Page) {
  const found: string[] = [];
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"])
      .analyze();
    for (const v of results.violations)
      found.push(`${scheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  expect(found).toEqual([]);
}

/** Desktop and phone, light and dark, full page. */
async function shoot(page: Page, url: string, name: string) {
  for (const [size, viewport] of [
    ["desktop", { width: 1280, height: 800 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    for (const scheme of ["light", "dark"] as const) {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(url);
      await page.screenshot({ path: path.join(SHOTS as string, `${name}-${size}-${scheme}.png`), fullPage: true });
    }
  }
}
