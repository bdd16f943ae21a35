import type { Metadata } from "next";
import { StoryList } from "@/components/StoryList";
import { listLatestArticles } from "@/db/queries/articles";
import { getActor } from "@/lib/auth/session";
import { decodeCursor } from "@/lib/cursor";
import { readerState } from "@/lib/reader-state";

export const metadata: Metadata = { alternates: { canonical: "/" } };

export default async function HomePage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const { cursor } = await searchParams;
  const page = listLatestArticles({ cursor: decodeCursor(cursor) });
  const reader = readerState(
    await getActor(),
    page.items.map((i) => i.id),
  );
  return (
    <>
      <h1 className="text-3xl font-bold tracking-tight">Latest stories</h1>
      <p className="mt-1 text-muted">Newest first, from every outlet we follow.</p>
      <StoryList
        reader={reader}
        cursor={cursor}
        page={page}
        basePath="/"
        emptyText="No stories yet. Run the ingest command to bring some in."
      />
    </>
  );
}
