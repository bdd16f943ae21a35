import Link from "next/link";
import type { ArticleCard } from "@/db/queries/articles";
import type { RelatedArticle } from "@/lib/related/list";
import { StoryMeta } from "./StoryCard";

/**
 * Related coverage: the confident matches (lib/related/reasons.ts isConfidentMatch), each with the
 * evidence that ties it to the article. Weaker matches are not shown at all.
 */
export function RelatedList({ items, tagNames }: { items: RelatedArticle[]; tagNames: Map<string, string> }) {
  if (items.length === 0) return <p className="mt-3 text-muted">No related coverage yet.</p>;
  return (
    <ol aria-label="Related stories" className="mt-2 divide-y divide-border">
      {items.map((r) => (
        <li key={r.id} className="space-y-1 py-4">
          <StoryHeadline story={r} />
          <p className="line-clamp-3 text-sm text-muted">{r.excerpt}</p>
          <WhyRelated reasons={r.reasons} sameStory={r.sameStory} tagNames={tagNames} />
        </li>
      ))}
    </ol>
  );
}

function WhyRelated({
  reasons,
  sameStory,
  tagNames,
}: {
  reasons: RelatedArticle["reasons"];
  sameStory: boolean;
  tagNames: Map<string, string>;
}) {
  const parts: string[] = [];
  if (sameStory) parts.push("the same story");
  if (reasons.tags.length > 0) parts.push(`shares ${reasons.tags.map((t) => `#${tagNames.get(t) ?? t}`).join(", ")}`);
  if (reasons.names.length > 0) parts.push(`both name ${reasons.names.map((n) => n.name).join(", ")}`);
  if (reasons.phrases.length > 0) parts.push(`both say ${reasons.phrases.map((p) => `“${p}”`).join(", ")}`);
  if (parts.length === 0) return null;
  return (
    <p className="text-xs text-muted">
      <span className="font-medium">Why related:</span> {parts.join("; ")}
    </p>
  );
}

/** The other outlets covering the same story, once each, best match first. */
export function coverageOutlets(
  items: readonly RelatedArticle[],
): { source: ArticleCard["source"]; story: RelatedArticle }[] {
  const seen = new Map<string, { source: ArticleCard["source"]; story: RelatedArticle }>();
  for (const item of items) {
    if (item.sameStory && !seen.has(item.source.slug)) seen.set(item.source.slug, { source: item.source, story: item });
  }
  return [...seen.values()];
}

/** "Also covered by N outlets", with a link to each outlet's version of the story. */
export function AlsoCoveredBy({ items }: { items: readonly RelatedArticle[] }) {
  const outlets = coverageOutlets(items);
  if (outlets.length === 0) return null;
  return (
    <section aria-labelledby="coverage-heading" className="mt-6 rounded border border-border bg-surface p-4">
      <h2 id="coverage-heading" className="font-semibold">
        Also covered by {outlets.length} {outlets.length === 1 ? "outlet" : "outlets"}
      </h2>
      <ul className="mt-2 space-y-1 text-sm">
        {outlets.map(({ source, story }) => (
          <li key={source.slug}>
            <span className="font-medium">{source.name}</span>:{" "}
            <Link href={`/articles/${story.slug}`} className="underline">
              {story.title}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Filler where related coverage is thin, under a heading that says what it is: the outlet's other
 * stories, not stories about this one. No "why related", since they are not.
 */
export function MoreFromOutlet({ items, outlet }: { items: ArticleCard[]; outlet: { name: string; slug: string } }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="more-from-heading" className="mt-6">
      <h2 id="more-from-heading" className="text-lg font-semibold">
        More from {outlet.name}
      </h2>
      <ol aria-label={`More from ${outlet.name}`} className="mt-2 divide-y divide-border">
        {items.map((r) => (
          <li key={r.id} className="space-y-1 py-3">
            <StoryHeadline story={r} />
          </li>
        ))}
      </ol>
      <p className="text-sm">
        <Link href={`/sources/${outlet.slug}`} className="text-link underline">
          All stories from {outlet.name}
        </Link>
      </p>
    </section>
  );
}

/** A listed story's outlet line and linked title, the same in both lists. */
function StoryHeadline({ story }: { story: ArticleCard }) {
  return (
    <>
      <StoryMeta story={story} />
      <h3 className="font-semibold leading-snug">
        <Link href={`/articles/${story.slug}`} className="hover:underline">
          {story.title}
        </Link>
      </h3>
    </>
  );
}
