import { EDIT_WINDOW_MS } from "@/lib/limits";

export const MAX_DEPTH = 6;

export type CommentOrder = "oldest" | "newest";

/**
 * The order a `comment_order` cookie value asks for. The article page and the page cache's key both
 * read the cookie through this, so the key cannot disagree with the render.
 */
export function commentOrderOf(value: string | undefined): CommentOrder {
  return value === "newest" ? "newest" : "oldest";
}

/** Whether a comment posted at `createdAt` is still inside its author's edit window. */
export function withinEditWindow(createdAt: Date, now: number): boolean {
  return now - createdAt.getTime() <= EDIT_WINDOW_MS;
}

export type ThreadInput = {
  id: number;
  parentId: number | null;
  createdAt: Date;
  deletedAt: Date | null;
  hiddenAt: Date | null;
};

export type ThreadNode<T extends ThreadInput> = {
  comment: T;
  /** 0 for top level; replies deeper than MAX_DEPTH are shown flat at MAX_DEPTH. */
  depth: number;
  /** Deleted or hidden: shown as a placeholder so its replies keep their place. */
  placeholder: boolean;
  children: ThreadNode<T>[];
};

export type Thread<T extends ThreadInput> = { roots: ThreadNode<T>[]; count: number };

/**
 * Builds the comment tree. Top-level comments follow `order`; replies always read oldest first, as a
 * conversation does. Deleted or hidden comments stay only when something below them is visible, and
 * `count` is exactly the number of comments shown with their text, so the two never disagree.
 * With `showHidden` (a moderator's view) hidden comments keep their place and text, so they can be
 * restored where they stand; `count` stays what every reader sees.
 */
export function buildThread<T extends ThreadInput>(
  rows: T[],
  order: CommentOrder,
  { showHidden = false }: { showHidden?: boolean } = {},
): Thread<T> {
  const byParent = new Map<number | null, T[]>();
  const ids = new Set(rows.map((r) => r.id));
  for (const r of rows) {
    // A reply whose parent is missing (should not happen) is shown at the top level rather than lost.
    const parent = r.parentId !== null && ids.has(r.parentId) ? r.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), r]);
  }
  const byAge = (a: T, b: T) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id;
  let count = 0;

  const build = (c: T, depth: number): ThreadNode<T> | null => {
    const children = (byParent.get(c.id) ?? [])
      .sort(byAge)
      .map((child) => build(child, Math.min(depth + 1, MAX_DEPTH)))
      .filter((n): n is ThreadNode<T> => n !== null);
    const placeholder = Boolean(c.deletedAt || (c.hiddenAt && !showHidden));
    if (placeholder && children.length === 0) return null;
    if (!placeholder && !c.hiddenAt) count += 1;
    return { comment: c, depth, placeholder, children };
  };

  const top = (byParent.get(null) ?? []).sort(byAge);
  if (order === "newest") top.reverse();
  const roots = top.map((c) => build(c, 0)).filter((n): n is ThreadNode<T> => n !== null);
  return { roots, count };
}

export type TextSegment = { type: "text"; text: string } | { type: "link"; href: string; text: string };

const URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;

/** Splits plain comment text into text and http(s) links. Trailing punctuation stays outside the link. */
export function linkify(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    let url = m[0];
    const trail = /[.,;:!?)\]]+$/.exec(url);
    if (trail) url = url.slice(0, -trail[0].length);
    const start = m.index ?? 0;
    let href: string | null = null;
    try {
      const u = new URL(url);
      if (u.protocol === "http:" || u.protocol === "https:") href = u.href;
    } catch {}
    if (!href) continue;
    if (start > last) out.push({ type: "text", text: text.slice(last, start) });
    out.push({ type: "link", href, text: url });
    last = start + url.length;
  }
  if (last < text.length) out.push({ type: "text", text: text.slice(last) });
  return out;
}

/**
 * The permalink of one comment: the article page opens the thread that holds it (its page of
 * top-level comments, expanded) and highlights it. Notifications and the comment's own "link" use it.
 */
export function commentHref({ articleSlug, commentId }: { articleSlug: string; commentId: number }): string {
  return `/articles/${encodeURIComponent(articleSlug)}?comment=${commentId}#comment-${commentId}`;
}

// Comment threads (issue 18): pages of top-level comments, and the query that picks one.

/** Top-level comments (each with all its replies) per page of the article's conversation. */
export const THREADS_PER_PAGE = 20;
/** `?comment=<id>`: the permalink's comment. `?comment=gone`: where a permalink that no longer resolves lands. */
export const COMMENT_PARAM = "comment";
export const COMMENT_GONE = "gone";
/** `?cpage=<n>`, n ≥ 2: a later page of comments (page 1 has no parameter). */
export const COMMENT_PAGE_PARAM = "cpage";

/**
 * What the comment part of an article URL asks for. Only one spelling of each request is accepted
 * (digits without leading zeros, page 1 without a parameter, one value per name, not both names):
 * the page cache files documents by their whole query, and refuses anything else, so no one can fill
 * it with endless variants of one page. The article page redirects "invalid" to `canonical`.
 */
export type CommentQuery =
  | { kind: "none" }
  | { kind: "page"; page: number }
  | { kind: "comment"; id: number }
  | { kind: "gone" }
  | { kind: "invalid"; canonical: Exclude<CommentQuery, { kind: "invalid" }> };

const ID_RE = /^[1-9][0-9]{0,14}$/;
const PAGE_RE = /^[1-9][0-9]{0,5}$/;

/** Reads the query from its values per name (URLSearchParams.getAll, or Next's searchParams). */
export function readCommentQuery(values: (name: string) => string[]): CommentQuery {
  const comment = values(COMMENT_PARAM);
  const page = values(COMMENT_PAGE_PARAM);
  if (comment.length === 0 && page.length === 0) return { kind: "none" };
  const [c] = comment;
  const [p] = page;
  if (comment.length === 1 && page.length === 0 && c !== undefined) {
    if (c === COMMENT_GONE) return { kind: "gone" };
    if (ID_RE.test(c)) return { kind: "comment", id: Number(c) };
  }
  if (page.length === 1 && comment.length === 0 && p !== undefined && PAGE_RE.test(p) && p !== "1")
    return { kind: "page", page: Number(p) };
  // The nearest canonical request: a comment that reads as an id wins, then a page that reads as one.
  const id = comment.find((v) => /^[0-9]{1,15}$/.test(v) && Number(v) > 0);
  if (id !== undefined) return { kind: "invalid", canonical: { kind: "comment", id: Number(id) } };
  if (comment.length > 0) return { kind: "invalid", canonical: { kind: "gone" } };
  const n = page.find((v) => /^[0-9]{1,6}$/.test(v) && Number(v) > 1);
  return { kind: "invalid", canonical: n === undefined ? { kind: "none" } : { kind: "page", page: Number(n) } };
}

/** Next's searchParams (a value or a list per name) as `readCommentQuery` reads them. */
export function searchParamValues(params: Record<string, string | string[] | undefined>) {
  return (name: string): string[] => {
    const v = params[name];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
}

/** A page of the article's comments; page 1 is the article itself. Lands on the comments heading. */
export function commentPageHref({ articleSlug, page }: { articleSlug: string; page: number }): string {
  const path = `/articles/${encodeURIComponent(articleSlug)}`;
  return page <= 1 ? `${path}#comments` : `${path}?${COMMENT_PAGE_PARAM}=${page}#comments`;
}

/** Where a permalink that no longer resolves (deleted, hidden, never there) lands: the page, with a note. */
export function commentGoneHref({ articleSlug }: { articleSlug: string }): string {
  return `/articles/${encodeURIComponent(articleSlug)}?${COMMENT_PARAM}=${COMMENT_GONE}#comments`;
}

/** The page that holds a top-level comment with `threadsBefore` shown threads before it. */
export function pageOfThread(threadsBefore: number): number {
  return Math.floor(threadsBefore / THREADS_PER_PAGE) + 1;
}

/** How many comments sit under a node (its replies, theirs, …): what collapsing it hides besides itself. */
export function replyCount<T extends ThreadInput>(node: ThreadNode<T>): number {
  return node.children.reduce((n, child) => n + 1 + replyCount(child), 0);
}
