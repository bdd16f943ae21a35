import type { Metadata } from "next";
import { listLatestArticles } from "@/db/queries/articles";
import { StoryList } from "@/components/StoryList";
import { decodeCursor } from "@/lib/cursor";

export const metadata: Metadata = { alternates: { canonical: "/" } };

export default async function HomePage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const { cursor } = await searchParams;
  const page = listLatestArticles({ cursor: decodeCursor(cursor) });
  return (
    <>
      <h1 className="text-3xl font-bold tracking-tight">Latest stories</h1>
      <p className="mt-1 text-muted">Newest first, from every outlet we follow.</p>
      <StoryList page={page} basePath="/" emptyText="No stories yet. Run the ingest command to bring some in." />
    </>
  );
}
