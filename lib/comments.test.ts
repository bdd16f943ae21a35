import { describe, expect, it } from "vitest";
import { buildThread, linkify, MAX_DEPTH } from "./comments";

const t0 = new Date("2026-11-27T10:00:00Z").getTime();
const c = (
  id: number,
  parentId: number | null,
  minute: number,
  extra: Partial<{ deletedAt: Date; hiddenAt: Date }> = {},
) => ({
  id,
  parentId,
  createdAt: new Date(t0 + minute * 60_000),
  deletedAt: extra.deletedAt ?? null,
  hiddenAt: extra.hiddenAt ?? null,
});

describe("buildThread", () => {
  it("nests replies under their parents and orders top level as asked", () => {
    const rows = [c(1, null, 0), c(2, null, 5), c(3, 1, 6), c(4, 1, 7), c(5, 3, 8)];
    const oldest = buildThread(rows, "oldest");
    expect(oldest.roots.map((n) => n.comment.id)).toEqual([1, 2]);
    expect(oldest.roots[0]?.children.map((n) => n.comment.id)).toEqual([3, 4]);
    expect(oldest.roots[0]?.children[0]?.children[0]?.depth).toBe(2);
    expect(buildThread(rows, "newest").roots.map((n) => n.comment.id)).toEqual([2, 1]);
    expect(oldest.count).toBe(5);
  });

  it("caps depth so very deep threads go flat", () => {
    const rows = Array.from({ length: 10 }, (_, i) => c(i + 1, i === 0 ? null : i, i));
    let node = buildThread(rows, "oldest").roots[0];
    const depths: number[] = [];
    while (node) {
      depths.push(node.depth);
      node = node.children[0];
    }
    expect(depths).toEqual([0, 1, 2, 3, 4, 5, MAX_DEPTH, MAX_DEPTH, MAX_DEPTH, MAX_DEPTH]);
  });

  it("keeps deleted comments with replies as placeholders, drops them otherwise, and counts only visible ones", () => {
    const gone = new Date(t0);
    const rows = [
      c(1, null, 0, { deletedAt: gone }),
      c(2, 1, 1),
      c(3, null, 2, { deletedAt: gone }),
      c(4, null, 3, { hiddenAt: gone }),
    ];
    const thread = buildThread(rows, "oldest");
    expect(thread.roots.map((n) => [n.comment.id, n.placeholder])).toEqual([[1, true]]);
    expect(thread.count).toBe(1);
  });
});

describe("linkify", () => {
  it("finds http(s) links and leaves trailing punctuation outside", () => {
    expect(linkify("See https://example.org/a?b=1. Thanks")).toEqual([
      { type: "text", text: "See " },
      { type: "link", href: "https://example.org/a?b=1", text: "https://example.org/a?b=1" },
      { type: "text", text: ". Thanks" },
    ]);
  });
  it("never links other schemes", () => {
    for (const s of ["javascript:alert(1)", "data:text/html,<b>x</b>", "vbscript:x", "ftp://x.org"]) {
      expect(linkify(s).every((seg) => seg.type === "text")).toBe(true);
    }
  });
});
