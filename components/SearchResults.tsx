import Link from "next/link";
import type { SearchHit, TextPart } from "@/db/queries/search";
import { StoryMeta } from "./StoryCard";
import { TagList } from "./TagList";

/** Text with the matched words in <mark>. Plain strings only: React escapes them, whatever a feed sent. */
export function Highlighted({ parts }: { parts: TextPart[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.mark ? (
          // Styled by the global `mark` rule (app/globals.css), one highlight colour per theme.
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never reorder
          <mark key={i}>{p.text}</mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never reorder
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

export function SearchResults({ items }: { items: SearchHit[] }) {
  return (
    <ol aria-label="Search results" className="divide-y divide-border">
      {items.map((hit) => (
        <li key={hit.id} className="space-y-2 py-5">
          <StoryMeta story={hit} />
          <h2 className="text-xl font-semibold leading-snug">
            <Link href={`/articles/${hit.slug}`} className="hover:underline">
              <Highlighted parts={hit.titleParts} />
            </Link>
          </h2>
          <p className="text-muted">
            <Highlighted parts={hit.snippetParts} />
          </p>
          <TagList tags={hit.tags} label={`Tags for ${hit.title}`} />
        </li>
      ))}
    </ol>
  );
}
