import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { bookmarkAction } from "@/app/(reader)/actions";
import { ActionForm } from "@/components/ActionForm";
import { Timestamp } from "@/components/Timestamp";
import { listBookmarks } from "@/db/queries/bookmarks";
import { getActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Saved stories", robots: { index: false } };

export default async function SavedPage() {
  const actor = await getActor();
  if (!actor) redirect("/signin?callbackUrl=/saved");
  const saved = await listBookmarks(getDb(), { userId: actor.id });
  return (
    <>
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-3xl font-bold tracking-tight">Saved stories</h1>
        <p className="flex gap-3 text-sm">
          <a href="/saved/export.html" className="underline" download>
            Export as bookmarks (HTML)
          </a>
          <a href="/saved/export.json" className="underline" download>
            Export as JSON
          </a>
        </p>
      </div>
      {saved.length === 0 ? (
        <p className="mt-6 text-muted">
          Nothing saved yet. Use the Bookmark button on any story to keep it here for later.
        </p>
      ) : (
        <ul className="mt-4 divide-y divide-border">
          {saved.map((s) => (
            <li key={s.articleId} className="flex flex-wrap items-start justify-between gap-3 py-4">
              <div className="min-w-0 flex-1 space-y-1">
                <p className="text-sm text-muted">
                  <Link href={`/sources/${s.sourceSlug}`} className="font-semibold text-fg hover:underline">
                    {s.sourceName}
                  </Link>{" "}
                  · saved <Timestamp date={s.savedAt} />
                </p>
                <h2 className="text-lg font-semibold">
                  <Link href={`/articles/${s.slug}`} className="hover:underline">
                    {s.title}
                  </Link>
                </h2>
                <p className="text-sm text-muted">{s.excerpt}</p>
              </div>
              <ActionForm
                action={bookmarkAction}
                hidden={{ articleId: String(s.articleId), saved: "false", returnTo: "/saved" }}
                submitLabel="Remove"
                pendingLabel="Removing…"
                buttonClassName="rounded border border-border px-2 py-1 text-sm hover:border-fg"
              />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
