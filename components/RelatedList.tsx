import Link from "next/link";
import type { RelatedArticle } from "@/db/queries/related";
import { StoryMeta } from "./StoryCard";

/** Related stories, each with the evidence that ties it to the article. */
export function RelatedList({ items, tagNames }: { items: RelatedArticle[]; tagNames: Map<string, string> }) {
  if (items.length === 0) return <p className="mt-3 text-muted">No related coverage yet.</p>;
  return (
    <ol className="mt-2 divide-y divide-border">
      {items.map((r) => (
        <li key={r.id} className="space-y-1 py-4">
          <StoryMeta story={r} />
          <h3 className="font-semibold leading-snug">
            <Link href={`/articles/${r.slug}`} className="hover:underline">
              {r.title}
            </Link>
          </h3>
          <p className="line-clamp-3 text-sm text-muted">{r.excerpt}</p>
          <WhyRelated reasons={r.reasons} tagNames={tagNames} />
        </li>
      ))}
    </ol>
  );
}

function WhyRelated({ reasons, tagNames }: { reasons: RelatedArticle["reasons"]; tagNames: Map<string, string> }) {
  const parts: string[] = [];
  if (reasons.tags.length > 0) parts.push(`shares ${reasons.tags.map((t) => `#${tagNames.get(t) ?? t}`).join(", ")}`);
  if (reasons.terms.length > 0) parts.push(`mentions ${reasons.terms.slice(0, 4).join(", ")}`);
  if (parts.length === 0) return null;
  return (
    <p className="text-xs text-muted">
      <span className="font-medium">Why related:</span> {parts.join("; ")}
    </p>
  );
}
