import { describe, expect, it } from "vitest";
import {
  buildThread,
  commentGoneHref,
  commentHref,
  commentPageHref,
  linkify,
  MAX_DEPTH,
  pageOfThread,
  readCommentQuery,
  replyCount,
  THREADS_PER_PAGE,
} from "@/lib/comments/thread";

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

describe("readCommentQuery", () => {
  const read = (q: string) => readCommentQuery((n) => new URLSearchParams(q).getAll(n));
  it("accepts one spelling of each request", () => {
    expect(read("")).toEqual({ kind: "none" });
    expect(read("ask=why")).toEqual({ kind: "none" });
    expect(read("comment=42")).toEqual({ kind: "comment", id: 42 });
    expect(read("comment=gone")).toEqual({ kind: "gone" });
    expect(read("cpage=3")).toEqual({ kind: "page", page: 3 });
  });
  it("names the canonical request for every other spelling", () => {
    expect(read("comment=042")).toEqual({ kind: "invalid", canonical: { kind: "comment", id: 42 } });
    expect(read("comment=42&cpage=2")).toEqual({ kind: "invalid", canonical: { kind: "comment", id: 42 } });
    expect(read("comment=x&comment=7")).toEqual({ kind: "invalid", canonical: { kind: "comment", id: 7 } });
    expect(read("comment=abc")).toEqual({ kind: "invalid", canonical: { kind: "gone" } });
    expect(read("comment=0")).toEqual({ kind: "invalid", canonical: { kind: "gone" } });
    expect(read("cpage=1")).toEqual({ kind: "invalid", canonical: { kind: "none" } });
    expect(read("cpage=02")).toEqual({ kind: "invalid", canonical: { kind: "page", page: 2 } });
    expect(read("cpage=zz")).toEqual({ kind: "invalid", canonical: { kind: "none" } });
    expect(read("cpage=9999999")).toEqual({ kind: "invalid", canonical: { kind: "none" } });
  });
  it("makes hrefs that read back as what they ask for", () => {
    const back = (href: string) => read(new URL(href, "http://x").search);
    expect(back(commentHref({ articleSlug: "s", commentId: 9 }))).toEqual({ kind: "comment", id: 9 });
    expect(back(commentPageHref({ articleSlug: "s", page: 4 }))).toEqual({ kind: "page", page: 4 });
    expect(back(commentPageHref({ articleSlug: "s", page: 1 }))).toEqual({ kind: "none" });
    expect(back(commentGoneHref({ articleSlug: "s" }))).toEqual({ kind: "gone" });
    expect(pageOfThread(0)).toBe(1);
    expect(pageOfThread(THREADS_PER_PAGE - 1)).toBe(1);
    expect(pageOfThread(THREADS_PER_PAGE)).toBe(2);
  });
});

describe("replyCount", () => {
  it("counts every comment below a node, the ones a collapsed thread hides", () => {
    const rows = [c(1, null, 0), c(2, 1, 1), c(3, 2, 2), c(4, 1, 3), c(5, null, 4)];
    const [first, second] = buildThread(rows, "oldest").roots;
    expect(first && replyCount(first)).toBe(3);
    expect(second && replyCount(second)).toBe(0);
  });
});
