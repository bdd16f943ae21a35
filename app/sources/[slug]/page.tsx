import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { MutedNote } from "@/components/reader/MutedNote";
import { TopicControls } from "@/components/reader/TopicControls";
import { StoryList } from "@/components/StoryList";
import { getSourceBySlug, listArticlesBySource, PAGE_SIZE, pagePosition } from "@/db/queries/articles";
import { decodeCursor } from "@/lib/articles/cursor";
import { isValidSlug } from "@/lib/articles/slug";
import { getActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { visiblePage } from "@/lib/reader/lists";
import { readerChoicesFor, topicChoiceIn } from "@/lib/reader/reader-lists";
import { readerState } from "@/lib/reader/state";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ cursor?: string }> };

async function loadSource(params: Props["params"]) {
  const { slug } = await params;
  return isValidSlug(slug) ? await getSourceBySlug(getDb(), { slug }) : null;
}

async function positionOf(sourceId: number, raw: string | undefined) {
  const cursor = decodeCursor(raw);
  return cursor ? await pagePosition(getDb(), { scope: { sourceId }, cursor }) : null;
}

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const source = await loadSource(params);
  if (!source) return { title: "Source not found" };
  const position = await positionOf(source.id, (await searchParams).cursor);
  return {
    title: `Stories from ${source.name}${position ? ` — page ${position.pageNumber}` : ""}`,
    description: `The newest stories from ${source.name}.`,
    alternates: { canonical: `/sources/${source.slug}` },
    openGraph: { title: `Stories from ${source.name}`, url: `/sources/${source.slug}` },
  };
}

export default async function SourcePage({ params, searchParams }: Props) {
  const source = await loadSource(params);
  if (!source) notFound();
  const { cursor } = await searchParams;
  const actor = await getActor();
  const { choices, mutes } = await readerChoicesFor(actor);
  const page = await visiblePage({
    fetchPage: (at, limit) => listArticlesBySource(getDb(), { sourceId: source.id, cursor: at, limit }),
    mutes,
    cursor: decodeCursor(cursor),
    limit: PAGE_SIZE,
  });
  const position = await positionOf(source.id, cursor);
  const reader = await readerState(
    actor,
    page.items.map((i) => i.id),
  );
  const choice = topicChoiceIn(choices, "source", source.slug);
  return (
    <>
      <h1 className="text-3xl font-bold tracking-tight">Stories from {source.name}</h1>
      <div className="mt-1 space-y-1 text-sm text-muted">
        {position ? <p>Page {position.pageNumber}</p> : null}
        {source.homepage ? (
          <p>
            <a href={source.homepage} className="underline" rel="noopener">
              {source.homepage.replace(/^https?:\/\//, "")}
            </a>
          </p>
        ) : null}
        {source.attribution ? <p>{source.attribution}</p> : null}
      </div>
      <div className="mt-3">
        <TopicControls
          kind="source"
          slug={source.slug}
          name={source.name}
          returnTo={`/sources/${source.slug}`}
          server={{ signedIn: actor !== null, choice }}
        />
      </div>
      <MutedNote hidden={page.hidden} />
      <StoryList
        position={position}
        reader={reader}
        cursor={cursor}
        page={page}
        basePath={`/sources/${source.slug}`}
        emptyText={
          choice === "mute"
            ? `You muted ${source.name}, so its stories are hidden. Unmute it to see them.`
            : "No stories from this source yet."
        }
      />
    </>
  );
}
