import fs from "node:fs";
import { parseFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { IngestError } from "./errors";
import { fixturePath } from "./fixtures/feed-server";
import { chooseLeadImage } from "./lead-image";
import { parseFeedDocument, type RawEntry } from "./parse-feed";

const fixture = (name: string) => fs.readFileSync(fixturePath(name), "utf8");
/** The lead image ingest would keep among an entry's picture candidates. */
const lead = (entry: RawEntry | undefined) => chooseLeadImage(entry?.images ?? [])?.url;

function parseError(text: string, contentType?: string): IngestError {
  try {
    parseFeedDocument(text, contentType);
  } catch (err) {
    if (err instanceof IngestError) return err;
    throw err;
  }
  throw new Error("expected the document to be refused");
}

describe("parseFeedDocument: the four formats", () => {
  it("reads RSS 2.0 with content:encoded, Dublin Core, categories, enclosures and media thumbnails", () => {
    const feed = parseFeedDocument(fixture("rss2.xml"));
    expect(feed.format).toBe("rss");
    expect(feed.title).toBe("Harbour Gazette");
    expect(feed.entries).toHaveLength(3);
    const [bridge, library, ferry] = feed.entries;
    expect(bridge).toMatchObject({
      position: 1,
      id: "gazette-1001",
      title: "Harbour bridge reopens after <b>two-year</b> repairs",
      author: "Ana Ribeiro",
      published: "Tue, 03 Mar 2026 09:30:00 GMT",
      summaryHtml: "The bridge is open again.",
      categories: ["Transport", "local news", "2026"],
    });
    expect(lead(bridge)).toBe("https://gazette.example/thumbs/bridge.jpg");
    expect(bridge?.contentHtml).toContain('<a href="/transport/bridge-history">');
    expect(lead(library)).toBe("https://gazette.example/img/library.png");
    expect(library?.author).toBe("Jon Park");
    // A permalink guid stands in for the link.
    expect(ferry?.link).toBe("https://gazette.example/news/ferry");
  });

  it("reads RSS 1.0 (RDF) with rdf:about ids and dc:date", () => {
    const feed = parseFeedDocument(fixture("rss1.rdf"));
    expect(feed.format).toBe("rdf");
    expect(feed.entries.map((e) => [e.id, e.title, e.published, e.categories])).toEqual([
      ["https://valley.example/2026/orchard", "Orchard harvest breaks record", "2026-02-20T10:00:00Z", ["Farming"]],
      ["https://valley.example/2026/flood", "Flood defences finished", "2026-02-21T12:30:00+02:00", ["Environment"]],
    ]);
  });

  it("reads Atom 1.0 with html, xhtml and text constructs", () => {
    const feed = parseFeedDocument(fixture("atom.xml"));
    expect(feed.format).toBe("atom");
    expect(feed.homepage).toBe("https://ledger.example/");
    const [wind, schools] = feed.entries;
    expect(wind).toMatchObject({
      id: "tag:ledger.example,2026:wind-farm",
      link: "https://ledger.example/energy/wind-farm",
      titleIsHtml: true,
      published: "2026-02-25T08:00:00Z",
      summaryText: "Forty turbines will be built.",
      categories: ["Energy", "climate"],
    });
    expect(lead(wind)).toBe("https://ledger.example/img/turbines.jpg");
    expect(wind?.contentHtml).toContain("<p>Forty turbines");
    expect(schools?.titleIsHtml).toBe(false);
    // No <published>: the updated date stands in.
    expect(schools?.published).toBe("2026-02-24T07:15:00Z");
    expect(schools?.contentHtml).toContain("<strong>nine</strong>");
  });

  it("reads JSON Feed 1.1 with content_html, content_text, tags and authors", () => {
    const feed = parseFeedDocument(fixture("feed.json"));
    expect(feed.format).toBe("json");
    const [market, seals] = feed.entries;
    expect(market).toMatchObject({
      id: "courier-77",
      author: "Lea Moss",
      categories: ["Community", "Food"],
      summaryText: "The night market is back.",
    });
    expect(lead(market)).toBe("https://courier.example/img/market.jpg");
    expect(seals?.contentText).toBe("Volunteers counted 41 seal pups.\n\nThat is the most since counting began.");
    expect(seals?.contentHtml).toBeUndefined();
  });

  it("accepts a feed with a channel and no items", () => {
    expect(parseFeedDocument(fixture("empty-channel.xml")).entries).toEqual([]);
  });
});

describe("parseFeedDocument: bad documents are refused with a precise reason", () => {
  it("malformed XML names the line, column and the mismatch", () => {
    const err = parseError(fixture("malformed.xml"));
    expect(err.code).toBe("malformed");
    expect(err.message).toBe(
      "malformed XML at line 6, column 29: Expected closing tag 'title' (opened in line 6, col 7) instead of closing tag 'description'.",
    );
  });

  it("truncated XML keeps the items before the cut, and says where the document stops", () => {
    const feed = parseFeedDocument(fixture("truncated.xml"));
    expect(feed.entries.map((e) => [e.position, e.title])).toEqual([[1, "First story"]]);
    expect(feed.repair?.problem).toMatch(
      /^truncated XML: the document ends inside <rss> › <channel> › <item> › <description>/,
    );
    expect(feed.repair?.skipped).toEqual([
      { item: "item 2 (line 9)", reason: "cut off: the document ends inside its <description> (line 11)" },
    ]);
  });

  it("an HTML page is named as such, with the feed it advertises", () => {
    const err = parseError(fixture("html-page.html"), "text/html; charset=utf-8");
    expect(err.code).toBe("html-not-feed");
    expect(err.message).toBe(
      "got an HTML page, not a feed (Content-Type: text/html; charset=utf-8); the page advertises a feed at https://gazette.example/rss.xml",
    );
  });

  it("an empty document", () => {
    expect(parseError("").code).toBe("empty");
    expect(parseError(" \n\t ").message).toBe("empty response: the feed has no content at all");
  });

  it("XML that is no feed names its root element", () => {
    const err = parseError('<?xml version="1.0"?><note><to>Tove</to></note>');
    expect(err.code).toBe("not-a-feed");
    expect(err.message).toBe("XML, but not RSS, RDF or Atom: the root element is <note>");
  });

  it("JSON that is no JSON Feed, malformed JSON and truncated JSON", () => {
    expect(parseError('{"hello": "world"}').message).toMatch(/^JSON, but not a JSON Feed/);
    expect(parseError('{"version": "https://jsonfeed.org/version/1.1", "items": [}').code).toBe("malformed");
    expect(
      parseError('{"version": "https://jsonfeed.org/version/1.1", "title": "Cut", "items": [{"id": "1"').code,
    ).toBe("truncated");
  });

  it("plain text is not a feed", () => {
    expect(parseError("hello, this is not a feed").code).toBe("not-a-feed");
  });
});

describe("XML entities", () => {
  it("feedsmith itself does not expand entity declarations (checked, so the guard is defence in depth)", () => {
    const started = performance.now();
    const parsed = parseFeed(fixture("billion-laughs.xml"));
    // Expanded, &lol9; would be 10^9 "lol"s (3 GB); unexpanded it stays the literal reference.
    expect(JSON.stringify(parsed).length).toBeLessThan(2_000);
    expect(parsed.format === "rss" && parsed.feed.items?.[0]?.title).toBe("&lol9;");
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("feedsmith refuses external entities rather than resolving them", () => {
    let thrown: unknown;
    try {
      parseFeed(fixture("external-entity.xml"));
    } catch (err) {
      thrown = err;
    }
    expect(String((thrown as Error & { cause?: Error })?.cause)).toContain("External entities are not supported");
  });

  it("our guard refuses billion laughs before parsing, with a clear message", () => {
    const err = parseError(fixture("billion-laughs.xml"));
    expect(err.code).toBe("entities");
    expect(err.message).toBe(
      'refused: the DOCTYPE declares XML entities (&lol; ...); entity expansion ("billion laughs") is not allowed in feeds',
    );
  });

  it("our guard refuses external entities, naming the entity", () => {
    const err = parseError(fixture("external-entity.xml"));
    expect(err.code).toBe("entities");
    expect(err.message).toContain("declares an external entity (&secret; SYSTEM");
  });

  it("an entity declaration is refused even in a DOCTYPE the usual pattern cannot take apart", () => {
    const err = parseError(
      '<?xml version="1.0"?><!DOCTYPE rss PUBLIC "a>b" "c" [<!ENTITY lol "lol">]><rss version="2.0"><channel><title>&lol;</title></channel></rss>',
    );
    expect(err.code).toBe("entities");
  });

  it("a feed served as text/html is still read as a feed", () => {
    const feed = parseFeedDocument(
      '<rss version="2.0"><channel><title>T</title><item><title>I</title><guid>1</guid></item></channel></rss>',
      "text/html; charset=utf-8",
    );
    expect(feed.entries).toHaveLength(1);
  });

  it("a DOCTYPE without an internal subset (old RSS 0.91) is accepted", () => {
    const feed = parseFeedDocument(
      '<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>Old</title><link>https://old.example/</link><description>x</description><item><title>Still here</title><link>https://old.example/1</link></item></channel></rss>',
    );
    expect(feed.entries[0]?.title).toBe("Still here");
  });
});

describe("parseFeedDocument: salvaging ill-formed XML", () => {
  const rss = (items: string, head = "<title>Loose</title>") =>
    `<?xml version="1.0"?>\n<rss version="2.0"><channel>${head}<link>https://loose.example/</link>\n${items}\n</channel></rss>`;

  it("keeps an item whose end tag is missing when everything inside it was closed, and the item after it", () => {
    const feed = parseFeedDocument(
      rss(
        "<item><title>First & only</title><link>https://loose.example/1</link>\n<item><title>Second</title><link>https://loose.example/2</link></item>",
      ),
    );
    expect(feed.entries.map((e) => [e.position, e.title, e.link])).toEqual([
      [1, "First & only", "https://loose.example/1"],
      [2, "Second", "https://loose.example/2"],
    ]);
    expect(feed.repair?.skipped).toEqual([]);
  });

  it("drops a channel element that is never closed, keeping the items it would have swallowed", () => {
    const feed = parseFeedDocument(
      rss("<item><title>Kept</title><guid>k-1</guid></item>", "<title>Never closed &amp; more"),
    );
    expect(feed.entries.map((e) => e.title)).toEqual(["Kept"]);
    expect(feed.title).toBeUndefined();
    expect(feed.repair?.dropped).toEqual(["<title> at line 2, which is not closed"]);
  });

  it("keeps attribute values and CDATA as the feed wrote them, escaping only what cannot be markup", () => {
    const feed = parseFeedDocument(
      rss(
        '<item><title>Photo</title><guid>p-1</guid><enclosure url="https://img.example/a.jpg?w=1&h=2" type="image/jpeg"/><description><![CDATA[<p>A & B <b>bold</b></p>]]></description><category>x & y</category></item>',
      ),
    );
    const [photo] = feed.entries;
    expect(lead(photo)).toBe("https://img.example/a.jpg?w=1&h=2");
    expect(photo?.summaryHtml).toBe("<p>A & B <b>bold</b></p>");
    expect(photo?.categories).toEqual(["x & y"]);
    expect(feed.repair?.problem).toMatch(/^malformed XML at line \d+, column \d+: /);
  });

  it("matches end tags without regard to case, and skips a server warning printed before the XML", () => {
    const feed = parseFeedDocument(
      `Warning: include(): failed opening 'ads.php'\n${rss("<item><Title>Mixed case</title><guid>m-1</guid></item>")}`,
    );
    expect(feed.entries.map((e) => e.title)).toEqual(["Mixed case"]);
    expect(feed.repair?.problem).toMatch(
      /^45 characters of text before the XML \("Warning: include\(\): failed opening 'ads…"\) were ignored; malformed XML at line 3, column \d+: Expected closing tag 'Title'/,
    );
  });

  it("keeps unescaped HTML in a description as HTML, and a field closed by its item's end tag", () => {
    const feed = parseFeedDocument(
      rss(
        '<item><guid>h-1</guid><title>Closed by the item</item>\n<item><title>HTML</title><guid>h-2</guid><description>Tom &amp; Jerry<br>more<p>para <img src="/a.png"> & x</description></item>',
      ),
    );
    expect(feed.entries.map((e) => e.title)).toEqual(["Closed by the item", "HTML"]);
    expect(feed.entries[1]?.summaryHtml).toBe('Tom &amp; Jerry<br>more<p>para <img src="/a.png"> & x</p>');
    expect(feed.repair?.skipped).toEqual([]);
  });

  it("reads loose XHTML in an Atom entry's content as HTML, keeping the entry", () => {
    const feed = parseFeedDocument(
      '<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>x-1</id><title>Loose</title><updated>2026-11-30T10:00:00Z</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">One<br><b>two</b> &amp; three</div></content></entry></feed>',
    );
    expect(feed.entries.map((e) => e.title)).toEqual(["Loose"]);
    expect(feed.entries[0]?.contentHtml).toContain("<b>two</b>");
    expect(feed.repair?.skipped).toEqual([]);
  });

  it("skips an item whose field swallowed its neighbours", () => {
    const feed = parseFeedDocument(
      rss(
        "<item><title>Eaten</title><guid>s-1</guid><description>never closed<link>https://loose.example/x</link></item>\n<item><title>Fine & well</title><guid>s-2</guid></item>",
      ),
    );
    expect(feed.entries.map((e) => [e.position, e.title])).toEqual([[2, "Fine & well"]]);
    expect(feed.repair?.skipped).toEqual([
      { item: "item 1 (line 3)", reason: "its <description> at line 3 is not closed" },
    ]);
  });

  it("refuses absurd nesting instead of walking it", () => {
    const err = parseError(rss(`<item><title>deep</title>${"<x>".repeat(100_000)}</item>`));
    expect(err.message).toBe("elements nested over 500 deep at line 3");
  });

  it("still refuses entity declarations before any salvage", () => {
    const err = parseError(fixture("billion-laughs.xml").replace("</channel>", "& </channel>"));
    expect(err.code).toBe("entities");
  });
});

describe("parseFeedDocument: empty feeds and DOCTYPEs", () => {
  it("a feed root with no items is an empty feed, not a malformed one", () => {
    for (const doc of [
      '<rss version="2.0"><channel></channel></rss>',
      '<rss version="2.0"/>',
      '<feed xmlns="http://www.w3.org/2005/Atom"></feed>',
    ]) {
      expect(parseFeedDocument(doc).entries, doc).toEqual([]);
    }
  });

  it("an XHTML DOCTYPE before <rss> is a feed, and before <html> still a page", () => {
    const xhtml =
      '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">';
    expect(
      parseFeedDocument(
        `${xhtml}\n<rss version="2.0"><channel><title>T</title><item><title>I</title><guid>1</guid></item></channel></rss>`,
      ).entries,
    ).toHaveLength(1);
    expect(parseError(`${xhtml}\n<html><head><title>x</title></head></html>`).code).toBe("html-not-feed");
  });
});
