import Link from "next/link";
import { countOutlets, sameStoryCluster } from "@/db/queries/stories";
import { canonicalStoryId } from "@/lib/coverage/story";

/** "Full coverage: 4 outlets", linking to every outlet's version; only when two or more have the story. */
export async function FullCoverageLink({ articleId }: { articleId: number }) {
  const cluster = await sameStoryCluster({ articleId });
  if (cluster.length < 2) return null;
  const outlets = await countOutlets({ articleIds: cluster });
  if (outlets < 2) return null;
  return (
    <p className="text-sm">
      <Link href={`/stories/${canonicalStoryId(cluster)}`} className="font-semibold text-link underline">
        Full coverage: {outlets} outlets
      </Link>
    </p>
  );
}
