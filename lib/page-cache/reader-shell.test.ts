import { describe, expect, it } from "vitest";
import { personalisedParts, READER_STATE_MAX_IDS, readerStateQuery, readerStateUrl } from "./reader-shell";

const query = (q: string) => readerStateQuery(new URLSearchParams(q));

describe("the reader-state request (what the islands ask after a client navigation)", () => {
  it("round-trips the markers the page cache reads from a page", () => {
    const html =
      '<form data-reader-id="7"></form><button data-reader-id="12"></button><button data-reader-id="7"></button>' +
      '<section data-reader-comments="7"></section><div data-reader-topic="tag:climate-change"></div>';
    const parts = personalisedParts(html);
    const url = new URL(readerStateUrl(parts), "http://x");
    expect(url.pathname).toBe("/api/reader/state");
    expect(readerStateQuery(url.searchParams)).toEqual(parts);
    expect(parts).toEqual({ articleIds: [7, 12], commentsArticleId: 7, topic: "tag:climate-change" });
  });

  it("accepts a page with nothing personal, and ids without comments or topic", () => {
    expect(query("")).toEqual({ articleIds: [], commentsArticleId: null, topic: null });
    expect(query("ids=3,1,3")).toEqual({ articleIds: [3, 1], commentsArticleId: null, topic: null });
  });

  it("refuses anything malformed, rather than guessing", () => {
    for (const bad of [
      "ids=1,,2",
      "ids=0",
      "ids=-1",
      "ids=1.5",
      "ids=1%202",
      "ids=abc",
      "ids=12345678901234567",
      "comments=",
      "comments=x",
      "topic=user:1",
      "topic=tag:",
      "topic=tag:Caps",
      `ids=${Array.from({ length: READER_STATE_MAX_IDS + 1 }, (_, i) => i + 1).join(",")}`,
    ]) {
      expect(query(bad), bad).toBeNull();
    }
    expect(query(`ids=${Array.from({ length: READER_STATE_MAX_IDS }, (_, i) => i + 1).join(",")}`)).not.toBeNull();
  });
});
