import { commentPageHref } from "@/lib/comments/thread";

/**
 * "Older / Newer comments" between pages of top-level comments. Plain links: they work without
 * JavaScript, and a <Link> would prefetch both pages for every reader who scrolls past them.
 */
export function CommentPages({
  articleSlug,
  page,
  pages,
  order,
}: {
  articleSlug: string;
  page: number;
  pages: number;
  order: "oldest" | "newest";
}) {
  // Page 1 holds the first comments in the reader's order: the oldest, or the newest.
  const [back, forward] =
    order === "oldest" ? ["Older comments", "Newer comments"] : ["Newer comments", "Older comments"];
  const link = "font-medium text-link underline-offset-2 hover:underline";
  return (
    <nav aria-label="Comment pages" className="mt-6 grid grid-cols-[1fr_auto_1fr] items-center gap-3 text-sm">
      {page > 1 ? (
        <a href={commentPageHref({ articleSlug, page: page - 1 })} rel="prev" className={link}>
          <span aria-hidden="true">← </span>
          {back}
        </a>
      ) : (
        <span />
      )}
      <span className="text-center text-muted">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <a href={commentPageHref({ articleSlug, page: page + 1 })} rel="next" className={`${link} text-right`}>
          {forward}
          <span aria-hidden="true"> →</span>
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
