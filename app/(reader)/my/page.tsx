import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { MutedNote } from "@/components/reader/MutedNote";
import { StoryList } from "@/components/StoryList";
import { PAGE_SIZE } from "@/db/queries/articles";
import { listFollowedArticles } from "@/db/queries/my-feed";
import { decodeCursor } from "@/lib/articles/cursor";
import { getActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { visiblePage } from "@/lib/reader/lists";
import { readerChoicesFor } from "@/lib/reader/reader-lists";
import { readerState } from "@/lib/reader/state";

export const metadata: Metadata = { title: "My feed", robots: { index: false } };

type Props = { searchParams: Promise<{ cursor?: string }> };

const chip = "rounded-full border border-border px-2.5 py-0.5 text-sm hover:border-fg";

/** My feed: the newest stories from the tags and outlets the reader follows, less what they mute. Never cached. */
export default async function MyFeedPage({ searchParams }: Props) {
  const actor = await getActor();
  if (!actor) redirect("/signin?callbackUrl=/my");
  const { cursor } = await searchParams;
  const { choices, mutes } = await readerChoicesFor(actor);
  const followedTags = choices?.followedTags ?? [];
  const followedSources = choices?.followedSources ?? [];
  const followsSomething = followedTags.length + followedSources.length > 0;
  const page = followsSomething
    ? await visiblePage({
        fetchPage: (at, limit) => listFollowedArticles(getDb(), { userId: actor.id, cursor: at, limit }),
        mutes,
        cursor: decodeCursor(cursor),
        limit: PAGE_SIZE,
      })
    : { items: [], nextCursor: null, hidden: 0 };
  const reader = await readerState(
    actor,
    page.items.map((i) => i.id),
  );
  return (
    <>
      <h1 className="text-3xl font-bold tracking-tight">My feed</h1>
      {followsSomething ? (
        <>
          <p className="mt-1 text-muted">
            {cursor ? "Older stories" : "Newest first"} from what you follow.{" "}
            <Link href="/account#follow-mute" prefetch={false} className="underline">
              Manage, or get this feed as RSS
            </Link>
          </p>
          <ul aria-label="You follow" className="mt-3 flex flex-wrap gap-2">
            {followedTags.map((t) => (
              <li key={`t-${t.slug}`}>
                <Link href={`/tags/${t.slug}`} className={chip}>
                  #{t.name}
                </Link>
              </li>
            ))}
            {followedSources.map((s) => (
              <li key={`s-${s.slug}`}>
                <Link href={`/sources/${s.slug}`} className={chip}>
                  {s.name}
                </Link>
              </li>
            ))}
          </ul>
          <MutedNote hidden={page.hidden} />
          {cursor ? (
            <p className="mt-4">
              <Link href="/my" className="text-sm underline">
                ← Back to the newest
              </Link>
            </p>
          ) : null}
          <StoryList
            reader={reader}
            cursor={cursor}
            page={page}
            basePath="/my"
            emptyText="Nothing from what you follow yet. New stories appear here as they come in."
          />
        </>
      ) : (
        <div className="mt-4 max-w-2xl space-y-3 rounded border border-border bg-surface p-4">
          <p className="font-medium">You do not follow anything yet.</p>
          <p className="text-muted">
            Open a tag (any <span className="text-accent">#hashtag</span> on a story) or an outlet&apos;s page and press{" "}
            <strong>Follow</strong>. Their newest stories then gather here, newest first, and you can read them in any
            feed reader with a private RSS link from your account page.
          </p>
          <p>
            <Link href="/sources" className="underline">
              Browse the outlets
            </Link>{" "}
            or{" "}
            <Link href="/" className="underline">
              the latest stories
            </Link>
            .
          </p>
        </div>
      )}
    </>
  );
}
