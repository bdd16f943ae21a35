import Link from "next/link";
import { Timestamp } from "@/components/Timestamp";
import { getRevisionSummary } from "@/db/queries/revisions";
import { getDb } from "@/lib/db";

/** "Updated 2 hours ago · What changed", on a story ingest found changed; nothing otherwise. */
export async function ArticleUpdateNote({ articleId, slug }: { articleId: number; slug: string }) {
  const { count, lastReplacedAt } = await getRevisionSummary(getDb(), { articleId });
  if (count === 0 || !lastReplacedAt) return null;
  return (
    <p className="text-sm">
      <span className="font-semibold">
        Updated <Timestamp date={lastReplacedAt} />
      </span>
      <span aria-hidden="true"> · </span>
      <Link href={`/articles/${slug}/changes`} className="text-link underline">
        What changed
      </Link>
    </p>
  );
}
