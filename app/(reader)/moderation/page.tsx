import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { moderateAction } from "@/app/(reader)/actions";
import { ActionForm } from "@/components/ActionForm";
import { CommentText } from "@/components/comments/CommentText";
import { Timestamp } from "@/components/Timestamp";
import { listModerationQueue } from "@/db/queries/comments";
import { getActor } from "@/lib/auth/session";
import { commentHref } from "@/lib/comments/thread";
import { getDb } from "@/lib/db";

export const metadata: Metadata = { title: "Moderation", robots: { index: false } };

const smallButton = "rounded border border-border px-2 py-1 text-sm hover:border-fg";

export default async function ModerationPage() {
  const actor = await getActor();
  if (!actor) redirect("/signin?callbackUrl=/moderation");
  // Not a moderator: the page does not exist for them.
  if (!actor.isModerator) notFound();
  const { reported, hidden, log } = await listModerationQueue(getDb());
  return (
    <div className="space-y-10">
      <h1 className="text-3xl font-bold tracking-tight">Moderation</h1>

      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading" className="text-xl font-semibold">
          Reported comments ({reported.length})
        </h2>
        {reported.length === 0 ? (
          <p className="mt-2 text-muted">Nothing to review.</p>
        ) : (
          <ul className="mt-3 divide-y divide-border">
            {reported.map((r) => (
              <li key={r.commentId} className="space-y-2 py-4">
                <p className="text-sm text-muted">
                  {r.reports} {r.reports === 1 ? "report" : "reports"} ({r.reasons}) on{" "}
                  <Link
                    href={commentHref({ articleSlug: r.articleSlug, commentId: r.commentId })}
                    className="underline"
                  >
                    {r.articleTitle}
                  </Link>{" "}
                  by {r.authorName ?? "[deleted]"}
                  {r.hiddenAt ? " · currently hidden" : ""}
                </p>
                {r.deletedAt ? (
                  <p className="italic text-muted">[deleted by its author]</p>
                ) : (
                  <CommentText body={r.body} />
                )}
                {r.notes ? <p className="text-sm text-muted">Notes: {r.notes}</p> : null}
                <div className="flex gap-3">
                  {r.hiddenAt ? null : (
                    <ActionForm
                      action={moderateAction}
                      hidden={{ commentId: String(r.commentId), action: "hide", returnTo: "/moderation" }}
                      submitLabel="Hide"
                      buttonClassName={smallButton}
                    />
                  )}
                  <ActionForm
                    action={moderateAction}
                    hidden={{ commentId: String(r.commentId), action: "dismiss", returnTo: "/moderation" }}
                    submitLabel="Dismiss reports"
                    buttonClassName={smallButton}
                  />
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="hidden-heading">
        <h2 id="hidden-heading" className="text-xl font-semibold">
          Hidden comments ({hidden.length})
        </h2>
        {hidden.length === 0 ? (
          <p className="mt-2 text-muted">No hidden comments.</p>
        ) : (
          <ul className="mt-3 divide-y divide-border">
            {hidden.map((h) => (
              <li key={h.commentId} className="space-y-2 py-4">
                <p className="text-sm text-muted">
                  On{" "}
                  <Link
                    href={commentHref({ articleSlug: h.articleSlug, commentId: h.commentId })}
                    className="underline"
                  >
                    {h.articleTitle}
                  </Link>{" "}
                  by {h.authorName ?? "[deleted]"}
                </p>
                <CommentText body={h.body} />
                <ActionForm
                  action={moderateAction}
                  hidden={{ commentId: String(h.commentId), action: "restore", returnTo: "/moderation" }}
                  submitLabel="Restore"
                  buttonClassName={smallButton}
                />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="log-heading">
        <h2 id="log-heading" className="text-xl font-semibold">
          Action log
        </h2>
        {log.length === 0 ? (
          <p className="mt-2 text-muted">No actions yet.</p>
        ) : (
          <ol className="mt-3 space-y-1 text-sm">
            {log.map((l) => (
              <li key={l.id}>
                <Timestamp date={l.createdAt} />: {l.moderatorEmail}{" "}
                {l.action === "dismiss" ? "dismissed reports on" : `${l.action === "hide" ? "hid" : "restored"}`}{" "}
                {l.commentId !== null && l.articleSlug ? (
                  <>
                    <Link
                      href={commentHref({ articleSlug: l.articleSlug, commentId: l.commentId })}
                      className="underline"
                    >
                      comment #{l.commentId}
                    </Link>{" "}
                    on {l.articleTitle}
                  </>
                ) : (
                  // The comment (or its story) is gone: the entry stays, with nothing to link to.
                  <>a comment that no longer exists</>
                )}
                {l.note ? ` (${l.note})` : ""}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
