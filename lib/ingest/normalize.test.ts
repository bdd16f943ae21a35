import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { canonicalUrl } from "./canonical-url";
import { fixturePath } from "./fixtures/feed-server";
import { choosePublishedAt, entryToDraft, MAX_ITEM_CHARS, parseFeedDate } from "./normalize";
import { parseFeedDocument, type RawEntry } from "./parse-feed";

const now = new Date("2026-03-04T12:00:00Z");
const entries = (name: string) => parseFeedDocument(fs.readFileSync(fixturePath(name), "utf8")).entries;
const entry = (over: Partial<RawEntry>): RawEntry => ({
  position: 1,
  titleIsHtml: true,
  categories: [],
  images: [],
  ...over,
});

describe("canonicalUrl", () => {
  it("strips tracking parameters and fragments, and keeps everything else", () => {
    expect(
      canonicalUrl(
        "https://News.Example/a/b?utm_source=rss&utm_medium=feed&id=42&fbclid=x&gclid=y&mc_cid=z&mc_eid=w#comments",
      ),
    ).toBe("https://news.example/a/b?id=42");
    expect(canonicalUrl("https://news.example/a?utm_campaign=x")).toBe("https://news.example/a");
    // Untouched when there is nothing to strip, even where re-serialising would change the encoding.
    expect(canonicalUrl("https://news.example/search?q=a%20b&page=2")).toBe(
      "https://news.example/search?q=a%20b&page=2",
    );
  });

  it("resolves relative links and refuses other schemes", () => {
    expect(canonicalUrl("/story/1", "https://news.example/feed.xml")).toBe("https://news.example/story/1");
    expect(canonicalUrl("javascript:alert(1)")).toBeNull();
    expect(canonicalUrl("ftp://news.example/x")).toBeNull();
    expect(canonicalUrl("not a url")).toBeNull();
  });
});

describe("dates", () => {
  it("parses RFC 822 and ISO 8601, and refuses nonsense and bare numbers", () => {
    expect(parseFeedDate("Tue, 03 Mar 2026 09:30:00 GMT")?.toISOString()).toBe("2026-03-03T09:30:00.000Z");
    expect(parseFeedDate("Mon, 02 Mar 2026 17:05:00 +0100")?.toISOString()).toBe("2026-03-02T16:05:00.000Z");
    expect(parseFeedDate("2026-02-21T12:30:00+02:00")?.toISOString()).toBe("2026-02-21T10:30:00.000Z");
    expect(parseFeedDate("Someday, 45 Smarch 20X6")).toBeNull();
    expect(parseFeedDate("1700000000")).toBeNull();
  });

  it("uses now for missing, invalid and future dates, with a note for the last two", () => {
    expect(choosePublishedAt(undefined, now)).toEqual({ date: now });
    expect(choosePublishedAt("garbage", now)).toEqual({
      date: now,
      note: 'invalid date "garbage"; used the time of ingest',
      unreadable: "garbage",
    });
    expect(choosePublishedAt("2100-01-01T00:00:00Z", now)).toEqual({
      date: now,
      note: "date 2100-01-01T00:00:00.000Z is in the future; used the time of ingest",
    });
    // A minute ahead is clock skew: no note, but still never later than now.
    expect(choosePublishedAt("2026-03-04T12:01:00Z", now)).toEqual({ date: now });
  });
});

describe("entryToDraft", () => {
  it("cleans an RSS item: plain title, canonical URL, sanitized body, excerpt, image, author, tags", () => {
    const [bridge] = entries("rss2.xml");
    if (!bridge) throw new Error("fixture has no items");
    const outcome = entryToDraft(bridge, { now });
    if (!outcome.ok) throw new Error(outcome.reason);
    const d = outcome.draft;
    expect(d.title).toBe("Harbour bridge reopens after two-year repairs");
    expect(d.url).toBe("https://gazette.example/news/bridge-reopens?id=42");
    expect(d.guid).toBe("gazette-1001");
    expect(d.author).toBe("Ana Ribeiro");
    expect(d.excerpt).toBe("The bridge is open again.");
    expect(d.body).toBe(
      "The harbour bridge reopened on Tuesday after two years of repairs.\n\nRead the history of the bridge or see the photo.\n\nTraffic is expected to be light.",
    );
    expect(d.bodyHtml).toContain(
      '<a rel="nofollow noopener noreferrer" href="https://gazette.example/transport/bridge-history">',
    );
    expect(d.bodyHtml).toContain(
      '<img alt="The bridge at dawn" src="https://gazette.example/news/images/bridge.jpg" />',
    );
    expect(d.bodyHtml).not.toMatch(/script|onclick|style=/);
    expect(d.imageUrl).toBe("https://gazette.example/thumbs/bridge.jpg");
    expect(d.publishedAt.toISOString()).toBe("2026-03-03T09:30:00.000Z");
    expect(d.tags).toEqual(["Transport", "local news", "2026"]);
  });

  it("titles an item without a title from its text; skips one without both link and id, saying why", () => {
    const outcomes = entries("missing-fields.xml").map((e) => entryToDraft(e, { now }));
    expect(outcomes.map((o) => (o.ok ? `ok: ${o.draft.title}` : `${o.label}: ${o.reason}`))).toEqual([
      "ok: An item with a link but no title.",
      'item 2 "No link and no guid": has no link and no id, so it can neither be linked to nor recognised again',
      "ok: Only a guid",
      "ok: Complete item",
    ]);
  });

  it("notes future dates with the item they belong to, and hands unreadable ones back to be counted", () => {
    const notes = entries("dates.xml").flatMap((e) => {
      const o = entryToDraft(e, { now });
      return o.ok
        ? [
            [
              o.draft.title,
              o.draft.publishedAt.toISOString(),
              ...o.notes,
              ...(o.unreadableDate ? [`unreadable: ${o.unreadableDate}`] : []),
            ],
          ]
        : [];
    });
    expect(notes).toEqual([
      ["Invalid date", now.toISOString(), "unreadable: Someday, 45 Smarch 20X6"],
      [
        "Future date",
        now.toISOString(),
        'item 2 "Future date" (link https://dates.example/future): date 2100-01-01T00:00:00.000Z is in the future; used the time of ingest',
      ],
      ["No date", now.toISOString()],
      ["Good date", "2026-02-04T06:00:00.000Z"],
    ]);
  });

  it("titles an untitled item from its first sentence, cut at a word boundary; an image-only one from its alt text at worst", () => {
    const made = (e: Partial<RawEntry>) => {
      const o = entryToDraft(entry({ id: "x", ...e }), { now });
      return o.ok ? [o.draft.title, o.titledFromText] : o.reason;
    };
    expect(made({ summaryText: "Rain all day today. Sun tomorrow." })).toEqual(["Rain all day today.", true]);
    // Too short to be a sentence of its own: "Dr." or "U.S." must not end a title.
    expect(made({ summaryText: "Dr. Ng won. The prize is hers." })).toEqual(["Dr. Ng won. The prize is hers.", true]);
    expect(made({ contentHtml: `<p>${"word ".repeat(40)}</p>` })).toEqual([`${"word ".repeat(20).trim()}…`, true]);
    expect(made({ title: '<img src="/a.png" alt="A heron on the quay">' })).toEqual(["A heron on the quay", true]);
    expect(made({ title: "   " })).toBe("has no title and no text to make one from");
  });

  it("skips a gigantic item with its size", () => {
    const outcome = entryToDraft(
      entry({ title: "Huge", link: "https://x.example/huge", contentHtml: `<p>${"a".repeat(MAX_ITEM_CHARS)}</p>` }),
      { now },
    );
    expect(outcome).toEqual({
      ok: false,
      label: 'item 1 "Huge" (link https://x.example/huge)',
      reason: "is 1.0 million characters long, over the 1.0 million characters limit for one item",
    });
  });

  it("keeps plain-text content as text, never as HTML", () => {
    const outcome = entryToDraft(
      entry({ title: "T", id: "1", contentText: "a <b>not bold</b>\n\nsecond", titleIsHtml: false }),
      { now },
    );
    expect(outcome.ok && outcome.draft.body).toBe("a <b>not bold</b>\n\nsecond");
    expect(outcome.ok && outcome.draft.bodyHtml).toBeNull();
  });

  it("stores a non-http link as no link, with a note", () => {
    const outcome = entryToDraft(entry({ title: "T", id: "x-1", link: "javascript:alert(1)" }), { now });
    expect(outcome.ok && outcome.draft.url).toBeNull();
    expect(outcome.ok && outcome.notes[0]).toContain('link "javascript:alert(1)" is not an http(s) URL');
  });
});
