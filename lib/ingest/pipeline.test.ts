import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { countArticles } from "@/db/queries/article-store";
import { cacheTagVersions } from "@/db/queries/cache-tags";
import { getSourceBySlug, syncListedSources } from "@/db/queries/ingest";
import { reloadConfig } from "@/lib/config";
import { testEngine, useTempDatabase } from "@/lib/testing/db";
import { dumpDatabase } from "@/lib/testing/dump";
import { sqlAll, sqlGet, sqlPluck, sqlRun } from "@/lib/testing/sql";
import { type FeedServer, fixturePath, sendVersioned, startFeedServer } from "./fixtures/feed-server";
import { type IngestOptions, ingestFeedFile, ingestFeedUrl, ingestSource, ingestSources } from "./pipeline";
import { formatReport } from "./report";

let server: FeedServer;
let db: Db;
const now = new Date("2026-03-04T12:00:00Z");
// Tests reach their own server on 127.0.0.1, which the default policy refuses.
const opts: IngestOptions = { allowPrivate: true, now: () => now };

beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  db = await useTempDatabase();
  server.requests.length = 0;
});

/** Articles, tags and their links: everything a re-ingest must leave untouched. */
async function contentDump(): Promise<string> {
  // By key (article_tags has no single-column one): insertion order on SQLite, and a total order on both.
  const all = (table: string, key: string) => sqlAll(db, `select * from ${table} order by ${key}`);
  return JSON.stringify([
    await all("articles", "id"),
    await all("tags", "id"),
    await all("article_tags", "article_id, tag_id"),
  ]);
}

/** Makes the insert of an article titled `title` fail with `message`, as a disk fault would; resolves with the undo. */
async function poisonInserts(title: string, message: string): Promise<() => Promise<void>> {
  if (testEngine === "sqlite") {
    await sqlRun(
      db,
      `create trigger poison before insert on articles when new.title = '${title}' begin select raise(abort, '${message}'); end`,
    );
    return async () => {
      await sqlRun(db, "drop trigger poison");
    };
  }
  await sqlRun(
    db,
    `create function poison() returns trigger language plpgsql as $$ begin if new.title = '${title}' then raise exception '${message}'; end if; return new; end $$`,
  );
  await sqlRun(db, "create trigger poison before insert on articles for each row execute function poison()");
  return async () => {
    await sqlRun(db, "drop trigger poison on articles");
    await sqlRun(db, "drop function poison()");
  };
}

function articleRows() {
  return sqlAll<{
    id: number;
    slug: string;
    title: string;
    url: string | null;
    guid: string;
    body: string;
    source: string;
  }>(
    db,
    "select a.id, a.slug, a.title, a.url, a.guid, a.body, s.slug as source from articles a join sources s on s.id = a.source_id order by a.id",
  );
}

function rssFeed(
  title: string,
  items: { guid: string; title: string; link?: string; description: string; category?: string }[],
) {
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${title}</title><link>https://changing.example/</link><description>x</description>${items
    .map(
      (i) =>
        `<item><title>${i.title}</title>${i.link ? `<link>${i.link}</link>` : ""}<guid isPermaLink="false">${i.guid}</guid><description>${i.description}</description>${i.category ? `<category>${i.category}</category>` : ""}</item>`,
    )
    .join("")}</channel></rss>`;
}

describe("ingest over HTTP: formats", () => {
  it.each([
    ["rss2.xml", "RSS 2.0", 3, "harbour-gazette"],
    ["rss1.rdf", "RSS 1.0 (RDF)", 2, "valley-post"],
    ["atom.xml", "Atom 1.0", 2, "northern-ledger"],
    ["feed.json", "JSON Feed", 2, "island-courier"],
  ])("stores every entry of %s (%s)", async (file, format, count, slug) => {
    const report = await ingestFeedUrl(db, server.url(`/${file}`), opts);
    expect(report).toMatchObject({
      ok: true,
      format,
      entries: count,
      counts: { new: count, updated: 0, unchanged: 0 },
    });
    expect(await countArticles(db)).toBe(count);
    const source = await getSourceBySlug(db, { slug });
    expect(source?.feedUrl).toBe(server.url(`/${file}`));
    // An ad-hoc URL becomes a source, but is not polled until it is listed.
    expect(source?.enabled).toBe(false);
  });

  it("stores sanitized HTML, plain text, canonical URL and normalised tags", async () => {
    await ingestFeedUrl(db, server.url("/rss2.xml"), opts);
    const row = (await sqlGet(db, "select * from articles where guid = 'gazette-1001'")) as Record<string, unknown>;
    expect(row.url).toBe("https://gazette.example/news/bridge-reopens?id=42");
    expect(row.body_html).not.toMatch(/<script|onclick|style=/);
    expect(row.body).toContain("The harbour bridge reopened on Tuesday");
    const tags = await sqlPluck(
      db,
      "select t.slug from tags t join article_tags at on at.tag_id = t.id where at.article_id = ? order by t.slug",
      row.id,
    );
    // "2026" is a bare number, not a tag.
    expect(tags).toEqual(["local-news", "transport"]);
  });
});

describe("deduplication", () => {
  it("re-ingesting the same feed adds nothing (304 first, then a forced full fetch)", async () => {
    const url = server.url("/rss2.xml");
    await ingestFeedUrl(db, url, opts);
    const before = await contentDump();
    const versionsBefore = await cacheTagVersions(db, ["list:latest", "all"]);
    expect(versionsBefore.get("list:latest")).toBeGreaterThan(0);
    const conditional = await ingestFeedUrl(db, url, opts);
    expect(conditional).toMatchObject({ ok: true, notModified: true });
    const full = await ingestFeedUrl(db, url, { ...opts, force: true });
    expect(full).toMatchObject({ ok: true, notModified: false, counts: { new: 0, updated: 0, unchanged: 3 } });
    // A poll that changed nothing leaves the app's page cache alone.
    expect(await cacheTagVersions(db, ["list:latest", "all"])).toEqual(versionsBefore);
    expect(await countArticles(db)).toBe(3);
    // Only the source's polling state moved; articles and tags are exactly as they were.
    expect(await contentDump()).toBe(before);
  });

  it("sends If-None-Match / If-Modified-Since once it has them, and handles 304", async () => {
    const url = server.url("/atom.xml");
    await ingestFeedUrl(db, url, opts);
    expect(server.requests[0]?.headers["if-none-match"]).toBeUndefined();
    const report = await ingestFeedUrl(db, url, opts);
    const second = server.requests[1]?.headers;
    expect(second?.["if-none-match"]).toMatch(/^"[0-9a-f]{16}"$/);
    expect(second?.["if-modified-since"]).toBe("Tue, 03 Mar 2026 10:00:00 GMT");
    expect(formatReport(report)).toEqual([`✓ northern-ledger (${url}): not modified since the last fetch`]);
  });

  it("a changed entry updates its row in place, tags included", async () => {
    let version = 1;
    server.route("/changing.xml", (req, res) => {
      const description = version === 1 ? "First version of the story." : "Second version, with a correction.";
      const category = version === 1 ? "Draft" : "Corrected";
      sendVersioned(
        req,
        res,
        rssFeed("Changing", [
          { guid: "c-1", title: "A developing story", link: "https://changing.example/1", description, category },
        ]),
        "application/rss+xml",
      );
    });
    const url = server.url("/changing.xml");
    await ingestFeedUrl(db, url, opts);
    const [before] = await articleRows();
    const pageTags = ["list:latest", `article:${before?.slug}`] as const;
    const versionsBefore = await cacheTagVersions(db, pageTags);
    version = 2;
    const report = await ingestFeedUrl(db, url, opts);
    expect(report.counts).toEqual({ new: 0, updated: 1, unchanged: 0, syndicated: 0 });
    const [after] = await articleRows();
    // The app's page cache learns that this story's page and the lists changed.
    const versionsAfter = await cacheTagVersions(db, pageTags);
    for (const t of pageTags) expect(versionsAfter.get(t), t).toBeGreaterThan(versionsBefore.get(t) ?? 0);
    expect(after?.id).toBe(before?.id);
    expect(after?.slug).toBe(before?.slug);
    expect(after?.body).toBe("Second version, with a correction.");
    const tags = await sqlPluck(db, "select t.slug from tags t join article_tags at on at.tag_id = t.id");
    expect(tags).toEqual(["corrected"]);
  });

  it("a story syndicated by another feed is stored once, by canonical URL or by content", async () => {
    await ingestFeedUrl(db, server.url("/rss2.xml"), opts);
    const report = await ingestFeedUrl(db, server.url("/syndicated.xml"), opts);
    // The bridge story (same URL once utm_* and fbclid are stripped) and the ferry story (same text).
    expect(report.counts).toEqual({ new: 1, updated: 0, unchanged: 0, syndicated: 2 });
    expect(await countArticles(db)).toBe(4);
    const bridge = (await articleRows()).find((r) => r.guid === "gazette-1001");
    // The first outlet's copy is kept as it was.
    expect(bridge?.title).toBe("Harbour bridge reopens after two-year repairs");
    // And polling the first feed again does not flip it back and forth.
    const again = await ingestFeedUrl(db, server.url("/rss2.xml"), { ...opts, force: true });
    expect(again.counts).toEqual({ new: 0, updated: 0, unchanged: 3, syndicated: 0 });
  });
});

describe("bad input: a precise message naming the feed, and nothing stored", () => {
  it.each([
    ["malformed.xml", "malformed XML at line 6, column 29: Expected closing tag 'title'"],
    [
      "html-page.html",
      "got an HTML page, not a feed (Content-Type: text/html; charset=utf-8); the page advertises a feed at https://gazette.example/rss.xml",
    ],
    ["empty.xml", "empty response: the feed has no content at all"],
    ["billion-laughs.xml", "refused: the DOCTYPE declares XML entities (&lol; ...)"],
    ["external-entity.xml", "refused: the DOCTYPE declares an external entity (&secret; SYSTEM ...)"],
    ["no-such-feed.xml", "HTTP 404 from"],
  ])("%s", async (file, message) => {
    const before = await dumpDatabase(db);
    const url = server.url(`/${file}`);
    const report = await ingestFeedUrl(db, url, opts);
    expect(report.ok).toBe(false);
    const [line] = formatReport(report);
    expect(line?.startsWith(`✗ ${url}: ${message}`), line).toBe(true);
    expect(await dumpDatabase(db)).toBe(before);
  });

  it("an HTML page served with an XML content type is still recognised", async () => {
    server.route("/lying.xml", (_req, res) => {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      res.end(fs.readFileSync(fixturePath("html-page.html")));
    });
    const report = await ingestFeedUrl(db, server.url("/lying.xml"), opts);
    expect(report.error).toBe(
      "got an HTML page, not a feed (Content-Type: application/rss+xml); the page advertises a feed at https://gazette.example/rss.xml",
    );
  });

  it("an ISO-8859-1 feed is read in its encoding; a mislabelled one is read as UTF-8 with a note", async () => {
    const latin = await ingestFeedUrl(db, server.url("/latin1.xml"), opts);
    expect(latin.ok).toBe(true);
    expect((await articleRows())[0]?.title).toBe("Crème brûlée festival draws crowds");
    const mislabelled = await ingestFeedFile(await useTempDatabase(), fixturePath("mislabelled-utf8.xml"), opts);
    expect(mislabelled.notes).toEqual([
      "declared ISO-8859-1 (by the XML declaration) but the bytes are UTF-8; read as UTF-8",
    ]);
  });

  it("a feed that claims UTF-8 but carries Latin-1 bytes goes in, read as Windows-1252, with a note", async () => {
    const report = await ingestFeedUrl(db, server.url("/invalid-utf8.xml"), opts);
    expect(report.ok).toBe(true);
    expect(report.notes[0]).toMatch(
      /^not valid UTF-8 \(declared by the XML declaration\): .* line 2; read as Windows-1252$/,
    );
    expect((await articleRows())[0]?.title).toBe("Crème brûlée festival draws crowds");
  });

  it("an item without a title is titled from its text; one without link or id is skipped with its reason", async () => {
    const report = await ingestFeedUrl(db, server.url("/missing-fields.xml"), opts);
    expect(report.ok).toBe(true);
    expect(report.counts.new).toBe(3);
    expect(formatReport(report)).toEqual([
      `✓ ${server.url("/missing-fields.xml")} [RSS 2.0]: 3 new, 0 updated, 0 unchanged, 1 skipped, 1 titled from their text`,
      '  skipped item 2 "No link and no guid": has no link and no id, so it can neither be linked to nor recognised again',
    ]);
  });

  it("invalid and future dates are stored as the time of ingest: future ones noted per item, unreadable ones counted once", async () => {
    const report = await ingestFeedUrl(db, server.url("/dates.xml"), opts);
    expect(report.unreadableDates).toBe(1);
    expect(report.notes).toEqual([
      'item 2 "Future date" (link https://dates.example/future): date 2100-01-01T00:00:00.000Z is in the future; used the time of ingest',
      '1 item with a date that could not be read ("Someday, 45 Smarch 20X6"); stored with the time of ingest',
    ]);
    const dates = await sqlAll(db, "select title, published_at from articles order by id");
    expect(dates).toEqual([
      { title: "Invalid date", published_at: now.getTime() },
      { title: "Future date", published_at: now.getTime() },
      { title: "No date", published_at: now.getTime() },
      { title: "Good date", published_at: Date.parse("2026-02-04T06:00:00Z") },
    ]);
  });

  it("a gigantic item is skipped with its size; the feed's other items go in", async () => {
    server.route("/gigantic.xml", (req, res) => {
      const items = [
        { guid: "g-1", title: "Normal story", link: "https://giant.example/1", description: "Short and sweet." },
        { guid: "g-2", title: "Enormous story", link: "https://giant.example/2", description: "word ".repeat(300_000) },
      ];
      sendVersioned(req, res, rssFeed("Giant", items), "application/rss+xml");
    });
    const report = await ingestFeedUrl(db, server.url("/gigantic.xml"), opts);
    expect(report.ok).toBe(true);
    expect(report.counts.new).toBe(1);
    expect(report.skipped).toEqual([
      {
        item: 'item 2 "Enormous story" (id g-2)',
        reason: "is 1.5 million characters long, over the 1.0 million characters limit for one item",
      },
    ]);
  });

  it("a body over 5 MB is refused while streaming, even when it does not announce its length", async () => {
    server.route("/endless.xml", (_req, res) => {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      for (let i = 0; i < 7; i++) res.write(chunk);
      res.end();
    });
    const report = await ingestFeedUrl(db, server.url("/endless.xml"), opts);
    expect(report.error).toBe(`response from ${new URL(server.url("/")).host} is over the 5.0 MB limit`);
  });

  it("a gzip bomb is stopped by the decompressed size", async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
    server.route("/bomb.xml", (_req, res) => {
      res.writeHead(200, {
        "content-type": "application/rss+xml",
        "content-encoding": "gzip",
        "content-length": bomb.length,
      });
      res.end(bomb);
    });
    expect(bomb.length).toBeLessThan(100_000);
    const report = await ingestFeedUrl(db, server.url("/bomb.xml"), opts);
    expect(report.errorCode).toBe("too-large");
  });

  it("a server that does not answer in time fails with a timeout", async () => {
    server.route("/slow.xml", () => {
      // Never answers.
    });
    const report = await ingestFeedUrl(db, server.url("/slow.xml"), { ...opts, timeoutMs: 300 });
    expect(report.error).toBe("no complete answer within 0.3 s");
  });
});

describe("a failure mid-feed leaves the database exactly as it was", () => {
  it("rolls back the whole feed, updates included", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-midfeed-"));
    const file = path.join(dir, "feed.xml");
    fs.writeFileSync(
      file,
      rssFeed("Midfeed Times", [
        {
          guid: "m-1",
          title: "Original story",
          link: "https://mid.example/1",
          description: "Original text.",
          category: "One",
        },
        { guid: "m-2", title: "Second story", link: "https://mid.example/2", description: "Second text." },
      ]),
    );
    expect((await ingestFeedFile(db, file, opts)).counts.new).toBe(2);

    // The next version changes a story, adds two, and one of them cannot be written (a disk error, a
    // constraint, a bug): stand-in here is a trigger that aborts on its title.
    const next = rssFeed("Midfeed Times", [
      {
        guid: "m-1",
        title: "Original story",
        link: "https://mid.example/1",
        description: "Corrected text.",
        category: "Two",
      },
      { guid: "m-3", title: "New story", link: "https://mid.example/3", description: "Fresh text." },
      { guid: "m-4", title: "Poison story", link: "https://mid.example/4", description: "Cannot be stored." },
      { guid: "m-5", title: "Another new story", link: "https://mid.example/5", description: "More text." },
    ]);
    fs.writeFileSync(file, next);
    const cure = await poisonInserts("Poison story", "disk I/O error (simulated)");
    const before = await dumpDatabase(db);
    const report = await ingestFeedFile(db, file, opts);
    expect(report.ok).toBe(false);
    expect(formatReport(report)).toEqual([`✗ ${file}: nothing stored: disk I/O error (simulated)`]);
    expect(await dumpDatabase(db)).toBe(before);

    // Without the fault the same file does write: the rollback above undid real changes.
    await cure();
    const ok = await ingestFeedFile(db, file, opts);
    expect(ok.counts).toEqual({ new: 3, updated: 1, unchanged: 0, syndicated: 0 });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("polling state: Retry-After and back-off", () => {
  async function listSource(slug: string, feedUrl: string, fullText = false) {
    await syncListedSources(db, { list: [{ slug, name: slug, feedUrl, fullText, enabled: true }] });
    const source = await getSourceBySlug(db, { slug });
    if (!source) throw new Error("source not stored");
    return source;
  }

  it("a 503 with Retry-After in seconds is reported and honoured", async () => {
    server.route("/busy.xml", (_req, res) => {
      res.writeHead(503, { "retry-after": "7200" });
      res.end();
    });
    await listSource("busy", server.url("/busy.xml"));
    const run = await ingestSources(db, opts);
    expect(run.reports[0]?.error).toBe("HTTP 503 Service Unavailable; the server asks us to wait 7200 s");
    const after = await getSourceBySlug(db, { slug: "busy" });
    expect(after?.failureCount).toBe(1);
    expect(after?.lastError).toBe("HTTP 503 Service Unavailable; the server asks us to wait 7200 s");
    expect(after?.nextFetchAt?.getTime()).toBe(now.getTime() + 7200_000);
  });

  it("a 429 with an HTTP-date Retry-After is honoured too; shorter waits give way to the back-off", async () => {
    server.route("/limited.xml", (_req, res) => {
      res.writeHead(429, { "retry-after": new Date(Date.now() + 90_000).toUTCString() });
      res.end();
    });
    await listSource("limited", server.url("/limited.xml"));
    const run = await ingestSources(db, opts);
    expect(run.reports[0]?.error).toMatch(/^HTTP 429 Too Many Requests; the server asks us to wait (89|90) s$/);
    // 90 s is less than the back-off after one failure (two 15-minute intervals), so the back-off wins.
    expect((await getSourceBySlug(db, { slug: "limited" }))?.nextFetchAt?.getTime()).toBe(now.getTime() + 30 * 60_000);
  });

  it("a success resets the failure count and schedules the next poll one interval later", async () => {
    let fail = true;
    server.route("/flaky.xml", (req, res) => {
      if (fail) {
        res.writeHead(500);
        res.end();
      } else sendVersioned(req, res, fs.readFileSync(fixturePath("rss2.xml")), "application/rss+xml");
    });
    const source = await listSource("flaky", server.url("/flaky.xml"));
    await ingestSources(db, opts);
    await ingestSources(db, opts);
    expect((await getSourceBySlug(db, { slug: "flaky" }))?.failureCount).toBe(2);
    fail = false;
    const report = await ingestSource(db, source, opts);
    expect(report.counts.new).toBe(3);
    const after = await getSourceBySlug(db, { slug: "flaky" });
    expect(after).toMatchObject({ failureCount: 0, lastError: null, etag: expect.stringMatching(/^"/) });
    expect(after?.nextFetchAt?.getTime()).toBe(now.getTime() + 15 * 60_000);
  });

  it("full-text sources get the article from the page, once", async () => {
    server.route("/teasers.xml", (req, res) => {
      sendVersioned(
        req,
        res,
        rssFeed("Teasers", [
          {
            guid: "t-1",
            title: "Long read about tides",
            link: server.url("/article/tides"),
            description: "Just a teaser.",
          },
        ]),
        "application/rss+xml",
      );
    });
    const paragraphs = Array.from(
      { length: 6 },
      (_, i) =>
        `<p>Paragraph ${i + 1} of the long read explains how the moon and the sun pull the oceans, and why the harbour floods twice a year.</p>`,
    ).join("");
    server.route("/article/tides", (_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        `<!doctype html><html><head><title>Tides</title><script>track()</script></head><body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav><article><h1>Long read about tides</h1>${paragraphs}<img src="/img/tide.jpg" alt="High tide at the pier"></article><aside>Advertisement: buy boats</aside><footer>© Gazette</footer></body></html>`,
      );
    });
    const source = await listSource("teasers", server.url("/teasers.xml"), true);
    const report = await ingestSource(db, source, opts);
    expect(report.counts.new).toBe(1);
    const row = (await sqlGet(db, "select body, body_html from articles")) as { body: string; body_html: string };
    expect(row.body).toContain("Paragraph 6 of the long read");
    expect(row.body).not.toContain("Just a teaser");
    expect(row.body).not.toContain("Advertisement");
    expect(row.body_html).toContain(`<img alt="High tide at the pier" src="${server.url("/img/tide.jpg")}" />`);
    expect(row.body_html).not.toContain("track()");
    // No og:image on this page: the article's first picture becomes the lead image.
    expect(await sqlGet(db, "select image_url, image_alt from articles")).toEqual({
      image_url: server.url("/img/tide.jpg"),
      image_alt: "High tide at the pier",
    });

    const pageFetches = () => server.requests.filter((r) => r.path === "/article/tides").length;
    expect(pageFetches()).toBe(1);
    const again = await ingestSource(db, source, { ...opts, force: true });
    expect(again.counts.unchanged).toBe(1);
    expect(pageFetches()).toBe(1);
  });

  it("takes the page's og:image as the lead image of a teaser feed, with its size and alt text", async () => {
    server.route("/og-teasers.xml", (req, res) => {
      sendVersioned(
        req,
        res,
        rssFeed("OG teasers", [
          { guid: "og-1", title: "Long read about tides", link: server.url("/article/og"), description: "Teaser." },
        ]),
        "application/rss+xml",
      );
    });
    server.route("/article/og", (_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      const text = "<p>The tide tables for the harbour are printed every spring by the pilots' office.</p>".repeat(5);
      res.end(
        `<!doctype html><html><head><meta property="og:image" content="/media/tides-wide.jpg"><meta property="og:image:width" content="1200"><meta property="og:image:height" content="630"><meta property="og:image:alt" content="The sea wall"></head><body><article><h1>Tides</h1>${text}<img src="/img/inline.jpg" alt="Inline"></article></body></html>`,
      );
    });
    const report = await ingestSource(db, await listSource("og-teasers", server.url("/og-teasers.xml"), true), opts);
    expect(report.counts.new).toBe(1);
    expect(await sqlGet(db, "select image_url, image_width, image_height, image_alt from articles")).toEqual({
      image_url: server.url("/media/tides-wide.jpg"),
      image_width: 1200,
      image_height: 630,
      image_alt: "The sea wall",
    });
  });
});

describe("SSRF: private addresses are refused unless allowed", () => {
  it("refuses a 127.0.0.1 URL without the flag, and stores nothing", async () => {
    const url = server.url("/rss2.xml");
    const report = await ingestFeedUrl(db, url, { now: () => now });
    expect(report.error).toBe(
      "refused: 127.0.0.1 is a private, loopback or link-local address (allow with --allow-private or INGEST_ALLOW_PRIVATE=1)",
    );
    expect(server.requests).toHaveLength(0);
    expect(await countArticles(db)).toBe(0);
  });

  it("checks names through DNS too: localhost is refused", async () => {
    const url = server.url("/rss2.xml").replace("127.0.0.1", "localhost");
    const report = await ingestFeedUrl(db, url, { now: () => now });
    expect(report.errorCode).toBe("blocked-address");
    expect(report.error).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), a private/);
    expect(server.requests).toHaveLength(0);
  });

  it("INGEST_ALLOW_PRIVATE=1 allows it", async () => {
    process.env.INGEST_ALLOW_PRIVATE = "1";
    reloadConfig();
    try {
      expect((await ingestFeedUrl(db, server.url("/rss2.xml"), { now: () => now })).ok).toBe(true);
    } finally {
      delete process.env.INGEST_ALLOW_PRIVATE;
      reloadConfig();
    }
  });

  // Only this server's own address is trusted here, so every other private address stays refused.
  const trusted: IngestOptions = { trustedAddresses: ["127.0.0.1"], now: () => now };

  it.each([
    [
      "file:///etc/passwd",
      "redirect to file:///etc/passwd refused: only http and https URLs are fetched, not file: (file:///etc/passwd)",
    ],
    ["gopher://127.0.0.1:70/x", "redirect to gopher://127.0.0.1:70/x refused: only http and https URLs are fetched"],
    [
      "http://169.254.169.254/latest/meta-data/",
      "redirected to http://169.254.169.254/latest/meta-data/, refused: 169.254.169.254 is a private",
    ],
    ["http://10.0.0.7/feed.xml", "redirected to http://10.0.0.7/feed.xml, refused: 10.0.0.7 is a private"],
    [
      "http://[::ffff:127.0.0.2]/feed.xml",
      "redirected to http://[::ffff:7f00:2]/feed.xml, refused: ::ffff:7f00:2 is a private",
    ],
  ])("refuses a redirect to %s", async (location, message) => {
    server.route("/redirect", (_req, res) => {
      res.writeHead(302, { location });
      res.end();
    });
    const report = await ingestFeedUrl(db, server.url("/redirect"), trusted);
    expect(report.errorCode).toBe("redirect");
    expect(report.error?.startsWith(message), report.error).toBe(true);
  });

  it("follows an allowed redirect and re-checks it", async () => {
    server.route("/moved", (_req, res) => {
      res.writeHead(301, { location: "/rss2.xml" });
      res.end();
    });
    const report = await ingestFeedUrl(db, server.url("/moved"), trusted);
    expect(report.counts.new).toBe(3);
    expect(server.requests.map((r) => r.path)).toEqual(["/moved", "/rss2.xml"]);
  });

  it("refuses a URL that is not http(s) outright", async () => {
    const report = await ingestFeedUrl(db, "ftp://feeds.example/rss.xml", opts);
    expect(report.error).toBe("only http and https URLs are fetched, not ftp: (ftp://feeds.example/rss.xml)");
  });
});

describe("--sources when the network is unreachable", () => {
  it("reports the run as network-down (one line), and records nothing against the sources", async () => {
    await syncListedSources(db, {
      list: [
        { slug: "one", name: "One", feedUrl: "http://feeds.one.invalid/rss.xml", fullText: false, enabled: true },
        { slug: "two", name: "Two", feedUrl: "http://feeds.two.invalid/rss.xml", fullText: false, enabled: true },
      ],
    });
    const run = await ingestSources(db, opts);
    expect(run.networkDown).toBe(true);
    expect(run.reports.map((r) => r.error)).toEqual([
      "could not resolve feeds.one.invalid (ENOTFOUND)",
      "could not resolve feeds.two.invalid (ENOTFOUND)",
    ]);
    expect((await getSourceBySlug(db, { slug: "one" }))?.failureCount).toBe(0);
  });

  it("a run where some sources work is not network-down, and the others still go in", async () => {
    await syncListedSources(db, {
      list: [
        { slug: "gone", name: "Gone", feedUrl: "http://feeds.gone.invalid/rss.xml", fullText: false, enabled: true },
        { slug: "here", name: "Here", feedUrl: server.url("/atom.xml"), fullText: false, enabled: true },
      ],
    });
    const run = await ingestSources(db, opts);
    expect(run.networkDown).toBe(false);
    expect(run.reports.map((r) => r.ok)).toEqual([false, true]);
    expect(await countArticles(db)).toBe(2);
  });
});
