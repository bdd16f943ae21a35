import type { Metadata } from "next";
import { MutedNote } from "@/components/reader/MutedNote";
import { StoryList } from "@/components/StoryList";
import { listLatestArticles, PAGE_SIZE, pagePosition } from "@/db/queries/articles";
import { decodeCursor } from "@/lib/articles/cursor";
import { getActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { visiblePage } from "@/lib/reader/lists";
import { readerChoicesFor } from "@/lib/reader/reader-lists";
import { readerState } from "@/lib/reader/state";

type Props = { searchParams: Promise<{ cursor?: string }> };

async function positionOf(raw: string | undefined) {
  const cursor = decodeCursor(raw);
  return cursor ? await pagePosition(getDb(), { scope: {}, cursor }) : null;
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const position = await positionOf((await searchParams).cursor);
  // Page 1 keeps the site's default title; later pages say which page they are, in tabs and history.
  return {
    ...(position ? { title: `Latest stories — page ${position.pageNumber}` } : {}),
    alternates: { canonical: "/" },
  };
}

export default async function HomePage({ searchParams }: Props) {
  const { cursor } = await searchParams;
  const actor = await getActor();
  // A reader's mutes take their stories out (a render for them alone: lib/page-cache/README.md).
  const { mutes } = await readerChoicesFor(actor);
  const page = await visiblePage({
    fetchPage: (at, limit) => listLatestArticles(getDb(), { cursor: at, limit }),
    mutes,
    cursor: decodeCursor(cursor),
    limit: PAGE_SIZE,
  });
  const position = await positionOf(cursor);
  const reader = await readerState(
    actor,
    page.items.map((i) => i.id),
  );
  return (
    <>
      <h1 className="text-3xl font-bold tracking-tight">Latest stories</h1>
      <p className="mt-1 text-muted">
        {position ? `Page ${position.pageNumber}, newest first` : "Newest first"}, from every outlet we follow.
      </p>
      <MutedNote hidden={page.hidden} />
      <StoryList
        position={position}
        reader={reader}
        cursor={cursor}
        page={page}
        basePath="/"
        emptyText="No stories yet. Run the ingest command to bring some in."
      />
    </>
  );
}
