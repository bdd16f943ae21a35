import { describe, expect, it } from "vitest";
import type { FeedReport } from "./pipeline";
import { createProgress, exitCodeFor, formatReport, formatTotals } from "./report";

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  const stream = { isTTY, write: (s: string) => writes.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

const base: FeedReport = {
  label: "gazette",
  ok: true,
  notModified: false,
  format: "RSS 2.0",
  entries: 4,
  counts: { new: 2, updated: 1, unchanged: 0, syndicated: 1 },
  skipped: [{ item: 'item 4 "Huge"', reason: "is 2.0 million characters long" }],
  notes: ["item 2: invalid date"],
  unreadableDates: 0,
  titledFromText: 0,
  networkDown: false,
};

describe("closing summary", () => {
  it("states new, updated, unchanged, syndicated and skipped, then each reason", () => {
    expect(formatReport(base)).toEqual([
      "✓ gazette [RSS 2.0]: 2 new, 1 updated, 0 unchanged, 1 already stored from another source, 1 skipped",
      '  skipped item 4 "Huge": is 2.0 million characters long',
      "  note: item 2: invalid date",
    ]);
  });

  it("caps long lists and reports failures in one line", () => {
    const many = {
      ...base,
      skipped: Array.from({ length: 40 }, (_, i) => ({ item: `item ${i}`, reason: "has no title" })),
      notes: [],
    };
    const lines = formatReport(many);
    expect(lines).toHaveLength(17);
    expect(lines.at(-1)).toBe("  … and 25 more lines");
    expect(formatReport({ ...base, ok: false, error: "HTTP 404 from https://x.example/feed" })).toEqual([
      "✗ gazette: HTTP 404 from https://x.example/feed",
    ]);
    expect(formatTotals([base, { ...base, ok: false }])).toBe("2 feeds: 4 new, 2 updated, 2 skipped, 1 error");
  });
});

describe("progress", () => {
  it("draws a bar in place on a terminal, and clears it before printing a line", () => {
    const { stream, writes } = fakeStream(true);
    const progress = createProgress(stream);
    progress.update("big-feed", 0, 1000);
    progress.line("hello");
    expect(writes[0]).toMatch(/^\r\x1b\[2Kbig-feed \[░{30}\] 0% 0\/1000$/);
    expect(writes.slice(1)).toEqual(["\r\x1b[2K", "hello\n"]);
    progress.update("big-feed", 1000, 1000);
    expect(writes.at(-2)).toMatch(/\[█{30}\] 100% 1000\/1000$/);
    expect(writes.at(-1)).toBe("\r\x1b[2K");
  });

  it("prints plain lines elsewhere: every tenth of a big feed, nothing for a small one", () => {
    const { stream, writes } = fakeStream(false);
    const progress = createProgress(stream);
    for (let done = 250; done <= 10_000; done += 250) progress.update("big", done, 10_000);
    progress.update("small", 3, 3);
    expect(writes).toHaveLength(10);
    expect(writes[0]).toBe("big: 1,000 of 10,000 items written\n");
    expect(writes.at(-1)).toBe("big: 10,000 of 10,000 items written\n");
  });
});

describe("exit code", () => {
  it("is 0 when every feed went in whole, 3 (partial) when one was salvaged, 1 when one failed", () => {
    expect(exitCodeFor([base, base])).toBe(0);
    expect(exitCodeFor([base, { ...base, repaired: "malformed XML at line 8, column 19: x" }])).toBe(3);
    expect(
      exitCodeFor([
        { ...base, repaired: "x" },
        { ...base, ok: false, error: "HTTP 404" },
      ]),
    ).toBe(1);
  });

  it("a salvaged feed's summary says so, with the XML error first", () => {
    const [head, repaired] = formatReport({
      ...base,
      skipped: [],
      notes: [],
      repaired: "truncated XML: the document ends inside <rss>",
    });
    expect(head).toBe(
      "◐ gazette [RSS 2.0, repaired]: 2 new, 1 updated, 0 unchanged, 1 already stored from another source, 0 skipped",
    );
    expect(repaired).toBe(
      "  repaired: truncated XML: the document ends inside <rss>; every item that could be read whole was kept",
    );
  });
});
