import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { Timestamp } from "@/components/Timestamp";
import { listUpdateTimes } from "@/db/queries/revisions";
import { listStoryMembers, sameStoryCluster } from "@/db/queries/stories";
import { canonicalStoryId, coverageTimeline } from "@/lib/coverage/story";
import { getDb } from "@/lib/db";

type Props = { params: Promise<{ id: string }> };

/** The story's versions, oldest first, or null when no article has this id. */
const loadStory = cache(async (raw: string) => {
  if (!/^[1-9][0-9]{0,11}$/.test(raw)) return null;
  const cluster = await sameStoryCluster(getDb(), { articleId: Number(raw) });
  const members = await listStoryMembers(getDb(), { articleIds: cluster });
  if (members.length === 0) return null;
  return { id: canonicalStoryId(cluster), members };
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const story = await loadStory((await params).id);
  const first = story?.members[0];
  if (!story || !first) return { title: "Story not found" };
  return {
    title: `Full coverage: ${first.title}`,
    description: `Every outlet's version of “${first.title}”, in the order they appeared.`,
    alternates: { canonical: `/stories/${story.id}` },
  };
}

export default async function StoryPage({ params }: Props) {
  const { id } = await params;
  const story = await loadStory(id);
  if (!story) notFound();
  // Any member's id finds the story; its address is the cluster's lowest id.
  if (String(story.id) !== id) redirect(`/stories/${story.id}`);
  const { members } = story;
  const byId = new Map(members.map((m) => [m.id, m]));
  const updates = await listUpdateTimes(getDb(), { articleIds: members.map((m) => m.id) });
  const events = coverageTimeline(members, updates);
  const copies = new Map(events.flatMap((e) => (e.kind === "published" && e.copyOf ? [[e.articleId, e.copyOf]] : [])));
  const updateCount = new Map<number, number>();
  for (const u of updates) updateCount.set(u.articleId, (updateCount.get(u.articleId) ?? 0) + 1);
  const outlets = new Set(members.map((m) => m.sourceId)).size;
  const first = members[0];
  if (!first) notFound();

  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <p className="text-sm font-semibold uppercase tracking-wide text-accent">Full coverage</p>
        <h1 className="font-serif text-3xl font-bold leading-tight sm:text-4xl">{first.title}</h1>
        <p className="text-muted">
          {outlets} {outlets === 1 ? "outlet" : "outlets"} · {members.length}{" "}
          {members.length === 1 ? "version" : "versions"}
          {updates.length > 0 ? ` · ${updates.length} ${updates.length === 1 ? "update" : "updates"}` : ""}
        </p>
        <p>
          First reported by <span className="font-semibold">{first.sourceName}</span>,{" "}
          <Timestamp date={first.publishedAt} />.
        </p>
      </header>

      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading" className="text-lg font-semibold">
          Every version, in the order it appeared
        </h2>
        <ol className="mt-2 divide-y divide-border">
          {members.map((m, i) => {
            const original = copies.get(m.id);
            const n = updateCount.get(m.id) ?? 0;
            return (
              <li key={m.id} className="space-y-1 py-4" data-article-id={m.id}>
                <p className="flex flex-wrap items-center gap-2 text-sm text-muted">
                  <Link href={`/sources/${m.sourceSlug}`} className="font-semibold text-fg hover:underline">
                    {m.sourceName}
                  </Link>
                  <span aria-hidden="true">·</span>
                  <Timestamp date={m.publishedAt} />
                  {i === 0 ? <Badge>Reported first</Badge> : null}
                  {original ? <Badge>Syndicated copy of {byId.get(original)?.sourceName}’s story</Badge> : null}
                </p>
                <h3 className="font-semibold leading-snug">
                  <Link href={`/articles/${m.slug}`} className="hover:underline">
                    {m.title}
                  </Link>
                </h3>
                <p className="line-clamp-3 text-sm text-muted">{m.excerpt}</p>
                {n > 0 ? (
                  <p className="text-sm">
                    Updated {n === 1 ? "once" : `${n} times`} ·{" "}
                    <Link href={`/articles/${m.slug}/changes`} className="text-link underline">
                      What changed
                    </Link>
                  </p>
                ) : null}
              </li>
            );
          })}
        </ol>
      </section>

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading" className="text-lg font-semibold">
          Timeline
        </h2>
        <ol className="mt-2 space-y-2 border-l-2 border-border pl-4 text-sm">
          {events.map((e) => {
            const m = byId.get(e.articleId);
            if (!m) return null;
            const original = e.kind === "published" && e.copyOf ? byId.get(e.copyOf) : undefined;
            return (
              <li key={`${e.kind}-${e.articleId}-${e.at.getTime()}`}>
                <Timestamp date={e.at} />: <span className="font-semibold">{m.sourceName}</span>{" "}
                {e.kind === "updated" ? (
                  <>
                    updated its story (
                    <Link
                      href={`/articles/${m.slug}/changes${e.compare ? `?from=${e.compare.from}&to=${e.compare.to}` : ""}`}
                      className="text-link underline"
                    >
                      what changed
                    </Link>
                    )
                  </>
                ) : e.first ? (
                  "reported it first"
                ) : original ? (
                  `ran ${original.sourceName}’s story`
                ) : (
                  "published its version"
                )}
              </li>
            );
          })}
        </ol>
      </section>
    </div>
  );
}

function Badge({ children }: { children: React.ReactNode }) {
  return (
    <span className="rounded border border-border bg-surface px-1.5 py-0.5 text-xs font-semibold text-fg">
      {children}
    </span>
  );
}
