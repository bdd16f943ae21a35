import Link from "next/link";
import type { ArticleCard } from "@/db/queries/articles";
import type { ReaderState } from "@/lib/reader/state";
import { CardImage } from "./LeadImage";
import { BookmarkButton } from "./reader/BookmarkButton";
import { ReadMark } from "./reader/ReadMark";
import { TagList } from "./TagList";
import { Timestamp } from "./Timestamp";

export function StoryMeta({ story }: { story: Pick<ArticleCard, "source" | "publishedAt"> }) {
  return (
    <p className="text-sm text-muted">
      <Link href={`/sources/${story.source.slug}`} className="font-semibold text-fg hover:underline">
        {story.source.name}
      </Link>
      <span aria-hidden="true"> · </span>
      <Timestamp date={story.publishedAt} />
    </p>
  );
}

export function StoryCard({
  story,
  reader,
  returnTo,
  headingLevel = 2,
}: {
  story: ArticleCard;
  reader: ReaderState;
  returnTo: string;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article className="space-y-2 border-b border-border py-5 last:border-b-0">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <StoryMeta story={story} />
        <ReadMark articleId={story.id} signedIn={reader.signedIn} progress={reader.progress.get(story.id)} />
      </div>
      <div className="flex items-start gap-4">
        <div className="min-w-0 flex-1 space-y-2">
          <Heading className="text-xl font-semibold leading-snug">
            <Link href={`/articles/${story.slug}`} className="hover:underline">
              {story.title}
            </Link>
          </Heading>
          <p className="text-muted">{story.excerpt}</p>
        </div>
        {story.image ? <CardImage articleId={story.id} image={story.image} /> : null}
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <TagList tags={story.tags} label={`Tags for ${story.title}`} />
        <BookmarkButton
          articleId={story.id}
          title={story.title}
          initialSaved={reader.saved.has(story.id)}
          signedIn={reader.signedIn}
          returnTo={returnTo}
        />
      </div>
    </article>
  );
}
