import Link from "next/link";
import type { ArticlePage, PagePosition } from "@/db/queries/articles";
import { encodeCursor } from "@/lib/articles/cursor";
import type { ReaderState } from "@/lib/reader/state";
import { StoryCard } from "./StoryCard";

const linkClass = "rounded border border-border px-4 py-2 font-medium hover:bg-surface";

/**
 * A page of story cards with keyset "Newer stories" / "Older stories" links; `basePath` is the list's own
 * URL. `position` is given on every page after the first (see pagePosition), null on the first.
 */
export function StoryList({
  page,
  basePath,
  emptyText,
  reader,
  cursor,
  position = null,
}: {
  page: ArticlePage;
  basePath: string;
  emptyText: string;
  reader: ReaderState;
  /** The cursor this page was opened with, so a bookmark posted without JavaScript returns here. */
  cursor?: string;
  position?: PagePosition | null;
}) {
  const returnTo = cursor ? `${basePath}?cursor=${encodeURIComponent(cursor)}` : basePath;
  const newer = position
    ? position.newerCursor
      ? `${basePath}?cursor=${encodeCursor(position.newerCursor)}`
      : basePath
    : null;
  if (page.items.length === 0) {
    return (
      <>
        <p className="py-8 text-muted">{position ? "No older stories." : emptyText}</p>
        {newer ? (
          <Link href={newer} rel="prev" className={linkClass}>
            ← Newer stories
          </Link>
        ) : null}
      </>
    );
  }
  return (
    <>
      <div>
        {page.items.map((story) => (
          <StoryCard key={story.id} story={story} reader={reader} returnTo={returnTo} />
        ))}
      </div>
      <nav aria-label="Pagination" className="mt-6 flex flex-wrap items-center gap-4">
        {newer ? (
          <Link href={newer} rel="prev" className={linkClass}>
            ← Newer stories
          </Link>
        ) : null}
        {position ? <p className="text-sm text-muted">Page {position.pageNumber}</p> : null}
        {page.nextCursor ? (
          <Link href={`${basePath}?cursor=${encodeCursor(page.nextCursor)}`} rel="next" className={linkClass}>
            Older stories →
          </Link>
        ) : (
          <p className="text-sm text-muted">You have reached the oldest story.</p>
        )}
      </nav>
    </>
  );
}
