import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { fixturePath } from "./fixtures/feed-server";
import { chooseLeadImage, declaredSize, imageUrl, openGraphImages } from "./lead-image";
import { entryToDraft } from "./normalize";
import { parseFeedDocument } from "./parse-feed";

const now = new Date("2026-03-04T12:00:00Z");
const feedUrl = "https://lantern.example/feed.xml";

function drafts(xml: string) {
  return parseFeedDocument(xml).entries.map((e) => {
    const out = entryToDraft(e, { baseUrl: feedUrl, now });
    if (!out.ok) throw new Error(out.reason);
    return out.draft;
  });
}

const image = (d: ReturnType<typeof drafts>[number]) => ({
  url: d.imageUrl,
  width: d.imageWidth,
  height: d.imageHeight,
  alt: d.imageAlt,
  credit: d.imageCredit,
});

describe("lead images from feeds", () => {
  const items = drafts(fs.readFileSync(fixturePath("lead-images.xml"), "utf8"));

  it("takes the largest media:content, with its own description as alt text and its credit", () => {
    expect(image(items[0] ?? ({} as never))).toEqual({
      url: "https://cdn.lantern.example/harbour-1600.jpg",
      width: 1600,
      height: 900,
      alt: "Fishing boats moored at dusk, wide",
      credit: "Ines Varga",
    });
  });

  it('accepts medium="image" without a type, and passes over video and audio', () => {
    expect(image(items[1] ?? ({} as never))).toMatchObject({
      url: "https://cdn.lantern.example/market",
      width: 1200,
      height: 800,
    });
  });

  it("resolves a relative enclosure against the item's page", () => {
    expect(items[2]?.imageUrl).toBe("https://lantern.example/img/ferry.png");
    expect(items[2]?.imageWidth).toBeNull();
  });

  it("falls back to a thumbnail inside a group, with the group's credit", () => {
    expect(image(items[3] ?? ({} as never))).toEqual({
      url: "https://cdn.lantern.example/bridge-thumb.webp",
      width: 320,
      height: 180,
      alt: null,
      credit: "Lantern Courier archive",
    });
  });

  it("stores nothing when every candidate is junk: javascript:, data:, SVG, PDF, ftp:", () => {
    expect(image(items[4] ?? ({} as never))).toEqual({ url: null, width: null, height: null, alt: null, credit: null });
  });

  it("does not believe an absurd declared size, so a sane one wins", () => {
    expect(image(items[5] ?? ({} as never))).toMatchObject({
      url: "https://cdn.lantern.example/normal.jpg",
      width: 800,
      height: 600,
    });
  });

  it("uses the first picture in the text when the feed names none, marked as such", () => {
    expect(image(items[6] ?? ({} as never))).toEqual({
      url: "https://lantern.example/img/pier.jpg",
      width: 640,
      height: 480,
      alt: "The pier at low tide",
      credit: null,
    });
    expect(items[6]?.imageFromBody).toBe(true);
    expect(items[0]?.imageFromBody).toBeUndefined();
  });

  it("reads Atom enclosure links and JSON Feed images", () => {
    const atom = drafts(
      `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://lantern.example/atom/"><title>A</title><id>a</id><updated>2026-03-01T00:00:00Z</updated>
      <entry><id>e1</id><title>One</title><updated>2026-03-01T00:00:00Z</updated><link href="one"/><link rel="enclosure" type="image/jpeg" href="img/one.jpg"/><summary>x</summary></entry>
      <entry><id>e2</id><title>Two</title><updated>2026-03-01T00:00:00Z</updated><link href="two"/><link rel="enclosure" type="audio/mpeg" href="two.mp3"/><summary>x</summary></entry></feed>`,
    );
    expect(atom.map((d) => d.imageUrl)).toEqual(["https://lantern.example/atom/img/one.jpg", null]);
    const json = drafts(
      JSON.stringify({
        version: "https://jsonfeed.org/version/1.1",
        title: "J",
        items: [
          { id: "j1", url: "https://lantern.example/j1", content_text: "x", image: "/img/j1.jpg" },
          { id: "j2", url: "https://lantern.example/j2", content_text: "x", image: "javascript:alert(1)" },
        ],
      }),
    );
    expect(json.map((d) => d.imageUrl)).toEqual(["https://lantern.example/img/j1.jpg", null]);
  });
});

describe("chooseLeadImage and its checks", () => {
  it("refuses non-http(s), credentials and over-long addresses", () => {
    expect(imageUrl("javascript:alert(1)")).toBeNull();
    expect(imageUrl("/a.jpg")).toBeNull();
    expect(imageUrl("/a.jpg", "https://x.example/feed")).toBe("https://x.example/a.jpg");
    expect(imageUrl("https://user:pw@x.example/a.jpg")).toBeNull();
    expect(imageUrl(`https://x.example/${"a".repeat(2100)}.jpg`)).toBeNull();
  });

  it("keeps declared sizes only when both are sane whole numbers", () => {
    expect(declaredSize("640")).toBe(640);
    expect(declaredSize("0")).toBeUndefined();
    expect(declaredSize("-5")).toBeUndefined();
    expect(declaredSize("1e9")).toBeUndefined();
    expect(declaredSize("100%")).toBeUndefined();
    expect(
      chooseLeadImage([{ url: "https://x.example/a.jpg", kind: "media-content", type: "image/jpeg", width: 640 }]),
    ).toMatchObject({ width: null, height: null });
  });

  it("prefers a full picture over a thumbnail when neither gives a size", () => {
    expect(
      chooseLeadImage([
        { url: "https://x.example/t.jpg", kind: "media-thumbnail" },
        { url: "https://x.example/full.jpg", kind: "enclosure", type: "image/jpeg" },
      ])?.url,
    ).toBe("https://x.example/full.jpg");
  });

  it("clips long alt text and credits to one line", () => {
    const got = chooseLeadImage([
      { url: "https://x.example/a.jpg", kind: "og-image", alt: `a\n<b>b</b>  ${"c".repeat(400)}`, credit: "x" },
    ]);
    expect(got?.alt?.startsWith("a b ccc")).toBe(true);
    expect(got?.alt?.length).toBe(300);
  });
});

describe("og:image of a full-text page", () => {
  it("reads og:image with its secure URL, size and alt; twitter:image only as a fallback", () => {
    const html = fs.readFileSync(fixturePath("og-page.html"), "utf8");
    expect(chooseLeadImage(openGraphImages(html), "https://lantern.example/news/tides")).toEqual({
      url: "https://lantern.example/media/tides-wide.jpg",
      width: 1200,
      height: 630,
      alt: "Waves breaking on the sea wall & the lighthouse",
      credit: null,
    });
    expect(openGraphImages('<head><meta name="twitter:image" content="https://x.example/t.jpg"></head>')).toEqual([
      { url: "https://x.example/t.jpg", kind: "og-image" },
    ]);
    expect(chooseLeadImage(openGraphImages('<meta property="og:image" content="javascript:alert(1)">'))).toBeNull();
  });
});
