import type { Metadata } from "next";
import { StoryList } from "@/components/StoryList";
import { listLatestArticles, pagePosition } from "@/db/queries/articles";
import { getActor } from "@/lib/auth/session";
import { decodeCursor } from "@/lib/cursor";
import { getDb } from "@/lib/db";
import { readerState } from "@/lib/reader-state";

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
  const page = await listLatestArticles(getDb(), { cursor: decodeCursor(cursor) });
  const position = await positionOf(cursor);
  const reader = await readerState(
    await getActor(),
    page.items.map((i) => i.id),
  );
  return (
    <>
      <h1 className="text-3xl font-bold tracking-tight">Latest stories</h1>
      <p className="mt-1 text-muted">
        {position ? `Page ${position.pageNumber}, newest first` : "Newest first"}, from every outlet we follow.
      </p>
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
