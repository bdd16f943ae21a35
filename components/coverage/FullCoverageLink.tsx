import Link from "next/link";
import { countOutlets, sameStoryCluster } from "@/db/queries/stories";
import { canonicalStoryId } from "@/lib/coverage/story";
import { getDb } from "@/lib/db";

/** "Full coverage: 4 outlets", linking to every outlet's version; only when two or more have the story. */
export async function FullCoverageLink({ articleId }: { articleId: number }) {
  const cluster = await sameStoryCluster(getDb(), { articleId });
  if (cluster.length < 2) return null;
  const outlets = await countOutlets(getDb(), { articleIds: cluster });
  if (outlets < 2) return null;
  return (
    <p className="text-sm">
      <Link href={`/stories/${canonicalStoryId(cluster)}`} className="font-semibold text-link underline">
        Full coverage: {outlets} outlets
      </Link>
    </p>
  );
}
