import Link from "next/link";
import type { ArticleCard } from "@/db/queries/articles";
import { Timestamp } from "./RelativeTime";
import { TagList } from "./TagList";

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

export function StoryCard({ story, headingLevel = 2 }: { story: ArticleCard; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article className="space-y-2 border-b border-border py-5 last:border-b-0">
      <StoryMeta story={story} />
      <Heading className="text-xl font-semibold leading-snug">
        <Link href={`/articles/${story.slug}`} className="hover:underline">
          {story.title}
        </Link>
      </Heading>
      <p className="text-muted">{story.excerpt}</p>
      <TagList tags={story.tags} label={`Tags for ${story.title}`} />
    </article>
  );
}
