import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { StoryList } from "@/components/StoryList";
import { getTagBySlug, listArticlesByTag, pagePosition } from "@/db/queries/articles";
import { getActor } from "@/lib/auth/session";
import { decodeCursor } from "@/lib/cursor";
import { getDb } from "@/lib/db";
import { readerState } from "@/lib/reader-state";
import { isValidSlug } from "@/lib/slug";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ cursor?: string }> };

async function loadTag(params: Props["params"]) {
  const { slug } = await params;
  return isValidSlug(slug) ? await getTagBySlug(getDb(), { slug }) : null;
}

async function positionOf(tagId: number, raw: string | undefined) {
  const cursor = decodeCursor(raw);
  return cursor ? await pagePosition(getDb(), { scope: { tagId }, cursor }) : null;
}

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const tag = await loadTag(params);
  if (!tag) return { title: "Tag not found" };
  const title = `Latest news with #${tag.name}`;
  const position = await positionOf(tag.id, (await searchParams).cursor);
  return {
    title: position ? `${title} — page ${position.pageNumber}` : title,
    description: `The newest stories tagged #${tag.name}, from every outlet we follow.`,
    alternates: {
      canonical: `/tags/${tag.slug}`,
      types: { "application/rss+xml": [{ url: `/tags/${tag.slug}/feed.xml`, title: `#${tag.name}` }] },
    },
    openGraph: { title, url: `/tags/${tag.slug}` },
  };
}

export default async function TagPage({ params, searchParams }: Props) {
  const tag = await loadTag(params);
  if (!tag) notFound();
  const { cursor } = await searchParams;
  const page = await listArticlesByTag(getDb(), { tagId: tag.id, cursor: decodeCursor(cursor) });
  // A tag no story carries (any longer) has no page: a hashtag link never opens on an empty list.
  if (page.items.length === 0 && !cursor) notFound();
  const position = await positionOf(tag.id, cursor);
  const reader = await readerState(
    await getActor(),
    page.items.map((i) => i.id),
  );
  return (
    <>
      <h1 className="text-3xl font-bold tracking-tight">
        Latest news with <span className="text-accent">#{tag.name}</span>
      </h1>
      <p className="mt-1 text-sm text-muted">
        {position ? `Page ${position.pageNumber} · ` : null}
        <a href={`/tags/${tag.slug}/feed.xml`} className="underline">
          RSS feed for #{tag.name}
        </a>
      </p>
      <StoryList
        position={position}
        reader={reader}
        cursor={cursor}
        page={page}
        basePath={`/tags/${tag.slug}`}
        emptyText="No stories with this tag yet."
      />
    </>
  );
}
