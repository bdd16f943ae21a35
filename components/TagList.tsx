import Link from "next/link";
import type { TagLink } from "@/db/queries/articles";

export function TagList({ tags, label = "Tags" }: { tags: TagLink[]; label?: string }) {
  if (tags.length === 0) return null;
  return (
    <ul aria-label={label} className="flex flex-wrap gap-2 text-sm">
      {tags.map((t) => (
        <li key={t.slug}>
          <Link
            href={`/tags/${t.slug}`}
            className="inline-block rounded-full border border-border px-2.5 py-0.5 text-muted hover:border-fg hover:text-fg"
          >
            #{t.name}
          </Link>
        </li>
      ))}
    </ul>
  );
}
