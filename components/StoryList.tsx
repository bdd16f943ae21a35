import Link from "next/link";
import type { ArticlePage } from "@/db/queries/articles";
import type { ReaderState } from "@/lib/reader-state";
import { StoryCard } from "./StoryCard";

/** A page of story cards with the keyset "Older stories" link; `basePath` is the list's own URL. */
export function StoryList({
  page,
  basePath,
  emptyText,
  reader,
  cursor,
}: {
  page: ArticlePage;
  basePath: string;
  emptyText: string;
  reader: ReaderState;
  /** The cursor this page was opened with, so a bookmark posted without JavaScript returns here. */
  cursor?: string;
}) {
  const returnTo = cursor ? `${basePath}?cursor=${encodeURIComponent(cursor)}` : basePath;
  if (page.items.length === 0) return <p className="py-8 text-muted">{emptyText}</p>;
  return (
    <>
      <div>
        {page.items.map((story) => (
          <StoryCard key={story.id} story={story} reader={reader} returnTo={returnTo} />
        ))}
      </div>
      <nav aria-label="Pagination" className="mt-6 flex gap-4">
        {page.nextCursor ? (
          <Link
            href={`${basePath}?cursor=${page.nextCursor}`}
            rel="next"
            className="rounded border border-border px-4 py-2 font-medium hover:bg-surface"
          >
            Older stories →
          </Link>
        ) : (
          <p className="text-sm text-muted">You have reached the oldest story.</p>
        )}
      </nav>
    </>
  );
}
