import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { MutedNote } from "@/components/reader/MutedNote";
import { TopicControls } from "@/components/reader/TopicControls";
import { StoryList } from "@/components/StoryList";
import { getTagBySlug, listArticlesByTag, PAGE_SIZE, pagePosition } from "@/db/queries/articles";
import { decodeCursor } from "@/lib/articles/cursor";
import { isValidSlug } from "@/lib/articles/slug";
import { getActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { visiblePage } from "@/lib/reader/lists";
import { readerChoicesFor, topicChoiceIn } from "@/lib/reader/reader-lists";
import { readerState } from "@/lib/reader/state";

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
  const actor = await getActor();
  const { choices, mutes } = await readerChoicesFor(actor);
  const page = await visiblePage({
    fetchPage: (at, limit) => listArticlesByTag(getDb(), { tagId: tag.id, cursor: at, limit }),
    mutes,
    cursor: decodeCursor(cursor),
    limit: PAGE_SIZE,
  });
  // A tag no story carries (any longer) has no page: a hashtag link never opens on an empty list.
  if (page.items.length === 0 && page.hidden === 0 && !cursor) notFound();
  const position = await positionOf(tag.id, cursor);
  const reader = await readerState(
    actor,
    page.items.map((i) => i.id),
  );
  const choice = topicChoiceIn(choices, "tag", tag.slug);
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
      <div className="mt-3">
        <TopicControls
          kind="tag"
          slug={tag.slug}
          name={tag.name}
          returnTo={`/tags/${tag.slug}`}
          server={{ signedIn: actor !== null, choice }}
        />
      </div>
      <MutedNote hidden={page.hidden} />
      <StoryList
        position={position}
        reader={reader}
        cursor={cursor}
        page={page}
        basePath={`/tags/${tag.slug}`}
        emptyText={
          choice === "mute"
            ? `You muted #${tag.name}, so its stories are hidden. Unmute it to see them.`
            : "No stories with this tag yet."
        }
      />
    </>
  );
}
