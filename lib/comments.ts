import { EDIT_WINDOW_MS } from "./limits";

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
